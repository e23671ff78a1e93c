import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
  },
  (table) => [
    index('audit_log_entity_idx').on(table.entity, table.entity_id, table.occurred_at),
    index('audit_log_customer_id_idx').on(table.customer_id, table.occurred_at),
    index('audit_log_actor_id_idx').on(table.actor_id),
  ],
);
