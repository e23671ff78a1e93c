import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderStatus, QuoteStatus } from './quotes.api';

const quoteColors: Record<QuoteStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  viewed: 'cyan',
  accepted: 'green',
  declined: 'red',
  expired: 'orange',
};

const orderColors: Record<OrderStatus, string> = { open: 'blue', invoiced: 'green', cancelled: 'red' };

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={quoteColors[status]} variant="light" data-testid="quote-status">
      {t(`quotes.status.${status}`)}
    </Badge>
  );
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={orderColors[status]} variant="light" data-testid="order-status">
      {t(`orders.status.${status}`)}
    </Badge>
  );
}
