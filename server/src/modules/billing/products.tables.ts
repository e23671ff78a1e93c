import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** What a quantity of a product counts. */
export const productUnits = [
  'each',
  'hour',
  'day',
  'week',
  'month',
  'year',
  'km',
  'm',
  'm2',
  'm3',
  'kg',
  'g',
  'l',
  'ml',
] as const;

export type ProductUnit = (typeof productUnits)[number];

const searchTextSql = sql`atrium_fold(sku || ' ' || name || ' ' || coalesce(description, ''))`;

/**
 * The catalog. Archived products (`archived_at`) stay for the invoices that name them and
 * leave the lists. Lists read non-archived rows, so their sort indexes are partial.
 */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey(),
    /** Unique among all products, archived ones included, whatever its case (products_sku_key). */
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    category: text('category'),
    price_cents: bigint('price_cents', { mode: 'number' }).notNull(),
    currency: text('currency').notNull().default('CAD'),
    taxable: boolean('taxable').notNull().default(true),
    unit: text('unit', { enum: productUnits }).notNull().default('each'),
    /** Invoice lines that sold it (popularity); incremented by invoice finalization. */
    times_sold: integer('times_sold').notNull().default(0),
    /** Folded (lower case, no accents) sku, name and description: what `q` searches, by trigram. */
    search_text: text('search_text').notNull().generatedAlwaysAs(searchTextSql),
    /** Folded name: the name order puts "Équilibrage" among the E's. */
    sort_name: text('sort_name').notNull().generatedAlwaysAs(sql`atrium_fold(name)`),
    archived_at: timestamp('archived_at', { withTimezone: true }),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('products_sku_key').on(sql`lower(${table.sku})`),
    index('products_search_text_idx').using('gin', table.search_text.op('gin_trgm_ops')),
    index('products_sort_name_idx').on(table.sort_name, table.id).where(sql`${table.archived_at} is null`),
    index('products_price_idx').on(table.price_cents, table.id).where(sql`${table.archived_at} is null`),
    index('products_times_sold_idx')
      .on(table.times_sold.desc(), table.id)
      .where(sql`${table.archived_at} is null`),
    index('products_created_at_idx')
      .on(table.created_at.desc(), table.id.desc())
      .where(sql`${table.archived_at} is null`),
    index('products_category_idx').on(table.category).where(sql`${table.archived_at} is null`),
    index('products_archived_at_idx').on(table.archived_at).where(sql`${table.archived_at} is not null`),
    check('products_price_cents_check', sql`${table.price_cents} >= 0`),
    check('products_times_sold_check', sql`${table.times_sold} >= 0`),
    check('products_currency_check', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check('products_sku_check', sql`${table.sku} <> '' and ${table.sku} = btrim(${table.sku})`),
    check('products_name_check', sql`btrim(${table.name}) <> ''`),
    check(
      'products_unit_check',
      sql`${table.unit} in ('each', 'hour', 'day', 'week', 'month', 'year', 'km', 'm', 'm2', 'm3', 'kg', 'g', 'l', 'ml')`,
    ),
  ],
);

/**
 * A product's price for a customer price level (finances' credit profile), when it differs
 * from `price_cents`. A child table rather than a JSON map: the database checks each price is
 * whole non-negative cents, and an invoice reads one row.
 */
export const product_prices = pgTable(
  'product_prices',
  {
    product_id: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    price_level: text('price_level').notNull(),
    price_cents: bigint('price_cents', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.product_id, table.price_level] }),
    check('product_prices_price_cents_check', sql`${table.price_cents} >= 0`),
    check('product_prices_price_level_check', sql`${table.price_level} ~ '^[a-z0-9][a-z0-9_-]{0,29}$'`),
  ],
);
