import {
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure, useHotkeys, useMediaQuery } from '@mantine/hooks';
import { IconFilterOff, IconPlus, IconUsers } from '@tabler/icons-react';
import { type KeyboardEvent, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { formatPhone, useFormat } from '../../lib/format';
import { oneOf, pageParam, useDebouncedInput, useSearchParamsUpdate } from '../../lib/url-state';
import { KindBadge, PrivacyBadge } from '../../ui/badges';
import { ListPagination } from '../../ui/ListPagination';
import { EmptyList, ListSkeleton } from '../../ui/ListStates';
import { FiltersToggle, ListSearchInput } from '../../ui/ListToolbar';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useCustomers } from './customers.api';
import {
  type ArchivedFilter,
  archivedFilters,
  type Customer,
  type CustomerKind,
  type CustomerListParams,
  type CustomerSort,
  customerKinds,
  customerSorts,
  type PrivacyLevel,
  privacyLevels,
} from './customers.types';
import { NewCustomerModal } from './NewCustomerModal';

const perPage = 25;

/** The list's state lives in the URL: back, reload and shared links keep it. */
function useListParams() {
  const [params] = useSearchParams();
  const state: CustomerListParams = {
    q: params.get('q') ?? undefined,
    segment: params.get('segment') ?? undefined,
    privacy_level: oneOf<PrivacyLevel>(privacyLevels, params.get('privacy_level')),
    kind: oneOf<CustomerKind>(customerKinds, params.get('kind')),
    archived: oneOf<ArchivedFilter>(archivedFilters, params.get('archived')) ?? 'exclude',
    sort: oneOf<CustomerSort>(customerSorts, params.get('sort')),
    page: pageParam(params),
    per_page: perPage,
  };
  const update = useSearchParamsUpdate<keyof CustomerListParams>({ archived: 'exclude' });
  return [state, update] as const;
}

