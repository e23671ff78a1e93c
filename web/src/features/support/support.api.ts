import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { ResponseOf } from '../../lib/api-types';
import { customerKey } from '../customers/customers.api';
import type {
  ContactForm,
  SlaSettings,
  TicketCreate,
  TicketDetail,
  TicketListParams,
  TicketPatch,
  TicketStats,
} from './support.types';

export const ticketsKey = ['tickets'] as const;
const ticketKey = (id: string) => [...ticketsKey, 'detail', id] as const;

export function useTickets(params: TicketListParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...ticketsKey, 'list', params],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listTickets'>>('/api/v1/tickets', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** How many of a customer's tickets still need someone (open, in progress, waiting). */
export function useOpenTicketCount(customerId: string, options: { enabled?: boolean } = {}) {
  const list = useTickets(
    { customer_id: customerId, status: 'open,in_progress,waiting', per_page: 1 },
    options,
  );
  return list.data?.pagination.total;
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKey(id),
    queryFn: ({ signal }) => api<TicketDetail>(`/api/v1/tickets/${id}`, { signal }),
  });
}

/** After a change, the ticket's lists, the statistics and its customer's timeline are stale. */
function useAfterChange() {
  const queryClient = useQueryClient();
  return async (ticket: TicketDetail) => {
    queryClient.setQueryData(ticketKey(ticket.id), ticket);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'list'] }),
      queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'stats'] }),
      ticket.customer_id
        ? queryClient.invalidateQueries({ queryKey: customerKey(ticket.customer_id) })
        : undefined,
    ]);
  };
}

export function useCreateTicket() {
  const afterChange = useAfterChange();
  return useMutation({
    mutationFn: (body: TicketCreate) => api<TicketDetail>('/api/v1/tickets', { method: 'POST', body }),
    onSuccess: afterChange,
  });
}

export function useAddTicketMessage(id: string) {
  const afterChange = useAfterChange();
  return useMutation({
    mutationFn: (body: { body: string; kind: 'public' | 'internal_note'; attachments?: string[] }) =>
      api<TicketDetail>(`/api/v1/tickets/${id}/messages`, { method: 'POST', body }),
    onSuccess: afterChange,
  });
}

export function useUpdateTicket(id: string) {
  const afterChange = useAfterChange();
  return useMutation({
    mutationFn: (body: TicketPatch) => api<TicketDetail>(`/api/v1/tickets/${id}`, { method: 'PATCH', body }),
    onSuccess: afterChange,
  });
}

export function useTicketStats(params: { from?: string; to?: string }) {
  return useQuery({
    queryKey: [...ticketsKey, 'stats', params],
    queryFn: ({ signal }) => api<TicketStats>('/api/v1/tickets/stats', { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSlaSettings(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['support', 'sla-targets'],
    queryFn: ({ signal }) => api<SlaSettings>('/api/v1/support/sla-targets', { signal }),
    staleTime: 5 * 60_000,
    enabled: options.enabled ?? true,
  });
}

/** The public contact form (no session): the server answers the same whatever became of it. */
export function useSubmitContact() {
  return useMutation({
    mutationFn: (body: ContactForm) => api<{ received: true }>('/api/v1/contact', { method: 'POST', body }),
  });
}
