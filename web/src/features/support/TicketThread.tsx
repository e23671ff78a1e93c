import { Anchor, Avatar, Box, Group, Paper, Stack, Text } from '@mantine/core';
import { IconArrowsExchange, IconLock, IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { formatSize } from '../documents/documents.api';
import type { TicketDetail, TicketMessage, TicketStatusChange } from './support.types';
import { InternalNoteBadge } from './TicketBadges';

type Entry =
  | { type: 'message'; at: string; message: TicketMessage }
  | { type: 'status'; at: string; change: TicketStatusChange };

function initials(name: string | null) {
  return (name ?? '?')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
}

/** How a message looks: the customer's plain, staff's public replies blue, internal notes yellow and dashed. */
function messageStyle(message: TicketMessage) {
  if (message.kind === 'internal_note') {
    return {
      background: 'var(--mantine-color-yellow-0)',
      border: '1px dashed var(--mantine-color-yellow-7)',
    };
  }
  if (message.author_type === 'staff') {
    return {
      background: 'var(--mantine-color-blue-0)',
      borderLeft: '3px solid var(--mantine-color-blue-6)',
    };
  }
  return { background: 'var(--mantine-color-body)' };
}

function MessageCard({ message }: { message: TicketMessage }) {
  const { t } = useTranslation();
  const format = useFormat();
  const note = message.kind === 'internal_note';
  const role =
    message.author_type === 'staff'
      ? t('support.thread.staff')
      : message.author_type === 'customer'
        ? t('support.thread.customer')
        : t('support.thread.system');
  return (
    <Paper
      withBorder={!note}
      radius="md"
      p="sm"
      style={messageStyle(message)}
      data-testid={note ? 'ticket-note' : 'ticket-message'}
      data-kind={message.kind}
      aria-label={note ? t('support.thread.internalNote') : undefined}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" mb={6}>
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Avatar size={28} radius="xl" color={message.author_type === 'staff' ? 'blue' : 'gray'}>
            {note ? <IconLock size={14} /> : initials(message.author_name)}
          </Avatar>
          <Box style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate>
              {message.author_name ?? role}
            </Text>
            <Text size="xs" c="dimmed">
              {role} · {format.dateTime(message.created_at)}
            </Text>
          </Box>
        </Group>
        {note && <InternalNoteBadge />}
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {message.body}
      </Text>
      {message.attachments.length > 0 && (
        <Group gap="xs" mt="xs" data-testid="ticket-attachments">
          {message.attachments.map((attachment) => (
            <Anchor
              key={attachment.document_id}
              href={`/api/v1/documents/${attachment.document_id}/content`}
              size="sm"
              aria-label={t('support.attachments.download', { name: attachment.file_name })}
            >
              <Group gap={4} wrap="nowrap">
                <IconPaperclip size={14} aria-hidden />
                {attachment.file_name}
                <Text span size="xs" c="dimmed">
                  ({formatSize(attachment.size)})
                </Text>
              </Group>
            </Anchor>
          ))}
        </Group>
      )}
    </Paper>
  );
}

/** The conversation, oldest first, with the status changes where they happened. */
export function TicketThread({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const entries: Entry[] = [
    ...ticket.messages.map((message) => ({ type: 'message' as const, at: message.created_at, message })),
    // The first status is the opening, which the first message already shows.
    ...ticket.status_history
      .filter((change) => change.from_status !== null)
      .map((change) => ({ type: 'status' as const, at: change.changed_at, change })),
  ].sort((a, b) => a.at.localeCompare(b.at) || (a.type === 'message' ? -1 : 1));

  return (
    <Stack gap="sm" data-testid="ticket-thread">
      {entries.map((entry) =>
        entry.type === 'message' ? (
          <MessageCard key={entry.message.id} message={entry.message} />
        ) : (
          <Group key={`${entry.at}-${entry.change.to_status}`} gap={6} justify="center" c="dimmed">
            <IconArrowsExchange size={14} aria-hidden />
            <Text size="xs">
              {t('support.thread.statusChanged', { status: t(`support.statuses.${entry.change.to_status}`) })}{' '}
              · {format.dateTime(entry.at)}
            </Text>
          </Group>
        ),
      )}
    </Stack>
  );
}
