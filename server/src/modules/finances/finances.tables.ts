import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/index.ts';

export const paymentTerms = ['due_on_receipt', 'net_15', 'net_30', 'net_45', 'net_60'] as const;
export type PaymentTerms = (typeof paymentTerms)[number];

export const paymentProviders = ['stripe', 'paypal', 'square', 'moneris'] as const;
export type PaymentProvider = (typeof paymentProviders)[number];

/** Signed amounts: an invoice or a refund raises what the customer owes, a payment or a credit note lowers it. */
export const ledgerEntryTypes = ['invoice', 'payment', 'credit_note', 'refund', 'adjustment'] as const;
export type LedgerEntryType = (typeof ledgerEntryTypes)[number];

/** One row per customer, made by the first PUT; without it the defaults apply. */
export const customer_credit_profiles = pgTable(
  'customer_credit_profiles',
  {
    customer_id: uuid('customer_id')
      .primaryKey()
      .references(() => customers.id),
    /** null: no limit. */
    credit_limit_cents: bigint('credit_limit_cents', { mode: 'number' }),
    payment_terms: text('payment_terms', { enum: paymentTerms }).notNull().default('net_30'),
    price_level: text('price_level').notNull().default('standard'),
    currency: text('currency').notNull().default('CAD'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    check(
      'customer_credit_profiles_limit_check',
      sql`${table.credit_limit_cents} is null or ${table.credit_limit_cents} >= 0`,
    ),
    check(
      'customer_credit_profiles_terms_check',
      sql`${table.payment_terms} in ('due_on_receipt', 'net_15', 'net_30', 'net_45', 'net_60')`,
    ),
    check('customer_credit_profiles_currency_check', sql`${table.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/** Tokens from a payment provider, with what a person recognizes a card by; never a card number. */
export const customer_payment_methods = pgTable(
  'customer_payment_methods',
  {
    id: uuid('id').primaryKey(),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    provider: text('provider', { enum: paymentProviders }).notNull(),
    token: text('token').notNull(),
    brand: text('brand'),
    last4: text('last4'),
    exp_month: integer('exp_month'),
    exp_year: integer('exp_year'),
    nickname: text('nickname'),
    is_default: boolean('is_default').notNull().default(false),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    unique('customer_payment_methods_provider_token_key').on(table.provider, table.token),
    index('customer_payment_methods_customer_id_idx').on(table.customer_id),
    uniqueIndex('customer_payment_methods_one_default_idx')
      .on(table.customer_id)
      .where(sql`${table.is_default}`),
    check(
      'customer_payment_methods_provider_check',
      sql`${table.provider} in ('stripe', 'paypal', 'square', 'moneris')`,
    ),
    check('customer_payment_methods_last4_check', sql`${table.last4} ~ '^[0-9]{4}$'`),
    check('customer_payment_methods_exp_month_check', sql`${table.exp_month} between 1 and 12`),
    check('customer_payment_methods_exp_year_check', sql`${table.exp_year} between 2000 and 2100`),
    check(
      'customer_payment_methods_expiry_check',
      sql`(${table.exp_month} is null) = (${table.exp_year} is null)`,
    ),
  ],
);

/**
 * The running balance of each customer's ledger. Every append updates this row first
 * (`balance_cents = balance_cents + amount`), so appends of one customer take turns on its
 * row lock and each entry's `balance_after_cents` and `entry_number` are exact.
 */
export const customer_balances = pgTable(
  'customer_balances',
  {
    customer_id: uuid('customer_id')
      .primaryKey()
      .references(() => customers.id),
    balance_cents: bigint('balance_cents', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    entry_count: bigint('entry_count', { mode: 'number' }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [check('customer_balances_entry_count_check', sql`${table.entry_count} >= 0`)],
);

/** Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE): the balance is the sum of these rows. */
export const customer_balance_history = pgTable(
  'customer_balance_history',
  {
    id: uuid('id').primaryKey(),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    /** 1, 2, 3… per customer, in the order the entries took the balance row: the ledger's order. */
    entry_number: bigint('entry_number', { mode: 'number' }).notNull(),
    entry_type: text('entry_type', { enum: ledgerEntryTypes }).notNull(),
    amount_cents: bigint('amount_cents', { mode: 'number' }).notNull(),
    balance_after_cents: bigint('balance_after_cents', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    reference_table: text('reference_table'),
    reference_id: uuid('reference_id'),
    description: text('description'),
    reason: text('reason'),
    actor_type: text('actor_type').notNull(),
    actor_id: uuid('actor_id'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    unique('customer_balance_history_number_key').on(table.customer_id, table.entry_number),
    // An external effect (an invoice, a payment, a refund…) is booked once, whatever retries it.
    unique('customer_balance_history_reference_key').on(
      table.reference_table,
      table.reference_id,
      table.entry_type,
    ),
    check(
      'customer_balance_history_type_check',
      sql`${table.entry_type} in ('invoice', 'payment', 'credit_note', 'refund', 'adjustment')`,
    ),
    check('customer_balance_history_amount_check', sql`${table.amount_cents} <> 0`),
    // The sign follows the type: only an adjustment may go either way.
    check(
      'customer_balance_history_sign_check',
      sql`${table.entry_type} = 'adjustment'
        or (${table.entry_type} in ('invoice', 'refund') and ${table.amount_cents} > 0)
        or (${table.entry_type} in ('payment', 'credit_note') and ${table.amount_cents} < 0)`,
    ),
    check(
      'customer_balance_history_reference_check',
      sql`${table.entry_type} = 'adjustment' or (${table.reference_table} is not null and ${table.reference_id} is not null)`,
    ),
    check(
      'customer_balance_history_reason_check',
      sql`${table.entry_type} <> 'adjustment' or ${table.reason} is not null`,
    ),
  ],
);
