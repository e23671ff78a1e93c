import { LineChart } from '@mantine/charts';
import { Skeleton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useBalanceTrend } from './finances.api';
import { useMoney } from './useMoney';

/** The balance after each of the latest 100 entries, oldest to newest. */
export function BalanceChart({ customerId, currency }: { customerId: string; currency: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const trend = useBalanceTrend(customerId);
  if (trend.isPending) return <Skeleton h={180} />;
  if (trend.isError || !trend.data || trend.data.length < 2) return null;
  const data = trend.data.map((entry) => ({
    when: format.date(entry.created_at),
    // Cents on the chart's scale; the axis and tooltip show them as money.
    balance: entry.balance_after_cents,
  }));
  return (
    <div data-testid="balance-chart">
      <LineChart
        h={180}
        data={data}
        dataKey="when"
        series={[{ name: 'balance', label: t('finances.history.balance'), color: 'indigo.6' }]}
        curveType="stepAfter"
        withDots={data.length <= 30}
        gridAxis="y"
        tickLine="none"
        yAxisProps={{ width: 80 }}
        referenceLines={[{ y: 0, color: 'gray.5' }]}
        valueFormatter={(value) => money(Math.round(value), currency)}
      />
    </div>
  );
}
