import {
  ActionIcon,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconBell, IconChecks, IconPlugConnectedX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { translateIfKnown } from '../../lib/i18n-dynamic';
import { notifyError } from '../../ui/notify';
import { useLiveConnection, useLiveEvents, useLiveStatus } from './live';
import {
  type Notification,
  notificationsKey,
  useLatestNotifications,
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useUnreadCount,
} from './notifications.api';

/** "il y a 5 minutes" / "5 minutes ago", in the chosen language. */
function relativeTime(value: string, locale: string, now: number): string {
  const seconds = Math.round((new Date(value).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 7],
    ['week', 4.35],
    ['month', 12],
  ];
  let amount = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(amount) < size) return format.format(Math.trunc(amount), unit);
    amount /= size;
  }
  return format.format(Math.trunc(amount), 'year');
}

/** The title in the chosen language: statuses by their label, unknown types by their code. */
export function notificationTitle(t: TFunction, notification: Notification): string {
  const params: Record<string, unknown> = { ...notification.params };
  for (const key of ['from', 'to'] as const) {
    const value = params[key];
    if (typeof value !== 'string') continue;
    params[key] =
      translateIfKnown(t, `support.statuses.${value}`) ??
      translateIfKnown(t, `notifications.claimStatuses.${value}`) ??
      value;
  }
  return translateIfKnown(t, notification.title_key, params) ?? notification.type;
}

function NotificationItem({ notification, onOpen }: { notification: Notification; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const unread = notification.read_at === null;
  return (
    <UnstyledButton
      onClick={onOpen}
      px="sm"
      py={8}
      w="100%"
      data-testid="notification-item"
      data-unread={unread || undefined}
      style={{
        borderRadius: 'var(--mantine-radius-sm)',
        background: unread ? 'var(--mantine-color-indigo-light)' : undefined,
      }}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Box
          mt={6}
          w={8}
          h={8}
          style={{ borderRadius: '50%', flexShrink: 0 }}
          bg={unread ? 'indigo' : 'transparent'}
          aria-hidden
        />
        <Box style={{ minWidth: 0 }}>
          <Text size="sm" fw={unread ? 600 : 400} lineClamp={2}>
            {notificationTitle(t, notification)}
            {unread && <VisuallyHidden> ({t('notifications.unread')})</VisuallyHidden>}
          </Text>
          <Text size="xs" c="dimmed">
            <time dateTime={notification.created_at}>
              {relativeTime(notification.created_at, i18n.language, Date.now())}
            </time>
          </Text>
        </Box>
      </Group>
    </UnstyledButton>
  );
}

/**
 * The header's bell: the unread count, live over the tab's WebSocket (polled every 30 s when
 * the socket cannot open), and the latest notifications in a dropdown.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  useLiveConnection(true);
  const live = useLiveStatus();
  const count = useUnreadCount({ enabled: true, poll: live !== 'open' });
  const latest = useLatestNotifications(opened);
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();

  // Something arrived or was read in another tab: the count and the list are stale.
  useLiveEvents(
    (message) => message.id !== null || message.type === 'notifications.read' || message.type === 'ready',
    () => void queryClient.invalidateQueries({ queryKey: notificationsKey }),
  );

  const unread = count.data?.unread ?? 0;
  const label = unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell');

  const open = async (notification: Notification) => {
    setOpened(false);
    try {
      if (notification.read_at === null) await markRead.mutateAsync(notification.id);
    } catch (error) {
      notifyError(error);
    }
    if (notification.link) await navigate(notification.link);
  };

  const items = latest.data?.data ?? [];
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width="min(360px, calc(100vw - 16px))"
      shadow="md"
      withinPortal
    >
      <Popover.Target>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          disabled={unread === 0}
          size={16}
          offset={4}
          color="red"
          data-testid="notification-count"
          data-count={unread}
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={label}
            onClick={() => setOpened((value) => !value)}
            data-testid="notification-bell"
          >
            <IconBell size={20} stroke={1.7} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="notifications-dropdown">
        <Group justify="space-between" px="sm" py="xs" wrap="nowrap">
          <Text fw={600} size="sm">
            {t('notifications.title')}
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            leftSection={<IconChecks size={14} />}
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate(undefined, { onError: notifyError })}
            data-testid="notifications-read-all"
          >
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <Divider />
        {live === 'unavailable' && (
          <Group gap={6} px="sm" pt="xs" wrap="nowrap">
            <IconPlugConnectedX size={14} color="var(--mantine-color-dimmed)" />
            <Text size="xs" c="dimmed">
              {t('notifications.liveOff')}
            </Text>
          </Group>
        )}
        <ScrollArea.Autosize mah="min(420px, 70vh)" type="auto">
          <Stack gap={2} p={4}>
            {latest.isPending ? (
              <Group justify="center" p="md">
                <Loader size="sm" />
              </Group>
            ) : latest.isError ? (
              <Text size="sm" c="red" p="sm">
                {t('notifications.loadError')}
              </Text>
            ) : items.length === 0 ? (
              <Text size="sm" c="dimmed" p="sm" ta="center">
                {t('notifications.empty')}
              </Text>
            ) : (
              items.map((notification) => (
                <NotificationItem
                  key={notification.id}
                  notification={notification}
                  onOpen={() => void open(notification)}
                />
              ))
            )}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
