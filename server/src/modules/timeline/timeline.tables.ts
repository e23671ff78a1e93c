import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One append-only stream of everything that happened to a customer. */
export const customer_activity = pgTable(
  'customer_activity',
  {
    id: uuid('id').primaryKey(),
    // References customers(id): the foreign key is in the database (migration 0001), not
    // declared here, so the timeline's tables import no other module (ADR 8).
    customer_id: uuid('customer_id').notNull(),
    activity_type: text('activity_type').notNull(),
    reference_id: uuid('reference_id'),
    reference_table: text('reference_table'),
    title: text('title').notNull(),
    description: text('description'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    actor_id: uuid('actor_id'),
    actor_type: text('actor_type').notNull(),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('customer_activity_customer_created_idx').on(
      table.customer_id,
      sql`${table.created_at} desc`,
      sql`${table.id} desc`,
    ),
    index('customer_activity_customer_type_created_idx').on(
      table.customer_id,
      table.activity_type,
      sql`${table.created_at} desc`,
      sql`${table.id} desc`,
    ),
  ],
);

/**
 * Running totals per customer and type, kept in the same transaction as each insert, so a
 * timeline page reports its total without counting a long history on every request.
 */
export const customer_activity_counts = pgTable(
  'customer_activity_counts',
  {
    // References customers(id): the foreign key is in the database (migration 0001), not
    // declared here, so the timeline's tables import no other module (ADR 8).
    customer_id: uuid('customer_id').notNull(),
    activity_type: text('activity_type').notNull(),
    total: bigint('total', { mode: 'number' }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.customer_id, table.activity_type] })],
);
