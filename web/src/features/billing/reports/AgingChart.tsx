import { BarChart } from '@mantine/charts';
import { Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCents } from '../../../lib/money';
import { agingBuckets, agingColors, type Receivable, type Receivables } from './reports.api';

/** How many customers the chart shows: the first of the page, in the list's order. */
const charted = 10;

/** Cents on the axis as whole dollars, compact ("12 k $"): the bars are a shape, the table has the cents. */
function axisMoney(cents: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(cents / 100);
}

/**
 * The aging of the receivables: every bucket's total (what the office chases first is on the
 * right), then one stacked bar per customer of the page.
 */
export function AgingChart({ report, isPhone }: { report: Receivables; isPhone: boolean }) {
  const { t, i18n } = useTranslation();
  const money = (cents: number) => formatCents(cents, report.currency, i18n.language);
  const rows = report.data.slice(0, charted);
  const series = agingBuckets.map((bucket) => ({
    name: bucket,
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
              data={rows.map((row) => ({ ...row, customer: name(row) }))}
              dataKey="customer"
              type="stacked"
              orientation="vertical"
              series={series}
              withLegend={!isPhone}
              legendProps={{ verticalAlign: 'bottom' }}
              gridAxis="x"
              tickLine="none"
              yAxisProps={{ width: isPhone ? 100 : 180 }}
              xAxisProps={{
                tickFormatter: (value: number) => axisMoney(value, report.currency, i18n.language),
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
