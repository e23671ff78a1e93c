import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per recipient of a domain event (ADR 14). `id` is a bigint drawn under a
 * transaction lock (notifications.store.ts), so one user's notifications commit in `id`
 * order: a reconnecting client asks for `id > last seen` and misses nothing. A trigger
 * (in the migration's SQL) announces every insert with `pg_notify('atrium_notifications')`,
 * delivered at commit to every server instance. Only ids and numbers are kept (Loi 25).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** A user (auth's table: the foreign key, on delete cascade, is in the migration's SQL). */
    user_id: uuid('user_id').notNull(),
    /** The domain event's type (`ticket.assigned`): what the web translates as the title. */
    type: text('type').notNull(),
    /** What the title's text needs: numbers and ids only (`{ number: 'TCK-000012' }`). */
    params: jsonb('params').$type<Record<string, string | number | boolean | null>>().notNull(),
    /** Where the web goes when the notification is opened (`/tickets/{id}`). */
    link: text('link'),
    entity: text('entity').notNull(),
    entity_id: uuid('entity_id'),
    customer_id: uuid('customer_id'),
    /** The domain event it came from: a redelivered event adds no second row. */
    event_id: uuid('event_id').notNull(),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    read_at: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('notifications_event_user_key').on(table.event_id, table.user_id),
    index('notifications_user_idx').on(table.user_id, table.id),
    index('notifications_user_unread_idx').on(table.user_id, table.id).where(sql`${table.read_at} is null`),
    index('notifications_read_at_idx').on(table.read_at).where(sql`${table.read_at} is not null`),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;
