import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { customer_documents } from '../documents/index.ts';
import { signature_events, signature_requests, signature_signers } from './signatures.tables.ts';

/**
 * The customer's signature requests in their access-request export (privacy reads it through
 * app.ts): each request, its signers (no tokens, no codes) and its hash-chained trail. A client
 * exporting their own data gets the requests on documents they may see.
 */
export const signaturesExportSection = {
  name: 'signatures',
  async read(ctx: Ctx, customerId: string) {
    const where: SQL[] = [eq(signature_requests.customer_id, customerId)];
    if (ctx.actor.role === 'client') {
      const visible = ctx.db
        .select({ id: customer_documents.id })
        .from(customer_documents)
        .where(
          and(
            eq(customer_documents.customer_id, customerId),
            inArray(customer_documents.access_level, ['public', 'client']),
          ),
        );
      where.push(inArray(signature_requests.document_id, visible));
    }
    const requests = await ctx.db
      .select()
      .from(signature_requests)
      .where(and(...where))
      .orderBy(asc(signature_requests.created_at), asc(signature_requests.id));
    const ids = requests.map((request) => request.id);
    const signers = ids.length
      ? await ctx.db
          .select({
            id: signature_signers.id,
            request_id: signature_signers.request_id,
            name: signature_signers.name,
            email: signature_signers.email,
            signing_order: signature_signers.signing_order,
            status: signature_signers.status,
            viewed_at: signature_signers.viewed_at,
            signed_at: signature_signers.signed_at,
            declined_at: signature_signers.declined_at,
            decline_reason: signature_signers.decline_reason,
            signature_type: signature_signers.signature_type,
            signature_sha256: signature_signers.signature_sha256,
            typed_name: signature_signers.typed_name,
            field_values: signature_signers.field_values,
            ip: signature_signers.ip,
            user_agent: signature_signers.user_agent,
          })
          .from(signature_signers)
          .where(inArray(signature_signers.request_id, ids))
          .orderBy(asc(signature_signers.request_id), asc(signature_signers.signer_index))
      : [];
    const events = ids.length
      ? await ctx.db
          .select()
          .from(signature_events)
          .where(inArray(signature_events.request_id, ids))
          .orderBy(asc(signature_events.request_id), asc(signature_events.seq))
      : [];
    return {
      requests: requests.map(({ page_count: _pages, ...request }) => ({
        ...request,
        signers: signers.filter((signer) => signer.request_id === request.id),
        events: events.filter((event) => event.request_id === request.id),
      })),
    };
  },
};
