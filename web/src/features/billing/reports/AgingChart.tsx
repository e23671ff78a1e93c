import { BarChart } from '@mantine/charts';
import { Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCents, formatCompactCents } from '../../../lib/money';
import { agingBuckets, agingColors, type Receivable, type Receivables } from './reports.api';

/** How many customers the chart shows: the first of the page, in the list's order. */
const charted = 10;

/**
 * The aging of the receivables: every bucket's total (what the office chases first is on the
 * right), then one stacked bar per customer of the page.
 */
export function AgingChart({ report, isPhone }: { report: Receivables; isPhone: boolean }) {
  const { t, i18n } = useTranslation();
  const money = (cents: number) => formatCents(cents, report.currency, i18n.language);
  const rows = report.data.slice(0, charted);
  // Keys that sort in the buckets' order: the chart's tooltip lists its series sorted by key.
  const key = (index: number) => `bucket${index}`;
  const series = agingBuckets.map((bucket, index) => ({
    name: key(index),
    label: t(`finances.aging.buckets.${bucket}`),
    color: agingColors[bucket],
  }));
  const name = (row: Receivable) =>
    isPhone && row.display_name.length > 14 ? `${row.display_name.slice(0, 13)}…` : row.display_name;

  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="aging-chart">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('receivables.chart.title')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
          {agingBuckets.map((bucket) => (
            <div key={bucket} data-testid={`aging-total-${bucket}`}>
              <Group gap={6} wrap="nowrap">
                <Text span c={agingColors[bucket]} aria-hidden>
                  ●
                </Text>
                <Text size="xs" c="dimmed" fw={600}>
                  {t(`finances.aging.buckets.${bucket}`)}
                </Text>
              </Group>
              <Text fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {money(report.totals[bucket])}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {rows.length > 0 && (
          <>
            <Text size="xs" c="dimmed">
              {t('receivables.chart.perCustomer', { count: rows.length })}
            </Text>
            <BarChart
              h={Math.max(140, rows.length * (isPhone ? 30 : 34) + 50)}
              data={rows.map((row) => ({
                customer: name(row),
                ...Object.fromEntries(agingBuckets.map((bucket, index) => [key(index), row[bucket]])),
              }))}
              dataKey="customer"
              type="stacked"
              orientation="vertical"
              series={series}
              // The bucket totals above, with the same colours, are the legend.
              gridAxis="x"
              tickLine="none"
              yAxisProps={{ width: isPhone ? 100 : 180 }}
              xAxisProps={{
                tickFormatter: (value: number) => formatCompactCents(value, report.currency, i18n.language),
              }}
              valueFormatter={(value) => money(Math.round(value))}
              maxBarWidth={22}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}
