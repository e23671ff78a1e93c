import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { ResponseOf, Schema } from '../../lib/api-types';

export type DomainEvent = Schema<'DomainEvent'>;
export type EventStatus = DomainEvent['status'];
type EventPage = ResponseOf<'listDomainEvents'>;

const eventsKey = ['admin', 'events'] as const;

export function useEvents(query: { status?: EventStatus; type?: string; page: number }) {
  return useQuery({
    queryKey: [...eventsKey, query],
    queryFn: ({ signal }) =>
      api<EventPage>('/api/v1/admin/events', { query: { ...query, per_page: 50 }, signal }),
    placeholderData: (previous) => previous,
  });
}

export function useRetryEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<DomainEvent>(`/api/v1/admin/events/${id}/retry`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: eventsKey }),
  });
}
