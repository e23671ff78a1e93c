import { Anchor, Grid, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { ReplyBox } from './ReplyBox';
import { useTicket } from './support.api';
import { useTicketLive } from './support.live';
import { SlaBadge, TicketPriorityBadge, TicketStatusBadge } from './TicketBadges';
import { TicketSidePanel } from './TicketSidePanel';
import { TicketThread } from './TicketThread';

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/tickets" size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('support.ticket.back')}
      </Group>
    </Anchor>
  );
}

/** One ticket: its conversation and reply box, and beside them who handles it and its deadlines. */
export function TicketPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const query = useTicket(id);
  useTicketLive(id);
  const role = useMe().data?.user?.role;
  const isStaff = role === 'admin' || role === 'staff' || role === 'advisor';
  usePageTitle(query.data ? `${query.data.number} · ${query.data.subject}` : t('support.title'));

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
  const ticket = query.data;

  return (
    <Stack gap="md">
      <BackLink />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <Stack gap={6}>
          <Group gap="xs" wrap="wrap">
            <Text ff="monospace" fw={700} c="dimmed" data-testid="ticket-number">
              {ticket.number}
            </Text>
            <TicketStatusBadge status={ticket.status} />
            <TicketPriorityBadge priority={ticket.priority} />
            {isStaff && <SlaBadge ticket={ticket} />}
          </Group>
          <Title order={1} size="h3" style={{ overflowWrap: 'anywhere' }} data-testid="ticket-subject">
            {ticket.subject}
          </Title>
          <Text size="sm" c="dimmed">
            {ticket.customer_name ?? ticket.requester_name ?? t('support.internal')} ·{' '}
            {t('support.ticket.openedOn', { date: format.dateTime(ticket.created_at) })} ·{' '}
            {t(`support.ticket.via.${ticket.channel}`)}
          </Text>
        </Stack>
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Title order={2} size="h5">
              {t('support.thread.title')}
            </Title>
            <TicketThread ticket={ticket} />
            <ReplyBox ticket={ticket} isStaff={isStaff} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <TicketSidePanel ticket={ticket} isStaff={isStaff} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
