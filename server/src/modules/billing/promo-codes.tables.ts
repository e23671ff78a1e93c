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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/index.ts';

export const discountTypes = ['percentage', 'fixed'] as const;
export type DiscountType = (typeof discountTypes)[number];

/**
 * Promo codes. `code` is stored upper case and matched after upper-casing the input.
 * `uses_count` only grows, by one conditional UPDATE per redemption (redeemPromoCode), and
 * the database refuses a count past `max_uses` whatever writes it.
 */
export const promo_codes = pgTable(
  'promo_codes',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    description: text('description'),
    discount_type: text('discount_type', { enum: discountTypes }).notNull(),
    /** percentage: 1 to 10 000 (0.01 % to 100 %). */
    percent_basis_points: integer('percent_basis_points'),
    /** fixed: taken off the cart, never more than its total. */
    amount_off_cents: bigint('amount_off_cents', { mode: 'number' }),
    min_amount_cents: bigint('min_amount_cents', { mode: 'number' }).notNull().default(0),
    starts_at: timestamp('starts_at', { withTimezone: true }),
    expires_at: timestamp('expires_at', { withTimezone: true }),
    /** null: unlimited. */
    max_uses: integer('max_uses'),
    uses_count: integer('uses_count').notNull().default(0),
    once_per_customer: boolean('once_per_customer').notNull().default(false),
    is_active: boolean('is_active').notNull().default(true),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('promo_codes_code_key').on(table.code),
    index('promo_codes_created_at_idx').on(table.created_at.desc(), table.id.desc()),
    check('promo_codes_code_check', sql`${table.code} ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$'`),
    check(
      'promo_codes_discount_check',
      sql`(${table.discount_type} = 'percentage' and ${table.percent_basis_points} between 1 and 10000 and ${table.amount_off_cents} is null)
        or (${table.discount_type} = 'fixed' and ${table.amount_off_cents} > 0 and ${table.percent_basis_points} is null)`,
    ),
    check('promo_codes_min_amount_check', sql`${table.min_amount_cents} >= 0`),
    check(
      'promo_codes_dates_check',
      sql`${table.starts_at} is null or ${table.expires_at} is null or ${table.expires_at} > ${table.starts_at}`,
    ),
    check(
      'promo_codes_uses_check',
      sql`${table.uses_count} >= 0 and (${table.max_uses} is null or (${table.max_uses} > 0 and ${table.uses_count} <= ${table.max_uses}))`,
    ),
  ],
);

/**
 * One row per redemption, written in the redeeming transaction (an invoice's finalization).
 * A code applies once per reference (the invoice); a once-per-customer code once per customer
 * (the flag is copied here so a partial unique index can hold it).
 */
export const promo_code_redemptions = pgTable(
  'promo_code_redemptions',
  {
    id: uuid('id').primaryKey(),
    promo_code_id: uuid('promo_code_id')
      .notNull()
      .references(() => promo_codes.id),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    /** What carried the code: the invoice (later, the quote) being finalized. */
    reference_id: uuid('reference_id').notNull(),
    once_per_customer: boolean('once_per_customer').notNull(),
    cart_total_cents: bigint('cart_total_cents', { mode: 'number' }).notNull(),
    discount_cents: bigint('discount_cents', { mode: 'number' }).notNull(),
    redeemed_at: timestamp('redeemed_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('promo_code_redemptions_reference_key').on(table.promo_code_id, table.reference_id),
    uniqueIndex('promo_code_redemptions_customer_key')
      .on(table.promo_code_id, table.customer_id)
      .where(sql`${table.once_per_customer}`),
    index('promo_code_redemptions_customer_idx').on(table.customer_id),
    check(
      'promo_code_redemptions_amounts_check',
      sql`${table.cart_total_cents} >= 0 and ${table.discount_cents} >= 0 and ${table.discount_cents} <= ${table.cart_total_cents}`,
    ),
  ],
);
