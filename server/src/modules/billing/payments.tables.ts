import { sql } from 'drizzle-orm';
import { bigint, check, date, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/index.ts';
import { invoices } from './invoices.tables.ts';

/** Who took the money: by hand at the counter, or an online provider (PayPal, Square, Moneris later). */
export const paymentProviderIds = ['manual', 'stripe', 'paypal', 'square', 'moneris'] as const;
export type PaymentProviderId = (typeof paymentProviderIds)[number];

/** How a payment recorded by hand was made. Online payments carry the provider's own word (card…). */
export const manualPaymentMethods = ['cash', 'cheque', 'interac', 'card_terminal'] as const;
export type ManualPaymentMethod = (typeof manualPaymentMethods)[number];

/**
 * Money received for an issued invoice. `amount_cents` is what was received; `applied_cents`
 * what went on the invoice (at most its balance then); the rest is a credit on the customer's
 * ledger, which books the whole amount. `refunded_cents` is what was given back since, in
 * total (a provider reports it cumulatively). (provider, external_id) is unique: one provider
 * payment (a Stripe payment_intent) is recorded once, whichever event brings it.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey(),
    invoice_id: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    provider: text('provider', { enum: paymentProviderIds }).notNull(),
    method: text('method').notNull(),
    amount_cents: bigint('amount_cents', { mode: 'number' }).notNull(),
    applied_cents: bigint('applied_cents', { mode: 'number' }).notNull(),
    refunded_cents: bigint('refunded_cents', { mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull(),
    received_on: date('received_on', { mode: 'string' }).notNull(),
    reference: text('reference'),
    note: text('note'),
    external_id: text('external_id'),
    /** A manual payment's Idempotency-Key: the same form submitted twice records one payment. */
    idempotency_key: text('idempotency_key'),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    unique('payments_provider_external_id_key').on(table.provider, table.external_id),
    unique('payments_idempotency_key').on(table.invoice_id, table.idempotency_key),
    index('payments_invoice_idx').on(table.invoice_id, table.created_at),
    index('payments_customer_idx').on(table.customer_id, table.created_at),
    check(
      'payments_provider_check',
      sql`${table.provider} in ('manual', 'stripe', 'paypal', 'square', 'moneris')`,
    ),
    check(
      'payments_method_check',
      sql`${table.provider} <> 'manual' or ${table.method} in ('cash', 'cheque', 'interac', 'card_terminal')`,
    ),
    check(
      'payments_amounts_check',
      sql`${table.amount_cents} > 0 and ${table.applied_cents} >= 0 and ${table.applied_cents} <= ${table.amount_cents} and ${table.refunded_cents} >= 0 and ${table.refunded_cents} <= ${table.amount_cents}`,
    ),
    // An online payment always carries the provider's id: it is what makes it unique.
    check(
      'payments_external_id_check',
      sql`${table.provider} = 'manual' or ${table.external_id} is not null`,
    ),
  ],
);

/**
 * Money given back on a payment: its own document, so that the ledger's refund entry and the
 * invoice's settlement each reference one row (a payment may be refunded in several steps).
 * `applied_cents` is the part taken back off the invoice (the rest came out of the credit).
 */
export const payment_refunds = pgTable(
  'payment_refunds',
  {
    id: uuid('id').primaryKey(),
    payment_id: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    invoice_id: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    amount_cents: bigint('amount_cents', { mode: 'number' }).notNull(),
    applied_cents: bigint('applied_cents', { mode: 'number' }).notNull(),
    /** What brought it: the provider's event id. */
    external_id: text('external_id'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    // One refund per provider event and payment, whatever happens to the event log.
    unique('payment_refunds_external_id_key').on(table.payment_id, table.external_id),
    check(
      'payment_refunds_amounts_check',
      sql`${table.amount_cents} > 0 and ${table.applied_cents} >= 0 and ${table.applied_cents} <= ${table.amount_cents}`,
    ),
  ],
);

/**
 * Every Stripe event seen, inserted in the same transaction as its effect: an event id seen
 * before (a redelivery, or the same event delivered twice at once) changes nothing.
 */
export const stripe_webhook_events = pgTable('stripe_webhook_events', {
  event_id: text('event_id').primaryKey(),
  type: text('type').notNull(),
  received_at: timestamp('received_at', { withTimezone: true }).notNull(),
  /** What it did: recorded, already_recorded, refunded, ignored, awaiting_payment… */
  outcome: text('outcome').notNull(),
});
