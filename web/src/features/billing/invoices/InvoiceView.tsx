import { Alert, Anchor, Box, Card, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconBan, IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../lib/format';
import { formatCents } from '../../../lib/money';
import { InvoiceBadges } from './InvoiceBadges';
import { quantityText } from './invoice-form';
import { formatCalendarDate } from './invoice-format';
import { useCustomer } from './invoices.api';
import type { Invoice } from './invoices.types';
import { TotalsPanel } from './TotalsPanel';

function Fact({
  label,
  value,
  testId,
  color,
}: {
  label: string;
  value: string;
  testId: string;
  color?: string;
}) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={600} c={color} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

/**
 * An invoice as issued (or a draft seen by someone who may not change it): read-only. `actions`
 * (payment, credit note…) sit in its header; `children` (payments, credit notes) below the totals.
 */
export function InvoiceView({
  invoice,
  actions,
  children,
}: {
  invoice: Invoice;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const customer = useCustomer(invoice.customer_id);
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const money = (cents: number) => formatCents(cents, invoice.currency, i18n.language);
  const date = (value: string | null) => formatCalendarDate(value, i18n.language);
  const issued = invoice.status !== 'draft';
  // A void invoice owes nothing: its balance is not shown (the server keeps it as it was).
  const owing = issued && invoice.status !== 'void';

  return (
    <Stack gap="md" data-testid="invoice-view">
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" gap="xs">
            <Stack gap={4}>
              <Title
                order={1}
                size="h2"
                ff={invoice.number ? 'monospace' : undefined}
                data-testid="invoice-number"
              >
                {invoice.number ?? t('invoices.draftNumber')}
              </Title>
              <Anchor
                component={Link}
                to={`/customers/${invoice.customer_id}`}
                fw={600}
                data-testid="invoice-customer-link"
              >
                {customer.data?.display_name ?? '…'}
              </Anchor>
            </Stack>
            <InvoiceBadges invoice={invoice} size="lg" />
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            {issued ? (
              <>
                <Fact
                  label={t('invoices.fields.issuedOn')}
                  value={date(invoice.issued_on)}
                  testId="invoice-issued-on"
                />
                <Fact
                  label={t('invoices.fields.dueOn')}
                  value={date(invoice.due_on)}
                  testId="invoice-due-on"
                  color={invoice.is_overdue ? 'red' : undefined}
                />
              </>
            ) : (
              <Fact
                label={t('invoices.fields.createdAt')}
                value={format.date(invoice.created_at)}
                testId="invoice-created"
              />
            )}
            <Fact
              label={t('invoices.fields.total')}
              value={money(invoice.total_cents)}
              testId="invoice-total"
            />
            {owing && (
              <Fact
                label={t('invoices.fields.balanceDue')}
                value={money(invoice.balance_due_cents)}
                testId="invoice-balance"
                color={invoice.is_overdue ? 'red' : undefined}
              />
            )}
          </SimpleGrid>
          {invoice.is_overdue && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} p="xs" data-testid="overdue-banner">
              {t('invoices.view.overdue', {
                date: date(invoice.due_on),
                amount: money(invoice.balance_due_cents),
              })}
            </Alert>
          )}
          {invoice.status === 'void' && (
            <Alert color="gray" icon={<IconBan size={18} />} p="xs" data-testid="void-banner">
              {t('creditNotes.void.banner', {
                date: format.date(invoice.voided_at),
                reason: invoice.void_reason ?? '—',
              })}
            </Alert>
          )}
          {actions}
          {invoice.status === 'draft' && (
            <Group gap={6} c="dimmed">
              <IconLock size={14} />
              <Text size="sm">{t('invoices.view.draftReadOnly')}</Text>
            </Group>
          )}
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('invoices.editor.lines')}
          </Title>
          {isPhone ? (
            <Stack gap="xs">
              {invoice.lines.map((line) => (
                <Card key={line.position} withBorder radius="md" padding="sm" data-testid="invoice-line">
                  <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      {line.description}
                    </Text>
                    <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {money(line.line_total_cents)}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {quantityText(line.quantity, i18n.language)} × {money(line.unit_price_cents)}
                    {line.discount_cents > 0 && ` − ${money(line.discount_cents)}`}
                    {!line.taxable && ` · ${t('catalog.untaxedBadge')}`}
                  </Text>
                </Card>
              ))}
            </Stack>
          ) : (
            <div className="table-scroll">
              <Table verticalSpacing="xs" miw={640}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('invoices.fields.description')}</Table.Th>
                    <Table.Th ta="right">{t('invoices.fields.quantity')}</Table.Th>
                    <Table.Th ta="right">{t('invoices.fields.unitPrice')}</Table.Th>
                    <Table.Th ta="right">{t('invoices.fields.lineDiscount')}</Table.Th>
                    <Table.Th ta="right">{t('invoices.fields.amount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {invoice.lines.map((line) => (
                    <Table.Tr key={line.position} data-testid="invoice-line">
                      <Table.Td>
                        <Text size="sm">{line.description}</Text>
                        {!line.taxable && (
                          <Text size="xs" c="dimmed">
                            {t('catalog.untaxedBadge')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{quantityText(line.quantity, i18n.language)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {money(line.unit_price_cents)}
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {line.discount_cents > 0 ? `−${money(line.discount_cents)}` : '—'}
                      </Table.Td>
                      <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                        {money(line.line_total_cents)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
        </Stack>
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {invoice.notes ? (
          <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
            <Stack gap={4}>
              <Title order={2} size="h4">
                {t('invoices.fields.notes')}
              </Title>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="invoice-notes">
                {invoice.notes}
              </Text>
            </Stack>
          </Paper>
        ) : (
          // The totals keep their place on the right.
          <Box visibleFrom="md" />
        )}
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('invoices.totals.title')}
            </Title>
            <TotalsPanel
              totals={invoice}
              currency={invoice.currency}
              promoCode={invoice.promo_code}
              taxExempt={invoice.tax_exempt}
              settlement={
                owing
                  ? {
                      paid_cents: invoice.amount_paid_cents,
                      credited_cents: invoice.amount_credited_cents,
                      balance_cents: invoice.balance_due_cents,
                      overdue: invoice.is_overdue,
                    }
                  : undefined
              }
            />
          </Stack>
        </Paper>
      </SimpleGrid>
      {children}
    </Stack>
  );
}
