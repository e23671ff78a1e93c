import { asc, eq, inArray, or } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import {
  claim_status_changes,
  claims,
  contracts,
  conversation_messages,
  conversations,
} from './claims.tables.ts';

/**
 * The customer's contracts, claims (with their status history) and claim conversations (every
 * message, as the customer saw them) in their access-request export (privacy reads it through
 * app.ts). Conversation tokens are left out: they are credentials, not data about the person.
 */
export const claimsExportSection = {
  name: 'claims',
  async read(ctx: Ctx, customerId: string) {
    // One after the other: the export may run in one transaction (one connection).
    const contractRows = await ctx.db
      .select()
      .from(contracts)
      .where(eq(contracts.customer_id, customerId))
      .orderBy(asc(contracts.start_date));
    const claimRows = await ctx.db
      .select()
      .from(claims)
      .where(eq(claims.customer_id, customerId))
      .orderBy(asc(claims.created_at));
    const conversationRows = await ctx.db
      .select()
      .from(conversations)
      // Also those a signed-in client started and never got past the matricule.
      .where(
        or(eq(conversations.customer_id, customerId), eq(conversations.started_by_customer_id, customerId)),
      )
      .orderBy(asc(conversations.created_at));
    const claimIds = claimRows.map((claim) => claim.id);
    const conversationIds = conversationRows.map((conversation) => conversation.id);
    const history = claimIds.length
      ? await ctx.db
          .select()
          .from(claim_status_changes)
          .where(inArray(claim_status_changes.claim_id, claimIds))
          .orderBy(asc(claim_status_changes.changed_at))
      : [];
    const messages = conversationIds.length
      ? await ctx.db
          .select()
          .from(conversation_messages)
          .where(inArray(conversation_messages.conversation_id, conversationIds))
          .orderBy(asc(conversation_messages.seq))
      : [];
    return {
      contracts: contractRows,
      claims: claimRows.map(({ search_text: _search, ...claim }) => ({
        ...claim,
        status_history: history.filter((change) => change.claim_id === claim.id),
      })),
      conversations: conversationRows.map(({ token_hash: _token, state: _state, ...conversation }) => ({
        ...conversation,
        messages: messages.filter((message) => message.conversation_id === conversation.id),
      })),
    };
  },
};
