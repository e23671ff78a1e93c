import {
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconCircleCheck, IconHandGrab, IconMessages } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { useMoney } from '../finances/useMoney';
import { CciBadge, ClaimStatusBadge, claimStatusColors } from './ClaimBadges';
import { useAssignClaim, useClaim, useClaimFollowUp, useClaimTranscript } from './claims.api';
import { useClaimLive } from './claims.live';
import type { ClaimDetail, ClaimStatus } from './claims.types';
import { formatDay } from './claims.types';
import { MessageThread } from './MessageThread';
import { StatusMoveModal } from './StatusMoveModal';

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/claims" size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('claims.claim.back')}
      </Group>
    </Anchor>
  );
}

/** One claim: what happened and its CCI, the moves its status may make, its follow-up and its conversation. */
export function ClaimPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useClaim(id);
  useClaimLive(id);
  const role = useMe().data?.user?.role;
  const isStaff = role === 'admin' || role === 'staff' || role === 'advisor';
  usePageTitle(query.data?.number ?? t('claims.title'));

  if (query.isPending) {
    return (
      <Stack gap="md" aria-busy>
        <Skeleton h={14} w={120} />
        <Skeleton h={72} />
        <Skeleton h={240} />
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <Stack>
        <BackLink />
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  const claim = query.data;
  return (
    <Stack gap="md">
      <BackLink />
      <ClaimHeader claim={claim} isStaff={isStaff} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <ClaimFacts claim={claim} />
            <Transcript claim={claim} isStaff={isStaff} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            {isStaff && <ClaimActions claim={claim} />}
            <FollowUp claimId={claim.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function ClaimHeader({ claim, isStaff }: { claim: ClaimDetail; isStaff: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <Title order={1} size="h3" ff="monospace" data-testid="claim-number">
            {claim.number}
          </Title>
          <ClaimStatusBadge status={claim.status_dossier} />
          <CciBadge cci={claim.cci} />
          {claim.escalated && (
            <Badge color="red" variant="light" size="sm">
              {t('claims.claim.escalated')}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {isStaff ? (
            <Anchor component={Link} to={`/customers/${claim.customer_id}?tab=claims`} size="sm">
              {claim.customer_name}
            </Anchor>
          ) : (
            claim.customer_name
          )}{' '}
          · {t(`claims.types.${claim.type}`)} · {t('claims.fields.incidentOn')}{' '}
          {formatDay(claim.incident_on, format.locale)} · {t('claims.fields.contract')}{' '}
          {claim.contract_number}
        </Text>
        <Text size="sm" c="dimmed">
          {t('claims.fields.assignee')} : {claim.assignee_name ?? t('claims.unassigned')}
        </Text>
      </Stack>
    </Paper>
  );
}

function ClaimFacts({ claim }: { claim: ClaimDetail }) {
  const { t } = useTranslation();
  const money = useMoney();
  const detail = (value: string | boolean | null) =>
    value === true ? t('claims.yes') : value === false ? t('claims.no') : (value ?? '—');
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Text fw={600}>{t('claims.fields.description')}</Text>
        <Text
          size="sm"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          data-testid="claim-description"
        >
          {claim.description}
        </Text>
        <Table variant="vertical" withTableBorder={false} layout="fixed">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w="45%">{t('claims.fields.estimate')}</Table.Th>
              <Table.Td>
                {claim.estimated_amount_cents === null
                  ? '—'
                  : money(claim.estimated_amount_cents, claim.currency)}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('claims.fields.injuries')}</Table.Th>
              <Table.Td>{t(`claims.injuries.${claim.injuries}`)}</Table.Td>
            </Table.Tr>
            {Object.entries(claim.details).map(([key, value]) => (
              <Table.Tr key={key}>
                <Table.Th>{t(`claims.details.${key}`, { defaultValue: key })}</Table.Th>
                <Table.Td>{detail(value)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text fw={600}>
          {t('claims.claim.cciTitle')} : {claim.cci}/100
        </Text>
        <Stack gap={2} data-testid="cci-factors">
          {claim.cci_factors.map((factor) => (
            <Group key={factor.code} justify="space-between" wrap="nowrap">
              <Text size="sm">
                {t(`claims.factors.${factor.code}`)}
                {factor.code === 'distress' ? ` (${factor.detail})` : ''}
              </Text>
              <Text size="sm" fw={600}>
                +{factor.points}
              </Text>
            </Group>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}

function ClaimActions({ claim }: { claim: ClaimDetail }) {
  const { t } = useTranslation();
  const me = useMe().data?.user;
  const assign = useAssignClaim();
  const [to, setTo] = useState<ClaimStatus | null>(null);
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Text fw={600}>{t('claims.claim.actions')}</Text>
        {claim.allowed_transitions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('claims.claim.noMoves')}
          </Text>
        ) : (
          <Group gap="xs">
            {claim.allowed_transitions.map((status) => (
              <Button
                key={status}
                size="xs"
                variant="light"
                color={claimStatusColors[status]}
                onClick={() => setTo(status)}
                data-testid={`move-${status}`}
              >
                {t(`claims.moves.${status}`)}
              </Button>
            ))}
          </Group>
        )}
        {me && claim.assigned_to !== me.id && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconHandGrab size={14} />}
            loading={assign.isPending}
            onClick={() =>
              assign.mutate(
                { id: claim.id },
                { onSuccess: () => notifySuccess(t('claims.claim.assigned')), onError: notifyError },
              )
            }
            data-testid="claim-assign-me"
          >
            {t('claims.claim.assignToMe')}
          </Button>
        )}
      </Stack>
      <StatusMoveModal claim={claim} to={to} onClose={() => setTo(null)} />
    </Paper>
  );
}

function FollowUp({ claimId }: { claimId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const query = useClaimFollowUp(claimId);
  if (query.isPending) return <Skeleton h={160} />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const followUp = query.data;
  return (
    <Paper withBorder radius="md" p="md" data-testid="claim-follow-up">
      <Stack gap="sm">
        <Text fw={600}>{t('claims.claim.followUp')}</Text>
        <Timeline active={followUp.status_history.length - 1} bulletSize={18} lineWidth={2}>
          {followUp.status_history.map((change) => (
            <Timeline.Item
              key={`${change.to_status}-${String(change.changed_at)}`}
              title={t(`claims.statuses.${change.to_status}`)}
            >
              <Text size="xs" c="dimmed">
                {format.dateTime(change.changed_at)}
              </Text>
              {change.note && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {change.note}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
        <Text fw={600} size="sm">
          {t('claims.claim.pending')}
        </Text>
        {followUp.pending_actions.length === 0 ? (
          <Group gap={4} c="dimmed">
            <IconCircleCheck size={16} />
            <Text size="sm">{t('claims.claim.nothingPending')}</Text>
          </Group>
        ) : (
          followUp.pending_actions.map((action) => (
            <Text key={action.code} size="sm" data-testid="pending-action">
              • {t(`claims.claim.pendingActions.${action.code}`, { defaultValue: action.code })} (
              {t(`claims.claim.by.${action.by}`)}){action.detail ? ` : ${action.detail}` : ''}
            </Text>
          ))
        )}
        <Group justify="space-between">
          <Text fw={600} size="sm">
            {t('claims.fields.reimbursement')}
          </Text>
          <Text size="sm" data-testid="claim-reimbursement">
            {followUp.reimbursement.amount_cents === null
              ? '—'
              : money(followUp.reimbursement.amount_cents, followUp.reimbursement.currency)}{' '}
            · {t(`claims.claim.reimbursementStatus.${followUp.reimbursement.status}`)}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

function Transcript({ claim, isStaff }: { claim: ClaimDetail; isStaff: boolean }) {
  const { t } = useTranslation();
  const query = useClaimTranscript(claim.id);
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>{t('claims.claim.transcript')}</Text>
          {isStaff && claim.conversation_id && (
            <Button
              component={Link}
              to={`/conversations/${claim.conversation_id}`}
              size="xs"
              variant="default"
              leftSection={<IconMessages size={14} />}
            >
              {t('claims.claim.openConversation')}
            </Button>
          )}
        </Group>
        {query.isPending ? (
          <Skeleton h={120} />
        ) : query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('claims.claim.noTranscript')}
          </Text>
        ) : (
          <MessageThread messages={query.data.data} mine="customer" height={360} />
        )}
      </Stack>
    </Paper>
  );
}
