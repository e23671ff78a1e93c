import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import {
  customer_document_access_log,
  customer_document_versions,
  customer_documents,
} from './documents.tables.ts';

/**
 * The customer's documents in their access-request export (privacy reads it through app.ts):
 * each document's metadata (hidden ones too while they are kept), its versions with their
 * SHA-256, and who opened them. A client exporting their own data gets the documents they may
 * see (public and client levels); staff exporting for them get all. The files themselves are
 * downloaded one by one from the Documents tab (a zip comes later).
 */
export const documentsExportSection = {
  name: 'documents',
  async read(ctx: Ctx, customerId: string) {
    const where: SQL[] = [eq(customer_documents.customer_id, customerId)];
    if (ctx.actor.role === 'client')
      where.push(inArray(customer_documents.access_level, ['public', 'client']));
    const documents = await ctx.db
      .select()
      .from(customer_documents)
      .where(and(...where))
      .orderBy(asc(customer_documents.created_at), asc(customer_documents.id));
    const ids = documents.map((document) => document.id);
    const versions = ids.length
      ? await ctx.db
          .select()
          .from(customer_document_versions)
          .where(inArray(customer_document_versions.document_id, ids))
          .orderBy(asc(customer_document_versions.document_id), asc(customer_document_versions.version))
      : [];
    const accesses = ids.length
      ? await ctx.db
          .select({
            document_id: customer_document_access_log.document_id,
            version: customer_document_access_log.version,
            action: customer_document_access_log.action,
            outcome: customer_document_access_log.outcome,
            role: customer_document_access_log.role,
            at: customer_document_access_log.at,
          })
          .from(customer_document_access_log)
          .where(inArray(customer_document_access_log.document_id, ids))
          .orderBy(asc(customer_document_access_log.at))
      : [];
    return {
      documents: documents.map(({ search_text: _search, ...document }) => ({
        ...document,
        versions: versions.filter((version) => version.document_id === document.id),
        accesses: accesses.filter((access) => access.document_id === document.id),
      })),
    };
  },
};
