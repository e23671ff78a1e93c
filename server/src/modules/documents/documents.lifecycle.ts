import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import type { Storage } from '../../core/storage.ts';
import { recordChange } from '../changes/index.ts';
import {
  customer_document_access_log,
  customer_document_versions,
  customer_documents,
} from './documents.tables.ts';

// The advisory lock space of one stored content (any constant, the same everywhere).
const contentLockKey = 724_311;

/**
 * Content is stored once per SHA-256 and shared by every version that has it, so removing it
 * is a decision about all of them. Writers that add a version take the content's lock shared
 * and check it is still there; removers take it exclusively, check nothing live refers to it,
 * and delete while they hold it. An upload of the same bytes can then never lose its content
 * to a purge that ran at the same moment.
 */
export async function claimContent(txCtx: Ctx, storage: Storage, sha256: string) {
  await txCtx.db.execute(sql`select pg_advisory_xact_lock_shared(${contentLockKey}, hashtext(${sha256}))`);
  if (!(await storage.exists(sha256))) {
    throw new AppError('document.content_changed', 'The content was removed meanwhile; send the file again', {
      sha256,
    });
  }
}

/** Deletes stored content no live version refers to; returns whether it did. */
export async function releaseContent(ctx: Ctx, storage: Storage, sha256: string): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${contentLockKey}, hashtext(${sha256}))`);
    const [used] = await tx
      .select({ id: customer_document_versions.id })
      .from(customer_document_versions)
      .where(and(eq(customer_document_versions.sha256, sha256), isNull(customer_document_versions.purged_at)))
      .limit(1);
    if (used) return false;
    await storage.delete(sha256);
    return true;
  });
}

const purgedTitle = 'Document supprimé';

/**
 * Purges documents in one transaction: their content is no longer theirs (versions marked
 * purged, file names and titles scrubbed), then each content is released after commit if no
 * other document still has it. The rows stay — ids, hashes, sizes, the access log — so the
 * history of what existed and who saw it survives without the personal content.
 */
async function purgeDocuments(
  ctx: Ctx,
  storage: Storage,
  ids: string[],
  cause: 'retention' | 'customer.anonymized',
) {
  if (ids.length === 0) return { documents: 0, contents_deleted: 0 };
  const now = ctx.clock.now();
  const { count, hashes } = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const purged = await tx
      .update(customer_documents)
      .set({
        title: purgedTitle,
        purged_at: now,
        updated_at: now,
        deleted_at: sql`coalesce(${customer_documents.deleted_at}, ${now.toISOString()}::timestamptz)`,
        retention_until: sql`coalesce(${customer_documents.retention_until}, ${now.toISOString()}::timestamptz)`,
      })
      .where(and(inArray(customer_documents.id, ids), isNull(customer_documents.purged_at)))
      .returning({ id: customer_documents.id, customer_id: customer_documents.customer_id });
    if (purged.length === 0) return { count: 0, hashes: [] };
    const purgedIds = purged.map((row) => row.id);
    const versions = await tx
      .update(customer_document_versions)
      .set({ purged_at: now, file_name: 'document' })
      .where(inArray(customer_document_versions.document_id, purgedIds))
      .returning({ sha256: customer_document_versions.sha256 });
    for (const document of purged) {
      await recordChange(txCtx, {
        event: 'document.purged',
        entity: 'document',
        entity_id: document.id,
        customer_id: document.customer_id,
        changed_fields: ['title', 'file_name', 'content'],
        activity: null,
        payload: { document_id: document.id, cause },
      });
    }
    return { count: purged.length, hashes: [...new Set(versions.map((version) => version.sha256))] };
  });
  let deleted = 0;
  for (const sha256 of hashes) if (await releaseContent(ctx, storage, sha256)) deleted += 1;
  return { documents: count, contents_deleted: deleted };
}

/**
 * The retention job: deleted documents whose retention date has passed, not on legal hold,
 * are purged, a batch at a time (each batch its own transaction).
 */
export async function purgeExpiredDocuments(ctx: Ctx, storage: Storage, batchSize = 200) {
  let documents = 0;
  let contentsDeleted = 0;
  for (;;) {
    const due = await ctx.db
      .select({ id: customer_documents.id })
      .from(customer_documents)
      .where(
        and(
          lte(customer_documents.retention_until, ctx.clock.now()),
          eq(customer_documents.legal_hold, false),
          isNull(customer_documents.purged_at),
        ),
      )
      .orderBy(customer_documents.retention_until)
      .limit(batchSize);
    if (due.length === 0) break;
    const result = await purgeDocuments(
      ctx,
      storage,
      due.map((row) => row.id),
      'retention',
    );
    documents += result.documents;
    contentsDeleted += result.contents_deleted;
    if (due.length < batchSize) break;
  }
  return { documents, contents_deleted: contentsDeleted };
}

/**
 * Anonymization removes the customer's documents, except those on legal hold (kept as they
 * are, with the obligation that holds them), and scrubs where their client users read from.
 */
export async function purgeCustomerDocuments(ctx: Ctx, storage: Storage, customerId: string) {
  const documents = await ctx.db
    .select({ id: customer_documents.id })
    .from(customer_documents)
    .where(
      and(
        eq(customer_documents.customer_id, customerId),
        eq(customer_documents.legal_hold, false),
        isNull(customer_documents.purged_at),
      ),
    );
  const result = await purgeDocuments(
    ctx,
    storage,
    documents.map((row) => row.id),
    'customer.anonymized',
  );
  await ctx.db
    .update(customer_document_access_log)
    .set({ ip: null, user_agent: null })
    .where(
      and(
        eq(customer_document_access_log.customer_id, customerId),
        eq(customer_document_access_log.role, 'client'),
      ),
    );
  return result;
}
