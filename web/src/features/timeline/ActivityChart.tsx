import { BarChart } from '@mantine/charts';
import { Paper, Skeleton, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useActivityPerMonth } from './timeline.api';

/** Activities per month over the last year: how lively is this relationship? */
export function ActivityChart({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useActivityPerMonth(customerId);
  const data = (query.data?.months ?? []).map((entry) => ({
    month: format.month(entry.month),
    count: entry.count,
  }));
  return (
    <Paper withBorder p="md" radius="md" data-testid="activity-chart">
      <Title order={2} size="h5" mb="sm">
        {t('timeline.chart.title')}
      </Title>
      {query.isPending ? (
        <Skeleton h={200} />
      ) : (
        <BarChart
          h={200}
          data={data}
          dataKey="month"
          series={[{ name: 'count', label: t('timeline.chart.count'), color: 'indigo.6' }]}
          tickLine="none"
          gridAxis="y"
          withYAxis={false}
          barProps={{ radius: [4, 4, 0, 0] }}
          valueFormatter={(value) => format.number(value)}
        />
      )}
    </Paper>
  );
}
