import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { ResponseOf, Schema } from '../../lib/api-types';

export type Notification = Schema<'Notification'>;

export const notificationsKey = ['notifications'] as const;

/** The unread count; polled only when the live channel is not there to say it changed. */
export function useUnreadCount(options: { enabled: boolean; poll: boolean }) {
  return useQuery({
    queryKey: [...notificationsKey, 'unread-count'],
    queryFn: ({ signal }) =>
      api<ResponseOf<'countUnreadNotifications'>>('/api/v1/notifications/unread-count', { signal }),
    enabled: options.enabled,
    refetchInterval: options.poll ? 30_000 : false,
  });
}

/** The latest notifications, for the bell's list. */
export function useLatestNotifications(enabled: boolean) {
  return useQuery({
    queryKey: [...notificationsKey, 'latest'],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listNotifications'>>('/api/v1/notifications', { query: { per_page: 15 }, signal }),
    enabled,
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: notificationsKey });
}

export function useMarkNotificationRead() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: number) =>
      api<ResponseOf<'markNotificationRead'>>(`/api/v1/notifications/${id}/read`, { method: 'POST' }),
    onSuccess: refresh,
  });
}

export function useMarkAllNotificationsRead() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () =>
      api<ResponseOf<'markAllNotificationsRead'>>('/api/v1/notifications/read-all', { method: 'POST' }),
    onSuccess: refresh,
  });
}
