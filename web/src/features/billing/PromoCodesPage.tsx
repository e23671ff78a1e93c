import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconDots,
  IconLock,
  IconPlayerPause,
  IconPlus,
  IconSearch,
  IconTicket,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { formatBasisPoints, formatCents } from '../../lib/money';
import { oneOf, pageParam, useDebouncedInput, useSearchParamsUpdate } from '../../lib/url-state';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { ListPagination } from '../../ui/ListPagination';
import { EmptyList, ListSkeleton } from '../../ui/ListStates';
import { notifyError, notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { useDeactivatePromoCode, useDeletePromoCode, usePromoCodes } from './billing.api';
import { type PromoCode, type PromoCodeListParams, type PromoStatus, promoStatuses } from './billing.types';
import { PromoCodeFormModal } from './PromoCodeFormModal';

const perPage = 20;

const statusColors: Record<PromoStatus, string> = {
  active: 'teal',
  scheduled: 'blue',
  inactive: 'gray',
  expired: 'orange',
  exhausted: 'red',
};

function useListParams() {
  const [params] = useSearchParams();
  const state: PromoCodeListParams = {
    q: params.get('q') ?? undefined,
    status: oneOf<PromoStatus>(promoStatuses, params.get('status')),
    page: pageParam(params),
    per_page: perPage,
  };
  return [state, useSearchParamsUpdate<keyof PromoCodeListParams>()] as const;
}

/** The admin's promo codes: list, create, deactivate, delete while never used. */
export function PromoCodesPage() {
  const { t } = useTranslation();
  usePageTitle(t('promoCodes.title'));
  const isAdmin = useMe().data?.user?.role === 'admin';
  if (!isAdmin) {
    return (
      <Alert color="gray" icon={<IconLock size={18} />} data-testid="admin-only">
        {t('promoCodes.adminOnly')}
      </Alert>
    );
  }
  return <PromoCodeList />;
}

function PromoCodeList() {
  const { t } = useTranslation();
  const [params, update] = useListParams();
  const list = usePromoCodes(params);
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [search, setSearch] = useDebouncedInput(params.q, (q) => update({ q }), 250);
  const [creating, setCreating] = useState(false);
  const [confirm, setConfirm] = useState<{ action: 'deactivate' | 'delete'; promo: PromoCode } | null>(null);
  const deactivate = useDeactivatePromoCode();
  const remove = useDeletePromoCode();

  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;

  const run = async () => {
    if (!confirm) return;
    try {
      if (confirm.action === 'deactivate') {
        await deactivate.mutateAsync(confirm.promo.code);
        notifySuccess(t('promoCodes.deactivated', { code: confirm.promo.code }));
      } else {
        await remove.mutateAsync(confirm.promo.code);
        notifySuccess(t('promoCodes.deleted', { code: confirm.promo.code }));
      }
    } catch (error) {
      notifyError(error);
    }
    setConfirm(null);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('promoCodes.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('promoCodes.subtitle')}
          </Text>
        </div>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => setCreating(true)}
          data-testid="new-promo-code"
        >
          {t('promoCodes.new')}
        </Button>
      </Group>

      <Paper withBorder p="sm" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput
            type="search"
            aria-label={t('promoCodes.searchLabel')}
            placeholder={t('promoCodes.searchLabel')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
          />
          <Select
            aria-label={t('promoCodes.fields.status')}
            placeholder={t('promoCodes.anyStatus')}
            clearable
            data={promoStatuses.map((value) => ({ value, label: t(`promoCodes.statuses.${value}`) }))}
            value={params.status ?? null}
            onChange={(value) => update({ status: value ?? undefined })}
          />
        </SimpleGrid>
      </Paper>

      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}

      <section aria-label={t('promoCodes.listLabel')} aria-busy={list.isFetching}>
        {list.isPending ? (
          <ListSkeleton rows={3} height={48} />
        ) : rows.length === 0 && !list.isError ? (
          <EmptyList
            icon={IconTicket}
            message={params.q || params.status ? t('promoCodes.emptyFiltered') : t('promoCodes.empty')}
          />
        ) : isPhone ? (
          <Stack gap="xs">
            {rows.map((promo) => (
              <Card key={promo.id} withBorder padding="sm" radius="md" data-testid="promo-code-row">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={700} ff="monospace">
                    {promo.code}
                  </Text>
                  <Group gap={4} wrap="nowrap">
                    <StatusBadge status={promo.status} />
                    <RowActions promo={promo} onAction={(action) => setConfirm({ action, promo })} />
                  </Group>
                </Group>
                <Discount promo={promo} />
                <Validity promo={promo} />
                <Uses promo={promo} />
              </Card>
            ))}
          </Stack>
        ) : (
          <Paper withBorder radius="md" className="table-scroll">
            <Table verticalSpacing="sm" miw={820}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('promoCodes.fields.code')}</Table.Th>
                  <Table.Th>{t('promoCodes.columns.discount')}</Table.Th>
                  <Table.Th>{t('promoCodes.columns.validity')}</Table.Th>
                  <Table.Th w={200}>{t('promoCodes.columns.uses')}</Table.Th>
                  <Table.Th>{t('promoCodes.fields.status')}</Table.Th>
                  <Table.Th w={48} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((promo) => (
                  <Table.Tr key={promo.id} data-testid="promo-code-row">
                    <Table.Td>
                      <Text fw={700} ff="monospace" size="sm">
                        {promo.code}
                      </Text>
                      {promo.description && (
                        <Text size="xs" c="dimmed" lineClamp={1} maw={240}>
                          {promo.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Discount promo={promo} />
                    </Table.Td>
                    <Table.Td>
                      <Validity promo={promo} />
                    </Table.Td>
                    <Table.Td>
                      <Uses promo={promo} />
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={promo.status} />
                    </Table.Td>
                    <Table.Td>
                      <RowActions promo={promo} onAction={(action) => setConfirm({ action, promo })} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </section>

      {pagination && (
        <ListPagination
          pagination={pagination}
          label={t('customers.pageOf', { page: pagination.page, pages: pagination.pages })}
          onChange={(page) => update({ page })}
        />
      )}

      <PromoCodeFormModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={!!confirm}
        title={confirm?.action === 'delete' ? t('promoCodes.deleteTitle') : t('promoCodes.deactivateTitle')}
        message={
          confirm?.action === 'delete'
            ? t('promoCodes.deleteMessage', { code: confirm.promo.code })
            : t('promoCodes.deactivateMessage', { code: confirm?.promo.code ?? '' })
        }
        confirmLabel={confirm?.action === 'delete' ? t('common.delete') : t('promoCodes.deactivate')}
        loading={deactivate.isPending || remove.isPending}
        onConfirm={() => void run()}
        onClose={() => setConfirm(null)}
      />
    </Stack>
  );
}

function StatusBadge({ status }: { status: PromoStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant="light" data-testid="promo-status">
      {t(`promoCodes.statuses.${status}`)}
    </Badge>
  );
}

function Discount({ promo }: { promo: PromoCode }) {
  const { t, i18n } = useTranslation();
  const amount =
    promo.discount_type === 'percentage'
      ? formatBasisPoints(promo.percent_basis_points ?? 0, i18n.language)
      : formatCents(promo.amount_off_cents ?? 0, 'CAD', i18n.language);
  return (
    <div>
      <Text size="sm" fw={600}>
        {amount}
      </Text>
      <Text size="xs" c="dimmed">
        {promo.min_amount_cents > 0
          ? t('promoCodes.minimumFrom', { amount: formatCents(promo.min_amount_cents, 'CAD', i18n.language) })
          : t('promoCodes.noMinimum')}
        {promo.once_per_customer && ` · ${t('promoCodes.oncePerCustomer')}`}
      </Text>
    </div>
  );
}

function Validity({ promo }: { promo: PromoCode }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Text size="xs" c="dimmed">
      {promo.starts_at
        ? t('promoCodes.from', { date: format.date(promo.starts_at) })
        : t('promoCodes.fromNow')}
      {' · '}
      {promo.expires_at
        ? t('promoCodes.until', { date: format.date(promo.expires_at) })
        : t('promoCodes.noExpiry')}
    </Text>
  );
}

/** Uses as a bar filling towards max_uses; unlimited codes show their count. */
function Uses({ promo }: { promo: PromoCode }) {
  const { t } = useTranslation();
  if (promo.max_uses === null) {
    return (
      <Text size="sm" data-testid="promo-uses">
        {t('promoCodes.usesUnlimited', { count: promo.uses_count })}
      </Text>
    );
  }
  const percent = Math.min(100, (promo.uses_count / promo.max_uses) * 100);
  return (
    <Stack gap={4}>
      <Progress
        value={percent}
        color={percent >= 100 ? 'red' : percent >= 80 ? 'orange' : 'teal'}
        aria-label={t('promoCodes.usesOf', { count: promo.uses_count, max: promo.max_uses })}
      />
      <Text size="xs" c="dimmed" data-testid="promo-uses">
        {t('promoCodes.usesOf', { count: promo.uses_count, max: promo.max_uses })}
      </Text>
    </Stack>
  );
}

function RowActions({
  promo,
  onAction,
}: {
  promo: PromoCode;
  onAction: (action: 'deactivate' | 'delete') => void;
}) {
  const { t } = useTranslation();
  if (!promo.is_active && promo.uses_count > 0) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={t('promoCodes.actions', { code: promo.code })}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {promo.is_active && (
          <Menu.Item leftSection={<IconPlayerPause size={16} />} onClick={() => onAction('deactivate')}>
            {t('promoCodes.deactivate')}
          </Menu.Item>
        )}
        {promo.uses_count === 0 && (
          <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => onAction('delete')}>
            {t('common.delete')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
