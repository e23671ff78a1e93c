import path from 'node:path';
import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Config } from '../../core/config.ts';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { StagedObject, Storage } from '../../core/storage.ts';
import { storageFromConfig } from '../../core/storage-config.ts';
import { recordChange } from '../changes/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { UploadInspector } from './documents.content.ts';
import { claimContent, releaseContent } from './documents.lifecycle.ts';
import { readDocumentOrThrow, toDocument, type VersionRow, visibleLevels } from './documents.read.ts';
import type { DocumentPatch } from './documents.schemas.ts';
import {
  type AccessAction,
  type AccessLevel,
  customer_document_access_log,
  customer_document_versions,
  customer_documents,
  type DocumentCategory,
} from './documents.tables.ts';

/** The settings `atrium start` and the worker use: the configured store, its limits, the cache under the data directory. */
export function documentSettingsFromConfig(config: Config): DocumentSettings {
  return {
    storage: storageFromConfig(config),
    maxUploadSize: config.MAX_UPLOAD_SIZE,
    retentionDays: config.DOCUMENT_RETENTION_DAYS,
    cacheDir: path.join(config.ATRIUM_DATA_DIR, 'cache', 'thumbnails'),
  };
}

/** What the documents module needs from the outside: the content store and its limits. */
export interface DocumentSettings {
  storage: Storage;
  maxUploadSize: number;
  retentionDays: number;
  /** Where thumbnails are cached, by content hash. */
  cacheDir: string;
}

/** An upload hashed and type-checked in a temporary object; the caller commits or discards it. */
export interface ReceivedFile {
  staged: StagedObject;
  mime_type: string;
  file_name: string;
}

/** Streams an upload into staging, enforcing the size limit and the allow-list; nothing is kept on failure. */
export async function receiveFile(
  settings: DocumentSettings,
  content: Readable,
  fileName: string,
): Promise<ReceivedFile> {
  const inspector = new UploadInspector(settings.maxUploadSize);
  // stage()'s pipeline reports the inspector's failure; this keeps a late one from being uncaught.
  inspector.on('error', () => {});
  content.on('error', (error) => inspector.destroy(error));
  const staged = await settings.storage.stage(content.pipe(inspector));
  try {
    return { staged, mime_type: await inspector.mimeType(), file_name: fileName };
  } catch (error) {
    await staged.discard();
    throw error;
  }
}

/**
 * Makes the content durable, then runs the database work. Content first: a row never names
 * content that is not there. If the transaction fails, content this upload added is removed
 * unless a version now refers to it.
 */
async function withCommittedContent<T>(
  ctx: Ctx,
  settings: DocumentSettings,
  file: ReceivedFile,
  work: (deduplicated: boolean) => Promise<T>,
): Promise<T> {
  const deduplicated = await settings.storage.exists(file.staged.sha256);
  await file.staged.commit();
  try {
    return await work(deduplicated);
  } catch (error) {
    if (!deduplicated) await releaseContent(ctx, settings.storage, file.staged.sha256);
    throw error;
  }
}

function assertLevelAllowed(ctx: Ctx, level: AccessLevel) {
  if (!visibleLevels(ctx.actor).includes(level)) {
    throw new AppError('auth.forbidden', `Only an admin may set access level ${level}`);
  }
}

async function insertAccess(
  txCtx: Ctx,
  document: { id: string; customer_id: string },
  version: number,
  action: AccessAction,
  outcome: 'ok' | 'integrity_failed' | 'missing' = 'ok',
) {
  const { actor } = txCtx;
  await txCtx.db.insert(customer_document_access_log).values({
    id: newId(),
    document_id: document.id,
    customer_id: document.customer_id,
    version,
    action,
    outcome,
    user_id: actor.id,
    actor_type: actor.type,
    role: actor.role,
    ip: actor.ip,
    user_agent: actor.user_agent?.slice(0, 500) ?? null,
    at: txCtx.clock.now(),
  });
}

