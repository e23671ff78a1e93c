import {
  Alert,
  Button,
  Card,
  Collapse,
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
import {
  IconChevronDown,
  IconChevronRight,
  IconDownload,
  IconInfoCircle,
  IconLock,
} from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatMonth, isCalendarDate, lastQuarter } from '../../../lib/calendar';
import { formatCents } from '../../../lib/money';
import { useSearchParamsUpdate } from '../../../lib/url-state';
import { ListSkeleton } from '../../../ui/ListStates';
import { notifyError } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/PageTitle';
import { QueryError } from '../../../ui/QueryError';
import { useMe } from '../../auth/auth.api';
import { formatCalendarDate } from '../invoices/invoice-format';
import { taxName } from '../invoices/TotalsPanel';
import { type Preset, periodOf, presetOf, presets } from './periods';
import {
  type SalesTaxFigures,
  type SalesTaxMonth,
  useDownloadSalesTaxes,
  useSalesTaxReport,
} from './reports.api';
import { SalesTaxChart } from './SalesTaxChart';
import { SalesTaxMonthDetail } from './SalesTaxDocuments';

function usePeriod() {
  const [params] = useSearchParams();
  const fallback = lastQuarter();
  const from = params.get('from');
  const to = params.get('to');
  const period = {
    from: isCalendarDate(from) ? from : fallback.from,
    to: isCalendarDate(to) ? to : fallback.to,
  };
  return [period, useSearchParamsUpdate<'from' | 'to'>()] as const;
}

const taxOf = (figures: SalesTaxFigures, code: string) =>
  figures.taxes.find((tax) => tax.code === code)?.amount_cents ?? 0;

/**
 * The GST/QST collected over a period, month by month, net of credit notes, with every document
 * behind each figure: what the accountant copies into the return (admin only).
 */
