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
import { products } from './products.tables.ts';

export const invoiceStatuses = ['draft', 'open', 'partially_paid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/** A tax as charged on one invoice: the rate in force then, never re-read from a profile. */
export interface ChargedTax {
  code: string;
  rate_ppm: number;
  amount_cents: number;
}

/**
 * Invoices. Totals are stored as computed by core/money's computeTotals when the row was last
 * written (a draft) or finalized: what was charged, whatever the rates become later.
 * `number` stays null while draft and is drawn gap-free at finalization (core/numbering.ts).
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey(),
    number: text('number'),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    status: text('status', { enum: invoiceStatuses }).notNull().default('draft'),
    currency: text('currency').notNull(),
    invoice_discount_cents: bigint('invoice_discount_cents', { mode: 'number' }).notNull().default(0),
    promo_code: text('promo_code'),
    promo_discount_cents: bigint('promo_discount_cents', { mode: 'number' }).notNull().default(0),
    shipping_cents: bigint('shipping_cents', { mode: 'number' }).notNull().default(0),
    shipping_taxable: boolean('shipping_taxable').notNull().default(true),
    tax_exempt: boolean('tax_exempt').notNull().default(false),
    subtotal_cents: bigint('subtotal_cents', { mode: 'number' }).notNull(),
    discount_cents: bigint('discount_cents', { mode: 'number' }).notNull(),
    taxable_cents: bigint('taxable_cents', { mode: 'number' }).notNull(),
    taxes: jsonb('taxes').$type<ChargedTax[]>().notNull(),
    total_cents: bigint('total_cents', { mode: 'number' }).notNull(),
    amount_paid_cents: bigint('amount_paid_cents', { mode: 'number' }).notNull().default(0),
    /** Credit notes issued against this invoice (they lower what is due, not what was paid). */
    amount_credited_cents: bigint('amount_credited_cents', { mode: 'number' }).notNull().default(0),
    balance_due_cents: bigint('balance_due_cents', { mode: 'number' }).notNull(),
    issued_on: date('issued_on', { mode: 'string' }),
    due_on: date('due_on', { mode: 'string' }),
    notes: text('notes'),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
    finalized_at: timestamp('finalized_at', { withTimezone: true }),
    /** When the balance last reached zero (null while something is due): the on-time ratio reads it. */
    settled_at: timestamp('settled_at', { withTimezone: true }),
    voided_at: timestamp('voided_at', { withTimezone: true }),
    /** Why it was voided (also on the ledger's adjustment entry). */
    void_reason: text('void_reason'),
    /**
     * The order this invoice bills (its deposit, or part of its balance), when made from one.
     * A plain id: billing knows nothing of orders (the quotes module owns them and points back).
     */
    order_id: uuid('order_id'),
  },
  (table) => [
    uniqueIndex('invoices_number_key').on(table.number),
    index('invoices_customer_idx').on(table.customer_id, table.created_at),
    index('invoices_status_idx').on(table.status, table.due_on),
    index('invoices_created_at_idx').on(table.created_at, table.id),
    index('invoices_order_idx').on(table.order_id).where(sql`${table.order_id} is not null`),
    // Receivables as of a date and the sales-tax report select issued invoices by issue date.
    index('invoices_issued_on_idx').on(table.issued_on).where(sql`${table.status} <> 'draft'`),
    // Receivables today and the open items: what is owed, per customer, read from the index alone.
    index('invoices_open_idx')
      .on(table.customer_id, table.due_on, table.balance_due_cents, table.currency)
      .where(sql`${table.status} in ('open', 'partially_paid')`),
    check(
      'invoices_status_check',
      sql`${table.status} in ('draft', 'open', 'partially_paid', 'paid', 'void')`,
    ),
    // A number exactly when finalized: a draft never holds one, an issued invoice always does.
    check(
      'invoices_number_check',
      sql`(${table.status} = 'draft') = (${table.number} is null) and (${table.status} = 'draft') = (${table.finalized_at} is null)`,
    ),
    check('invoices_void_check', sql`(${table.status} = 'void') = (${table.voided_at} is not null)`),
    check(
      'invoices_amounts_check',
      sql`${table.subtotal_cents} >= 0 and ${table.discount_cents} >= 0 and ${table.shipping_cents} >= 0 and ${table.total_cents} >= 0 and ${table.amount_paid_cents} >= 0 and ${table.amount_credited_cents} >= 0 and ${table.invoice_discount_cents} >= 0 and ${table.promo_discount_cents} >= 0`,
    ),
    check(
      'invoices_balance_check',
      sql`${table.balance_due_cents} = ${table.total_cents} - ${table.amount_paid_cents} - ${table.amount_credited_cents} and ${table.balance_due_cents} >= 0`,
    ),
  ],
);

export const invoice_lines = pgTable(
  'invoice_lines',
  {
    invoice_id: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    quantity: numeric('quantity', { precision: 12, scale: 3 }).notNull(),
    unit_price_cents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
    discount_cents: bigint('discount_cents', { mode: 'number' }).notNull().default(0),
    taxable: boolean('taxable').notNull().default(true),
    product_id: uuid('product_id').references(() => products.id),
    line_total_cents: bigint('line_total_cents', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.invoice_id, table.position] }),
    index('invoice_lines_product_idx').on(table.product_id),
    check(
      'invoice_lines_amounts_check',
      sql`${table.quantity} > 0 and ${table.unit_price_cents} >= 0 and ${table.discount_cents} >= 0 and ${table.line_total_cents} >= 0`,
    ),
  ],
);

export const settlementKinds = ['payment', 'refund', 'credit_note'] as const;
export type SettlementKind = (typeof settlementKinds)[number];

/**
 * Every change of an issued invoice's balance after finalization, written by applyToInvoice
 * with it: what the invoice owed on any past date is its total minus the settlements up to
 * then (receivables `as_of`). `amount_cents` is the effect on the balance due (a payment
 * −, a refund +, a credit note −); the source document is `reference_table`/`reference_id`.
 */
export const invoice_settlements = pgTable(
  'invoice_settlements',
  {
    id: uuid('id').primaryKey(),
    invoice_id: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: settlementKinds }).notNull(),
    amount_cents: bigint('amount_cents', { mode: 'number' }).notNull(),
    reference_table: text('reference_table').notNull(),
    reference_id: uuid('reference_id').notNull(),
    occurred_at: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('invoice_settlements_invoice_idx').on(table.invoice_id, table.occurred_at),
    index('invoice_settlements_occurred_idx').on(table.occurred_at),
    check('invoice_settlements_kind_check', sql`${table.kind} in ('payment', 'refund', 'credit_note')`),
    check(
      'invoice_settlements_sign_check',
      sql`(${table.kind} = 'refund' and ${table.amount_cents} > 0) or (${table.kind} <> 'refund' and ${table.amount_cents} < 0)`,
    ),
  ],
);
