import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type EventStatus = 'pending' | 'done' | 'failed';

export interface DomainEvent {
  id: string;
  seq: number;
  type: string;
  customer_id: string | null;
  entity: string;
  entity_id: string | null;
  payload: Record<string, unknown>;
  actor_type: string;
  actor_id: string | null;
  created_at: string;
  status: EventStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  processed_at: string | null;
}

interface EventPage {
  data: DomainEvent[];
  pagination: { total: number; page: number; per_page: number; pages: number };
}

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
