import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Fixed-window request counters (core/rate-limit.ts), one row per key ("promo.validate:203.0.113.7").
 * In PostgreSQL, so every instance behind a load balancer counts the same requests.
 */
export const rate_limit_counters = pgTable(
  'rate_limit_counters',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    window_started_at: timestamp('window_started_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    check('rate_limit_counters_hits_check', sql`${table.hits} >= 0`),
    index('rate_limit_counters_window_started_at_idx').on(table.window_started_at),
  ],
);
