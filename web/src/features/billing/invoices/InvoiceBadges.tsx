import { Badge, Group } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Invoice, InvoiceStatus } from './invoices.types';

const statusColors: Record<InvoiceStatus, string> = {
  draft: 'gray',
  open: 'blue',
  partially_paid: 'yellow',
  paid: 'teal',
  void: 'dark',
};

export function InvoiceStatusBadge({
  status,
  creditedInFull = false,
  size = 'sm',
}: {
  status: InvoiceStatus;
  /** Settled by credit notes alone: "paid" would say money came in. */
  creditedInFull?: boolean;
  size?: 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation();
  return (
    <Badge
      color={creditedInFull ? 'grape' : statusColors[status]}
      variant={status === 'draft' || status === 'void' ? 'outline' : 'light'}
      size={size}
      data-testid="invoice-status"
    >
      {creditedInFull ? t('invoices.creditedInFull') : t(`invoices.statuses.${status}`)}
    </Badge>
  );
}

export function OverdueBadge({ size = 'sm' }: { size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge
      color="red"
      variant="filled"
      size={size}
      leftSection={<IconAlertTriangle size={11} />}
      data-testid="invoice-overdue"
    >
      {t('invoices.overdue')}
    </Badge>
  );
}

/** Its status, and "overdue" in red when it is. */
export function InvoiceBadges({
  invoice,
  size,
}: {
  invoice: Pick<Invoice, 'status' | 'is_overdue'> &
    Partial<Pick<Invoice, 'amount_paid_cents' | 'amount_credited_cents'>>;
  size?: 'sm' | 'md' | 'lg';
}) {
  const creditedInFull =
    invoice.status === 'paid' && invoice.amount_paid_cents === 0 && (invoice.amount_credited_cents ?? 0) > 0;
  return (
    <Group gap={4} wrap="nowrap">
      <InvoiceStatusBadge status={invoice.status} creditedInFull={creditedInFull} size={size} />
      {invoice.is_overdue && <OverdueBadge size={size} />}
    </Group>
  );
}
