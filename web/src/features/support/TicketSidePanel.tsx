import { Anchor, Button, Divider, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconClock, IconUserCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { useMe, useUsers } from '../auth/auth.api';
import { formatDuration } from './duration';
import { useUpdateTicket } from './support.api';
import { nextStatuses, type TicketDetail, type TicketPatch, ticketPriorities } from './support.types';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** A deadline: met on time or late, missed, due, or stopped while waiting. */
function Deadline({ due, metAt, paused }: { due: string | null; metAt: string | null; paused: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (metAt) {
    const late = due !== null && metAt > due;
    return (
      <>
        {t('support.sla.doneOn', { date: format.dateTime(metAt) })}{' '}
        <Text span size="sm" c={late ? 'red' : 'teal'} fw={600}>
          ({late ? t('support.sla.late') : t('support.sla.onTime')})
        </Text>
      </>
    );
  }
  if (!due)
    return (
      <Text span size="sm" c="dimmed">
        {paused ? t('support.sla.stopped') : '—'}
      </Text>
    );
  const missed = new Date(due) < new Date();
  return (
    <Text span size="sm" c={missed ? 'red' : undefined} fw={missed ? 600 : undefined}>
      {t('support.sla.due', { date: format.dateTime(due) })}
      {missed ? ` (${t('support.sla.late')})` : ''}
    </Text>
  );
}

/** Status, priority and assignee (staff), then the deadlines and the ticket's particulars. */
export function TicketSidePanel({ ticket, isStaff }: { ticket: TicketDetail; isStaff: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe().data?.user;
  const users = useUsers({ enabled: isStaff });
  const update = useUpdateTicket(ticket.id);

  const change = async (patch: TicketPatch) => {
    try {
      await update.mutateAsync(patch);
      notifySuccess(t('support.ticket.updated'));
    } catch (error) {
      notifyError(error);
    }
  };

  const statusOptions = [ticket.status, ...nextStatuses[ticket.status]].map((value) => ({
    value,
    label: t(`support.statuses.${value}`),
  }));
  const userOptions = (users.data?.data ?? []).map((user) => ({ value: user.id, label: user.name }));
  if (ticket.assigned_to && !userOptions.some((option) => option.value === ticket.assigned_to)) {
    userOptions.unshift({ value: ticket.assigned_to, label: ticket.assignee_name ?? '…' });
  }

  return (
    <Stack gap="md">
      {isStaff && (
        <Paper withBorder radius="md" p="sm">
          <Stack gap="sm">
            <Title order={2} size="h5">
              {t('support.ticket.details')}
            </Title>
            <Select
              label={t('support.fields.status')}
              data={statusOptions}
              value={ticket.status}
              allowDeselect={false}
              disabled={update.isPending}
              onChange={(value) =>
                value && value !== ticket.status && void change({ status: value as TicketDetail['status'] })
              }
              data-testid="ticket-status-select"
            />
            <Select
              label={t('support.fields.priority')}
              data={ticketPriorities.map((value) => ({ value, label: t(`support.priorities.${value}`) }))}
              value={ticket.priority}
              allowDeselect={false}
              disabled={update.isPending}
              onChange={(value) =>
                value &&
                value !== ticket.priority &&
                void change({ priority: value as TicketDetail['priority'] })
              }
              data-testid="ticket-priority-select"
            />
            <Select
              label={t('support.fields.assignee')}
              placeholder={t('support.unassigned')}
              data={userOptions}
              value={ticket.assigned_to}
              clearable
              searchable
              disabled={update.isPending}
              onChange={(value) => value !== ticket.assigned_to && void change({ assigned_to: value })}
              data-testid="ticket-assignee-select"
            />
            {me && ticket.assigned_to !== me.id && (
              <Button
                variant="light"
                size="xs"
                leftSection={<IconUserCheck size={14} />}
                onClick={() => void change({ assigned_to: me.id })}
                loading={update.isPending}
                data-testid="assign-to-me"
              >
                {t('support.ticket.assignToMe')}
              </Button>
            )}
          </Stack>
        </Paper>
      )}

      {isStaff && (
        <Paper withBorder radius="md" p="sm" data-testid="ticket-sla">
          <Stack gap="xs">
            <Group gap={6}>
              <IconClock size={16} />
              <Title order={2} size="h5">
                {t('support.sla.title')}
              </Title>
            </Group>
            <Row label={t('support.sla.firstResponse')}>
              <Deadline
                due={ticket.first_response_due_at}
                metAt={ticket.first_response_at}
                paused={ticket.sla_paused}
              />
            </Row>
            <Row label={t('support.sla.resolution')}>
              <Deadline
                due={ticket.resolution_due_at}
                metAt={ticket.resolved_at}
                paused={ticket.sla_paused}
              />
            </Row>
            <Row label={t('support.sla.waiting')}>
              {formatDuration(ticket.waiting_seconds, format.locale)}
            </Row>
            <Text size="xs" c="dimmed">
              {t('support.sla.pausedHelp')} {t('support.sla.businessHours')}
            </Text>
          </Stack>
        </Paper>
      )}

      <Paper withBorder radius="md" p="sm">
        <Stack gap="xs">
          <Row label={t('support.fields.customer')}>
            {ticket.customer_id ? (
              <Anchor component={Link} to={`/customers/${ticket.customer_id}?tab=tickets`} size="sm">
                {ticket.customer_name ?? '—'}
              </Anchor>
            ) : (
              t('support.internal')
            )}
          </Row>
          {(ticket.requester_name || ticket.requester_email) && (
            <Row label={t('support.fields.requester')}>
              <Text size="sm">{ticket.requester_name}</Text>
              {ticket.requester_email && (
                <Anchor
                  href={`mailto:${ticket.requester_email}`}
                  size="sm"
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {ticket.requester_email}
                </Anchor>
              )}
            </Row>
          )}
          <Divider />
          <Row label={t('support.fields.category')}>{t(`support.categories.${ticket.category}`)}</Row>
          <Row label={t('support.fields.channel')}>{t(`support.channels.${ticket.channel}`)}</Row>
          <Row label={t('support.fields.createdAt')}>{format.dateTime(ticket.created_at)}</Row>
        </Stack>
      </Paper>
    </Stack>
  );
}