export async function createDocument(
  ctx: Ctx,
  settings: DocumentSettings,
  customerId: string,
  fields: { title?: string; category: DocumentCategory; access_level: AccessLevel },
  file: ReceivedFile,
) {
  assertLevelAllowed(ctx, fields.access_level);
  await getCustomerOrThrow(ctx, customerId, { writable: true, purpose: 'document' });
  return withCommittedContent(ctx, settings, file, (deduplicated) =>
    ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      await getCustomerOrThrow(txCtx, customerId, { forUpdate: true, writable: true });
      const now = ctx.clock.now();
      const id = newId();
      const title = fields.title ?? file.file_name;
      const [document] = await tx
        .insert(customer_documents)
        .values({
          id,
          customer_id: customerId,
          title,
          category: fields.category,
          access_level: fields.access_level,
          current_version: 1,
          created_by: ctx.actor.id,
          created_at: now,
          updated_at: now,
        })
        .returning();
      const version = await insertVersion(txCtx, settings, id, 1, file);
      await insertAccess(txCtx, { id, customer_id: customerId }, 1, 'upload');
      await recordChange(txCtx, {
        event: 'document.uploaded',
        entity: 'document',
        entity_id: id,
        customer_id: customerId,
        changed_fields: ['title', 'category', 'access_level', 'file'],
        activity: {
          activity_type: 'document',
          title: `Document ajouté : ${title}`,
          reference_table: 'customer_documents',
          metadata: { category: fields.category, access_level: fields.access_level, size: file.staged.size },
        },
        payload: { document_id: id, version: 1, sha256: file.staged.sha256 },
      });
      return { ...toDocument(document!, version), deduplicated };
    }),
  );
}

async function insertVersion(
  txCtx: Ctx,
  settings: DocumentSettings,
  documentId: string,
  number: number,
  file: ReceivedFile,
) {
  await claimContent(txCtx, settings.storage, file.staged.sha256);
  const [version] = await txCtx.db
    .insert(customer_document_versions)
    .values({
      id: newId(),
      document_id: documentId,
      version: number,
      sha256: file.staged.sha256,
      size: file.staged.size,
      mime_type: file.mime_type,
      file_name: file.file_name,
      uploaded_by: txCtx.actor.id,
      created_at: txCtx.clock.now(),
    })
    .returning();
  return version!;
}

export async function addDocumentVersion(
  ctx: Ctx,
  settings: DocumentSettings,
  id: string,
  file: ReceivedFile,
) {
  await readDocumentOrThrow(ctx, id);
  return withCommittedContent(ctx, settings, file, (deduplicated) =>
    ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      const { document } = await readDocumentOrThrow(txCtx, id, { forUpdate: true });
      await getCustomerOrThrow(txCtx, document.customer_id, { writable: true });
      const number = document.current_version + 1;
      const version = await insertVersion(txCtx, settings, id, number, file);
      const [updated] = await tx
        .update(customer_documents)
        .set({ current_version: number, updated_at: ctx.clock.now() })
        .where(eq(customer_documents.id, id))
        .returning();
      await insertAccess(txCtx, document, number, 'upload');
      await recordChange(txCtx, {
        event: 'document.version_added',
        entity: 'document',
        entity_id: id,
        customer_id: document.customer_id,
        changed_fields: ['file'],
        activity: {
          activity_type: 'document',
          title: `Nouvelle version (${number}) : ${document.title}`,
          reference_table: 'customer_documents',
          metadata: { version: number },
        },
        payload: { document_id: id, version: number, sha256: file.staged.sha256 },
      });
      return { ...toDocument(updated!, version), deduplicated };
    }),
  );
}

export async function updateDocument(ctx: Ctx, id: string, patch: DocumentPatch) {
  if (patch.access_level) assertLevelAllowed(ctx, patch.access_level);
  if (patch.legal_hold !== undefined && ctx.actor.role !== 'admin' && ctx.actor.role !== 'system') {
    throw new AppError('auth.forbidden', 'Only an admin may set or lift a legal hold');
  }
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { document, version } = await readDocumentOrThrow(txCtx, id, { forUpdate: true });
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const [updated] = await tx
      .update(customer_documents)
      .set({ ...changes, updated_at: ctx.clock.now() })
      .where(eq(customer_documents.id, id))
      .returning();
    await recordChange(txCtx, {
      event: 'document.updated',
      entity: 'document',
      entity_id: id,
      customer_id: document.customer_id,
      changed_fields: Object.keys(changes),
      activity: null,
      payload: { document_id: id },
    });
    return toDocument(updated!, version);
  });
}

