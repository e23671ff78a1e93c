import { and, asc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import type { ExportFile, ExportSection } from '../privacy/index.ts';
import { type DocumentSettings, recordDocumentAccess } from './documents.service.ts';
import {
  customer_document_access_log,
  customer_document_versions,
  customer_documents,
} from './documents.tables.ts';

function exportedDocuments(ctx: Ctx, customerId: string) {
  const where: SQL[] = [eq(customer_documents.customer_id, customerId)];
  if (ctx.actor.role === 'client') where.push(inArray(customer_documents.access_level, ['public', 'client']));
  return and(...where);
}

/**
 * The customer's documents in their access-request export (privacy reads it through app.ts):
 * each document's metadata (hidden ones too while they are kept), its versions with their
 * SHA-256, and who opened them; in the zip export, every version's content too, each read
 * logged as a download. A client exporting their own data gets the documents they may see
 * (public and client levels); staff exporting for them get all.
 */
export const documentsExportSection = (settings: DocumentSettings): ExportSection => ({
  name: 'documents',
  async read(ctx: Ctx, customerId: string) {
    const documents = await ctx.db
      .select()
      .from(customer_documents)
      .where(exportedDocuments(ctx, customerId))
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
  async files(ctx: Ctx, customerId: string): Promise<ExportFile[]> {
    const rows = await ctx.db
      .select({ document: customer_documents, version: customer_document_versions })
      .from(customer_documents)
      .innerJoin(
        customer_document_versions,
        eq(customer_document_versions.document_id, customer_documents.id),
      )
      .where(and(exportedDocuments(ctx, customerId), isNull(customer_document_versions.purged_at)))
      .orderBy(
        asc(customer_documents.created_at),
        asc(customer_documents.id),
        asc(customer_document_versions.version),
      );
    return rows.map(({ document, version }) => ({
      path: `documents/${document.id}/v${version.version}-${version.file_name}`,
      async open() {
        const content = await settings.storage.getVerified(version.sha256);
        if (typeof content === 'string') {
          const outcome = content === 'mismatch' ? 'integrity_failed' : 'missing';
          await recordDocumentAccess(ctx, document, version, 'download', outcome);
          return {
            refused:
              content === 'mismatch'
                ? `The stored content no longer matches its SHA-256 (${version.sha256}); it is not exported.`
                : `The stored content (${version.sha256}) is missing.`,
          };
        }
        await recordDocumentAccess(ctx, document, version, 'download');
        return content.stream;
      },
    }));
  },
});
