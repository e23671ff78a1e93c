import { Badge, Group, Pagination, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { QueryError } from '../../ui/QueryError';
import { type LedgerEntry, useBalanceHistory } from './finances.api';
import { useMoney } from './useMoney';

// The chart library is large: it loads with this tab, not with the app.
const BalanceChart = lazy(() =>
  import('./BalanceChart').then((module) => ({ default: module.BalanceChart })),
);

const typeColors: Record<LedgerEntry['entry_type'], string> = {
  invoice: 'blue',
  payment: 'teal',
  credit_note: 'cyan',
  refund: 'orange',
  adjustment: 'grape',
};

/** The ledger: a balance-over-time chart and the entries, newest first, a page at a time. */
export function BalanceHistory({ customerId, currency }: { customerId: string; currency: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const [page, setPage] = useState(1);
  const history = useBalanceHistory(customerId, page);
  const entries = history.data?.data ?? [];
  const pagination = history.data?.pagination;

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('finances.history.title')}
        </Title>
        {(pagination?.total ?? 0) > 1 && (
          <Suspense fallback={<Skeleton h={180} />}>
            <BalanceChart customerId={customerId} currency={currency} />
          </Suspense>
        )}
        {history.isError && <QueryError error={history.error} onRetry={() => void history.refetch()} />}
        {history.isPending ? (
          <Skeleton h={160} />
        ) : entries.length === 0 && !history.isError ? (
          <Text c="dimmed" size="sm">
            {t('finances.history.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped verticalSpacing="xs" data-testid="balance-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('finances.history.date')}</Table.Th>
                  <Table.Th>{t('finances.history.type')}</Table.Th>
                  <Table.Th>{t('finances.history.description')}</Table.Th>
                  <Table.Th ta="right">{t('finances.history.amount')}</Table.Th>
                  <Table.Th ta="right">{t('finances.history.balanceAfter')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((entry) => (
                  <Table.Tr key={entry.id} data-testid="ledger-entry" data-entry-type={entry.entry_type}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.date(entry.created_at)}</Table.Td>
                    <Table.Td>
                      <Badge
                        size="sm"
                        variant="light"
                        color={typeColors[entry.entry_type]}
                        style={{ overflow: 'visible' }}
                      >
                        {t(`finances.entryTypes.${entry.entry_type}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <Text size="sm">{entry.description ?? entry.reason ?? '—'}</Text>
                      {entry.description && entry.reason && (
                        <Text size="xs" c="dimmed">
                          {entry.reason}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td
                      ta="right"
                      c={entry.amount_cents < 0 ? 'teal' : undefined}
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {money(entry.amount_cents, entry.currency)}
                    </Table.Td>
                    <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {money(entry.balance_after_cents, entry.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {pagination && pagination.pages > 1 && (
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('finances.history.pageOf', { page: pagination.page, pages: pagination.pages })}
            </Text>
            <Pagination total={pagination.pages} value={page} onChange={setPage} size="sm" siblings={0} />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
