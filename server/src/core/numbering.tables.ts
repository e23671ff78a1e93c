import { integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * One row per series of people-facing numbers (INV for invoices, TCK for tickets; later CN,
 * quotes, claims per year), locked by the transaction that draws the next number until it
 * commits: gap-free, and a rollback gives the number back (core/numbering.ts).
 */
export const document_counters = pgTable('document_counters', {
  kind: text('kind').primaryKey(),
  last_number: integer('last_number').notNull(),
});
