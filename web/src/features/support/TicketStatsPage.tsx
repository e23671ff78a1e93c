import { AreaChart, BarChart, DonutChart } from '@mantine/charts';
import {
  Anchor,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconClockCheck,
  IconLifebuoy,
  IconMessageReply,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { useSearchParamsUpdate } from '../../lib/url-state';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { formatDuration } from './duration';
import { useSlaSettings, useTicketStats } from './support.api';
import { ticketCategories, ticketPriorities, ticketStatuses } from './support.types';
import { priorityColors, statusColors } from './TicketBadges';

const dateParam = (value: string | null) =>
  value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;

const categoryColors = {
  general: 'indigo.6',
  technical: 'cyan.6',
  billing: 'grape.6',
  feature: 'lime.6',
} as const;
const presets = [7, 30, 90] as const;

/** Today in Montréal, as the server counts days, and the day `days` before. */
function localDay(offsetDays = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' }).format(new Date());
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - offsetDays)).toISOString().slice(0, 10);
}

function Figure({
  label,
  value,
  hint,
  icon,
  color,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  icon: ReactNode;
  color?: string;
  testId: string;
}) {
  return (
    <Paper withBorder radius="md" p="sm" data-testid={testId}>
      <Group gap={6} c="dimmed" wrap="nowrap">
        {icon}
        <Text size="xs" fw={600} lineClamp={2}>
          {label}
        </Text>
      </Group>
      <Text fw={700} size="xl" c={color}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function ChartCard({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** Support at a glance over a period: volumes, response and resolution times, deadlines missed. */
export function TicketStatsPage() {
  const { t } = useTranslation();
  usePageTitle(t('support.stats.title'));
  const format = useFormat();
  const [params] = useSearchParams();
  const update = useSearchParamsUpdate<'from' | 'to'>();
  const to = dateParam(params.get('to')) ?? localDay();
  const from = dateParam(params.get('from')) ?? localDay(29);
  const stats = useTicketStats({ from, to });
  const targets = useSlaSettings();
  const data = stats.data;
  const preset = presets.find((days) => from === localDay(days - 1) && to === localDay());

  const percent = (part: number, whole: number) =>
    whole
      ? new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 0 }).format(
          part / whole,
        )
      : '—';

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/tickets" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('support.ticket.back')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={1} size="h2">
          {t('support.stats.title')}
        </Title>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <SegmentedControl
            size="xs"
            aria-label={t('support.stats.periodLabel')}
            value={preset ? String(preset) : ''}
            onChange={(value) => update({ from: localDay(Number(value) - 1), to: localDay() })}
            data={presets.map((days) => ({
              value: String(days),
              label: t(`support.stats.presets.d${days}`),
            }))}
            data-testid="stats-presets"
          />
          <TextInput
            type="date"
            size="xs"
            w={150}
            aria-label={t('support.stats.from')}
            leftSection={
              <Text size="xs" c="dimmed">
                {t('support.stats.from')}
              </Text>
            }
            leftSectionWidth={36}
            value={from}
            max={to}
            onChange={(event) =>
              dateParam(event.currentTarget.value) && update({ from: event.currentTarget.value, to })
            }
            data-testid="stats-from"
          />
          <TextInput
            type="date"
            size="xs"
            w={150}
            aria-label={t('support.stats.to')}
            leftSection={
              <Text size="xs" c="dimmed">
                {t('support.stats.to')}
              </Text>
            }
            leftSectionWidth={36}
            value={to}
            min={from}
            onChange={(event) =>
              dateParam(event.currentTarget.value) && update({ from, to: event.currentTarget.value })
            }
            data-testid="stats-to"
          />
        </Group>
      </Group>

      {stats.isError && <QueryError error={stats.error} onRetry={() => void stats.refetch()} />}

      {!data ? (
        stats.isPending && (
          <Stack>
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              {['a', 'b', 'c', 'd'].map((key) => (
                <Skeleton key={key} h={84} />
              ))}
            </SimpleGrid>
            <Skeleton h={260} />
          </Stack>
        )
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <Figure
              testId="stats-total"
              label={t('support.stats.total')}
              value={format.number(data.total)}
              icon={<IconLifebuoy size={16} />}
            />
            <Figure
              testId="stats-first-response"
              label={t('support.stats.avgFirstResponse')}
              value={formatDuration(data.avg_first_response_seconds, format.locale)}
              icon={<IconMessageReply size={16} />}
            />
            <Figure
              testId="stats-resolution"
              label={t('support.stats.avgResolution')}
              value={formatDuration(data.avg_resolution_seconds, format.locale)}
              icon={<IconClockCheck size={16} />}
            />
            <Figure
              testId="stats-sla"
              label={t('support.stats.slaBreached')}
              value={format.number(data.sla_breached)}
              hint={t('support.stats.ofTotal', { percent: percent(data.sla_breached, data.total) })}
              color={data.sla_breached ? 'red' : undefined}
              icon={<IconAlertTriangle size={16} />}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt={-8}>
            {t('support.stats.slaBreachedDetail', {
              first: format.number(data.sla_breached_first_response),
              resolution: format.number(data.sla_breached_resolution),
            })}{' '}
            · {t('support.stats.wallClock')}
          </Text>

          {data.total === 0 ? (
            <Paper withBorder radius="md" p="xl">
              <Text c="dimmed" ta="center" data-testid="stats-empty">
                {t('support.stats.empty')}
              </Text>
            </Paper>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
              <ChartCard title={t('support.stats.byStatus')} testId="chart-status">
                <BarChart
                  h={220}
                  data={ticketStatuses.map((status) => ({
                    label: t(`support.statuses.${status}`),
                    count: data.by_status[status],
                    color: `${statusColors[status]}.6`,
                  }))}
                  dataKey="label"
                  orientation="vertical"
                  series={[{ name: 'count', label: t('support.stats.count'), color: 'indigo.6' }]}
                  yAxisProps={{ width: 130 }}
                  gridAxis="none"
                  withXAxis={false}
                  withBarValueLabel
                  valueFormatter={(value) => format.number(value)}
                />
              </ChartCard>
              <ChartCard title={t('support.stats.byCategory')} testId="chart-category">
                <Group justify="center">
                  <DonutChart
                    size={160}
                    thickness={26}
                    withLabelsLine={false}
                    withTooltip
                    tooltipDataSource="segment"
                    data={ticketCategories.map((category) => ({
                      name: t(`support.categories.${category}`),
                      value: data.by_category[category],
                      color: categoryColors[category],
                    }))}
                    valueFormatter={(value) => format.number(value)}
                  />
                </Group>
                <SimpleGrid cols={2} spacing={4} mt="sm">
                  {ticketCategories.map((category) => (
                    <Group key={category} gap={6} wrap="nowrap">
                      <div
                        style={{
                          width: 10,
                          height: 10,
                          borderRadius: 2,
                          flexShrink: 0,
                          background: `var(--mantine-color-${categoryColors[category].replace('.', '-')})`,
                        }}
                      />
                      <Text size="xs" truncate>
                        {t(`support.categories.${category}`)} · {format.number(data.by_category[category])}
                      </Text>
                    </Group>
                  ))}
                </SimpleGrid>
              </ChartCard>
              <ChartCard title={t('support.stats.byPriority')} testId="chart-priority">
                <BarChart
                  h={220}
                  data={ticketPriorities.map((priority) => ({
                    label: t(`support.priorities.${priority}`),
                    count: data.by_priority[priority],
                    color: `${priorityColors[priority]}.6`,
                  }))}
                  dataKey="label"
                  series={[{ name: 'count', label: t('support.stats.count'), color: 'indigo.6' }]}
                  gridAxis="y"
                  withYAxis={false}
                  withBarValueLabel
                  barProps={{ radius: [4, 4, 0, 0] }}
                  valueFormatter={(value) => format.number(value)}
                />
              </ChartCard>
            </SimpleGrid>
          )}

          {data.by_day.length > 0 && data.total > 0 && (
            <ChartCard title={t('support.stats.byDay')} testId="chart-days">
              <AreaChart
                h={220}
                data={data.by_day.map((day) => ({
                  day: new Intl.DateTimeFormat(format.locale, {
                    day: 'numeric',
                    month: 'short',
                    timeZone: 'UTC',
                  }).format(new Date(`${day.date}T00:00:00Z`)),
                  opened: day.opened,
                  resolved: day.resolved,
                }))}
                dataKey="day"
                series={[
                  { name: 'opened', label: t('support.stats.opened'), color: 'indigo.6' },
                  { name: 'resolved', label: t('support.stats.resolved'), color: 'teal.6' },
                ]}
                curveType="monotone"
                withDots={data.by_day.length <= 14}
                withLegend
                gridAxis="y"
                tickLine="none"
                yAxisProps={{ width: 30, allowDecimals: false }}
                valueFormatter={(value) => format.number(value)}
              />
            </ChartCard>
          )}

          {targets.data && (
            <Paper withBorder radius="md" p="md" data-testid="sla-targets">
              <Title order={2} size="h5">
                {t('support.stats.targets')}
              </Title>
              <Text size="xs" c="dimmed" mb="xs">
                {t('support.stats.targetsHelp')} {t('support.sla.businessHours')}
              </Text>
              <div className="table-scroll">
                <Table verticalSpacing={4} miw={320}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('support.fields.priority')}</Table.Th>
                      <Table.Th>{t('support.sla.firstResponse')}</Table.Th>
                      <Table.Th>{t('support.sla.resolution')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {ticketPriorities.map((priority) => {
                      const target = targets.data.targets[priority];
                      return (
                        <Table.Tr key={priority}>
                          <Table.Td>{t(`support.priorities.${priority}`)}</Table.Td>
                          <Table.Td>{formatBusiness(target.first_response_minutes, format.locale)}</Table.Td>
                          <Table.Td>{formatBusiness(target.resolution_minutes, format.locale)}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </div>
            </Paper>
          )}
        </>
      )}
    </Stack>
  );
}

/** Working minutes as people say them: a working day is 8 hours. */
function formatBusiness(minutes: number, locale: string): string {
  const day = 8 * 60;
  if (minutes >= 2 * day && minutes % day === 0) {
    const days = minutes / day;
    return locale.startsWith('fr') ? `${days} j ouvr.` : `${days} business day${days > 1 ? 's' : ''}`;
  }
  return formatDuration(minutes * 60, locale);
}
