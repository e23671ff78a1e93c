import {
  Button,
  Card,
  Checkbox,
  Group,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDownload, IconPlus, IconSearch, IconShieldCheck } from '@tabler/icons-react';
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useFormat } from '../../../lib/format';
import { oneOf, pageParam, useDebouncedInput, useSearchParamsUpdate } from '../../../lib/url-state';
import { EmptyList, ListSkeleton } from '../../../ui/ListStates';
import { notifyError, notifySuccess } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/PageTitle';
import { QueryError } from '../../../ui/QueryError';
import { IncidentRiskBadge, IncidentStatusBadge } from './IncidentBadges';
import { downloadIncidentRegister, useIncidents } from './incidents.api';
import {
  type Incident,
  type IncidentListParams,
  incidentStatuses,
  seriousInjuryRisks,
} from './incidents.types';
import { UnnotifiedIncidentsBanner } from './UnnotifiedIncidentsBanner';

const perPage = 20;

/** The list's state lives in the URL: back, reload and the banner's link keep it. */
function useListParams() {
  const [params] = useSearchParams();
  const state: IncidentListParams = {
    q: params.get('q') ?? undefined,
    status: oneOf(incidentStatuses, params.get('status')),
    serious_injury_risk: oneOf(seriousInjuryRisks, params.get('serious_injury_risk')),
    awaiting_cai_notification: params.get('awaiting_cai_notification') === 'true' ? 'true' : undefined,
    page: pageParam(params),
    per_page: perPage,
  };
  const update = useSearchParamsUpdate<keyof IncidentListParams>();
  return [state, update] as const;
}

export function IncidentsPage() {
  const { t } = useTranslation();
  usePageTitle(t('incidents.title'));
  const navigate = useNavigate();
  const [params, update] = useListParams();
  const list = useIncidents(params);
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [search, setSearch] = useDebouncedInput(params.q, (q) => update({ q }), 250);
  const [exporting, setExporting] = useState(false);

  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;
  const filtered = !!(
    params.q ||
    params.status ||
    params.serious_injury_risk ||
    params.awaiting_cai_notification
  );
  const open = (incident: Incident) => void navigate(`/privacy/incidents/${incident.id}`);

  const exportRegister = async () => {
    setExporting(true);
    try {
      await downloadIncidentRegister();
      notifySuccess(t('incidents.exported'));
    } catch (error) {
      notifyError(error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('incidents.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('incidents.subtitle')}
          </Text>
        </div>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            onClick={() => void exportRegister()}
            loading={exporting}
            data-testid="export-incidents"
          >
            {t('incidents.export')}
          </Button>
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => void navigate('/privacy/incidents/new')}
            data-testid="new-incident"
          >
            {t('incidents.new')}
          </Button>
        </Group>
      </Group>

      <UnnotifiedIncidentsBanner withRegisterLink={false} />

      <Paper withBorder p="sm" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="xs">
          <TextInput
            type="search"
            aria-label={t('incidents.searchLabel')}
            placeholder={t('incidents.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
          />
          <Select
            aria-label={t('incidents.fields.status')}
            placeholder={t('incidents.anyStatus')}
            clearable
            data={incidentStatuses.map((value) => ({ value, label: t(`incidents.statuses.${value}`) }))}
            value={params.status ?? null}
            onChange={(value) => update({ status: value ?? undefined })}
          />
          <Select
            aria-label={t('incidents.fields.serious_injury_risk')}
            placeholder={t('incidents.anyRisk')}
            clearable
            data={seriousInjuryRisks.map((value) => ({ value, label: t(`incidents.risks.${value}`) }))}
            value={params.serious_injury_risk ?? null}
            onChange={(value) => update({ serious_injury_risk: value ?? undefined })}
          />
          <Checkbox
            label={t('incidents.awaitingFilter')}
            checked={!!params.awaiting_cai_notification}
            onChange={(event) =>
              update({ awaiting_cai_notification: event.currentTarget.checked ? 'true' : undefined })
            }
            styles={{ body: { alignItems: 'center', minHeight: 36 } }}
          />
        </SimpleGrid>
      </Paper>

      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}

      <section aria-label={t('incidents.listLabel')} aria-busy={list.isFetching}>
        {list.isPending ? (
          <ListSkeleton rows={3} height={48} />
        ) : rows.length === 0 && !list.isError ? (
          <EmptyList
            icon={IconShieldCheck}
            testId="incidents-empty"
            message={filtered ? t('incidents.emptyFiltered') : t('incidents.empty')}
          />
        ) : isPhone ? (
          <Stack gap="xs">
            {rows.map((incident) => (
              <IncidentCard key={incident.id} incident={incident} onOpen={open} />
            ))}
          </Stack>
        ) : (
          <Paper withBorder radius="md" className="table-scroll">
            <IncidentTable rows={rows} onOpen={open} />
          </Paper>
        )}
      </section>

      {pagination && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed" data-testid="incident-total">
            {t('incidents.total', { count: pagination.total })}
            {pagination.pages > 1 &&
              ` · ${t('incidents.pageOf', { page: pagination.page, pages: pagination.pages })}`}
          </Text>
          {pagination.pages > 1 && (
            <Pagination
              total={pagination.pages}
              value={pagination.page}
              onChange={(page) => update({ page })}
              size="sm"
              siblings={isPhone ? 0 : 1}
            />
          )}
        </Group>
      )}
    </Stack>
  );
}

function rowProps(incident: Incident, onOpen: (incident: Incident) => void) {
  return {
    tabIndex: 0,
    role: 'link',
    'aria-label': incident.number,
    className: 'clickable-row',
    'data-testid': 'incident-row',
    onClick: () => onOpen(incident),
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onOpen(incident);
      }
    },
  };
}

