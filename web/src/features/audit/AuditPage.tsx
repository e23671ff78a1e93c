import {
  Autocomplete,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFilterOff, IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { translateServerMessage } from '../../i18n';
import { isApiError } from '../../lib/api';
import { pageParam, useDebouncedInput, useSearchParamsUpdate } from '../../lib/url-state';
import { ListPagination } from '../../ui/ListPagination';
import { EmptyList, ListSkeleton } from '../../ui/ListStates';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useAuditEntries } from './audit.api';
import { type AuditEntry, type AuditListParams, knownEntities } from './audit.types';
import { ChainStatus } from './ChainStatus';
import { useInstant } from './useInstant';

const perPage = 25;
const filterNames = ['entity', 'entity_id', 'customer_id'] as const;
type FilterName = (typeof filterNames)[number];

/** The filters and the page live in the URL: back, reload and shared links keep them. */
function useListParams() {
  const [params] = useSearchParams();
  const state: AuditListParams = {
    entity: params.get('entity') ?? undefined,
    entity_id: params.get('entity_id') ?? undefined,
    customer_id: params.get('customer_id') ?? undefined,
    page: pageParam(params),
    per_page: perPage,
  };
  const update = useSearchParamsUpdate<FilterName>();
  return [state, update] as const;
}

export function AuditPage() {
  const { t } = useTranslation();
  usePageTitle(t('audit.title'));
  const [params, update] = useListParams();
  const list = useAuditEntries(params);
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [entity, setEntity] = useDebouncedInput(params.entity, (value) => update({ entity: value }), 300);
  const [entityId, setEntityId] = useDebouncedInput(
    params.entity_id,
    (value) => update({ entity_id: value }),
    300,
  );
  const [customerId, setCustomerId] = useDebouncedInput(
    params.customer_id,
    (value) => update({ customer_id: value }),
    300,
  );

  // A filter the server refused (an id that is not a UUID) is shown beside its field.
  const fieldErrors = isApiError(list.error) ? list.error.fieldErrors : {};
  const fieldError = (name: FilterName) => {
    const message = fieldErrors[name];
    return message ? translateServerMessage(message) : undefined;
  };
  const hasFieldErrors = filterNames.some((name) => fieldErrors[name]);
  const filtered = filterNames.some((name) => params[name]);
  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;

  return (
    <Stack gap="md">
      <div>
        <Group gap="sm" align="baseline">
          <Title order={1} size="h2">
            {t('audit.title')}
          </Title>
          {pagination && (
            <Text c="dimmed" size="sm" data-testid="audit-total">
              {t('audit.total', { count: pagination.total })}
            </Text>
          )}
        </Group>
        <Text c="dimmed" size="sm">
          {t('audit.subtitle')}
        </Text>
      </div>

      <ChainStatus />

      <Paper withBorder p="sm" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <Autocomplete
            size="sm"
            label={t('audit.filters.entity')}
            placeholder={t('audit.filters.anyEntity')}
            data={[...knownEntities]}
            value={entity}
            onChange={setEntity}
            error={fieldError('entity')}
            clearable
          />
          <TextInput
            size="sm"
            label={t('audit.filters.entityId')}
            placeholder={t('audit.filters.idPlaceholder')}
            value={entityId}
            onChange={(event) => setEntityId(event.currentTarget.value)}
            error={fieldError('entity_id')}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <TextInput
            size="sm"
            label={t('audit.filters.customerId')}
            placeholder={t('audit.filters.idPlaceholder')}
            value={customerId}
            onChange={(event) => setCustomerId(event.currentTarget.value)}
            error={fieldError('customer_id')}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        </SimpleGrid>
      </Paper>

      {list.isError && !hasFieldErrors && (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      )}

      <section aria-label={t('audit.listLabel')} aria-busy={list.isFetching}>
        {list.isPending ? (
          <ListSkeleton rows={5} height={44} />
        ) : rows.length === 0 && !list.isError ? (
          <EmptyList
            icon={IconHistory}
            testId="audit-empty"
            message={filtered ? t('audit.emptyFilters') : t('audit.empty')}
          >
            {filtered && (
              <Button
                variant="light"
                leftSection={<IconFilterOff size={16} />}
                onClick={() => update({ entity: undefined, entity_id: undefined, customer_id: undefined })}
              >
                {t('audit.clearFilters')}
              </Button>
            )}
          </EmptyList>
        ) : isPhone ? (
          <Stack gap="xs">
            {rows.map((entry) => (
              <EntryCard key={entry.id} entry={entry} />
            ))}
          </Stack>
        ) : (
          rows.length > 0 && (
            <Paper withBorder radius="md" className="table-scroll">
              <EntryTable rows={rows} />
            </Paper>
          )
        )}
      </section>

      {pagination && (
        <ListPagination
          pagination={pagination}
          label={t('audit.pageOf', { page: pagination.page, pages: pagination.pages })}
          onChange={(page) => update({ page })}
        />
      )}
    </Stack>
  );
}

function Actor({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const role = ['admin', 'staff', 'advisor', 'client'].includes(entry.role)
    ? t(`app.roles.${entry.role as 'admin'}`)
    : t('audit.system');
  return (
    <Text size="sm">
      {role}
      {entry.actor_type === 'api_key' && (
        <Text span size="xs" c="dimmed">
          {' '}
          · {t('audit.apiKey')}
        </Text>
      )}
    </Text>
  );
}

function ChangedFields({ fields }: { fields: string[] }) {
  if (!fields.length) return null;
  return (
    <Group gap={4}>
      {fields.map((field) => (
        <Badge key={field} size="xs" variant="default" radius="sm" tt="none">
          {field}
        </Badge>
      ))}
    </Group>
  );
}

function EntryTable({ rows }: { rows: AuditEntry[] }) {
  const { t } = useTranslation();
  const instant = useInstant();
  return (
    <Table verticalSpacing="xs" miw={860} data-testid="audit-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('audit.columns.when')}</Table.Th>
          <Table.Th>{t('audit.columns.action')}</Table.Th>
          <Table.Th>{t('audit.columns.entity')}</Table.Th>
          <Table.Th>{t('audit.columns.actor')}</Table.Th>
          <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('audit.columns.ip')}</Table.Th>
          <Table.Th>{t('audit.columns.changed')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((entry) => (
          <Table.Tr key={entry.id} data-testid="audit-row" data-entry-id={entry.id}>
            <Table.Td>
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                {instant(entry.occurred_at)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {entry.action}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{entry.entity}</Text>
              {entry.entity_id && (
                <Text size="xs" c="dimmed" ff="monospace">
                  {entry.entity_id}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Actor entry={entry} />
            </Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed">
                {entry.ip ?? t('common.unknown')}
              </Text>
            </Table.Td>
            <Table.Td>
              <ChangedFields fields={entry.changed_fields} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function EntryCard({ entry }: { entry: AuditEntry }) {
  const instant = useInstant();
  return (
    <Card withBorder padding="sm" radius="md" data-testid="audit-row" data-entry-id={entry.id}>
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Text fw={600} size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
          {entry.action}
        </Text>
        <Actor entry={entry} />
      </Group>
      <Text size="xs" c="dimmed">
        {instant(entry.occurred_at)}
        {entry.ip ? ` · ${entry.ip}` : ''}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {entry.entity}
        {entry.entity_id ? ` ${entry.entity_id}` : ''}
      </Text>
      {entry.changed_fields.length > 0 && (
        <Group mt={6}>
          <ChangedFields fields={entry.changed_fields} />
        </Group>
      )}
    </Card>
  );
}
