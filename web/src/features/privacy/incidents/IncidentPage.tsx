import { Alert, Anchor, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useFormat } from '../../../lib/format';
import { notifySuccess } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/PageTitle';
import { QueryError } from '../../../ui/QueryError';
import { IncidentRiskBadge, IncidentStatusBadge } from './IncidentBadges';
import { IncidentForm } from './IncidentForm';
import { useIncident, useSaveIncident } from './incidents.api';
import { UnnotifiedIncidentsBanner } from './UnnotifiedIncidentsBanner';

/** One entry of the register (`/privacy/incidents/:id`), or a new one (`/privacy/incidents/new`). */
export function IncidentPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { id: param } = useParams();
  const id = param === 'new' ? undefined : param;
  const incident = useIncident(id);
  const save = useSaveIncident(id);
  usePageTitle(id ? incident.data?.number : t('incidents.new'));

  const back = (
    <Anchor component={Link} to="/privacy/incidents" size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} />
        {t('incidents.backToList')}
      </Group>
    </Anchor>
  );

  if (id && incident.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (id && incident.isError) {
    return (
      <Stack>
        {back}
        <QueryError error={incident.error} onRetry={() => void incident.refetch()} />
      </Stack>
    );
  }
  const current = incident.data;

  return (
    <Stack gap="md" maw={960}>
      {back}
      <UnnotifiedIncidentsBanner withRegisterLink={false} />
      {current ? (
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Title order={1} size="h2" ff="monospace" data-testid="incident-number">
              {current.number}
            </Title>
            <Text size="sm" c="dimmed">
              {t('incidents.registeredOn', { date: format.dateTime(current.created_at) })}
            </Text>
          </div>
          <Group gap={6}>
            <IncidentStatusBadge status={current.status} />
            <IncidentRiskBadge risk={current.serious_injury_risk} withLabel />
          </Group>
        </Group>
      ) : (
        <Title order={1} size="h2">
          {t('incidents.new')}
        </Title>
      )}
      {current?.status === 'closed' && (
        <Alert color="gray" icon={<IconLock size={18} />} data-testid="incident-closed">
          {t('incidents.closedBanner')}
        </Alert>
      )}
      <IncidentForm
        key={current?.id ?? 'new'}
        incident={current}
        saving={save.isPending}
        onCancel={() => void navigate('/privacy/incidents')}
        onSubmit={async (input) => {
          const saved = await save.mutateAsync(input);
          if (id) {
            notifySuccess(t('incidents.savedNotice', { number: saved.number }));
          } else {
            notifySuccess(t('incidents.createdNotice', { number: saved.number }));
            await navigate(`/privacy/incidents/${saved.id}`, { replace: true });
          }
        }}
      />
    </Stack>
  );
}