function IncidentTable({ rows, onOpen }: { rows: Incident[]; onOpen: (incident: Incident) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table highlightOnHover verticalSpacing="sm" miw={760}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('incidents.columns.number')}</Table.Th>
          <Table.Th>{t('incidents.columns.occurred_at')}</Table.Th>
          <Table.Th>{t('incidents.columns.discovered_at')}</Table.Th>
          <Table.Th>{t('incidents.columns.status')}</Table.Th>
          <Table.Th>{t('incidents.columns.risk')}</Table.Th>
          <Table.Th ta="right">{t('incidents.columns.persons')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((incident) => (
          <Table.Tr key={incident.id} {...rowProps(incident, onOpen)}>
            <Table.Td>
              <Text fw={600} size="sm" ff="monospace">
                {incident.number}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={1} maw={280}>
                {incident.description}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{format.dateTime(incident.occurred_at)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{format.dateTime(incident.discovered_at)}</Text>
            </Table.Td>
            <Table.Td>
              <IncidentStatusBadge status={incident.status} />
            </Table.Td>
            <Table.Td>
              <IncidentRiskBadge risk={incident.serious_injury_risk} />
            </Table.Td>
            <Table.Td ta="right">
              <Text size="sm">{format.number(incident.persons_count)}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function IncidentCard({ incident, onOpen }: { incident: Incident; onOpen: (incident: Incident) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card withBorder padding="sm" radius="md" {...rowProps(incident, onOpen)}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} ff="monospace">
          {incident.number}
        </Text>
        <IncidentStatusBadge status={incident.status} />
      </Group>
      <Text size="sm" lineClamp={2}>
        {incident.description}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        {t('incidents.labelValue', {
          label: t('incidents.columns.occurred_at'),
          value: format.dateTime(incident.occurred_at),
        })}
      </Text>
      <Text size="xs" c="dimmed">
        {t('incidents.labelValue', {
          label: t('incidents.columns.discovered_at'),
          value: format.dateTime(incident.discovered_at),
        })}
      </Text>
      <Group gap={6} mt={6}>
        <IncidentRiskBadge risk={incident.serious_injury_risk} withLabel />
        <Text size="xs" c="dimmed">
          {t('incidents.personsValue', { count: incident.persons_count })}
        </Text>
      </Group>
    </Card>
  );
}
