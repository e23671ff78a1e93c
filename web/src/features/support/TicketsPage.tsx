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
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure, useHotkeys, useMediaQuery } from '@mantine/hooks';
import { IconChartBar, IconLifebuoy, IconPlus } from '@tabler/icons-react';
import { type KeyboardEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { oneOf, pageParam, useDebouncedInput, useSearchParamsUpdate } from '../../lib/url-state';
import { ListPagination } from '../../ui/ListPagination';
import { EmptyList, ListSkeleton } from '../../ui/ListStates';
import { FiltersToggle, ListSearchInput } from '../../ui/ListToolbar';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe, useUsers } from '../auth/auth.api';
import { shortDateTime } from './duration';
import { NewTicketModal } from './NewTicketModal';
import { useTickets } from './support.api';
import { useTicketListsLive } from './support.live';
import {
  activeStatuses,
  type Ticket,
  type TicketCategory,
  type TicketListParams,
  type TicketPriority,
  type TicketSort,
  type TicketStatus,
  ticketCategories,
  ticketPriorities,
  ticketSorts,
  ticketStatuses,
} from './support.types';
import { SlaBadge, TicketPriorityBadge, TicketStatusBadge } from './TicketBadges';

const perPage = 25;
const uuidParam = (value: string | null) =>
  value !== null && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined;

type UrlKey = 'q' | 'status' | 'priority' | 'category' | 'assigned_to' | 'customer_id' | 'sort';

/** The queue's state lives in the URL. `status` absent means the tickets still to handle. */
function useQueueParams() {
  const [params] = useSearchParams();
  const status = params.get('status');
  const assigned = params.get('assigned_to');
  const state = {
    q: params.get('q') ?? undefined,
    status: status === 'all' ? 'all' : (oneOf<TicketStatus>(ticketStatuses, status) ?? undefined),
    priority: oneOf<TicketPriority>(ticketPriorities, params.get('priority')),
    category: oneOf<TicketCategory>(ticketCategories, params.get('category')),
    assigned_to: assigned === 'me' || assigned === 'none' ? assigned : uuidParam(assigned),
    customer_id: uuidParam(params.get('customer_id')),
    sort: oneOf<TicketSort>(ticketSorts, params.get('sort')) ?? 'newest',
    page: pageParam(params),
  };
  const query: TicketListParams = {
    q: state.q,
    status: state.status === 'all' ? undefined : (state.status ?? activeStatuses.join(',')),
    priority: state.priority,
    category: state.category,
    assigned_to: state.assigned_to,
    customer_id: state.customer_id,
    sort: state.sort,
    page: state.page,
    per_page: perPage,
  };
  return [state, query, useSearchParamsUpdate<UrlKey>({ sort: 'newest' })] as const;
}

