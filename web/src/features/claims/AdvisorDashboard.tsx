import {
  Badge,
  Button,
  Card,
  Grid,
  Group,
  NumberInput,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconCheck, IconFileUpload, IconHeadset, IconInbox, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormat } from '../../lib/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { CciBadge, ClaimStatusBadge } from './ClaimBadges';
import { queuePollMs, useClaimQueue, useClaims, useMyConversations, useTakeConversation } from './claims.api';
import { useAdvisorDashboardLive } from './claims.live';
import {
  type Claim,
  type ClaimStatus,
  claimStatuses,
  formatDay,
  nextClaimStatuses,
  openClaimStatuses,
} from './claims.types';
import { StatusMoveModal } from './StatusMoveModal';

/**
 * The advisor's day: the escalation queue (live, oldest first) and their own claims with quick
 * actions (accept, reject, ask for documents).
 */
export function AdvisorDashboard() {
  const { t } = useTranslation();
  useAdvisorDashboardLive();
  usePageTitle(t('claims.dashboard.title'));
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('claims.dashboard.title')}
      </Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Queue />
            <MyConversations />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <MyClaims />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Queue() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queue = useClaimQueue();
  const take = useTakeConversation();
  const items = queue.data?.data ?? [];
  return (
    <Paper withBorder radius="md" p="md" data-testid="escalation-queue">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <IconHeadset size={20} />
            <Title order={2} size="h4">
              {t('claims.dashboard.queue')}
            </Title>
          </Group>
          <Badge color={items.length ? 'red' : 'gray'} variant="filled" data-testid="queue-count">
            {items.length}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {t('claims.dashboard.queueHelp')}
        </Text>
        {queue.isPending ? (
          <Skeleton h={80} />
        ) : queue.isError ? (
          <QueryError error={queue.error} onRetry={() => void queue.refetch()} />
        ) : items.length === 0 ? (
          <Group gap="xs" c="dimmed">
            <IconInbox size={18} />
            <Text size="sm">{t('claims.dashboard.queueEmpty')}</Text>
          </Group>
        ) : (
          items.map((item) => (
            <Card key={item.handoff_id} withBorder padding="sm" radius="md" data-testid="queue-item">
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    {item.claim_number && (
                      <Text size="sm" fw={600} ff="monospace">
                        {item.claim_number}
                      </Text>
                    )}
                    {item.cci !== null && <CciBadge cci={item.cci} />}
                    <Badge size="sm" variant="outline" color={item.reason === 'cci' ? 'red' : 'blue'}>
                      {t(`claims.dashboard.reasons.${item.reason}`)}
                    </Badge>
                  </Group>
                  <Text size="sm" truncate>
                    {item.customer_name ?? t('claims.dashboard.anonymous')}
                    {item.claim_type ? ` · ${t(`claims.types.${item.claim_type}`)}` : ''}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('claims.dashboard.since', { time: format.dateTime(item.escalated_at) })}
                  </Text>
                </Stack>
                <Button
                  size="xs"
                  style={{ flexShrink: 0 }}
                  loading={take.isPending && take.variables === item.conversation_id}
                  onClick={() =>
                    take.mutate(item.conversation_id, {
                      onSuccess: () => {
                        notifySuccess(t('claims.dashboard.taken'));
                        void navigate(`/conversations/${item.conversation_id}`);
                      },
                      onError: notifyError,
                    })
                  }
                  data-testid="queue-take"
                >
                  {t('claims.dashboard.take')}
                </Button>
              </Group>
            </Card>
          ))
        )}
      </Stack>
    </Paper>
  );
}

