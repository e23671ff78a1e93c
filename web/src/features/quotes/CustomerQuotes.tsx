import { Button, Group, Paper, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconFileDescription, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatCents } from '../../lib/money';
import { QueryError } from '../../ui/QueryError';
import { formatCalendarDate } from '../billing/invoices/invoice-format';
import { OrderStatusBadge, QuoteStatusBadge } from './QuoteBadges';
import { useOrders, useQuotes } from './quotes.api';

const shown = 5;

/** The customer's latest quotes and orders on the 360's Finances tab. */
export function CustomerQuotes({ customerId, canCreate }: { customerId: string; canCreate: boolean }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const quotes = useQuotes({ customer_id: customerId, per_page: shown });
  const orders = useOrders({ customer_id: customerId, per_page: shown });
  const money = (cents: number, currency: string) => formatCents(cents, currency, i18n.language);
  const row = (
    key: string,
    to: string,
    number: string,
    badge: React.ReactNode,
    detail: string,
    amount: string,
    testId: string,
  ) => (
    <UnstyledButton
      key={key}
      onClick={() => void navigate(to)}
      className="clickable-row"
      py={6}
      px={4}
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
      data-testid={testId}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Stack gap={2}>
          <Group gap={6}>
            <Text size="sm" fw={600} ff="monospace">
              {number}
            </Text>
            {badge}
          </Group>
          <Text size="xs" c="dimmed">
            {detail}
          </Text>
        </Stack>
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
          {amount}
        </Text>
      </Group>
    </UnstyledButton>
  );
  return (
    <Paper withBorder radius="md" p="md" data-testid="customer-quotes">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4">
            {t('quotes.customer.title')}
          </Title>
          <Group gap="xs">
            <Button component={Link} to={`/quotes?customer_id=${customerId}`} variant="default" size="xs">
              {t('quotes.customer.all')}
            </Button>
            {canCreate && (
              <Button
                component={Link}
                to={`/quotes/new?customer_id=${customerId}`}
                size="xs"
                leftSection={<IconPlus size={14} />}
                data-testid="customer-new-quote"
              >
                {t('quotes.new')}
              </Button>
            )}
          </Group>
        </Group>
        {quotes.isPending || orders.isPending ? (
          <Skeleton h={80} />
        ) : quotes.isError ? (
          <QueryError error={quotes.error} onRetry={() => void quotes.refetch()} />
        ) : quotes.data.data.length === 0 && (orders.data?.data.length ?? 0) === 0 ? (
          <Group gap="xs" c="dimmed">
            <IconFileDescription size={18} />
            <Text size="sm">{t('quotes.customer.none')}</Text>
          </Group>
        ) : (
          <Stack gap={0}>
            {(orders.data?.data ?? []).map((order) =>
              row(
                order.id,
                `/orders/${order.id}`,
                order.number,
                <OrderStatusBadge status={order.status} />,
                t('orders.list.detail', {
                  quote: order.quote_number ?? '—',
                  paid: money(order.amount_paid_cents, order.currency),
                }),
                money(order.total_cents, order.currency),
                'customer-order-row',
              ),
            )}
            {quotes.data.data.map((quote) =>
              row(
                quote.id,
                `/quotes/${quote.id}`,
                quote.number ?? t('quotes.draftNumber'),
                <QuoteStatusBadge status={quote.status} />,
                t('quotes.list.validUntil', { date: formatCalendarDate(quote.valid_until, i18n.language) }),
                money(quote.total_cents, quote.currency),
                'customer-quote-row',
              ),
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
