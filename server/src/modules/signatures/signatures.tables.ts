import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customer_documents } from '../documents/index.ts';
import { quotes } from '../quotes/index.ts';

/** A request's or a signer's status (a request is `signed` once every signer has signed). */
export const signatureStatuses = ['pending', 'viewed', 'signed', 'declined', 'expired', 'cancelled'] as const;
export type SignatureStatus = (typeof signatureStatuses)[number];
export const routings = ['parallel', 'sequential'] as const;
export type Routing = (typeof routings)[number];
export const fieldTypes = ['signature', 'initials', 'date', 'text'] as const;
export type FieldType = (typeof fieldTypes)[number];
export const auditEventTypes = [
  'created',
  'sent',
  'opened',
  'code_sent',
  'code_verified',
  'code_failed',
  'signed',
  'declined',
  'cancelled',
  'reminded',
  'completed',
] as const;
export const quoteOutcomes = ['accepted', 'declined', 'not_accepted'] as const;
export type AuditEventType = (typeof auditEventTypes)[number];

/**
 * A field placed on the document, in relative units: x, y, width and height are fractions
 * (0–1) of the page's width and height, measured from its top-left corner, so they hold
 * whatever size the page is drawn at. `page` counts from 1.
 */
export interface PlacedField {
  id: string;
  type: FieldType;
  signer_index: number;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  required: boolean;
  label: string | null;
}

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

/**
 * A request to sign one version of a document (its SHA-256 as shown to the signers). The
 * status moves forward only; `expired` is also read from expires_at (a pending request past
 * it is expired whether or not a job wrote so).
 */
export const signature_requests = pgTable(
  'signature_requests',
  {
    id: uuid('id').primaryKey(),
    document_id: uuid('document_id')
      .notNull()
      .references(() => customer_documents.id),
    customer_id: uuid('customer_id').notNull(),
    document_version: integer('document_version').notNull(),
    original_sha256: text('original_sha256').notNull(),
    title: text('title').notNull(),
    message: text('message'),
    routing: text('routing', { enum: routings }).notNull(),
    status: text('status', { enum: signatureStatuses }).notNull(),
    require_email_code: boolean('require_email_code').notNull().default(false),
    fields: jsonb('fields').$type<PlacedField[]>().notNull(),
    page_count: integer('page_count').notNull(),
    /** Who carries it out: `internal` (Atrium's own pages) or an external provider's name. */
    provider: text('provider').notNull().default('internal'),
    provider_reference: text('provider_reference'),
    expires_at: timestamp('expires_at', { withTimezone: true }).notNull(),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
    completed_at: timestamp('completed_at', { withTimezone: true }),
    cancelled_at: timestamp('cancelled_at', { withTimezone: true }),
    declined_at: timestamp('declined_at', { withTimezone: true }),
    /** The hash of the `completed` audit event: printed on the certificate page. */
    final_audit_hash: text('final_audit_hash'),
    /** The sealed PDF, stored as a document of the customer. */
    sealed_document_id: uuid('sealed_document_id'),
    sealed_sha256: text('sealed_sha256'),
    sealed_at: timestamp('sealed_at', { withTimezone: true }),
    /** The quote this request signs (its PDF is the document): completing it accepts the quote. */
    quote_id: uuid('quote_id').references(() => quotes.id),
    /** What the completion or decline did to the quote, once: accepted, declined, or not_accepted (why: the timeline). */
    quote_outcome: text('quote_outcome', { enum: quoteOutcomes }),
  },
  (table) => [
    index('signature_requests_document_idx').on(table.document_id, table.created_at),
    index('signature_requests_customer_status_idx').on(table.customer_id, table.status),
    uniqueIndex('signature_requests_sealed_sha256_key').on(table.sealed_sha256),
    check('signature_requests_status_check', sql`${table.status} in (${inList(signatureStatuses)})`),
    index('signature_requests_quote_idx').on(table.quote_id, table.created_at),
    check(
      'signature_requests_quote_outcome_check',
      sql`${table.quote_outcome} is null or (${table.quote_id} is not null and ${table.quote_outcome} in (${inList(quoteOutcomes)}))`,
    ),
    check('signature_requests_routing_check', sql`${table.routing} in (${inList(routings)})`),
    check(
      'signature_requests_sealed_check',
      sql`(${table.sealed_sha256} is null or (${table.status} = 'signed' and ${table.sealed_sha256} ~ '^[0-9a-f]{64}$'))`,
    ),
  ],
);

/**
 * Each signer of a request. The token that opens the signer's page is kept as its SHA-256
 * only; a reminder replaces it. The email code likewise (an HMAC), with its failed attempts.
 */
export const signature_signers = pgTable(
  'signature_signers',
  {
    id: uuid('id').primaryKey(),
    request_id: uuid('request_id')
      .notNull()
      .references(() => signature_requests.id),
    signer_index: integer('signer_index').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    signing_order: integer('signing_order').notNull(),
    language: text('language').notNull(),
    status: text('status', { enum: signatureStatuses }).notNull(),
    /** SHA-256 of the signing token; the token is an HMAC of the nonce, so a reminder can rotate it. */
    token_hash: text('token_hash').notNull(),
    token_nonce: text('token_nonce').notNull(),
    notified_at: timestamp('notified_at', { withTimezone: true }),
    viewed_at: timestamp('viewed_at', { withTimezone: true }),
    signed_at: timestamp('signed_at', { withTimezone: true }),
    declined_at: timestamp('declined_at', { withTimezone: true }),
    decline_reason: text('decline_reason'),
    signature_type: text('signature_type', { enum: ['drawn', 'typed'] }),
    /** The drawn signature's PNG in the content store (by SHA-256), or the typed name. */
    signature_sha256: text('signature_sha256'),
    typed_name: text('typed_name'),
    field_values: jsonb('field_values').$type<Record<string, string>>(),
    ip: text('ip'),
    user_agent: text('user_agent'),
    code_hash: text('code_hash'),
    code_expires_at: timestamp('code_expires_at', { withTimezone: true }),
    code_attempts: integer('code_attempts').notNull().default(0),
    code_verified_at: timestamp('code_verified_at', { withTimezone: true }),
    code_locked_at: timestamp('code_locked_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('signature_signers_token_key').on(table.token_hash),
    uniqueIndex('signature_signers_index_key').on(table.request_id, table.signer_index),
    check('signature_signers_status_check', sql`${table.status} in (${inList(signatureStatuses)})`),
    check(
      'signature_signers_signed_check',
      sql`(${table.status} = 'signed') = (${table.signed_at} is not null and ${table.signature_type} is not null)`,
    ),
  ],
);

/**
 * The request's audit trail, hash-chained: each event's hash is SHA-256 over its canonical
 * serialization, which includes the previous event's hash. Append-only (a trigger refuses
 * UPDATE and DELETE), numbered without gaps per request.
 */
export const signature_events = pgTable(
  'signature_events',
  {
    id: uuid('id').primaryKey(),
    request_id: uuid('request_id')
      .notNull()
      .references(() => signature_requests.id),
    seq: integer('seq').notNull(),
    event: text('event', { enum: auditEventTypes }).notNull(),
    signer_id: uuid('signer_id'),
    actor_id: uuid('actor_id'),
    ip: text('ip'),
    user_agent: text('user_agent'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    prev_hash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    uniqueIndex('signature_events_seq_key').on(table.request_id, table.seq),
    check('signature_events_event_check', sql`${table.event} in (${inList(auditEventTypes)})`),
  ],
);
