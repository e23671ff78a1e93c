import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** A 64-bit transaction id (PostgreSQL ≥ 13), as its decimal text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** Append-only: a trigger (migration 0002) refuses UPDATE, DELETE and TRUNCATE. */
export const audit_log = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    occurred_at: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actor_type: text('actor_type').notNull(),
    actor_id: uuid('actor_id'),
    role: text('role').notNull(),
    ip: text('ip'),
    user_agent: text('user_agent'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entity_id: uuid('entity_id'),
    customer_id: uuid('customer_id'),
    /** Names of the fields that changed, never their values: the log must survive anonymization. */
    changed_fields: text('changed_fields').array().notNull().default([]),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    /**
     * The writing transaction, set by the database: a seal covers whole ranges of finished
     * transactions, so an entry committed late is never skipped (ADR 0007).
     */
    tx_id: xid8('tx_id').notNull().default(sql`pg_current_xact_id()`),
  },
  (table) => [
    index('audit_log_entity_idx').on(table.entity, table.entity_id, table.occurred_at),
    index('audit_log_customer_id_idx').on(table.customer_id, table.occurred_at),
    index('audit_log_actor_id_idx').on(table.actor_id),
    index('audit_log_tx_id_idx').on(table.tx_id, table.id),
  ],
);

/**
 * The hash chain over the audit log (ADR 0007): block n covers the entries written by the
 * transactions from_tx ≤ tx_id < to_tx, and its hash covers the previous block's hash.
 * Append-only, like the log: a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const audit_seals = pgTable(
  'audit_seals',
  {
    block_no: bigint('block_no', { mode: 'number' }).primaryKey(),
    from_tx: xid8('from_tx').notNull(),
    to_tx: xid8('to_tx').notNull().unique(),
    entry_count: integer('entry_count').notNull(),
    first_entry_id: uuid('first_entry_id').notNull(),
    last_entry_id: uuid('last_entry_id').notNull(),
    /** The earliest and latest `occurred_at` among the block's entries. */
    first_occurred_at: timestamp('first_occurred_at', { withTimezone: true }).notNull(),
    last_occurred_at: timestamp('last_occurred_at', { withTimezone: true }).notNull(),
    /** The entries' ids and SHA-256 digests in block order: they locate a mismatch, the hash proves it. */
    entry_ids: uuid('entry_ids').array().notNull(),
    entry_hashes: bytea('entry_hashes').notNull(),
    prev_hash: bytea('prev_hash').notNull(),
    hash: bytea('hash').notNull(),
    sealed_at: timestamp('sealed_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    check('audit_seals_range', sql`${table.from_tx} < ${table.to_tx}`),
    check('audit_seals_entries', sql`${table.entry_count} > 0`),
    check(
      'audit_seals_hashes',
      sql`octet_length(${table.hash}) = 32 and octet_length(${table.prev_hash}) = 32
        and octet_length(${table.entry_hashes}) = 32 * ${table.entry_count}`,
    ),
  ],
);
