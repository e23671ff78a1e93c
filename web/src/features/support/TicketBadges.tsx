import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconClock, IconClockPause, IconFlame, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { shortDateTime } from './duration';
import type { Ticket, TicketPriority, TicketStatus } from './support.types';

export const statusColors: Record<TicketStatus, string> = {
  open: 'blue',
  in_progress: 'indigo',
  waiting: 'yellow',
  resolved: 'teal',
  closed: 'gray',
};

export const priorityColors: Record<TicketPriority, string> = {
  urgent: 'red',
  high: 'orange',
  normal: 'blue',
  low: 'gray',
};

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant="light" size="sm" data-testid="ticket-status">
      {t(`support.statuses.${status}`)}
    </Badge>
  );
}

export function TicketPriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={priorityColors[priority]}
      variant={priority === 'urgent' ? 'filled' : 'outline'}
      size="sm"
      leftSection={priority === 'urgent' ? <IconFlame size={11} /> : undefined}
      data-testid="ticket-priority"
    >
      {t(`support.priorities.${priority}`)}
    </Badge>
  );
}

/** Where the ticket stands against its deadlines: missed, stopped, or due when. */
export function SlaBadge({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (ticket.sla_breached) {
    return (
      <Badge
        color="red"
        variant="light"
        size="sm"
        leftSection={<IconAlertTriangle size={11} />}
        data-testid="sla-breached"
      >
        {t('support.sla.breached')}
      </Badge>
    );
  }
  if (ticket.status === 'resolved' || ticket.status === 'closed') return null;
  if (ticket.sla_paused || !ticket.sla_due_at) {
    return (
      <Badge color="gray" variant="light" size="sm" leftSection={<IconClockPause size={11} />}>
        {t('support.sla.paused')}
      </Badge>
    );
  }
  return (
    <Tooltip label={t('support.sla.dueAt', { date: format.dateTime(ticket.sla_due_at) })}>
      <Group gap={4} wrap="nowrap" c="dimmed" data-testid="sla-due">
        <IconClock size={14} aria-hidden />
        <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
          {shortDateTime(ticket.sla_due_at, format.locale)}
        </Text>
      </Group>
    </Tooltip>
  );
}

export function InternalNoteBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="yellow" variant="filled" size="xs" leftSection={<IconLock size={10} />} c="dark">
      {t('support.thread.internalNote')}
    </Badge>
  );
}
