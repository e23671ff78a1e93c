import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { invalidFields } from '../../core/errors.ts';
import { visibleLevels } from './documents.read.ts';
import { recordDocumentAccess } from './documents.service.ts';
import { type AccessLevel, customer_document_versions, customer_documents } from './documents.tables.ts';

/** What another module shows of a document it refers to (a ticket message's attachment). */
export interface DocumentReference {
  document_id: string;
  title: string;
  access_level: AccessLevel;
  file_name: string;
  mime_type: string;
  size: number;
}

async function currentVersions(ctx: Ctx, ids: readonly string[], customerId?: string) {
  if (ids.length === 0) return [];
  return ctx.db
    .select({ document: customer_documents, version: customer_document_versions })
    .from(customer_documents)
    .innerJoin(
      customer_document_versions,
      and(
        eq(customer_document_versions.document_id, customer_documents.id),
        eq(customer_document_versions.version, customer_documents.current_version),
      ),
    )
    .where(
      and(
        inArray(customer_documents.id, [...ids]),
        isNull(customer_documents.deleted_at),
        inArray(customer_documents.access_level, visibleLevels(ctx.actor)),
        customerId ? eq(customer_documents.customer_id, customerId) : undefined,
      ),
    );
}

function toReference({
  document,
  version,
}: Awaited<ReturnType<typeof currentVersions>>[number]): DocumentReference {
  return {
    document_id: document.id,
    title: document.title,
    access_level: document.access_level,
    file_name: version.file_name,
    mime_type: version.mime_type,
    size: version.size,
  };
}

/**
 * The customer's documents the actor names to attach, in the order named: each must be the
 * customer's, kept, and one the actor may see; `sharedOnly` asks that the customer may see it
 * too (an answer they read). Anything else is a 400 naming the entry. Attaching to what the
 * customer reads is a share, logged in each document's access log.
 */
export async function attachableDocuments(
  ctx: Ctx,
  customerId: string,
  ids: readonly string[],
  options: { field: string; sharedOnly: boolean },
): Promise<DocumentReference[]> {
  const found = new Map((await currentVersions(ctx, ids, customerId)).map((row) => [row.document.id, row]));
  const problems = ids.flatMap((id, index) => {
    const row = found.get(id);
    if (!row) return [{ path: `${options.field}.${index}`, message: 'No such document for this customer' }];
    if (options.sharedOnly && !['public', 'client'].includes(row.document.access_level)) {
      return [
        {
          path: `${options.field}.${index}`,
          message: 'The customer cannot see this document: share it first',
        },
      ];
    }
    return [];
  });
  if (problems.length) throw invalidFields(problems);
  const rows = ids.map((id) => found.get(id)!);
  if (options.sharedOnly) {
    for (const row of rows) await recordDocumentAccess(ctx, row.document, row.version, 'share');
  }
  return rows.map(toReference);
}

/** The documents among `ids` the actor may see now (deleted or above their level left out). */
export async function documentReferences(
  ctx: Ctx,
  ids: readonly string[],
): Promise<Map<string, DocumentReference>> {
  const rows = await currentVersions(ctx, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.document.id, toReference(row)]));
}
