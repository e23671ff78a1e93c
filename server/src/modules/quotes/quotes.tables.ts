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
import { type ChargedTax, invoices, products } from '../billing/index.ts';
import { customers } from '../customers/index.ts';

/** What is stored; `expired` is said on read when a sent or viewed quote is past its validity. */
export const storedQuoteStatuses = ['draft', 'sent', 'viewed', 'accepted', 'declined'] as const;
export const quoteStatuses = [...storedQuoteStatuses, 'expired'] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

/** Lines, discounts and totals as on invoices (billing's code computes them). */
const commercial = {
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
  deposit_percent: integer('deposit_percent').notNull().default(30),
};

const lineColumns = {
  position: integer('position').notNull(),
  description: text('description').notNull(),
  quantity: numeric('quantity', { precision: 12, scale: 3 }).notNull(),
  unit_price_cents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
  discount_cents: bigint('discount_cents', { mode: 'number' }).notNull().default(0),
  taxable: boolean('taxable').notNull().default(true),
  product_id: uuid('product_id').references(() => products.id),
  line_total_cents: bigint('line_total_cents', { mode: 'number' }).notNull(),
};

/**
 * Quotes. `number` (Q-000001) is drawn when first sent. The customer's link is a random token
 * of which only the SHA-256 is kept (`public_token_hash`): a database read gives no working
 * link. The acceptance evidence (name, IP, user agent, time) is kept as given, scrubbed when
 * the customer is anonymized.
 */
export const quotes = pgTable(
  'quotes',
  {
    id: uuid('id').primaryKey(),
    number: text('number'),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    status: text('status', { enum: storedQuoteStatuses }).notNull().default('draft'),
    ...commercial,
    valid_until: date('valid_until', { mode: 'string' }).notNull(),
    notes: text('notes'),
    public_token_hash: text('public_token_hash'),
    sent_at: timestamp('sent_at', { withTimezone: true }),
    viewed_at: timestamp('viewed_at', { withTimezone: true }),
    accepted_at: timestamp('accepted_at', { withTimezone: true }),
    accepted_by_name: text('accepted_by_name'),
    accepted_ip: text('accepted_ip'),
    accepted_user_agent: text('accepted_user_agent'),
    /** staff (recorded by a user) or public (the customer on their page). */
    accepted_via: text('accepted_via'),
    /** What the signature step kept (a signed document's id), when one was required. */
    signature_reference: text('signature_reference'),
    declined_at: timestamp('declined_at', { withTimezone: true }),
    decline_reason: text('decline_reason'),
    /** The order its acceptance made (orders.quote_id points back). */
    order_id: uuid('order_id'),
    duplicated_from_id: uuid('duplicated_from_id'),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('quotes_number_key').on(table.number),
    uniqueIndex('quotes_public_token_key').on(table.public_token_hash),
    index('quotes_customer_idx').on(table.customer_id, table.created_at),
    index('quotes_status_idx').on(table.status, table.valid_until),
    index('quotes_created_at_idx').on(table.created_at, table.id),
    check('quotes_status_check', sql`${table.status} in ('draft', 'sent', 'viewed', 'accepted', 'declined')`),
    check('quotes_number_check', sql`(${table.status} = 'draft') = (${table.number} is null)`),
    check('quotes_deposit_check', sql`${table.deposit_percent} between 0 and 100`),
    check('quotes_accepted_check', sql`(${table.status} = 'accepted') = (${table.accepted_at} is not null)`),
    check(
      'quotes_amounts_check',
      sql`${table.subtotal_cents} >= 0 and ${table.discount_cents} >= 0 and ${table.total_cents} >= 0`,
    ),
  ],
);

export const quote_lines = pgTable(
  'quote_lines',
  {
    quote_id: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    ...lineColumns,
  },
  (table) => [
    primaryKey({ columns: [table.quote_id, table.position] }),
    index('quote_lines_product_idx').on(table.product_id),
    check('quote_lines_amounts_check', sql`${table.quantity} > 0 and ${table.unit_price_cents} >= 0`),
  ],
);

export const orderStatuses = ['open', 'invoiced', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/**
 * Orders (CMD-000001), made by accepting a quote, with its lines and totals copied. Billed by
 * its deposit invoice, then by invoices of the balance or of some lines (order_invoices).
 * `deposit_base_cents` is the deposit before taxes, the amount later invoices take off.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    quote_id: uuid('quote_id')
      .notNull()
      .references(() => quotes.id),
    status: text('status', { enum: orderStatuses }).notNull().default('open'),
    ...commercial,
    deposit_base_cents: bigint('deposit_base_cents', { mode: 'number' }).notNull().default(0),
    deposit_invoice_id: uuid('deposit_invoice_id').references(() => invoices.id),
    notes: text('notes'),
    cancelled_at: timestamp('cancelled_at', { withTimezone: true }),
    cancel_reason: text('cancel_reason'),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('orders_number_key').on(table.number),
    // One order per quote, whatever two acceptances racing do.
    uniqueIndex('orders_quote_key').on(table.quote_id),
    index('orders_customer_idx').on(table.customer_id, table.created_at),
    index('orders_status_idx').on(table.status),
    index('orders_created_at_idx').on(table.created_at, table.id),
    index('orders_deposit_invoice_idx').on(table.deposit_invoice_id),
    check('orders_status_check', sql`${table.status} in ('open', 'invoiced', 'cancelled')`),
    check(
      'orders_cancelled_check',
      sql`(${table.status} = 'cancelled') = (${table.cancelled_at} is not null)`,
    ),
  ],
);

export const order_lines = pgTable(
  'order_lines',
  {
    order_id: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    ...lineColumns,
  },
  (table) => [
    primaryKey({ columns: [table.order_id, table.position] }),
    index('order_lines_product_idx').on(table.product_id),
    check('order_lines_amounts_check', sql`${table.quantity} > 0 and ${table.unit_price_cents} >= 0`),
  ],
);

export const orderInvoiceKinds = ['deposit', 'progress'] as const;

/**
 * The invoices of an order, and what each took of its order-level amounts: the share of the
 * order's discount, the deposit taken off (before taxes), the shipping.
 */
export const order_invoices = pgTable(
  'order_invoices',
  {
    order_id: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    invoice_id: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    kind: text('kind', { enum: orderInvoiceKinds }).notNull(),
    order_discount_cents: bigint('order_discount_cents', { mode: 'number' }).notNull().default(0),
    deposit_deducted_cents: bigint('deposit_deducted_cents', { mode: 'number' }).notNull().default(0),
    shipping_cents: bigint('shipping_cents', { mode: 'number' }).notNull().default(0),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.order_id, table.invoice_id] }),
    uniqueIndex('order_invoices_invoice_key').on(table.invoice_id),
    check('order_invoices_kind_check', sql`${table.kind} in ('deposit', 'progress')`),
  ],
);

/** Which order line, how much of it, each invoice billed: invoiced = Σ over invoices not void. */
export const order_invoice_lines = pgTable(
  'order_invoice_lines',
  {
    invoice_id: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    order_id: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    position: integer('position').notNull(),
    quantity: numeric('quantity', { precision: 12, scale: 3 }).notNull(),
    discount_cents: bigint('discount_cents', { mode: 'number' }).notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.invoice_id, table.position] }),
    index('order_invoice_lines_order_idx').on(table.order_id, table.position),
    check('order_invoice_lines_quantity_check', sql`${table.quantity} > 0`),
  ],
);