function MyConversations() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useMyConversations();
  const rows = list.data?.data ?? [];
  if (list.isPending || list.isError || rows.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="my-conversations">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('claims.dashboard.myConversations')}
        </Title>
        {rows.map((conversation) => (
          <Group key={conversation.id} justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text
                component={Link}
                to={`/conversations/${conversation.id}`}
                size="sm"
                fw={600}
                c="blue"
                truncate
              >
                {conversation.customer_name ?? t('claims.dashboard.anonymous')}
              </Text>
              <Text size="xs" c="dimmed">
                {conversation.claim_number ? `${conversation.claim_number} · ` : ''}
                {format.dateTime(conversation.last_message_at)}
              </Text>
            </Stack>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function MyClaims() {
  const { t } = useTranslation();
  const format = useFormat();
  const [status, setStatus] = useState<string>('open');
  const [cciMin, setCciMin] = useState<number | ''>('');
  const list = useClaims(
    {
      assigned_to: 'me',
      status: status === 'open' ? openClaimStatuses.join(',') : status === 'all' ? undefined : status,
      cci_min: cciMin === '' ? undefined : cciMin,
      sort: 'cci',
      per_page: 50,
    },
    { refetchInterval: queuePollMs },
  );
  const [move, setMove] = useState<{ claim: Claim; to: ClaimStatus } | null>(null);
  const rows = list.data?.data ?? [];
  const quick: { to: ClaimStatus; label: string; icon: typeof IconCheck; color: string }[] = [
    { to: 'approuve', label: t('claims.dashboard.accept'), icon: IconCheck, color: 'teal' },
    { to: 'refuse', label: t('claims.dashboard.reject'), icon: IconX, color: 'red' },
    {
      to: 'en_attente_documents',
      label: t('claims.dashboard.askDocuments'),
      icon: IconFileUpload,
      color: 'yellow',
    },
  ];
  return (
    <Paper withBorder radius="md" p="md" data-testid="my-claims">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4">
            {t('claims.dashboard.myClaims')}
          </Title>
          <Group gap="xs" wrap="nowrap">
            <Select
              aria-label={t('claims.fields.status')}
              size="xs"
              w={180}
              data={[
                { value: 'open', label: t('claims.openOnly') },
                { value: 'all', label: t('claims.anyStatus') },
                ...claimStatuses.map((value) => ({ value, label: t(`claims.statuses.${value}`) })),
              ]}
              value={status}
              allowDeselect={false}
              onChange={(value) => setStatus(value ?? 'open')}
            />
            <NumberInput
              aria-label={t('claims.cciMin')}
              placeholder={t('claims.cciMin')}
              size="xs"
              w={100}
              min={0}
              max={100}
              allowDecimal={false}
              value={cciMin}
              onChange={(value) => setCciMin(value === '' ? '' : Number(value))}
            />
          </Group>
        </Group>
        {list.isPending ? (
          <Skeleton h={80} />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('claims.dashboard.myClaimsEmpty')}
          </Text>
        ) : (
          rows.map((claim) => (
            <Card key={claim.id} withBorder padding="sm" radius="md" data-testid="my-claim">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Group gap={6}>
                  <Text
                    component={Link}
                    to={`/claims/${claim.id}`}
                    size="sm"
                    fw={600}
                    ff="monospace"
                    c="blue"
                  >
                    {claim.number}
                  </Text>
                  <ClaimStatusBadge status={claim.status_dossier} />
                  <CciBadge cci={claim.cci} />
                </Group>
                <Group gap={4}>
                  {quick
                    .filter((action) => nextClaimStatuses[claim.status_dossier].includes(action.to))
                    .map((action) => (
                      <Button
                        key={action.to}
                        size="compact-xs"
                        variant="light"
                        color={action.color}
                        leftSection={<action.icon size={12} />}
                        onClick={() => setMove({ claim, to: action.to })}
                      >
                        {action.label}
                      </Button>
                    ))}
                </Group>
              </Group>
              <Text size="xs" c="dimmed">
                {claim.customer_name} · {t(`claims.types.${claim.type}`)} ·{' '}
                {formatDay(claim.incident_on, format.locale)}
              </Text>
            </Card>
          ))
        )}
      </Stack>
      <StatusMoveModal
        claim={move?.claim ?? { id: '', number: '', reimbursement_cents: null }}
        to={move?.to ?? null}
        onClose={() => setMove(null)}
      />
    </Paper>
  );
}
