import { Badge, Card, Group, Paper, Skeleton, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { translateIfKnown } from '../../../lib/i18n-dynamic';
import { formatCents } from '../../../lib/money';
import { QueryError } from '../../../ui/QueryError';
import { formatCalendarDate } from '../invoices/invoice-format';
import type { Invoice } from '../invoices/invoices.types';
import { type Payment, useInvoicePayments } from './payments.api';

const providerNames: Record<Payment['provider'], string> = {
  manual: '',
  stripe: 'Stripe',
  paypal: 'PayPal',
  square: 'Square',
  moneris: 'Moneris',
};

/** "Interac", or "En ligne · carte" for what Stripe took ("En ligne · Stripe" when it did not say how). */
export function paymentMethodLabel(payment: Pick<Payment, 'provider' | 'method'>, t: TFunction): string {
  const method = translateIfKnown(t, `payments.methods.${payment.method}`) ?? payment.method;
  if (payment.provider === 'manual') return method;
  return t('payments.onlineMethod', {
    method: payment.method === 'online' ? providerNames[payment.provider] : method,
  });
}

/** What became of the money: all on the invoice, or part of it a credit on the customer's account. */
function Applied({ payment, money }: { payment: Payment; money: (cents: number) => string }) {
  const { t } = useTranslation();
  if (payment.unapplied_cents === 0) return <Text size="sm">{money(payment.applied_cents)}</Text>;
  return (
    <Stack gap={0} align="flex-end">
      <Text size="sm">{money(payment.applied_cents)}</Text>
      <Text size="xs" c="teal" data-testid="payment-credit">
        {t('payments.list.credit', { amount: money(payment.unapplied_cents) })}
      </Text>
    </Stack>
  );
}

/** The payments received on an issued invoice, newest first. */
export function InvoicePayments({ invoice }: { invoice: Invoice }) {
  const { t, i18n } = useTranslation();
  const payments = useInvoicePayments(invoice.id);
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const money = (cents: number) => formatCents(cents, invoice.currency, i18n.language);
  const date = (value: string) => formatCalendarDate(value, i18n.language);
  const rows = payments.data?.data ?? [];

  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="invoice-payments">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('payments.list.title')}
          </Title>
          {rows.length > 0 && (
            <Text size="sm" c="dimmed">
              {t('payments.list.count', { count: rows.length })}
            </Text>
          )}
        </Group>
        {payments.isPending ? (
          <Skeleton h={60} />
        ) : payments.isError ? (
          <QueryError error={payments.error} onRetry={() => void payments.refetch()} />
        ) : rows.length === 0 ? (
          <Group gap="xs" c="dimmed">
            <IconCash size={18} />
            <Text size="sm" data-testid="payments-none">
              {t('payments.list.none')}
            </Text>
          </Group>
        ) : isPhone ? (
          <Stack gap="xs">
            {rows.map((payment) => (
              <Card key={payment.id} withBorder radius="md" padding="sm" data-testid="payment-row">
                <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600}>
                      {paymentMethodLabel(payment, t)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {date(payment.received_on)}
                      {payment.reference && ` · ${payment.reference}`}
                    </Text>
                  </Stack>
                  <Stack gap={0} align="flex-end">
                    <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>
                      {money(payment.amount_cents)}
                    </Text>
                    {payment.unapplied_cents > 0 && (
                      <Text size="xs" c="teal" style={{ whiteSpace: 'nowrap' }}>
                        {t('payments.list.credit', { amount: money(payment.unapplied_cents) })}
                      </Text>
                    )}
                    {payment.refunded_cents > 0 && (
                      <Text size="xs" c="orange" style={{ whiteSpace: 'nowrap' }}>
                        {t('payments.list.refundedAmount', { amount: money(payment.refunded_cents) })}
                      </Text>
                    )}
                  </Stack>
                </Group>
                {payment.note && (
                  <Text size="xs" c="dimmed" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                    {payment.note}
                  </Text>
                )}
              </Card>
            ))}
          </Stack>
        ) : (
          <div className="table-scroll">
            <Table verticalSpacing="xs" miw={640}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('payments.list.receivedOn')}</Table.Th>
                  <Table.Th>{t('payments.list.method')}</Table.Th>
                  <Table.Th>{t('payments.list.reference')}</Table.Th>
                  <Table.Th ta="right">{t('payments.list.amount')}</Table.Th>
                  <Table.Th ta="right">{t('payments.list.applied')}</Table.Th>
                  <Table.Th ta="right">{t('payments.list.refunded')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((payment) => (
                  <Table.Tr key={payment.id} data-testid="payment-row">
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{date(payment.received_on)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{paymentMethodLabel(payment, t)}</Text>
                      {payment.note && (
                        <Tooltip label={payment.note} multiline maw={320}>
                          <Text size="xs" c="dimmed" lineClamp={1} maw={220}>
                            {payment.note}
                          </Text>
                        </Tooltip>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {payment.reference ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {money(payment.amount_cents)}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      <Applied payment={payment} money={money} />
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {payment.refunded_cents > 0 ? (
                        <Badge color="orange" variant="light">
                          {money(payment.refunded_cents)}
                        </Badge>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Stack>
    </Paper>
  );
}
