import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { paginate } from '../../core/schemas.ts';
import { findUsersByIds } from '../auth/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import type { DocumentListQuery, DocumentOut, DocumentVersion } from './documents.schemas.ts';
import {
  type AccessLevel,
  accessLevels,
  customer_document_access_log,
  customer_document_versions,
  customer_documents,
} from './documents.tables.ts';

export type DocumentRow = typeof customer_documents.$inferSelect;
export type VersionRow = typeof customer_document_versions.$inferSelect;

/** The access levels an actor may see: a client public and client; staff and advisors all but admin. */
export function visibleLevels(actor: Actor): AccessLevel[] {
  if (actor.role === 'admin' || actor.role === 'system') return [...accessLevels];
  if (actor.role === 'client') return ['public', 'client'];
  return ['public', 'client', 'staff'];
}

export function toVersion(row: VersionRow): DocumentVersion {
  return {
    document_id: row.document_id,
    version: row.version,
    sha256: row.sha256,
    size: row.size,
    mime_type: row.mime_type,
    file_name: row.file_name,
    uploaded_by: row.uploaded_by,
    created_at: row.created_at,
    verified_at: row.verified_at,
    integrity_failed_at: row.integrity_failed_at,
  };
}

export function toDocument(row: DocumentRow, version: VersionRow): DocumentOut {
  const { search_text: _search, ...document } = row;
  return { ...document, version: toVersion(version) };
}

/**
 * A document the actor may reach, with the version asked for (default the current one).
 * Anything else — another customer's, above the actor's level, deleted — is a 404: a
 * client learns nothing of what exists.
 */
export async function readDocumentOrThrow(
  ctx: Ctx,
  id: string,
  options: { version?: number; forUpdate?: boolean } = {},
): Promise<{ document: DocumentRow; version: VersionRow }> {
  const query = ctx.db.select().from(customer_documents).where(eq(customer_documents.id, id));
  const [document] = options.forUpdate ? await query.for('update') : await query;
  const notFound = () => new AppError('document.not_found', 'No such document', { document_id: id });
  if (!document || document.deleted_at || !visibleLevels(ctx.actor).includes(document.access_level)) {
    throw notFound();
  }
  try {
    await getCustomerOrThrow(ctx, document.customer_id, { purpose: 'document' });
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') throw notFound();
    throw error;
  }
  const number = options.version ?? document.current_version;
  const [version] = await ctx.db
    .select()
    .from(customer_document_versions)
    .where(
      and(eq(customer_document_versions.document_id, id), eq(customer_document_versions.version, number)),
    );
  if (!version) {
    throw new AppError('document.version_not_found', 'No such version', { document_id: id, version: number });
  }
  return { document, version };
}

export async function findDocuments(ctx: Ctx, customerId: string, query: DocumentListQuery) {
  await getCustomerOrThrow(ctx, customerId, { purpose: 'documents' });
  const levels = visibleLevels(ctx.actor);
  const conditions: SQL[] = [
    eq(customer_documents.customer_id, customerId),
    sql`${customer_documents.deleted_at} is null`,
    sql`${customer_documents.access_level} in ${levels}`,
  ];
  if (query.category) conditions.push(eq(customer_documents.category, query.category));
  if (query.access_level) conditions.push(eq(customer_documents.access_level, query.access_level));
  if (query.q) {
    conditions.push(sql`${customer_documents.search_text} like '%' || atrium_fold(${query.q}) || '%'`);
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ document: customer_documents, version: customer_document_versions })
      .from(customer_documents)
      .innerJoin(
        customer_document_versions,
        and(
          eq(customer_document_versions.document_id, customer_documents.id),
          eq(customer_document_versions.version, customer_documents.current_version),
        ),
      )
      .where(where)
      .orderBy(desc(customer_documents.created_at), desc(customer_documents.id))
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page),
    ctx.db.select({ value: count() }).from(customer_documents).where(where),
  ]);
  return {
    data: rows.map((row) => toDocument(row.document, row.version)),
    pagination: paginate(total?.value ?? 0, query.page, query.per_page),
  };
}

export async function findVersions(ctx: Ctx, id: string) {
  await readDocumentOrThrow(ctx, id);
  const rows = await ctx.db
    .select()
    .from(customer_document_versions)
    .where(eq(customer_document_versions.document_id, id))
    .orderBy(desc(customer_document_versions.version));
  return { data: rows.map(toVersion) };
}

export async function findAccessLog(ctx: Ctx, id: string, query: { page: number; per_page: number }) {
  await readDocumentOrThrow(ctx, id);
  const where = eq(customer_document_access_log.document_id, id);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(customer_document_access_log)
      .where(where)
      .orderBy(desc(customer_document_access_log.at), desc(customer_document_access_log.id))
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page),
    ctx.db.select({ value: count() }).from(customer_document_access_log).where(where),
  ]);
  const users = await findUsersByIds(
    ctx,
    rows.flatMap((row) => (row.user_id && row.actor_type === 'user' ? [row.user_id] : [])),
  );
  return {
    data: rows.map(({ customer_id: _customer, ...row }) => ({
      ...row,
      user_name: (row.user_id && users.get(row.user_id)?.name) || null,
    })),
    pagination: paginate(total?.value ?? 0, query.page, query.per_page),
  };
}
