import { Group, Paper, Select, Skeleton, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type Icon, IconSearch } from '@tabler/icons-react';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ListPagination } from '../../ui/ListPagination';
import { EmptyList } from '../../ui/ListStates';
import { QueryError } from '../../ui/QueryError';

/** The filters of a quotes or orders list, kept in the address (shareable, back-button friendly). */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  return {
    q: params.get('q') ?? '',
    status: params.get('status'),
    customer_id: params.get('customer_id'),
    page: Number(params.get('page') ?? '1') || 1,
    set,
  };
}

export interface DocumentRow {
  id: string;
  to: string;
  number: string;
  badge: ReactNode;
  customer: string;
  detail: string;
  amount: string;
}

/**
 * A searchable, filterable list of documents (quotes, orders): one row per document, readable
 * on a phone as on a desktop (number and status, customer, amount).
 */
export function DocumentList({
  testId,
  searchLabel,
  statuses,
  statusLabel,
  query,
  rows,
  empty,
  icon,
  filters,
}: {
  testId: string;
  searchLabel: string;
  statuses: { value: string; label: string }[];
  statusLabel: string;
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    refetch: () => unknown;
    isFetching: boolean;
    data?: { pagination: { page: number; pages: number; total: number } };
  };
  rows: DocumentRow[];
  empty: string;
  icon: Icon;
  filters: ReturnType<typeof useListParams>;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SearchBox
          label={searchLabel}
          value={filters.q}
          onChange={(value) => filters.set('q', value || null)}
          testId={`${testId}-search`}
        />
        <Select
          label={statusLabel}
          data={statuses}
          value={filters.status}
          onChange={(value) => filters.set('status', value)}
          clearable
          placeholder={t('quotes.list.allStatuses')}
          w={{ base: '100%', xs: 200 }}
          data-testid={`${testId}-status`}
        />
      </Group>
      {query.isPending ? (
        <Skeleton h={200} />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyList icon={icon} message={empty} testId={`${testId}-empty`} />
      ) : (
        <Paper withBorder radius="md" data-testid={testId}>
          {rows.map((row, index) => (
            <UnstyledButton
              key={row.id}
              onClick={() => void navigate(row.to)}
              className="clickable-row"
              w="100%"
              px="md"
              py="sm"
              style={index ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}
              data-testid={`${testId}-row`}
            >
              <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <Text fw={600} ff="monospace" size="sm">
                      {row.number}
                    </Text>
                    {row.badge}
                  </Group>
                  <Text size="sm" truncate>
                    {row.customer}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {row.detail}
                  </Text>
                </Stack>
                <Text fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {row.amount}
                </Text>
              </Group>
            </UnstyledButton>
          ))}
        </Paper>
      )}
      {query.data && (
        <ListPagination
          pagination={query.data.pagination}
          label={t('quotes.list.page', {
            page: query.data.pagination.page,
            pages: query.data.pagination.pages,
          })}
          onChange={(page) => filters.set('page', String(page))}
        />
      )}
    </Stack>
  );
}

function SearchBox({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  // Typed text is kept here and sent once the typing pauses.
  const [typed, setTyped] = useDebouncedState(value, onChange);
  return (
    <TextInput
      label={label}
      value={typed}
      onChange={(event) => setTyped(event.currentTarget.value)}
      leftSection={<IconSearch size={16} />}
      w={{ base: '100%', xs: 280 }}
      data-testid={testId}
    />
  );
}

function useDebouncedState(value: string, onSettled: (value: string) => void) {
  const [typed, setTyped] = useState(value);
  const [settled] = useDebouncedValue(typed, 300);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled change of the text is sent
  useEffect(() => {
    if (settled !== value) onSettled(settled);
  }, [settled]);
  return [typed, setTyped] as const;
}
