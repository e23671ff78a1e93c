import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChevronDown, IconChevronUp, IconDownload, IconLock, IconReportMoney } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isCalendarDate } from '../../../lib/calendar';
import { formatCents } from '../../../lib/money';
import { oneOf, pageParam, useSearchParamsUpdate } from '../../../lib/url-state';
import { ListPagination } from '../../../ui/ListPagination';
import { EmptyList, ListSkeleton } from '../../../ui/ListStates';
import { notifyError } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/PageTitle';
import { QueryError } from '../../../ui/QueryError';
import { useMe } from '../../auth/auth.api';
import { formatCalendarDate } from '../invoices/invoice-format';
import { AgingChart } from './AgingChart';
import {
  agingBuckets,
  type Receivable,
  type ReceivableSort,
  type ReceivablesParams,
  receivableSorts,
  useDownloadReceivables,
  useReceivables,
} from './reports.api';

const perPage = 25;

function useReceivablesParams() {
  const [params] = useSearchParams();
  const asOf = params.get('as_of');
  const state: ReceivablesParams = {
    as_of: isCalendarDate(asOf) ? asOf : undefined,
    sort: oneOf<ReceivableSort>(receivableSorts, params.get('sort')) ?? '-balance',
    page: pageParam(params),
    per_page: perPage,
  };
  return [state, useSearchParamsUpdate<keyof ReceivablesParams>({ sort: '-balance' })] as const;
}

