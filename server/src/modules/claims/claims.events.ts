import { and, eq, inArray, ne, or } from 'drizzle-orm';
import { type EventHandler, onEvent } from '../../core/events.ts';
import { recordChange } from '../changes/index.ts';
import { claims, conversation_messages, conversations } from './claims.tables.ts';

/** What stands in for what a person wrote once they are anonymized (as support's tickets). */
export const anonymizedClaimText = '[anonymisé]';

/** What claims does after other modules' changes commit (run by the dispatcher, at least once). */
export const claimEventHandlers: EventHandler[] = [
  // An anonymized customer's claims keep their figures (type, dates, amounts, CCI, statuses) but
  // lose what was said: descriptions, qualification answers and every conversation message.
  // Delivered again, it records nothing more.
  onEvent('customer.anonymized', 'claims.scrub_claims', async (ctx, event) => {
    if (!event.customer_id) return;
    const scrubbedClaims = await ctx.db
      .update(claims)
      .set({ description: anonymizedClaimText, details: {}, documents_requested: null })
      .where(and(eq(claims.customer_id, event.customer_id), ne(claims.description, anonymizedClaimText)))
      .returning({ id: claims.id });
    const owned = await ctx.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(
        or(
          eq(conversations.customer_id, event.customer_id),
          eq(conversations.started_by_customer_id, event.customer_id),
        ),
      );
    const ids = owned.map((row) => row.id);
    const scrubbedMessages = ids.length
      ? await ctx.db
          .update(conversation_messages)
          .set({ text: anonymizedClaimText })
          .where(
            and(
              inArray(conversation_messages.conversation_id, ids),
              ne(conversation_messages.text, anonymizedClaimText),
            ),
          )
          .returning({ id: conversation_messages.id })
      : [];
    if (ids.length)
      await ctx.db.update(conversations).set({ state: {} }).where(inArray(conversations.id, ids));
    if (scrubbedClaims.length === 0 && scrubbedMessages.length === 0) return;
    await recordChange(ctx, {
      event: 'claim.anonymized_all',
      entity: 'customer',
      entity_id: event.customer_id,
      customer_id: event.customer_id,
      payload: {
        claims: scrubbedClaims.length,
        messages: scrubbedMessages.length,
        cause: 'customer.anonymized',
      },
    });
  }),
];
