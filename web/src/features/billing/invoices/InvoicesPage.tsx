import {
  Button,
  Card,
  Collapse,
  Group,
  Kbd,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure, useHotkeys, useMediaQuery } from '@mantine/hooks';
import { IconFileInvoice, IconPlus } from '@tabler/icons-react';
import { type KeyboardEvent, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useFormat } from '../../../lib/format';
import { formatCents } from '../../../lib/money';
import { oneOf, pageParam, useDebouncedInput, useSearchParamsUpdate } from '../../../lib/url-state';
import { ListPagination } from '../../../ui/ListPagination';
import { EmptyList, ListSkeleton } from '../../../ui/ListStates';
import { FiltersToggle, ListSearchInput } from '../../../ui/ListToolbar';
import { usePageTitle } from '../../../ui/PageTitle';
import { QueryError } from '../../../ui/QueryError';
import { useMe } from '../../auth/auth.api';
import { CustomerPicker } from './CustomerPicker';
import { InvoiceBadges } from './InvoiceBadges';
import { formatCalendarDate } from './invoice-format';
import { useCustomerNames, useInvoices } from './invoices.api';
import { type Invoice, type InvoiceListParams, type InvoiceStatus, invoiceStatuses } from './invoices.types';

const perPage = 25;

const dateParam = (value: string | null) =>
  value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
const uuidParam = (value: string | null) =>
  value !== null && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined;

/** The list's state lives in the URL: back, reload and shared links keep it. */
function useListParams() {
  const [params] = useSearchParams();
  const state: InvoiceListParams = {
    q: params.get('q') ?? undefined,
    status: oneOf<InvoiceStatus>(invoiceStatuses, params.get('status')),
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
    customer_id: uuidParam(params.get('customer_id')),
    from: dateParam(params.get('from')),
    to: dateParam(params.get('to')),
    page: pageParam(params),
    per_page: perPage,
  };
  return [state, useSearchParamsUpdate<keyof InvoiceListParams>()] as const;
}