/** The support queue: filters in the URL, badges at a glance, j/k and Enter to work through it. */
export function TicketsPage() {
  const { t } = useTranslation();
  usePageTitle(t('support.title'));
  const navigate = useNavigate();
  const format = useFormat();
  const me = useMe().data?.user;
  const isStaff = me?.role === 'admin' || me?.role === 'staff' || me?.role === 'advisor';
  const users = useUsers({ enabled: isStaff });
  const [params, query, update] = useQueueParams();
  const list = useTickets(query);
  useTicketListsLive();
  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure();
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLElement>(null);
  const [search, setSearch] = useDebouncedInput(params.q, (q) => update({ q }), 250);

  const rowElements = () => [...(listRef.current?.querySelectorAll<HTMLElement>('[data-row]') ?? [])];
  const focusRow = (index: number) => {
    const targets = rowElements();
    targets[Math.max(0, Math.min(index, targets.length - 1))]?.focus();
  };
  const focusedIndex = () => rowElements().indexOf(document.activeElement as HTMLElement);
  useHotkeys([
    ['/', () => searchRef.current?.focus()],
    ['n', () => setCreating(true)],
    ['j', () => focusRow(focusedIndex() + 1)],
    ['k', () => focusRow(Math.max(0, focusedIndex() - 1))],
  ]);

  const activeFilters = [
    params.status,
    params.priority,
    params.category,
    params.assigned_to,
    params.customer_id,
  ].filter(Boolean).length;
  const filtered = activeFilters > 0 || !!params.q;
  const open = (ticket: Ticket) => void navigate(`/tickets/${ticket.id}`);
  const who = (ticket: Ticket) => ticket.customer_name || ticket.requester_name || t('support.internal');

  const rowProps = (ticket: Ticket, index: number) => ({
    'data-row': true,
    'data-testid': 'ticket-row',
    tabIndex: 0,
    role: 'link',
    'aria-label': `${ticket.number} · ${ticket.subject}`,
    className: 'clickable-row',
    onClick: () => open(ticket),
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open(ticket);
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

  const assigneeOptions = [
    { value: 'me', label: t('support.assignedToMe') },
    { value: 'none', label: t('support.unassignedOnly') },
    ...(users.data?.data ?? []).map((user) => ({ value: user.id, label: user.name })),
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('support.title')}
          </Title>
          {pagination && (
            <Text c="dimmed" size="sm" data-testid="ticket-total">
              {t('support.total', { count: pagination.total })}
            </Text>
          )}
        </div>
        <Group gap="xs">
          {isStaff && (
            <Button
              component={Link}
              to="/support/stats"
              variant="default"
              leftSection={<IconChartBar size={16} />}
              data-testid="ticket-stats-link"
            >
              {t('support.stats.link')}
            </Button>
          )}
          <Button
            leftSection={<IconPlus size={16} />}
            rightSection={isPhone ? undefined : <Kbd size="xs">N</Kbd>}
            onClick={() => setCreating(true)}
            data-testid="new-ticket"
          >
            {t('support.new')}
          </Button>
        </Group>
      </Group>

      <Paper withBorder p="sm" radius="md">
        <Stack gap="sm">
          <ListSearchInput
            inputRef={searchRef}
            label={t('support.searchLabel')}
            placeholder={t('support.searchPlaceholder')}
            value={search}
            onChange={setSearch}
            fetching={list.isFetching && !list.isPending}
            isPhone={isPhone}
            onFirstRow={() => focusRow(0)}
            onOnlyRow={() => rows.length === 1 && rows[0] && open(rows[0])}
            testId="ticket-search"
          />
          {isPhone && (
            <FiltersToggle
              label={t('support.filters')}
              active={activeFilters}
              opened={filtersOpen}
              onToggle={toggleFilters}
            />
          )}
          <Collapse expanded={!isPhone || filtersOpen}>
            <SimpleGrid cols={{ base: 1, xs: 2, md: isStaff ? 5 : 4 }} spacing="xs" verticalSpacing="xs">
              <Select
                aria-label={t('support.fields.status')}
                data={[
                  { value: 'active', label: t('support.statusFilter.active') },
                  { value: 'all', label: t('support.statusFilter.all') },
                  ...ticketStatuses.map((value) => ({ value, label: t(`support.statuses.${value}`) })),
                ]}
                value={params.status ?? 'active'}
                allowDeselect={false}
                onChange={(value) =>
                  update({ status: value === 'active' ? undefined : (value ?? undefined) })
                }
                data-testid="ticket-status-filter"
              />
              <Select
                aria-label={t('support.fields.priority')}
                placeholder={t('support.anyPriority')}
                clearable
                data={ticketPriorities.map((value) => ({ value, label: t(`support.priorities.${value}`) }))}
                value={params.priority ?? null}
                onChange={(value) => update({ priority: value ?? undefined })}
                data-testid="ticket-priority-filter"
              />
              <Select
                aria-label={t('support.fields.category')}
                placeholder={t('support.anyCategory')}
                clearable
                data={ticketCategories.map((value) => ({ value, label: t(`support.categories.${value}`) }))}
                value={params.category ?? null}
                onChange={(value) => update({ category: value ?? undefined })}
                data-testid="ticket-category-filter"
              />
              {isStaff && (
                <Select
                  aria-label={t('support.fields.assignee')}
                  placeholder={t('support.anyAssignee')}
                  clearable
                  searchable
                  data={assigneeOptions}
                  value={params.assigned_to ?? null}
                  onChange={(value) => update({ assigned_to: value ?? undefined })}
                  data-testid="ticket-assignee-filter"
                />
              )}
              <Select
                aria-label={t('support.sortLabel')}
                data={ticketSorts.map((value) => ({ value, label: t(`support.sorts.${value}`) }))}
                value={params.sort}
                allowDeselect={false}
                onChange={(value) => update({ sort: value ?? undefined })}
                data-testid="ticket-sort"
              />
            </SimpleGrid>
          </Collapse>
        </Stack>
      </Paper>

      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}

      <section ref={listRef} aria-label={t('support.listLabel')} aria-busy={list.isFetching}>
        {list.isPending ? (
          <ListSkeleton rows={6} height={isPhone ? 96 : 44} />
        ) : rows.length === 0 && !list.isError ? (
          <EmptyList
            icon={IconLifebuoy}
            testId="ticket-empty"
            message={filtered ? t('support.emptyFiltered') : t('support.empty')}
          >
            {filtered && (
              <Button variant="subtle" component={Link} to="/tickets?status=all">
                {t('support.clearFilters')}
              </Button>
            )}
          </EmptyList>
        ) : isPhone ? (
          <Stack gap="xs">
            {rows.map((ticket, index) => (
              <Card key={ticket.id} withBorder padding="sm" radius="md" {...rowProps(ticket, index)}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" fw={600} ff="monospace">
                    {ticket.number}
                  </Text>
                  <Group gap={4} wrap="nowrap">
                    <TicketPriorityBadge priority={ticket.priority} />
                    <TicketStatusBadge status={ticket.status} />
                  </Group>
                </Group>
                <Text size="sm" fw={500} mt={4} lineClamp={2}>
                  {ticket.subject}
                </Text>
                <Group justify="space-between" wrap="nowrap" mt={4} gap="xs">
                  <Text size="xs" c="dimmed" truncate>
                    {who(ticket)} · {shortDateTime(ticket.last_message_at, format.locale)}
                  </Text>
                  <div style={{ flexShrink: 0 }}>
                    <SlaBadge ticket={ticket} />
                  </div>
                </Group>
              </Card>
            ))}
          </Stack>
        ) : (
          <Paper withBorder radius="md" className="table-scroll">
            <Table highlightOnHover verticalSpacing="xs" miw={900}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('support.fields.number')}</Table.Th>
                  <Table.Th>{t('support.fields.subject')}</Table.Th>
                  <Table.Th>{t('support.fields.status')}</Table.Th>
                  <Table.Th>{t('support.fields.priority')}</Table.Th>
                  <Table.Th>{t('support.fields.assignee')}</Table.Th>
                  <Table.Th>{t('support.fields.sla')}</Table.Th>
                  <Table.Th>{t('support.fields.lastActivity')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((ticket, index) => (
                  <Table.Tr key={ticket.id} {...rowProps(ticket, index)}>
                    <Table.Td>
                      <Text size="sm" fw={600} ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                        {ticket.number}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={360}>
                      <Text size="sm" fw={500} truncate>
                        {ticket.subject}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {who(ticket)} · {t(`support.categories.${ticket.category}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <TicketStatusBadge status={ticket.status} />
                    </Table.Td>
                    <Table.Td>
                      <TicketPriorityBadge priority={ticket.priority} />
                    </Table.Td>
                    <Table.Td maw={160}>
                      <Text size="sm" truncate c={ticket.assignee_name ? undefined : 'dimmed'}>
                        {ticket.assignee_name ?? t('support.unassigned')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <SlaBadge ticket={ticket} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {shortDateTime(ticket.last_message_at, format.locale)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </section>

      {!isPhone && rows.length > 0 && (
        <Text size="xs" c="dimmed" ta="center">
          {t('support.keyboardHint')}
        </Text>
      )}

      {pagination && (
        <ListPagination
          pagination={pagination}
          label={t('support.pageOf', { page: pagination.page, pages: pagination.pages })}
          onChange={(page) => update({ page })}
        />
      )}

      <NewTicketModal
        opened={creating}
        onClose={() => setCreating(false)}
        customerId={params.customer_id}
        onCreated={(ticket) => void navigate(`/tickets/${ticket.id}`)}
      />
    </Stack>
  );
}
