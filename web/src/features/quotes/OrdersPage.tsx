import { Stack, Title } from '@mantine/core';
import { IconPackages } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { everyValueOf } from '../../lib/api-types';
import { formatCents } from '../../lib/money';
import { usePageTitle } from '../../ui/PageTitle';
import { DocumentList, useListParams } from './DocumentList';
import { OrderStatusBadge } from './QuoteBadges';
import { type OrderStatus, useOrders } from './quotes.api';

const orderStatuses = everyValueOf<OrderStatus>()(['open', 'invoiced', 'cancelled'] as const);

/** /orders: the orders accepted quotes made, searched by number or customer. */
export function OrdersPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('orders.title'));
  const filters = useListParams();
  const list = useOrders({
    q: filters.q || undefined,
    status: (filters.status as OrderStatus | null) ?? undefined,
    customer_id: filters.customer_id ?? undefined,
    page: filters.page,
  });
  const rows = (list.data?.data ?? []).map((order) => ({
    id: order.id,
    to: `/orders/${order.id}`,
    number: order.number,
    badge: <OrderStatusBadge status={order.status} />,
    customer: order.customer_name,
    detail: t('orders.list.detail', {
      quote: order.quote_number ?? '—',
      paid: formatCents(order.amount_paid_cents, order.currency, i18n.language),
    }),
    amount: formatCents(order.total_cents, order.currency, i18n.language),
  }));
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('orders.title')}
      </Title>
      <DocumentList
        testId="orders-list"
        searchLabel={t('orders.list.search')}
        statusLabel={t('quotes.list.status')}
        statuses={orderStatuses.map((status) => ({ value: status, label: t(`orders.status.${status}`) }))}
        query={list}
        rows={rows}
        empty={t('orders.list.empty')}
        icon={IconPackages}
        filters={filters}
      />
    </Stack>
  );
}
