import { Button, Group, Paper, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconFileInvoice, IconList, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatCents } from '../../../lib/money';
import { QueryError } from '../../../ui/QueryError';
import { InvoiceBadges } from './InvoiceBadges';
import { formatCalendarDate } from './invoice-format';
import { useInvoices } from './invoices.api';

const shown = 5;

/** The customer's latest invoices on the Finances tab, the way to all of them, and a new one for them. */
export function CustomerInvoices({ customerId, canCreate }: { customerId: string; canCreate: boolean }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const list = useInvoices({ customer_id: customerId, per_page: shown });
  const rows = list.data?.data ?? [];
  const money = (cents: number, currency: string) => formatCents(cents, currency, i18n.language);

  return (
    <Paper withBorder radius="md" p="md" data-testid="customer-invoices">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4">
            {t('invoices.title')}
          </Title>
          <Group gap="xs">
            <Button
              component={Link}
              to={`/invoices?customer_id=${customerId}`}
              variant="default"
              size="xs"
              leftSection={<IconList size={14} />}
              data-testid="customer-invoices-all"
            >
              {t('invoices.customer.all')}
            </Button>
            {canCreate && (
              <Button
                component={Link}
                to={`/invoices/new?customer_id=${customerId}`}
                size="xs"
                leftSection={<IconPlus size={14} />}
                data-testid="customer-new-invoice"
              >
                {t('invoices.new')}
              </Button>
            )}
          </Group>
        </Group>
        {list.isPending ? (
          <Skeleton h={80} />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <Group gap="xs" c="dimmed">
            <IconFileInvoice size={18} />
            <Text size="sm">{t('invoices.customer.none')}</Text>
          </Group>
        ) : (
          <Stack gap={0}>
            {rows.map((invoice) => (
              <UnstyledButton
                key={invoice.id}
                onClick={() => void navigate(`/invoices/${invoice.id}`)}
                className="clickable-row"
                py={6}
                px={4}
                style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                data-testid="customer-invoice-row"
              >
                <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Group gap={6}>
                      <Text size="sm" fw={600} ff={invoice.number ? 'monospace' : undefined}>
                        {invoice.number ?? t('invoices.draftNumber')}
                      </Text>
                      <InvoiceBadges invoice={invoice} />
                    </Group>
                    {invoice.issued_on && (
                      <Text size="xs" c="dimmed">
                        {t('invoices.dueOnShort', {
                          date: formatCalendarDate(invoice.due_on, i18n.language),
                        })}
                        {invoice.amount_paid_cents > 0 &&
                          ` · ${t('invoices.customer.paid', { amount: money(invoice.amount_paid_cents, invoice.currency) })}`}
                        {invoice.credit_notes.length > 0 &&
                          ` · ${t('invoices.customer.credited', {
                            amount: money(invoice.credited_total_cents, invoice.currency),
                            numbers: invoice.credit_notes.map((note) => note.number).join(', '),
                          })}`}
                      </Text>
                    )}
                  </Stack>
                  <Stack gap={0} align="flex-end">
                    <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {money(invoice.total_cents, invoice.currency)}
                    </Text>
                    {invoice.status !== 'draft' && invoice.balance_due_cents !== invoice.total_cents && (
                      <Text
                        size="xs"
                        c={invoice.is_overdue ? 'red' : 'dimmed'}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {t('invoices.balanceShort', {
                          amount: money(invoice.balance_due_cents, invoice.currency),
                        })}
                      </Text>
                    )}
                  </Stack>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
