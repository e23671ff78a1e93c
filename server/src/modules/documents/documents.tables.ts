import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/index.ts';

export const documentCategories = [
  'contract',
  'identity',
  'invoice',
  'quote',
  'claim',
  'photo',
  'correspondence',
  'other',
] as const;
/** Who may see a document: public and client ones reach the customer's own client users too. */
export const accessLevels = ['public', 'client', 'staff', 'admin'] as const;
export const accessActions = ['view', 'download', 'preview', 'verify', 'share', 'upload'] as const;
export const accessOutcomes = ['ok', 'integrity_failed', 'missing'] as const;

export type DocumentCategory = (typeof documentCategories)[number];
export type AccessLevel = (typeof accessLevels)[number];
export type AccessAction = (typeof accessActions)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

/**
 * A customer's document: its metadata and current version. Deleting hides it (deleted_at);
 * the content stays until retention_until, longer under a legal hold.
 */
export const customer_documents = pgTable(
  'customer_documents',
  {
    id: uuid('id').primaryKey(),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    title: text('title').notNull(),
    category: text('category', { enum: documentCategories }).notNull(),
    access_level: text('access_level', { enum: accessLevels }).notNull(),
    current_version: integer('current_version').notNull(),
    legal_hold: boolean('legal_hold').notNull().default(false),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
    deleted_at: timestamp('deleted_at', { withTimezone: true }),
    deleted_by: uuid('deleted_by'),
    retention_until: timestamp('retention_until', { withTimezone: true }),
    /** When the retention job or an anonymization removed its content and scrubbed its title. */
    purged_at: timestamp('purged_at', { withTimezone: true }),
    /** Folded title: what `q` searches. */
    search_text: text('search_text').notNull().generatedAlwaysAs(sql`atrium_fold(title)`),
  },
  (table) => [
    index('customer_documents_customer_idx').on(table.customer_id, table.created_at),
    // What the retention job looks for: deleted, not yet purged.
    index('customer_documents_retention_idx')
      .on(table.retention_until)
      .where(sql`${table.purged_at} is null and ${table.retention_until} is not null`),
    check('customer_documents_category_check', sql`${table.category} in (${inList(documentCategories)})`),
    check('customer_documents_access_level_check', sql`${table.access_level} in (${inList(accessLevels)})`),
    check(
      'customer_documents_deleted_check',
      sql`(${table.deleted_at} is null) = (${table.retention_until} is null)`,
    ),
  ],
);

/**
 * Each upload of a document, immutable: a signature request names (document_id, version) and
 * the sha256 it was shown, which the content store can prove years later.
 */
export const customer_document_versions = pgTable(
  'customer_document_versions',
  {
    id: uuid('id').primaryKey(),
    document_id: uuid('document_id')
      .notNull()
      .references(() => customer_documents.id),
    version: integer('version').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Detected from the content (magic bytes), never from the name or the request. */
    mime_type: text('mime_type').notNull(),
    /** The uploaded file name, sanitized (no path, no control characters). */
    file_name: text('file_name').notNull(),
    uploaded_by: uuid('uploaded_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Last re-hash that matched, and the last that did not (shown to admins). */
    verified_at: timestamp('verified_at', { withTimezone: true }),
    integrity_failed_at: timestamp('integrity_failed_at', { withTimezone: true }),
    /** The content is no longer this version's (its document was purged); the hash stays as proof. */
    purged_at: timestamp('purged_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('customer_document_versions_key').on(table.document_id, table.version),
    index('customer_document_versions_sha256_idx').on(table.sha256),
    check('customer_document_versions_sha256_check', sql`${table.sha256} ~ '^[0-9a-f]{64}$'`),
    check('customer_document_versions_size_check', sql`${table.size} > 0`),
  ],
);

/** Who reached a document, how, from where: append-only. */
export const customer_document_access_log = pgTable(
  'customer_document_access_log',
  {
    id: uuid('id').primaryKey(),
    document_id: uuid('document_id')
      .notNull()
      .references(() => customer_documents.id),
    customer_id: uuid('customer_id').notNull(),
    version: integer('version').notNull(),
    action: text('action', { enum: accessActions }).notNull(),
    outcome: text('outcome', { enum: accessOutcomes }).notNull().default('ok'),
    user_id: uuid('user_id'),
    actor_type: text('actor_type').notNull(),
    role: text('role').notNull(),
    ip: text('ip'),
    user_agent: text('user_agent'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('customer_document_access_log_document_idx').on(table.document_id, table.at),
    check('customer_document_access_log_action_check', sql`${table.action} in (${inList(accessActions)})`),
    check('customer_document_access_log_outcome_check', sql`${table.outcome} in (${inList(accessOutcomes)})`),
  ],
);
