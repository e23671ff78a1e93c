import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const eventStatuses = ['pending', 'done', 'failed'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/**
 * The outbox: one row per recorded change, written in the change's own transaction, and
 * handed to the registered handlers after commit (core/events.ts). `seq` orders the events
 * of one customer in commit order (recordChange serializes a customer's writers); the
 * delivery columns are the dispatcher's bookkeeping.
 */
export const domain_events = pgTable(
  'domain_events',
  {
    id: uuid('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    type: text('type').notNull(),
    customer_id: uuid('customer_id'),
    entity: text('entity').notNull(),
    entity_id: uuid('entity_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    actor_type: text('actor_type').notNull(),
    actor_id: uuid('actor_id'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    status: text('status').$type<EventStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** A failed attempt waits until then; null: as soon as possible. */
    next_attempt_at: timestamp('next_attempt_at', { withTimezone: true }),
    /** A dispatcher holds the event until then; past it, another may take it over. */
    locked_until: timestamp('locked_until', { withTimezone: true }),
    last_error: text('last_error'),
    processed_at: timestamp('processed_at', { withTimezone: true }),
  },
  // Every index here costs each write (one outbox row per change): the dispatcher's two
  // partial indexes, dead letters for the admin list, and `seq` for its newest-first order.
  (table) => [
    index('domain_events_seq_idx').on(table.seq),
    index('domain_events_pending_idx').on(table.seq).where(sql`${table.status} = 'pending'`),
    index('domain_events_pending_customer_idx')
      .on(table.customer_id, table.seq)
      .where(sql`${table.status} = 'pending'`),
    index('domain_events_failed_idx').on(table.seq).where(sql`${table.status} = 'failed'`),
  ],
);

/** One row per (event, handler) that completed: a handler never completes the same event twice. */
export const event_handler_runs = pgTable(
  'event_handler_runs',
  {
    event_id: uuid('event_id')
      .notNull()
      .references(() => domain_events.id, { onDelete: 'cascade' }),
    handler: text('handler').notNull(),
    processed_at: timestamp('processed_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.event_id, table.handler] })],
);
