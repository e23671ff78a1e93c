import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/index.ts';
import { type ChargedTax, invoices } from './invoices.tables.ts';

export const creditNoteKinds = ['full', 'partial'] as const;
export type CreditNoteKind = (typeof creditNoteKinds)[number];

/**
 * Credit notes: an issued invoice corrected, in whole (`full`: whatever was left to credit)
 * or in part (`partial`: lines at the rates the invoice was charged). Amounts are positive,
 * as printed; they lower what the customer owes. `applied_cents` is the part that lowered
 * the invoice's balance due; the rest (an invoice already paid) is a credit on the
 * customer's ledger. `number` is drawn gap-free (document_counters 'CN').
 */
export const credit_notes = pgTable(
  'credit_notes',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    invoice_id: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: creditNoteKinds }).notNull(),
    reason: text('reason').notNull(),
    currency: text('currency').notNull(),
    subtotal_cents: bigint('subtotal_cents', { mode: 'number' }).notNull(),
    taxable_cents: bigint('taxable_cents', { mode: 'number' }).notNull(),
    taxes: jsonb('taxes').$type<ChargedTax[]>().notNull(),
    total_cents: bigint('total_cents', { mode: 'number' }).notNull(),
    applied_cents: bigint('applied_cents', { mode: 'number' }).notNull(),
    issued_on: date('issued_on', { mode: 'string' }).notNull(),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('credit_notes_number_key').on(table.number),
    index('credit_notes_invoice_idx').on(table.invoice_id, table.created_at),
    index('credit_notes_customer_idx').on(table.customer_id, table.created_at),
    index('credit_notes_issued_on_idx').on(table.issued_on, table.id),
    check('credit_notes_kind_check', sql`${table.kind} in ('full', 'partial')`),
    check(
      'credit_notes_amounts_check',
      sql`${table.subtotal_cents} >= 0 and ${table.taxable_cents} >= 0 and ${table.taxable_cents} <= ${table.subtotal_cents} and ${table.total_cents} > 0 and ${table.applied_cents} >= 0 and ${table.applied_cents} <= ${table.total_cents}`,
    ),
  ],
);

export const credit_note_lines = pgTable(
  'credit_note_lines',
  {
    credit_note_id: uuid('credit_note_id')
      .notNull()
      .references(() => credit_notes.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    quantity: numeric('quantity', { precision: 12, scale: 3 }).notNull(),
    unit_price_cents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
    taxable: boolean('taxable').notNull(),
    line_total_cents: bigint('line_total_cents', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.credit_note_id, table.position] }),
    check(
      'credit_note_lines_amounts_check',
      sql`${table.quantity} > 0 and ${table.unit_price_cents} >= 0 and ${table.line_total_cents} >= 0`,
    ),
  ],
);
