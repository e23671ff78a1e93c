import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { formatMonth } from '../../../lib/calendar';
import { formatCents, formatCompactCents } from '../../../lib/money';
import { taxName } from '../invoices/TotalsPanel';
import type { SalesTaxReport } from './reports.api';

const taxColors = ['indigo.6', 'cyan.6', 'grape.6', 'orange.6'];

/** The tax collected each month, net of credit notes, one colour per tax (TPS, TVQ). */
export function SalesTaxChart({ report }: { report: SalesTaxReport }) {
  const { t, i18n } = useTranslation();
  const data = report.months.map((month) => ({
    month: formatMonth(month.month, i18n.language, 'short'),
    ...Object.fromEntries(month.net.taxes.map((tax) => [tax.code, tax.amount_cents])),
  }));
  return (
    <div data-testid="sales-tax-chart">
      <BarChart
        h={180}
        data={data}
        dataKey="month"
        type="stacked"
        series={report.tax_codes.map((code, index) => ({
          name: code,
          label: taxName(code, t),
          color: taxColors[index % taxColors.length],
        }))}
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 30 }}
        gridAxis="y"
        tickLine="none"
        yAxisProps={{
          width: 70,
          tickFormatter: (value: number) => formatCompactCents(value, report.currency, i18n.language),
        }}
        valueFormatter={(value) => formatCents(Math.round(value), report.currency, i18n.language)}
        maxBarWidth={48}
      />
    </div>
  );
}
