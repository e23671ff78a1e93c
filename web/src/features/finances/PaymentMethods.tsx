import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconBrandMastercard,
  IconBrandPaypal,
  IconBrandVisa,
  IconCreditCard,
  IconPlus,
  IconStar,
  IconStarFilled,
} from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { EditDeleteActions } from '../../ui/EditDeleteActions';
import { notifyError, notifySuccess } from '../../ui/notify';
import { QueryError } from '../../ui/QueryError';
import {
  type PaymentMethod,
  useDeletePaymentMethod,
  usePaymentMethods,
  useSavePaymentMethod,
} from './finances.api';
import { PaymentMethodForm } from './PaymentMethodForm';

const brandNames: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  interac: 'Interac',
  jcb: 'JCB',
  diners: 'Diners Club',
  unionpay: 'UnionPay',
};

const providerNames: Record<PaymentMethod['provider'], string> = {
  stripe: 'Stripe',
  paypal: 'PayPal',
  square: 'Square',
  moneris: 'Moneris',
};

function BrandIcon({ method }: { method: PaymentMethod }) {
  const brand = method.brand?.toLowerCase();
  const Icon =
    brand === 'visa'
      ? IconBrandVisa
      : brand === 'mastercard'
        ? IconBrandMastercard
        : method.provider === 'paypal'
          ? IconBrandPaypal
          : IconCreditCard;
  return (
    <ThemeIcon variant="light" color="gray" size="lg" radius="md" aria-hidden>
      <Icon size={20} />
    </ThemeIcon>
  );
}

/** "Visa •••• 4242", else the provider. */
export function describeMethod(method: PaymentMethod): string {
  const brand = method.brand ? (brandNames[method.brand.toLowerCase()] ?? method.brand) : null;
  return [brand ?? providerNames[method.provider], method.last4 ? `•••• ${method.last4}` : null]
    .filter(Boolean)
    .join(' ');
}

/** Saved payment methods: brand, last four digits, expiry, the default one starred. */
export function PaymentMethods({ customerId, readOnly }: { customerId: string; readOnly: boolean }) {
  const { t } = useTranslation();
  const list = usePaymentMethods(customerId);
  const save = useSavePaymentMethod(customerId);
  const remove = useDeletePaymentMethod(customerId);
  const [editing, setEditing] = useState<PaymentMethod | 'new'>();
  const [deleting, setDeleting] = useState<PaymentMethod>();
  // While a modal fades out its subject is already cleared: keep what it opened with.
  const creating = useRef(false);
  if (editing !== undefined) creating.current = editing === 'new';
  const deletingName = useRef('');
  if (deleting) deletingName.current = describeMethod(deleting);

  const makeDefault = (method: PaymentMethod) =>
    save.mutate(
      { id: method.id, body: { is_default: true } },
      { onSuccess: () => notifySuccess(t('finances.methods.defaultSet')), onError: notifyError },
    );

  const confirmDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notifySuccess(t('common.deleted'));
        setDeleting(undefined);
      },
      onError: notifyError,
    });
  };

  const methods = list.data?.data ?? [];

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('finances.methods.title')}
          </Title>
          {!readOnly && (
            <Button
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => setEditing('new')}
              data-testid="add-payment-method"
            >
              {t('finances.methods.add')}
            </Button>
          )}
        </Group>
        {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
        {list.isPending ? (
          <Skeleton h={60} />
        ) : methods.length === 0 && !list.isError ? (
          <Text c="dimmed" size="sm">
            {t('finances.methods.empty')}
          </Text>
        ) : (
          <Stack gap="xs" data-testid="payment-methods">
            {methods.map((method) => (
              <Group
                key={method.id}
                wrap="nowrap"
                gap="sm"
                justify="space-between"
                data-testid="payment-method"
                style={{
                  border: '1px solid var(--mantine-color-default-border)',
                  borderRadius: 'var(--mantine-radius-md)',
                  padding: '8px 10px',
                }}
              >
                <Group wrap="nowrap" gap="sm" style={{ minWidth: 0 }}>
                  <BrandIcon method={method} />
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Group gap={6}>
                      <Text fw={600} size="sm">
                        {describeMethod(method)}
                      </Text>
                      {method.is_default && (
                        <Tooltip label={t('finances.methods.default')}>
                          <IconStarFilled
                            data-testid="default-star"
                            size={14}
                            color="var(--mantine-color-yellow-6)"
                            aria-label={t('finances.methods.default')}
                          />
                        </Tooltip>
                      )}
                      {method.is_expired && (
                        <Badge color="red" size="xs" variant="light">
                          {t('finances.methods.expired')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" truncate>
                      {[
                        method.exp_month !== null && method.exp_year !== null
                          ? t('finances.methods.expires', {
                              date: `${String(method.exp_month).padStart(2, '0')}/${method.exp_year}`,
                            })
                          : null,
                        providerNames[method.provider],
                        method.nickname,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </Stack>
                </Group>
                {!readOnly && (
                  <Group gap={2} wrap="nowrap">
                    {!method.is_default && (
                      <Tooltip label={t('finances.methods.makeDefault')}>
                        <ActionIcon
                          variant="subtle"
                          color="yellow"
                          aria-label={`${t('finances.methods.makeDefault')} ${describeMethod(method)}`}
                          onClick={() => makeDefault(method)}
                        >
                          <IconStar size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    <EditDeleteActions
                      name={describeMethod(method)}
                      onEdit={() => setEditing(method)}
                      onDelete={() => setDeleting(method)}
                    />
                  </Group>
                )}
              </Group>
            ))}
          </Stack>
        )}
        <Text size="xs" c="dimmed">
          {t('finances.methods.neverCardNumber')}
        </Text>
      </Stack>
      <Modal
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={creating.current ? t('finances.methods.add') : t('finances.methods.edit')}
        size="lg"
      >
        {editing !== undefined && (
          <PaymentMethodForm
            customerId={customerId}
            method={editing === 'new' ? undefined : editing}
            onDone={() => setEditing(undefined)}
          />
        )}
      </Modal>
      <ConfirmModal
        opened={!!deleting}
        title={t('common.delete')}
        message={t('finances.methods.deleteConfirm', { name: deletingName.current })}
        loading={remove.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(undefined)}
      />
    </Paper>
  );
}
