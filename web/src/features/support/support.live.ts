import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvents } from '../notifications/live';
import { ticketsKey } from './support.api';

/*
 * Ticket pages kept fresh by the tab's live channel (`/api/v1/ws`, ADR 14). Which ticket
 * events reach whom is the server's audience rules' call (notifications.audience.ts): support
 * staff hear of new tickets, the assignee of replies, notes and status moves, the customer of
 * replies and status moves on their own tickets.
 */

/** The queue (and a customer's tickets, the 360 header's count): any ticket event. */
export function useTicketListsLive() {
  const queryClient = useQueryClient();
  useLiveEvents(['ticket.'], () => {
    void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'list'] });
  });
}

/** One ticket's thread: an event about this ticket. */
export function useTicketLive(ticketId: string) {
  const queryClient = useQueryClient();
  useLiveEvents(
    (message) => message.type.startsWith('ticket.') && message.data.entity_id === ticketId,
    () => void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'detail', ticketId] }),
  );
}