/** Hides the document; its content is kept until the retention date (or while on legal hold). */
export async function deleteDocument(ctx: Ctx, settings: DocumentSettings, id: string) {
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { document } = await readDocumentOrThrow(txCtx, id, { forUpdate: true });
    const now = ctx.clock.now();
    const retentionUntil = new Date(now.getTime() + settings.retentionDays * 86_400_000);
    await tx
      .update(customer_documents)
      .set({ deleted_at: now, deleted_by: ctx.actor.id, retention_until: retentionUntil, updated_at: now })
      .where(eq(customer_documents.id, id));
    await recordChange(txCtx, {
      event: 'document.deleted',
      entity: 'document',
      entity_id: id,
      customer_id: document.customer_id,
      changed_fields: ['deleted_at', 'retention_until'],
      activity: {
        activity_type: 'document',
        title: `Document supprimé : ${document.title}`,
        reference_table: 'customer_documents',
        metadata: { retention_until: retentionUntil.toISOString() },
      },
      payload: { document_id: id },
    });
  });
}

const readEvents: Record<'view' | 'download' | 'preview' | 'verify' | 'share', string> = {
  view: 'document.viewed',
  download: 'document.downloaded',
  preview: 'document.previewed',
  verify: 'document.verified',
  share: 'document.shared',
};

/** Records a read in the access log and the audit (no timeline entry: reads are many), in its own transaction. */
export async function recordDocumentAccess(
  ctx: Ctx,
  document: { id: string; customer_id: string },
  version: VersionRow,
  action: keyof typeof readEvents,
  outcome: 'ok' | 'integrity_failed' | 'missing' = 'ok',
) {
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await insertAccess(txCtx, document, version.version, action, outcome);
    const now = ctx.clock.now();
    if (outcome === 'integrity_failed' || outcome === 'missing') {
      await tx
        .update(customer_document_versions)
        .set({ integrity_failed_at: now })
        .where(eq(customer_document_versions.id, version.id));
    } else if (action === 'verify') {
      await tx
        .update(customer_document_versions)
        .set({ verified_at: now })
        .where(eq(customer_document_versions.id, version.id));
    }
    await recordChange(txCtx, {
      event: outcome === 'ok' ? readEvents[action] : 'document.integrity_failed',
      entity: 'document',
      entity_id: document.id,
      customer_id: document.customer_id,
      activity: null,
      payload: { document_id: document.id, version: version.version, sha256: version.sha256 },
      audit_metadata: { action, version: version.version, sha256: version.sha256, outcome },
    });
  });
}

/**
 * The document's bytes, only once they hash to the stored SHA-256. A mismatch (or missing
 * content) is recorded — access log, audit, the version marked — and answered 409; not a byte
 * of it is sent.
 */
export async function openDocumentContent(
  ctx: Ctx,
  settings: DocumentSettings,
  id: string,
  action: 'download' | 'preview' | 'verify',
  version?: number,
) {
  const found = await readDocumentOrThrow(ctx, id, { version });
  const content = await settings.storage.getVerified(found.version.sha256);
  if (typeof content === 'string') {
    const outcome = content === 'mismatch' ? 'integrity_failed' : 'missing';
    await recordDocumentAccess(ctx, found.document, found.version, action, outcome);
    throw new AppError(
      content === 'mismatch' ? 'document.integrity_failed' : 'document.content_missing',
      content === 'mismatch'
        ? 'The stored content no longer matches its SHA-256; it will not be served'
        : 'The stored content is missing',
      { document_id: id, version: found.version.version },
    );
  }
  await recordDocumentAccess(ctx, found.document, found.version, action);
  return { ...found, content };
}

/** A view of the metadata, logged. */
export async function getDocument(ctx: Ctx, id: string) {
  const { document, version } = await readDocumentOrThrow(ctx, id);
  await recordDocumentAccess(ctx, document, version, 'view');
  return toDocument(document, version);
}
