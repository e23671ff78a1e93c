import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { support_tickets, ticket_messages } from './tickets.tables.ts';

/**
 * The customer's tickets in their access-request export (privacy reads it through app.ts),
 * with the conversation as the customer saw it: public messages. Staff's internal notes are
 * left out, as the client's own view leaves them out (an exception to be confirmed case by
 * case by the privacy officer, who can still read them in Atrium).
 */
export const supportExportSection = {
  name: 'support',
  async read(ctx: Ctx, customerId: string) {
    const tickets = await ctx.db
      .select()
      .from(support_tickets)
      .where(eq(support_tickets.customer_id, customerId))
      .orderBy(asc(support_tickets.created_at));
    const messages = tickets.length
      ? await ctx.db
          .select()
          .from(ticket_messages)
          .where(
            and(
              inArray(
                ticket_messages.ticket_id,
                tickets.map((ticket) => ticket.id),
              ),
              eq(ticket_messages.kind, 'public'),
            ),
          )
          .orderBy(asc(ticket_messages.created_at), asc(ticket_messages.id))
      : [];
    return {
      tickets: tickets.map(({ search_text: _search, ...ticket }) => ({
        ...ticket,
        messages: messages.filter((message) => message.ticket_id === ticket.id),
      })),
    };
  },
};
