import { Button, Group, Paper, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconLifebuoy, IconList, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormat } from '../../lib/format';
import { QueryError } from '../../ui/QueryError';
import { shortDateTime } from './duration';
import { NewTicketModal } from './NewTicketModal';
import { useTickets } from './support.api';
import { useTicketListsLive } from './support.live';
import { SlaBadge, TicketPriorityBadge, TicketStatusBadge } from './TicketBadges';

const shown = 10;

/** The Customer 360's Tickets tab: their latest tickets, the way to all of them, and a new one. */
export function CustomerTickets({
  customerId,
  canCreate,
  isStaff,
}: {
  customerId: string;
  canCreate: boolean;
  isStaff: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const list = useTickets({ customer_id: customerId, per_page: shown, sort: 'updated' });
  useTicketListsLive();
  const rows = list.data?.data ?? [];

  return (
    <Paper withBorder radius="md" p="md" data-testid="customer-tickets">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4">
            {t('support.customerTab.title')}
          </Title>
          <Group gap="xs">
            <Button
              component={Link}
              to={`/tickets?customer_id=${customerId}&status=all`}
              variant="default"
              size="xs"
              leftSection={<IconList size={14} />}
              data-testid="customer-tickets-all"
            >
              {t('support.customerTab.all')}
            </Button>
            {canCreate && (
              <Button
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => setCreating(true)}
                data-testid="customer-new-ticket"
              >
                {t('support.new')}
              </Button>
            )}
          </Group>
        </Group>
        {list.isPending ? (
          <Skeleton h={80} />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <Group gap="xs" c="dimmed">
            <IconLifebuoy size={18} />
            <Text size="sm">{t('support.customerTab.none')}</Text>
          </Group>
        ) : (
          <Stack gap={0}>
            {rows.map((ticket) => (
              <UnstyledButton
                key={ticket.id}
                onClick={() => void navigate(`/tickets/${ticket.id}`)}
                className="clickable-row"
                py={6}
                px={4}
                style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                data-testid="customer-ticket-row"
              >
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" fw={600} ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {ticket.number}
                  </Text>
                  <Group gap={4} wrap="wrap" justify="flex-end">
                    <TicketPriorityBadge priority={ticket.priority} />
                    <TicketStatusBadge status={ticket.status} />
                    {isStaff && <SlaBadge ticket={ticket} />}
                  </Group>
                </Group>
                <Text size="sm" truncate>
                  {ticket.subject}
                </Text>
                <Text size="xs" c="dimmed">
                  {shortDateTime(ticket.last_message_at, format.locale)} ·{' '}
                  {t(`support.categories.${ticket.category}`)}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        )}
      </Stack>
      <NewTicketModal
        opened={creating}
        onClose={() => setCreating(false)}
        customerId={customerId}
        onCreated={(ticket) => void navigate(`/tickets/${ticket.id}`)}
      />
    </Paper>
  );
}
