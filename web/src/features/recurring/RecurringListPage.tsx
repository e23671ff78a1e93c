import { Anchor, Button, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus, IconRepeat } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatCents } from '../../lib/money';
import { ListPagination } from '../../ui/ListPagination';
import { EmptyList, ListSkeleton } from '../../ui/ListStates';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { formatCalendarDate } from '../billing/invoices/invoice-format';
import { ScheduleStatusBadge } from './RecurringBadges';
import { RunRecurringForm } from './RunRecurringForm';
import { type Schedule, type ScheduleStatus, useSchedules } from './recurring.api';

const filters = ['all', 'active', 'paused', 'ended'] as const;

/** /recurring-invoices: every schedule, its next invoice and what it bills; admins run them by hand. */
export function RecurringListPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('recurring.title'));
  const role = useMe().data?.user?.role;
  const canWrite = role === 'admin' || role === 'staff';
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [status, setStatus] = useState<(typeof filters)[number]>('all');
  const [page, setPage] = useState(1);
  const schedules = useSchedules({
    status: status === 'all' ? undefined : (status as ScheduleStatus),
    page,
    per_page: 20,
  });
  const rows = schedules.data?.data ?? [];
  const money = (schedule: Schedule) => formatCents(schedule.total_cents, schedule.currency, i18n.language);
  const date = (value: string | null) => formatCalendarDate(value, i18n.language);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Title order={2}>{t('recurring.title')}</Title>
        {canWrite && (
          <Button
            component={Link}
            to="/recurring-invoices/new"
            leftSection={<IconPlus size={16} />}
            data-testid="new-schedule"
          >
            {t('recurring.new')}
          </Button>
        )}
      </Group>
      <Text c="dimmed" size="sm">
        {t('recurring.help')}
      </Text>
      {role === 'admin' && <RunRecurringForm />}
      <SegmentedControl
        value={status}
        onChange={(value) => {
          setStatus(value as (typeof filters)[number]);
          setPage(1);
        }}
        data={filters.map((value) => ({ value, label: t(`recurring.statuses.${value}`) }))}
        w={{ base: '100%', sm: 'auto' }}
        style={{ alignSelf: 'flex-start' }}
      />
      {schedules.error && <QueryError error={schedules.error} onRetry={() => void schedules.refetch()} />}
      {schedules.isPending && <ListSkeleton rows={5} />}
      {schedules.data && rows.length === 0 && (
        <EmptyList icon={IconRepeat} message={t('recurring.none')} testId="schedules-empty" />
      )}
      {rows.length > 0 && isPhone && (
        <Stack gap="xs" data-testid="schedules-list">
          {rows.map((schedule) => (
            <Card
              key={schedule.id}
              withBorder
              radius="md"
              padding="sm"
              component={Link}
              to={`/recurring-invoices/${schedule.id}`}
            >
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text fw={600} truncate>
                    {schedule.customer_name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {t(`recurring.every.${schedule.frequency}`)} ·{' '}
                    {schedule.next_run_date ? date(schedule.next_run_date) : t('recurring.detail.noNextRun')}
                  </Text>
                </Stack>
                <Stack gap={4} align="flex-end">
                  <Text fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {money(schedule)}
                  </Text>
                  <ScheduleStatusBadge status={schedule.status} />
                </Stack>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      {rows.length > 0 && !isPhone && (
        <Card withBorder padding={0} radius="md">
          <Table verticalSpacing="sm" highlightOnHover data-testid="schedules-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('recurring.columns.customer')}</Table.Th>
                <Table.Th>{t('recurring.columns.frequency')}</Table.Th>
                <Table.Th>{t('recurring.columns.nextRun')}</Table.Th>
                <Table.Th ta="right">{t('recurring.columns.total')}</Table.Th>
                <Table.Th ta="right">{t('recurring.columns.generated')}</Table.Th>
                <Table.Th>{t('recurring.columns.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((schedule) => (
                <Table.Tr key={schedule.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/recurring-invoices/${schedule.id}`} fw={500}>
                      {schedule.customer_name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`recurring.frequencies.${schedule.frequency}`)}</Table.Td>
                  <Table.Td>{schedule.next_run_date ? date(schedule.next_run_date) : '—'}</Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {money(schedule)}
                  </Table.Td>
                  <Table.Td ta="right">{schedule.invoices_generated}</Table.Td>
                  <Table.Td>
                    <ScheduleStatusBadge status={schedule.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {schedules.data && (
        <ListPagination
          pagination={schedules.data.pagination}
          label={t('recurring.page', {
            page: schedules.data.pagination.page,
            pages: schedules.data.pagination.pages,
          })}
          onChange={setPage}
        />
      )}
    </Stack>
  );
}
