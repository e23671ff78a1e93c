import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconBan, IconFileInvoice } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { formatCents } from '../../lib/money';
import { notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { quantityText } from '../billing/invoices/invoice-form';
import { formatCalendarDate } from '../billing/invoices/invoice-format';
import { DocumentLines } from './DocumentLines';
import { OrderStatusBadge } from './QuoteBadges';
import { type Order, useCancelOrder, useInvoiceOrder, useOrder } from './quotes.api';

/** /orders/:id: what was ordered and invoiced, the invoices (deposit first), billing the rest, cancelling. */
export function OrderPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const order = useOrder(id);
  const role = useMe().data?.user?.role;
  const canWrite = role === 'admin' || role === 'staff';
  usePageTitle(order.data?.number ?? t('orders.title'));
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/orders" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('orders.backToList')}
        </Group>
      </Anchor>
      {order.isPending ? (
        <Skeleton h={300} />
      ) : order.isError ? (
        <QueryError error={order.error} onRetry={() => void order.refetch()} />
      ) : (
        <OrderView order={order.data} canWrite={canWrite} locale={i18n.language} />
      )}
    </Stack>
  );
}

function OrderView({ order, canWrite, locale }: { order: Order; canWrite: boolean; locale: string }) {
  const { t } = useTranslation();
  const money = (cents: number) => formatCents(cents, order.currency, locale);
  const [billing, setBilling] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const remaining = order.lines.some((line) => Number(line.remaining_quantity) > 0);
  return (
    <Stack gap="md" data-testid="order-view">
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="xs">
          <Group justify="space-between" align="flex-start">
            <Group gap="sm">
              <Title order={1} size="h2" ff="monospace" data-testid="order-number">
                {order.number}
              </Title>
              <OrderStatusBadge status={order.status} />
            </Group>
            <Text fw={700} size="xl">
              {money(order.total_cents)}
            </Text>
          </Group>
          <Group gap="md">
            <Anchor component={Link} to={`/customers/${order.customer_id}`} size="sm">
              {order.customer_name}
            </Anchor>
            <Anchor component={Link} to={`/quotes/${order.quote_id}`} size="sm" ff="monospace">
              {t('orders.view.quote', { number: order.quote_number ?? '—' })}
            </Anchor>
          </Group>
          <Text size="sm" c="dimmed" data-testid="order-amounts">
            {t('orders.view.amounts', {
              invoiced: money(order.amount_invoiced_cents),
              paid: money(order.amount_paid_cents),
            })}
          </Text>
          {order.cancel_reason && (
            <Text size="sm" c="red">
              {t('orders.view.cancelled', { reason: order.cancel_reason })}
            </Text>
          )}
          {canWrite && order.status === 'open' && (
            <Group gap="xs" mt="xs">
              <Button
                size="xs"
                leftSection={<IconFileInvoice size={16} />}
                disabled={!remaining}
                onClick={() => setBilling(true)}
                data-testid="invoice-order"
              >
                {t('orders.actions.invoice')}
              </Button>
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconBan size={16} />}
                onClick={() => setCancelling(true)}
                data-testid="cancel-order"
              >
                {t('orders.actions.cancel')}
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <Title order={2} size="h4" mb="xs">
          {t('orders.view.lines')}
        </Title>
        <DocumentLines
          lines={order.lines}
          currency={order.currency}
          extra={{
            label: t('orders.view.invoicedQuantity'),
            value: (index) => quantityText(order.lines[index]?.invoiced_quantity ?? '0', locale),
          }}
        />
      </Paper>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="order-invoices">
        <Title order={2} size="h4" mb="xs">
          {t('orders.view.invoices')}
        </Title>
        {order.invoices.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('orders.view.noInvoices')}
          </Text>
        ) : (
          <Stack gap={0}>
            {order.invoices.map((invoice) => (
              <Group
                key={invoice.id}
                justify="space-between"
                py={6}
                wrap="nowrap"
                style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                data-testid="order-invoice-row"
              >
                <Stack gap={2}>
                  <Group gap={6}>
                    <Anchor component={Link} to={`/invoices/${invoice.id}`} ff="monospace" fw={600} size="sm">
                      {invoice.number ?? '—'}
                    </Anchor>
                    <Badge size="sm" variant="light" color={invoice.kind === 'deposit' ? 'grape' : 'blue'}>
                      {t(`orders.invoiceKinds.${invoice.kind}`)}
                    </Badge>
                    <Badge size="sm" variant="outline" color={invoice.status === 'paid' ? 'green' : 'gray'}>
                      {t(`invoices.statuses.${invoice.status}`, { defaultValue: invoice.status })}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {formatCalendarDate(invoice.issued_on, locale)} ·{' '}
                    {t('orders.view.invoicePaid', {
                      paid: money(invoice.amount_paid_cents),
                      balance: money(invoice.balance_due_cents),
                    })}
                  </Text>
                </Stack>
                <Text fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {money(invoice.total_cents)}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Paper>
      {billing && <InvoiceOrderModal order={order} locale={locale} onClose={() => setBilling(false)} />}
      {cancelling && <CancelOrderModal order={order} onClose={() => setCancelling(false)} />}
    </Stack>
  );
}

/** Bill the balance, or chosen quantities of some lines (each at most what is left; the server checks too). */
function InvoiceOrderModal({
  order,
  locale,
  onClose,
}: {
  order: Order;
  locale: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const invoice = useInvoiceOrder();
  const [quantities, setQuantities] = useState<Record<number, string>>(() =>
    Object.fromEntries(
      order.lines.map((line) => [line.position, quantityText(line.remaining_quantity, locale)]),
    ),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string>();
  const chosen = order.lines
    .map((line) => ({
      position: line.position,
      quantity: (quantities[line.position] ?? '').trim().replace(',', '.'),
    }))
    .filter((line) => line.quantity && line.quantity !== '0');
  const submit = async (all: boolean) => {
    setErrors({});
    setAlert(undefined);
    try {
      const result = await invoice.mutateAsync({ id: order.id, body: all ? {} : { lines: chosen } });
      const last = result.invoices.at(-1);
      notifySuccess(t('orders.invoiceModal.done', { number: last?.number ?? '' }));
      onClose();
    } catch (error) {
      if (isApiError(error) && error.errors.length) {
        const placed: Record<string, string> = {};
        for (const field of error.errors) {
          const match = /^lines\.(\d+)\./.exec(field.path);
          const line = match ? chosen[Number(match[1])] : undefined;
          if (line) placed[line.position] = field.message;
        }
        setErrors(placed);
      }
      setAlert(errorMessage(error, t));
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('orders.invoiceModal.title', { number: order.number })}
      size="lg"
      centered
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('orders.invoiceModal.help')}
        </Text>
        <Table>
          <Table.Tbody>
            {order.lines.map((line) => (
              <Table.Tr key={line.position}>
                <Table.Td>
                  <Text size="sm">{line.description}</Text>
                  <Text size="xs" c="dimmed">
                    {t('orders.invoiceModal.left', {
                      quantity: quantityText(line.remaining_quantity, locale),
                    })}
                  </Text>
                </Table.Td>
                <Table.Td w={120}>
                  <TextInput
                    aria-label={t('orders.invoiceModal.quantity', { line: line.description })}
                    value={quantities[line.position] ?? ''}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      setQuantities((current) => ({ ...current, [line.position]: value }));
                    }}
                    error={errors[line.position]}
                    inputMode="decimal"
                    data-testid={`order-line-quantity-${line.position}`}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {alert && (
          <Text size="sm" c="red" role="alert">
            {alert}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            variant="light"
            loading={invoice.isPending}
            disabled={chosen.length === 0}
            onClick={() => void submit(false)}
            data-testid="invoice-chosen"
          >
            {t('orders.invoiceModal.chosen')}
          </Button>
          <Button loading={invoice.isPending} onClick={() => void submit(true)} data-testid="invoice-balance">
            {t('orders.invoiceModal.balance')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CancelOrderModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t } = useTranslation();
  const cancel = useCancelOrder();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const submit = async () => {
    if (!reason.trim()) {
      setError(t('invoices.errors.required'));
      return;
    }
    try {
      await cancel.mutateAsync({ id: order.id, body: { reason: reason.trim() } });
      notifySuccess(t('orders.cancelModal.done', { number: order.number }));
      onClose();
    } catch (failure) {
      setError(errorMessage(failure, t));
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('orders.cancelModal.title', { number: order.number })} centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('orders.cancelModal.help')}
        </Text>
        <Textarea
          label={t('orders.cancelModal.reason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={error}
          autosize
          minRows={2}
          data-testid="cancel-reason"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            loading={cancel.isPending}
            onClick={() => void submit()}
            data-testid="cancel-confirm"
          >
            {t('orders.cancelModal.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