export function SalesTaxesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('salesTaxes.title'));
  const role = useMe().data?.user?.role;
  const [period, update] = usePeriod();
  const inOrder = period.from <= period.to;
  const report = useSalesTaxReport(role === 'admin' && inOrder ? period : null);
  const download = useDownloadSalesTaxes();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  if (role !== 'admin') {
    return (
      <Alert color="gray" icon={<IconLock size={18} />} data-testid="admin-only">
        {t('salesTaxes.adminOnly')}
      </Alert>
    );
  }

  const data = report.data;
  const currency = data?.currency ?? 'CAD';
  const money = (cents: number) => formatCents(cents, currency, i18n.language);
  const date = (value: string) => formatCalendarDate(value, i18n.language);
  const toggle = (month: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(month)) next.delete(month);
      else next.add(month);
      return next;
    });
  const save = async () => {
    try {
      await download.mutateAsync(period);
    } catch (error) {
      notifyError(error);
    }
  };
  const preset = presetOf(period);
  const codes = data?.tax_codes ?? [];
  const figuresCells = (figures: SalesTaxFigures, strong = false) => (
    <>
      <Table.Td ta="right" fw={strong ? 700 : undefined}>
        {money(figures.sales_cents)}
      </Table.Td>
      <Table.Td ta="right" fw={strong ? 700 : undefined}>
        {money(figures.taxable_cents)}
      </Table.Td>
      {codes.map((code) => (
        <Table.Td key={code} ta="right" fw={strong ? 700 : 600}>
          {money(taxOf(figures, code))}
        </Table.Td>
      ))}
      <Table.Td ta="right" fw={700}>
        {money(figures.tax_cents)}
      </Table.Td>
    </>
  );
  const monthLabel = (month: SalesTaxMonth) => (
    <UnstyledButton
      onClick={() => toggle(month.month)}
      aria-expanded={open.has(month.month)}
      data-testid="sales-tax-month"
    >
      <Group gap={4} wrap="nowrap">
        {open.has(month.month) ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
        <Text fw={600} size="sm" tt="capitalize">
          {formatMonth(month.month, i18n.language)}
        </Text>
        <Text size="xs" c="dimmed">
          ({t('salesTaxes.documents', { count: month.net.document_count })})
        </Text>
      </Group>
    </UnstyledButton>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('salesTaxes.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('salesTaxes.subtitle')}
          </Text>
        </div>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          loading={download.isPending}
          disabled={!inOrder}
          onClick={() => void save()}
          data-testid="sales-taxes-csv"
        >
          {t('salesTaxes.csv')}
        </Button>
      </Group>

      <Paper withBorder p="sm" radius="md">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
          <Select
            label={t('salesTaxes.period')}
            data={[
              ...presets.map((value) => ({ value, label: t(`salesTaxes.presets.${value}`) })),
              ...(preset ? [] : [{ value: 'custom', label: t('salesTaxes.presets.custom') }]),
            ]}
            value={preset ?? 'custom'}
            allowDeselect={false}
            onChange={(value) => value && value !== 'custom' && update(periodOf(value as Preset))}
            data-testid="sales-taxes-preset"
          />
          <TextInput
            type="date"
            label={t('salesTaxes.from')}
            value={period.from}
            max={period.to}
            onChange={(event) => update({ from: event.currentTarget.value })}
            data-testid="sales-taxes-from"
          />
          <TextInput
            type="date"
            label={t('salesTaxes.to')}
            value={period.to}
            min={period.from}
            error={inOrder ? undefined : t('salesTaxes.toBeforeFrom')}
            rightSection={report.isFetching && !report.isPending ? <Loader size={14} /> : null}
            onChange={(event) => update({ to: event.currentTarget.value })}
            data-testid="sales-taxes-to"
          />
        </SimpleGrid>
      </Paper>

      {report.isError && <QueryError error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending && inOrder ? (
        <ListSkeleton rows={4} height={60} />
      ) : data ? (
        <>
          <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="sales-taxes-summary">
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('salesTaxes.summary.title', { from: date(data.from), to: date(data.to) })}
              </Title>
              <SimpleGrid cols={{ base: 2, md: 2 + codes.length }} spacing="xs">
                <div>
                  <Text size="xs" c="dimmed" fw={600}>
                    {t('salesTaxes.summary.sales')}
                  </Text>
                  <Text fw={700} size="lg" data-testid="summary-sales">
                    {money(data.totals.net.sales_cents)}
                  </Text>
                </div>
                <div>
                  <Text size="xs" c="dimmed" fw={600}>
                    {t('salesTaxes.summary.taxable')}
                  </Text>
                  <Text fw={700} size="lg">
                    {money(data.totals.net.taxable_cents)}
                  </Text>
                </div>
                {codes.map((code) => (
                  <div key={code}>
                    <Text size="xs" c="dimmed" fw={600}>
                      {t('salesTaxes.summary.collected', { tax: taxName(code, t) })}
                    </Text>
                    <Text fw={700} size="lg" c="indigo" data-testid={`summary-tax-${code}`}>
                      {money(taxOf(data.totals.net, code))}
                    </Text>
                  </div>
                ))}
              </SimpleGrid>
              <Group gap={6} wrap="nowrap" align="flex-start" c="dimmed">
                <IconInfoCircle size={16} style={{ flexShrink: 0, marginTop: 2 }} />
                <Text size="xs">{t('salesTaxes.summary.help')}</Text>
              </Group>
              {data.months.some((month) => month.net.tax_cents !== 0) && <SalesTaxChart report={data} />}
            </Stack>
          </Paper>

          {isPhone ? (
            <Stack gap="xs">
              {data.months.map((month) => (
                <Card key={month.month} withBorder radius="md" padding="sm" data-testid="sales-tax-row">
                  {monthLabel(month)}
                  <SimpleGrid cols={2} spacing={4} mt={6}>
                    <Text size="xs">
                      {t('salesTaxes.figure', {
                        label: t('salesTaxes.columns.sales'),
                        value: money(month.net.sales_cents),
                      })}
                    </Text>
                    <Text size="xs">
                      {t('salesTaxes.figure', {
                        label: t('salesTaxes.columns.taxable'),
                        value: money(month.net.taxable_cents),
                      })}
                    </Text>
                    {codes.map((code) => (
                      <Text key={code} size="xs" fw={600}>
                        {t('salesTaxes.figure', {
                          label: taxName(code, t),
                          value: money(taxOf(month.net, code)),
                        })}
                      </Text>
                    ))}
                  </SimpleGrid>
                  <Collapse expanded={open.has(month.month)}>
                    <SalesTaxMonthDetail month={month} taxCodes={codes} currency={currency} isPhone />
                  </Collapse>
                </Card>
              ))}
              <Card withBorder radius="md" padding="sm" bg="var(--mantine-color-default-hover)">
                <Text fw={700}>{t('salesTaxes.total')}</Text>
                <SimpleGrid cols={2} spacing={4} mt={4}>
                  <Text size="xs">
                    {t('salesTaxes.figure', {
                      label: t('salesTaxes.columns.sales'),
                      value: money(data.totals.net.sales_cents),
                    })}
                  </Text>
                  {codes.map((code) => (
                    <Text key={code} size="xs" fw={700}>
                      {t('salesTaxes.figure', {
                        label: taxName(code, t),
                        value: money(taxOf(data.totals.net, code)),
                      })}
                    </Text>
                  ))}
                </SimpleGrid>
              </Card>
            </Stack>
          ) : (
            <Paper withBorder radius="md" className="table-scroll">
              <Table verticalSpacing="xs" miw={760} data-testid="sales-taxes-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('salesTaxes.columns.month')}</Table.Th>
                    <Table.Th ta="right">{t('salesTaxes.columns.sales')}</Table.Th>
                    <Table.Th ta="right">{t('salesTaxes.columns.taxable')}</Table.Th>
                    {codes.map((code) => (
                      <Table.Th key={code} ta="right">
                        {taxName(code, t)}
                      </Table.Th>
                    ))}
                    <Table.Th ta="right">{t('salesTaxes.columns.taxes')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.months.map((month) => (
                    <Fragment key={month.month}>
                      <Table.Tr data-testid="sales-tax-row">
                        <Table.Td>{monthLabel(month)}</Table.Td>
                        {figuresCells(month.net)}
                      </Table.Tr>
                      {open.has(month.month) && (
                        <Table.Tr>
                          <Table.Td colSpan={4 + codes.length} bg="var(--mantine-color-default-hover)">
                            <SalesTaxMonthDetail
                              month={month}
                              taxCodes={codes}
                              currency={currency}
                              isPhone={false}
                            />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr
                    data-testid="sales-taxes-totals"
                    style={{ borderTop: '2px solid var(--mantine-color-default-border)' }}
                  >
                    <Table.Td fw={700}>{t('salesTaxes.total')}</Table.Td>
                    {figuresCells(data.totals.net, true)}
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Paper>
          )}
        </>
      ) : null}
    </Stack>
  );
}