export function CustomerListPage() {
  const { t } = useTranslation();
  usePageTitle(t('customers.title'));
  const navigate = useNavigate();
  const [params, update] = useListParams();
  const list = useCustomers(params);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLElement>(null);
  const [creating, { open: openCreate, close: closeCreate }] = useDisclosure();
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });

  const [search, setSearch] = useDebouncedInput(params.q, (q) => update({ q }), 250);
  const [segment, setSegment] = useDebouncedInput(params.segment, (value) => update({ segment: value }), 250);

  useHotkeys([
    ['/', () => searchRef.current?.focus()],
    ['mod+k', () => searchRef.current?.focus()],
  ]);

  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;
  const activeFilters =
    [params.segment, params.privacy_level, params.kind, params.sort].filter(Boolean).length +
    (params.archived !== 'exclude' ? 1 : 0);
  const filtered = !!(
    params.q ||
    params.segment ||
    params.privacy_level ||
    params.kind ||
    params.archived !== 'exclude'
  );

  const open = (customer: Customer) => void navigate(`/customers/${customer.id}`);

  const focusRow = (index: number) => {
    const targets = listRef.current?.querySelectorAll<HTMLElement>('[data-row]');
    targets?.[Math.max(0, Math.min(index, targets.length - 1))]?.focus();
  };

  const onRowKey = (event: KeyboardEvent<HTMLElement>, customer: Customer, index: number) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(customer);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusRow(index + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (index === 0) searchRef.current?.focus();
      else focusRow(index - 1);
    }
  };

  const rowProps = (customer: Customer, index: number): RowProps => ({
    'data-row': true,
    'data-testid': 'customer-row',
    tabIndex: 0,
    role: 'link',
    'aria-label': customer.display_name,
    className: 'clickable-row',
    onClick: () => open(customer),
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => onRowKey(event, customer, index),
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Group gap="sm" align="baseline">
          <Title order={1} size="h2">
            {t('customers.title')}
          </Title>
          {pagination && (
            <Text c="dimmed" size="sm" data-testid="customer-total">
              {pagination.total_is_exact === false
                ? t('customers.totalAtLeast', { count: pagination.total })
                : t('customers.total', { count: pagination.total })}
            </Text>
          )}
        </Group>
        <Button leftSection={<IconPlus size={16} />} onClick={openCreate} data-testid="new-customer">
          {t('customers.new')}
        </Button>
      </Group>

      <Paper withBorder p="sm" radius="md">
        <Stack gap="sm">
          <ListSearchInput
            inputRef={searchRef}
            autoFocus
            size="md"
            label={t('customers.searchLabel')}
            placeholder={t('customers.searchPlaceholder')}
            value={search}
            onChange={setSearch}
            fetching={list.isFetching && !list.isPending}
            isPhone={isPhone}
            onFirstRow={() => focusRow(0)}
            onOnlyRow={() => rows.length === 1 && rows[0] && open(rows[0])}
            testId="customer-search"
          />
          {isPhone && (
            <FiltersToggle
              label={t('customers.filters')}
              active={activeFilters}
              opened={filtersOpen}
              onToggle={toggleFilters}
            />
          )}
          <Collapse expanded={!isPhone || filtersOpen}>
            <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="xs">
              <TextInput
                size="sm"
                aria-label={t('customers.segment')}
                placeholder={t('customers.anySegment')}
                value={segment}
                onChange={(event) => setSegment(event.currentTarget.value)}
              />
              <Select
                size="sm"
                aria-label={t('fields.privacy_level')}
                placeholder={t('customers.anyPrivacy')}
                clearable
                data={privacyLevels.map((value) => ({ value, label: t(`privacyLevels.${value}`) }))}
                value={params.privacy_level ?? null}
                onChange={(value) => update({ privacy_level: value ?? undefined })}
              />
              <Select
                size="sm"
                aria-label={t('fields.kind')}
                placeholder={t('customers.anyKind')}
                clearable
                data={customerKinds.map((value) => ({ value, label: t(`kinds.${value}`) }))}
                value={params.kind ?? null}
                onChange={(value) => update({ kind: value ?? undefined })}
              />
              <Select
                size="sm"
                aria-label={t('customers.archived.label')}
                data={archivedFilters.map((value) => ({ value, label: t(`customers.archived.${value}`) }))}
                value={params.archived ?? 'exclude'}
                allowDeselect={false}
                onChange={(value) => update({ archived: value ?? undefined })}
              />
              <Select
                size="sm"
                aria-label={t('customers.sort.label')}
                placeholder={params.q ? t('customers.sort.relevance') : t('customers.sort.name')}
                clearable
                data={customerSorts.map((value) => ({ value, label: t(`customers.sort.${value}`) }))}
                value={params.sort ?? null}
                onChange={(value) => update({ sort: value ?? undefined })}
              />
            </SimpleGrid>
          </Collapse>
        </Stack>
      </Paper>

      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}

      <section ref={listRef} aria-label={t('customers.listLabel')} aria-busy={list.isFetching}>
        {list.isPending ? (
          <ListSkeleton rows={6} height={48} />
        ) : rows.length === 0 && !list.isError ? (
          <EmptyList
            icon={IconUsers}
            testId="customer-empty"
            message={
              params.q
                ? t('customers.emptySearch', { q: params.q })
                : filtered
                  ? t('customers.emptyFilters')
                  : t('customers.empty')
            }
          >
            {filtered ? (
              <Button
                variant="light"
                leftSection={<IconFilterOff size={16} />}
                onClick={() =>
                  update({
                    q: undefined,
                    segment: undefined,
                    privacy_level: undefined,
                    kind: undefined,
                    archived: undefined,
                  })
                }
              >
                {t('customers.clearFilters')}
              </Button>
            ) : (
              <Button leftSection={<IconPlus size={16} />} onClick={openCreate}>
                {t('customers.new')}
              </Button>
            )}
          </EmptyList>
        ) : isPhone ? (
          <Stack gap="xs">
            {rows.map((customer, index) => (
              <CustomerCard key={customer.id} customer={customer} {...rowProps(customer, index)} />
            ))}
          </Stack>
        ) : (
          <Paper withBorder radius="md" className="table-scroll">
            <CustomerTable rows={rows} rowProps={rowProps} />
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

      <NewCustomerModal opened={creating} onClose={closeCreate} />
    </Stack>
  );
}

interface RowProps {
  'data-row': boolean;
  'data-testid': string;
  tabIndex: number;
  role: string;
  'aria-label': string;
  className: string;
  onClick: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
}

function CustomerTable({
  rows,
  rowProps,
}: {
  rows: Customer[];
  rowProps: (customer: Customer, index: number) => RowProps;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table highlightOnHover verticalSpacing="sm" miw={760}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('customers.columns.name')}</Table.Th>
          <Table.Th>{t('customers.columns.contact')}</Table.Th>
          <Table.Th>{t('customers.columns.segments')}</Table.Th>
          <Table.Th>{t('customers.columns.privacy')}</Table.Th>
          <Table.Th>{t('customers.columns.created')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((customer, index) => (
          <Table.Tr key={customer.id} {...rowProps(customer, index)}>
            <Table.Td>
              <Group gap={8} wrap="nowrap">
                <Text fw={600} size="sm">
                  {customer.display_name || t('common.unknown')}
                </Text>
                <KindBadge kind={customer.kind} size="xs" />
                <StatusBadges customer={customer} />
              </Group>
              {customer.matricule && (
                <Text size="xs" c="dimmed" ff="monospace">
                  {customer.matricule}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{customer.email ?? t('common.unknown')}</Text>
              <Text size="xs" c="dimmed">
                {customer.phone ? formatPhone(customer.phone) : ''}
              </Text>
            </Table.Td>
            <Table.Td>
              <Segments segments={customer.segments} />
            </Table.Td>
            <Table.Td>
              <PrivacyBadge level={customer.privacy_level} size="xs" />
            </Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed">
                {format.date(customer.created_at)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function CustomerCard({ customer, ...props }: { customer: Customer } & RowProps) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" radius="md" {...props}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} truncate>
          {customer.display_name || t('common.unknown')}
        </Text>
        <PrivacyBadge level={customer.privacy_level} size="xs" />
      </Group>
      <Text size="sm" c="dimmed" truncate>
        {[customer.email, customer.phone ? formatPhone(customer.phone) : null].filter(Boolean).join(' · ') ||
          t('common.unknown')}
      </Text>
      <Group gap={4} mt={6}>
        <KindBadge kind={customer.kind} size="xs" />
        <StatusBadges customer={customer} />
        <Segments segments={customer.segments} />
      </Group>
    </Card>
  );
}

function StatusBadges({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  return (
    <>
      {customer.anonymized_at ? (
        <Badge size="xs" color="dark" variant="light">
          {t('customers.anonymizedBadge')}
        </Badge>
      ) : customer.archived_at ? (
        <Badge size="xs" color="gray" variant="filled">
          {t('customers.archivedBadge')}
        </Badge>
      ) : null}
    </>
  );
}

function Segments({ segments }: { segments: string[] }) {
  if (!segments.length) return null;
  return (
    <Group gap={4}>
      {segments.slice(0, 3).map((segment) => (
        <Badge key={segment} size="xs" variant="default" radius="sm" tt="none">
          {segment}
        </Badge>
      ))}
      {segments.length > 3 && (
        <Badge size="xs" variant="default" radius="sm">
          +{segments.length - 3}
        </Badge>
      )}
    </Group>
  );
}
