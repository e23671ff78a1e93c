import { and, eq, inArray, isNotNull, ne, or } from 'drizzle-orm';
import { type EventHandler, onEvent } from '../../core/events.ts';
import { recordChange } from '../changes/index.ts';
import { support_tickets, ticket_messages } from './tickets.tables.ts';

/** What stands in for what a person wrote once they are anonymized. */
export const anonymizedText = '[anonymisé]';

/** What support does after other modules' changes commit (run by the dispatcher, at least once). */
export const supportEventHandlers: EventHandler[] = [
  // An anonymized customer's tickets stay (counts, times, SLA) but say nothing about them any more:
  // subjects, messages and the requester's name and email go. Delivered again, it records nothing more.
  onEvent('customer.anonymized', 'support.scrub_tickets', async (ctx, event) => {
    if (!event.customer_id) return;
    const tickets = await ctx.db
      .select({ id: support_tickets.id })
      .from(support_tickets)
      .where(eq(support_tickets.customer_id, event.customer_id));
    if (tickets.length === 0) return;
    const ids = tickets.map((ticket) => ticket.id);
    const scrubbed = await ctx.db
      .update(support_tickets)
      .set({ subject: anonymizedText, requester_name: null, requester_email: null })
      .where(
        and(
          inArray(support_tickets.id, ids),
          or(
            ne(support_tickets.subject, anonymizedText),
            isNotNull(support_tickets.requester_name),
            isNotNull(support_tickets.requester_email),
          ),
        ),
      )
      .returning({ id: support_tickets.id });
    const messages = await ctx.db
      .update(ticket_messages)
      .set({ body: anonymizedText })
      .where(and(inArray(ticket_messages.ticket_id, ids), ne(ticket_messages.body, anonymizedText)))
      .returning({ id: ticket_messages.id });
    // Already done (the event delivered again): nothing more to record.
    if (scrubbed.length === 0 && messages.length === 0) return;
    await recordChange(ctx, {
      event: 'ticket.anonymized_all',
      entity: 'customer',
      entity_id: event.customer_id,
      customer_id: event.customer_id,
      payload: { tickets: scrubbed.length, messages: messages.length, cause: 'customer.anonymized' },
    });
  }),
];
