import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Pagination,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconInfoCircle, IconRefresh, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { type DomainEvent, type EventStatus, useEvents, useRetryEvent } from './events.api';

const statusColors: Record<EventStatus, string> = { pending: 'blue', done: 'gray', failed: 'red' };

/** Admins: the events recorded with each change, and the ones whose handlers gave up. */
export function EventsPage() {
  const { t } = useTranslation();
  usePageTitle(t('events.title'));
  const format = useFormat();
  const [status, setStatus] = useState<EventStatus | 'all'>('failed');
  const [type, setType] = useState('');
  const [debouncedType] = useDebouncedValue(type.trim(), 300);
  const [page, setPage] = useState(1);
  const events = useEvents({
    status: status === 'all' ? undefined : status,
    type: debouncedType || undefined,
    page,
  });
  const retry = useRetryEvent();

  const onRetry = (event: DomainEvent) =>
    retry.mutate(event.id, {
      onSuccess: () => notifySuccess(t('events.retried', { type: event.type })),
      onError: notifyError,
    });

  const rows = events.data?.data ?? [];
  return (
    <Stack gap="md">
      <Title order={2}>{t('events.title')}</Title>
      <Text c="dimmed" size="sm">
        {t('events.help')}
      </Text>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          value={status}
          onChange={(value) => {
            setStatus(value as EventStatus | 'all');
            setPage(1);
          }}
          data={(['failed', 'pending', 'done', 'all'] as const).map((value) => ({
            value,
            label: t(`events.status.${value}`),
          }))}
          aria-label={t('events.statusFilter')}
        />
        <TextInput
          placeholder={t('events.typePlaceholder')}
          aria-label={t('events.type')}
          leftSection={<IconSearch size={16} />}
          value={type}
          onChange={(event) => {
            setType(event.currentTarget.value);
            setPage(1);
          }}
          w={{ base: '100%', sm: 260 }}
        />
      </Group>
      {events.error && <QueryError error={events.error} onRetry={() => void events.refetch()} />}
      {events.data && rows.length === 0 && (
        <Alert color="gray" icon={<IconInfoCircle size={18} />}>
          {status === 'failed' ? t('events.noFailed') : t('events.none')}
        </Alert>
      )}
      {rows.length > 0 && (
        <Card withBorder padding={0} radius="md">
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="events-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('events.columns.when')}</Table.Th>
                  <Table.Th>{t('events.columns.type')}</Table.Th>
                  <Table.Th>{t('events.columns.customer')}</Table.Th>
                  <Table.Th>{t('events.columns.status')}</Table.Th>
                  <Table.Th>{t('events.columns.error')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((event) => (
                  <Table.Tr key={event.id}>
                    <Table.Td>
                      <Text size="sm">{format.dateTime(event.created_at)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {event.type}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {event.customer_id ? (
                        <Text size="sm" component={Link} to={`/customers/${event.customer_id}`} c="indigo">
                          {t('events.openCustomer')}
                        </Text>
                      ) : (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={statusColors[event.status]} variant="light">
                        {t(`events.status.${event.status}`)}
                      </Badge>
                      {event.attempts > 0 && (
                        <Text size="xs" c="dimmed">
                          {t('events.attempts', { count: event.attempts })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td maw={320}>
                      <Text size="xs" c={event.last_error ? 'red' : 'dimmed'} lineClamp={3}>
                        {event.last_error ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {event.status === 'failed' && (
                        <Button
                          size="xs"
                          variant="light"
                          leftSection={<IconRefresh size={14} />}
                          loading={retry.isPending && retry.variables === event.id}
                          onClick={() => onRetry(event)}
                        >
                          {t('events.retry')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {(events.data?.pagination.pages ?? 1) > 1 && (
        <Pagination value={page} onChange={setPage} total={events.data?.pagination.pages ?? 1} />
      )}
    </Stack>
  );
}