/** Every invoice the user may see: filters in the URL, status and overdue at a glance. */
export function InvoicesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('invoices.title'));
  const navigate = useNavigate();
  const format = useFormat();
  const role = useMe().data?.user?.role;
  const canWrite = role === 'admin' || role === 'staff';
  const [params, update] = useListParams();
  const list = useInvoices(params);
  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;
  const names = useCustomerNames(rows.map((invoice) => invoice.customer_id));
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure();
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLElement>(null);
  const [search, setSearch] = useDebouncedInput(params.q, (q) => update({ q }), 250);

  const newInvoicePath = params.customer_id
    ? `/invoices/new?customer_id=${params.customer_id}`
    : '/invoices/new';
  useHotkeys([
    ['/', () => searchRef.current?.focus()],
    ['n', () => canWrite && void navigate(newInvoicePath)],
  ]);

  const activeFilters = [params.status, params.overdue, params.customer_id, params.from, params.to].filter(
    Boolean,
  ).length;
  const filtered = activeFilters > 0 || !!params.q;
  const money = (cents: number, currency: string) => formatCents(cents, currency, i18n.language);
  const date = (value: string | null) => formatCalendarDate(value, i18n.language);
  const open = (invoice: Invoice) => void navigate(`/invoices/${invoice.id}`);
  const customerName = (invoice: Invoice) => names.get(invoice.customer_id) ?? '…';

  const focusRow = (index: number) => {
    const targets = listRef.current?.querySelectorAll<HTMLElement>('[data-row]');
    targets?.[Math.max(0, Math.min(index, targets.length - 1))]?.focus();
  };
  const rowProps = (invoice: Invoice, index: number) => ({
    'data-row': true,
    'data-testid': 'invoice-row',
    tabIndex: 0,
    role: 'link',
    'aria-label': `${invoice.number ?? t('invoices.draftNumber')} · ${customerName(invoice)}`,
    className: 'clickable-row',
    onClick: () => open(invoice),
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open(invoice);
      } else if (event.key === 'ArrowDown') {
        event.preventDefault();
        focusRow(index + 1);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        if (index === 0) searchRef.current?.focus();
        else focusRow(index - 1);
      }
    },
  });
  const number = (invoice: Invoice) =>
    invoice.number ? (
      <Text size="sm" fw={600} ff="monospace">
        {invoice.number}
      </Text>
    ) : (
      <Text size="sm" c="dimmed" fs="italic">
        {t('invoices.draftNumber')}
      </Text>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('invoices.title')}
          </Title>
          {pagination && (
            <Text c="dimmed" size="sm" data-testid="invoice-total">
              {t('invoices.total', { count: pagination.total })}
            </Text>
          )}
        </div>
        {canWrite && (
          <Button
            component={Link}
            to={newInvoicePath}
            leftSection={<IconPlus size={16} />}
            rightSection={isPhone ? undefined : <Kbd size="xs">N</Kbd>}
            data-testid="new-invoice"
          >
            {t('invoices.new')}
          </Button>
        )}
      </Group>

      <Paper withBorder p="sm" radius="md">
        <Stack gap="sm">
          <ListSearchInput
            inputRef={searchRef}
            label={t('invoices.searchLabel')}
            placeholder={t('invoices.searchPlaceholder')}
            value={search}
            onChange={setSearch}
            fetching={list.isFetching && !list.isPending}
            isPhone={isPhone}
            onFirstRow={() => focusRow(0)}
            onOnlyRow={() => rows.length === 1 && rows[0] && open(rows[0])}
            testId="invoice-search"
          />
          {isPhone && (
            <FiltersToggle
              label={t('invoices.filters')}
              active={activeFilters}
              opened={filtersOpen}
              onToggle={toggleFilters}
            />
          )}
          <Collapse expanded={!isPhone || filtersOpen}>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="xs" verticalSpacing="xs">
              <CustomerPicker
                aria-label={t('invoices.fields.customer')}
                placeholder={t('invoices.anyCustomer')}
                nothingFoundMessage={t('invoices.noCustomerFound')}
                value={params.customer_id ?? null}
                onChange={(id) => update({ customer_id: id ?? undefined })}
                data-testid="invoice-customer-filter"
              />
              <Select
                aria-label={t('invoices.fields.status')}
                placeholder={t('invoices.anyStatus')}
                clearable
                data={invoiceStatuses.map((value) => ({ value, label: t(`invoices.statuses.${value}`) }))}
                value={params.status ?? null}
                onChange={(value) => update({ status: value ?? undefined })}
                data-testid="invoice-status-filter"
              />
              <TextInput
                type="date"
                aria-label={t('invoices.issuedFrom')}
                leftSection={
                  <Text size="xs" c="dimmed">
                    {t('invoices.fromShort')}
                  </Text>
                }
                leftSectionWidth={40}
                value={params.from ?? ''}
                max={params.to}
                onChange={(event) => update({ from: event.currentTarget.value })}
              />
              <TextInput
                type="date"
                aria-label={t('invoices.issuedTo')}
                leftSection={
                  <Text size="xs" c="dimmed">
                    {t('invoices.toShort')}
                  </Text>
                }
                leftSectionWidth={40}
                value={params.to ?? ''}
                min={params.from}
                onChange={(event) => update({ to: event.currentTarget.value })}
              />
              <Switch
                style={{ alignSelf: 'center' }}
                color="red"
                label={t('invoices.overdueOnly')}
                checked={params.overdue === 'true'}
                onChange={(event) => update({ overdue: event.currentTarget.checked ? 'true' : undefined })}
                data-testid="invoice-overdue-filter"
              />
            </SimpleGrid>
          </Collapse>
        </Stack>
      </Paper>

      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}

      <section ref={listRef} aria-label={t('invoices.listLabel')} aria-busy={list.isFetching}>
        {list.isPending ? (
          <ListSkeleton rows={6} height={isPhone ? 96 : 44} />
        ) : rows.length === 0 && !list.isError ? (
          <EmptyList
            icon={IconFileInvoice}
            testId="invoice-empty"
            message={filtered ? t('invoices.emptyFiltered') : t('invoices.empty')}
          >
            {filtered ? (
              <Button variant="subtle" component={Link} to="/invoices">
                {t('invoices.clearFilters')}
              </Button>
            ) : (
              canWrite && (
                <Button component={Link} to={newInvoicePath} leftSection={<IconPlus size={16} />}>
                  {t('invoices.new')}
                </Button>
              )
            )}
          </EmptyList>
        ) : isPhone ? (
          <Stack gap="xs">
            {rows.map((invoice, index) => (
              <Card key={invoice.id} withBorder padding="sm" radius="md" {...rowProps(invoice, index)}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  {number(invoice)}
                  <InvoiceBadges invoice={invoice} />
                </Group>
                <Text size="sm" fw={500} mt={4} truncate>
                  {customerName(invoice)}
                </Text>
                <Group justify="space-between" wrap="nowrap" mt={4} align="flex-end">
                  <Text size="xs" c="dimmed">
                    {invoice.issued_on
                      ? t('invoices.dueOnShort', { date: date(invoice.due_on) })
                      : t('invoices.createdOn', { date: format.date(invoice.created_at) })}
                  </Text>
                  <div style={{ textAlign: 'right' }}>
                    <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>
                      {money(invoice.total_cents, invoice.currency)}
                    </Text>
                    {invoice.status !== 'draft' && invoice.balance_due_cents !== invoice.total_cents && (
                      <Text
                        size="xs"
                        c={invoice.is_overdue ? 'red' : 'dimmed'}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {t('invoices.balanceShort', {
                          amount: money(invoice.balance_due_cents, invoice.currency),
                        })}
                      </Text>
                    )}
                  </div>
                </Group>
              </Card>
            ))}
          </Stack>
        ) : (
          <Paper withBorder radius="md" className="table-scroll">
            <Table highlightOnHover verticalSpacing="xs" miw={860}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('invoices.fields.number')}</Table.Th>
                  <Table.Th>{t('invoices.fields.customer')}</Table.Th>
                  <Table.Th>{t('invoices.fields.issuedOn')}</Table.Th>
                  <Table.Th>{t('invoices.fields.dueOn')}</Table.Th>
                  <Table.Th ta="right">{t('invoices.fields.total')}</Table.Th>
                  <Table.Th ta="right">{t('invoices.fields.balanceDue')}</Table.Th>
                  <Table.Th>{t('invoices.fields.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((invoice, index) => (
                  <Table.Tr key={invoice.id} {...rowProps(invoice, index)}>
                    <Table.Td>{number(invoice)}</Table.Td>
                    <Table.Td maw={260}>
                      <Text size="sm" truncate>
                        {customerName(invoice)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{date(invoice.issued_on)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text
                        size="sm"
                        c={invoice.is_overdue ? 'red' : undefined}
                        fw={invoice.is_overdue ? 600 : undefined}
                      >
                        {date(invoice.due_on)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                        {money(invoice.total_cents, invoice.currency)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text
                        size="sm"
                        style={{ whiteSpace: 'nowrap' }}
                        c={invoice.is_overdue ? 'red' : undefined}
                      >
                        {invoice.status === 'draft' || invoice.status === 'void'
                          ? '—'
                          : money(invoice.balance_due_cents, invoice.currency)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <InvoiceBadges invoice={invoice} />
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
    </Stack>
  );
}