/** A column header that sorts the list; a second click on the balance reverses it. */
function SortHeader({
  label,
  sorts,
  current,
  onSort,
  align,
}: {
  label: string;
  sorts: readonly ReceivableSort[];
  current: ReceivableSort;
  onSort: (sort: ReceivableSort) => void;
  align?: 'right';
}) {
  const active = sorts.includes(current);
  const next = active && sorts.length > 1 ? (sorts.find((sort) => sort !== current) ?? current) : sorts[0]!;
  const Icon =
    current === 'balance' || current === 'name' || current === 'oldest' ? IconChevronUp : IconChevronDown;
  return (
    <Table.Th
      ta={align}
      aria-sort={active ? (Icon === IconChevronUp ? 'ascending' : 'descending') : undefined}
    >
      <UnstyledButton onClick={() => onSort(next)} fw={700} fz="sm">
        <Group gap={2} wrap="nowrap" justify={align === 'right' ? 'flex-end' : undefined}>
          {label}
          {active && <Icon size={14} />}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

/** Accounts receivable: what every customer owes and how late, as of a day (admin, staff). */
export function ReceivablesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('receivables.title'));
  const role = useMe().data?.user?.role;
  const allowed = role === 'admin' || role === 'staff';
  const [params, update] = useReceivablesParams();
  const report = useReceivables(params, { enabled: allowed });
  const download = useDownloadReceivables();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });

  if (!allowed) {
    return (
      <Alert color="gray" icon={<IconLock size={18} />} data-testid="staff-only">
        {t('receivables.staffOnly')}
      </Alert>
    );
  }

  const data = report.data;
  const currency = data?.currency ?? 'CAD';
  const money = (cents: number) => formatCents(cents, currency, i18n.language);
  const date = (value: string) => formatCalendarDate(value, i18n.language);
  const sort = params.sort ?? '-balance';
  const overdue = (row: Pick<Receivable, '1_30' | '31_60' | '61_90' | 'over_90'>) =>
    row['1_30'] + row['31_60'] + row['61_90'] + row.over_90;
  const customerLink = (row: Receivable, children: ReactNode) => (
    <Anchor component={Link} to={`/customers/${row.customer_id}?tab=finances`} fw={600} size="sm">
      {children}
    </Anchor>
  );
  const save = async () => {
    try {
      await download.mutateAsync(params);
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('receivables.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {data ? t('receivables.subtitle', { date: date(data.as_of) }) : t('receivables.subtitleToday')}
          </Text>
        </div>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          loading={download.isPending}
          onClick={() => void save()}
          data-testid="receivables-csv"
        >
          {t('receivables.csv')}
        </Button>
      </Group>

      <Paper withBorder p="sm" radius="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs">
          <TextInput
            type="date"
            label={t('receivables.asOf')}
            value={params.as_of ?? ''}
            onChange={(event) => update({ as_of: event.currentTarget.value })}
            rightSection={report.isFetching && !report.isPending ? <Loader size={14} /> : null}
            data-testid="receivables-as-of"
          />
          <Select
            label={t('receivables.sort.label')}
            allowDeselect={false}
            data={receivableSorts.map((value) => ({ value, label: t(`receivables.sort.${value}`) }))}
            value={sort}
            onChange={(value) => update({ sort: value ?? undefined })}
            data-testid="receivables-sort"
          />
        </SimpleGrid>
      </Paper>

      {report.isError && <QueryError error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending ? (
        <ListSkeleton rows={6} height={isPhone ? 90 : 44} />
      ) : data && data.totals.customer_count === 0 ? (
        <EmptyList icon={IconReportMoney} message={t('receivables.empty')} testId="receivables-empty" />
      ) : data ? (
        <>
          <SimpleGrid cols={{ base: 2, md: 3 }} spacing="xs">
            <Paper withBorder radius="md" p="sm" data-testid="receivables-total">
              <Text size="xs" c="dimmed" fw={600}>
                {t('receivables.figures.total')}
              </Text>
              <Text fw={700} size="lg">
                {money(data.totals.balance_cents)}
              </Text>
            </Paper>
            <Paper withBorder radius="md" p="sm" data-testid="receivables-overdue">
              <Text size="xs" c="dimmed" fw={600}>
                {t('receivables.figures.overdue')}
              </Text>
              <Text fw={700} size="lg" c={overdue(data.totals) > 0 ? 'red' : undefined}>
                {money(overdue(data.totals))}
              </Text>
            </Paper>
            <Paper withBorder radius="md" p="sm">
              <Text size="xs" c="dimmed" fw={600}>
                {t('receivables.figures.customers')}
              </Text>
              <Text fw={700} size="lg">
                {new Intl.NumberFormat(i18n.language).format(data.totals.customer_count)}
              </Text>
            </Paper>
          </SimpleGrid>

          <AgingChart report={data} isPhone={isPhone} />

          <section aria-label={t('receivables.listLabel')} aria-busy={report.isFetching}>
            {isPhone ? (
              <Stack gap="xs">
                {data.data.map((row) => (
                  <Card
                    key={row.customer_id}
                    withBorder
                    radius="md"
                    padding="sm"
                    data-testid="receivable-row"
                  >
                    <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                      <div style={{ minWidth: 0 }}>{customerLink(row, row.display_name)}</div>
                      <Text fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="receivable-balance">
                        {money(row.balance_cents)}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed" mt={2}>
                      {t('receivables.card.invoices', { count: row.invoice_count })} ·{' '}
                      {t('receivables.card.oldest', { date: date(row.oldest_due_on) })}
                    </Text>
                    <SimpleGrid cols={3} spacing={4} mt={6}>
                      {agingBuckets
                        .filter((bucket) => row[bucket] > 0)
                        .map((bucket) => (
                          <div key={bucket}>
                            <Text size="xs" c="dimmed">
                              {t(`finances.aging.buckets.${bucket}`)}
                            </Text>
                            <Text size="xs" fw={600} c={bucket === 'current' ? undefined : 'red'}>
                              {money(row[bucket])}
                            </Text>
                          </div>
                        ))}
                    </SimpleGrid>
                  </Card>
                ))}
                <Card withBorder radius="md" padding="sm" bg="var(--mantine-color-default-hover)">
                  <Group justify="space-between">
                    <Text fw={700}>{t('receivables.totalRow', { count: data.totals.customer_count })}</Text>
                    <Text fw={700}>{money(data.totals.balance_cents)}</Text>
                  </Group>
                </Card>
              </Stack>
            ) : (
              <Paper withBorder radius="md" className="table-scroll">
                <Table highlightOnHover verticalSpacing="xs" miw={980} data-testid="receivables-table">
                  <Table.Thead>
                    <Table.Tr>
                      <SortHeader
                        label={t('receivables.columns.customer')}
                        sorts={['name']}
                        current={sort}
                        onSort={(value) => update({ sort: value })}
                      />
                      <SortHeader
                        label={t('receivables.columns.balance')}
                        sorts={['-balance', 'balance']}
                        current={sort}
                        onSort={(value) => update({ sort: value })}
                        align="right"
                      />
                      {agingBuckets.map((bucket) =>
                        bucket === 'over_90' ? (
                          <SortHeader
                            key={bucket}
                            label={t('finances.aging.buckets.over_90')}
                            sorts={['over_90']}
                            current={sort}
                            onSort={(value) => update({ sort: value })}
                            align="right"
                          />
                        ) : (
                          <Table.Th key={bucket} ta="right">
                            {t(`finances.aging.buckets.${bucket}`)}
                          </Table.Th>
                        ),
                      )}
                      <SortHeader
                        label={t('receivables.columns.oldest')}
                        sorts={['oldest']}
                        current={sort}
                        onSort={(value) => update({ sort: value })}
                      />
                      <Table.Th ta="right">{t('receivables.columns.invoices')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.data.map((row) => (
                      <Table.Tr key={row.customer_id} data-testid="receivable-row">
                        <Table.Td maw={260}>
                          {customerLink(
                            row,
                            <Text span truncate inherit>
                              {row.display_name}
                            </Text>,
                          )}
                        </Table.Td>
                        <Table.Td
                          ta="right"
                          fw={700}
                          style={{ whiteSpace: 'nowrap' }}
                          data-testid="receivable-balance"
                        >
                          {money(row.balance_cents)}
                        </Table.Td>
                        {agingBuckets.map((bucket) => (
                          <Table.Td
                            key={bucket}
                            ta="right"
                            c={row[bucket] === 0 ? 'dimmed' : bucket === 'current' ? undefined : 'red'}
                            style={{ whiteSpace: 'nowrap' }}
                          >
                            {row[bucket] === 0 ? '—' : money(row[bucket])}
                          </Table.Td>
                        ))}
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{date(row.oldest_due_on)}</Table.Td>
                        <Table.Td ta="right">
                          <Anchor component={Link} to={`/invoices?customer_id=${row.customer_id}`} size="sm">
                            {row.invoice_count}
                          </Anchor>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    <Table.Tr
                      data-testid="receivables-totals"
                      style={{ borderTop: '2px solid var(--mantine-color-default-border)' }}
                    >
                      <Table.Th>{t('receivables.totalRow', { count: data.totals.customer_count })}</Table.Th>
                      <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {money(data.totals.balance_cents)}
                      </Table.Th>
                      {agingBuckets.map((bucket) => (
                        <Table.Th key={bucket} ta="right" style={{ whiteSpace: 'nowrap' }}>
                          {money(data.totals[bucket])}
                        </Table.Th>
                      ))}
                      <Table.Th />
                      <Table.Th />
                    </Table.Tr>
                  </Table.Tfoot>
                </Table>
              </Paper>
            )}
          </section>
          <ListPagination
            pagination={data.pagination}
            label={t('customers.pageOf', { page: data.pagination.page, pages: data.pagination.pages })}
            onChange={(page) => update({ page })}
          />
        </>
      ) : null}
    </Stack>
  );
}
