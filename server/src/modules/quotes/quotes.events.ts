import { and, eq, isNotNull, or } from 'drizzle-orm';
import { type EventHandler, onEvent } from '../../core/events.ts';
import { recordChange } from '../changes/index.ts';
import { quotes } from './quotes.tables.ts';

export const quoteEventHandlers: EventHandler[] = [
  // The acceptance evidence names a person (name, IP, user agent) and a decline reason is their
  // words: once they are anonymized, the quote keeps its amounts and dates but none of that.
  onEvent('customer.anonymized', 'quotes.scrub_acceptance', async (ctx, event) => {
    if (!event.customer_id) return;
    const scrubbed = await ctx.db
      .update(quotes)
      .set({
        accepted_by_name: null,
        accepted_ip: null,
        accepted_user_agent: null,
        decline_reason: null,
        // A link still out there opens nothing any more.
        public_token_hash: null,
      })
      .where(
        and(
          eq(quotes.customer_id, event.customer_id),
          or(
            isNotNull(quotes.accepted_by_name),
            isNotNull(quotes.accepted_ip),
            isNotNull(quotes.accepted_user_agent),
            isNotNull(quotes.decline_reason),
            isNotNull(quotes.public_token_hash),
          ),
        ),
      )
      .returning({ id: quotes.id });
    // Delivered again: already done, nothing more to record.
    if (scrubbed.length === 0) return;
    await recordChange(ctx, {
      event: 'quote.anonymized_all',
      entity: 'customer',
      entity_id: event.customer_id,
      customer_id: event.customer_id,
      payload: { quotes: scrubbed.length, cause: 'customer.anonymized' },
    });
  }),
];
