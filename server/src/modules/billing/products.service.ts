import { and, asc, count, eq, gte, inArray, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { escapeLike } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { pgCodes, pgErrorOf } from '../../core/pg-errors.ts';
import { paginate } from '../../core/schemas.ts';
import { foldText } from '../../core/validation.ts';
import { recordChange } from '../changes/index.ts';
import type { Product, ProductCreate, ProductListQuery, ProductPatch } from './products.schemas.ts';
import { product_prices, products } from './products.tables.ts';

type ProductRow = typeof products.$inferSelect;

/** At most this many words of a query are matched; each must appear. */
const maxQueryWords = 8;

const productColumns = {
  id: products.id,
  sku: products.sku,
  name: products.name,
  description: products.description,
  category: products.category,
  price_cents: products.price_cents,
  currency: products.currency,
  taxable: products.taxable,
  unit: products.unit,
  times_sold: products.times_sold,
  archived_at: products.archived_at,
  created_at: products.created_at,
  updated_at: products.updated_at,
};

type ProductColumns = Omit<ProductRow, 'search_text' | 'sort_name' | 'created_by'>;

async function pricesOf(ctx: Ctx, productIds: string[]): Promise<Map<string, Record<string, number>>> {
  const byProduct = new Map<string, Record<string, number>>(productIds.map((id) => [id, {}]));
  if (productIds.length === 0) return byProduct;
  const rows = await ctx.db
    .select()
    .from(product_prices)
    .where(inArray(product_prices.product_id, productIds))
    .orderBy(asc(product_prices.product_id), asc(product_prices.price_level));
  for (const row of rows) {
    const prices = byProduct.get(row.product_id);
    if (prices) prices[row.price_level] = row.price_cents;
  }
  return byProduct;
}

async function withPrices(ctx: Ctx, rows: ProductColumns[]): Promise<Product[]> {
  const prices = await pricesOf(
    ctx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, prices: prices.get(row.id) ?? {} }));
}

function notFound(id: string): AppError {
  return new AppError('product.not_found', 'No such product', { product_id: id });
}

function skuTaken(sku: string): AppError {
  return new AppError('product.sku_taken', `Another product already has the SKU ${sku}`, { sku });
}

/** The insert or update lost a race for the SKU: the unique index answers. */
function isSkuConflict(error: unknown): boolean {
  const pgError = pgErrorOf(error);
  return pgError?.code === pgCodes.uniqueViolation && pgError.constraint === 'products_sku_key';
}

async function assertSkuFree(ctx: Ctx, sku: string, exceptId?: string) {
  const [taken] = await ctx.db
    .select({ id: products.id })
    .from(products)
    .where(sql`lower(${products.sku}) = lower(${sku})`)
    .limit(1);
  if (taken && taken.id !== exceptId) throw skuTaken(sku);
}

async function replacePrices(ctx: Ctx, productId: string, prices: Record<string, number>) {
  await ctx.db.delete(product_prices).where(eq(product_prices.product_id, productId));
  const entries = Object.entries(prices);
  if (entries.length) {
    await ctx.db
      .insert(product_prices)
      .values(
        entries.map(([price_level, price_cents]) => ({ product_id: productId, price_level, price_cents })),
      );
  }
}

/** One product, archived or not. */
export async function getProduct(ctx: Ctx, id: string): Promise<Product> {
  const [row] = await ctx.db.select(productColumns).from(products).where(eq(products.id, id));
  if (!row) throw notFound(id);
  const [product] = await withPrices(ctx, [row]);
  return product!;
}

/**
 * A product as an invoice line takes it: its unit price for the customer's price level
 * (the level's price when the product has one, else `price_cents`). An archived product
 * is refused (422 product.archived) unless `allowArchived`: a new line should not sell it.
 */
export async function getProductForPriceLevel(
  ctx: Ctx,
  id: string,
  priceLevel: string | null,
  options: { allowArchived?: boolean } = {},
): Promise<Product & { price_level: string | null; unit_price_cents: number }> {
  const product = await getProduct(ctx, id);
  if (product.archived_at && !options.allowArchived) {
    throw new AppError('product.archived', `${product.sku} is archived`, { product_id: id });
  }
  const levelPrice = priceLevel === null ? undefined : product.prices[priceLevel];
  return {
    ...product,
    price_level: levelPrice === undefined ? null : priceLevel,
    unit_price_cents: levelPrice ?? product.price_cents,
  };
}

/**
 * Counts sales for popularity, in the finalizing transaction: one per invoice line naming
 * the product (a product on two lines counts twice). A counter, not a change: no audit entry.
 */
export async function recordProductSales(ctx: Ctx, productIds: string[]): Promise<void> {
  const lines = new Map<string, number>();
  for (const id of productIds) lines.set(id, (lines.get(id) ?? 0) + 1);
  // In id order, so two finalizations never wait on each other in a circle.
  for (const [id, sold] of [...lines].sort(([a], [b]) => a.localeCompare(b))) {
    await ctx.db
      .update(products)
      .set({ times_sold: sql`${products.times_sold} + ${sold}` })
      .where(eq(products.id, id));
  }
}

export async function createProduct(ctx: Ctx, input: ProductCreate): Promise<Product> {
  const now = ctx.clock.now();
  const { prices, ...fields } = input;
  try {
    return await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      await assertSkuFree(txCtx, fields.sku);
      const id = newId();
      await tx.insert(products).values({
        ...fields,
        description: fields.description ?? null,
        category: fields.category ?? null,
        id,
        created_by: ctx.actor.id,
        created_at: now,
        updated_at: now,
      });
      await replacePrices(txCtx, id, prices);
      await recordChange(txCtx, {
        event: 'product.created',
        entity: 'product',
        entity_id: id,
        customer_id: null,
        changed_fields: Object.keys(input).filter(
          (key) => key !== 'prices' || Object.keys(prices).length > 0,
        ),
        payload: { sku: fields.sku },
      });
      return getProduct(txCtx, id);
    });
  } catch (error) {
    if (isSkuConflict(error)) throw skuTaken(fields.sku);
    throw error;
  }
}

function samePrices(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** Changes a product; an archived one must be restored first (422). */
export async function updateProduct(ctx: Ctx, id: string, patch: ProductPatch): Promise<Product> {
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      const [row] = await tx.select(productColumns).from(products).where(eq(products.id, id)).for('update');
      if (!row) throw notFound(id);
      if (row.archived_at) {
        throw new AppError('product.archived', `${row.sku} is archived: restore it to change it`, {
          product_id: id,
        });
      }
      const before = (await withPrices(txCtx, [row]))[0]!;
      const { prices, ...fieldPatch } = patch;
      const set = Object.fromEntries(
        Object.entries(fieldPatch).filter(
          ([key, value]) => value !== undefined && value !== before[key as keyof Product],
        ),
      ) as Partial<ProductRow>;
      const pricesChanged = prices !== undefined && !samePrices(prices, before.prices);
      const changedFields = [...Object.keys(set), ...(pricesChanged ? ['prices'] : [])];
      if (changedFields.length === 0) return before;
      if (set.sku !== undefined && set.sku.toLowerCase() !== before.sku.toLowerCase()) {
        await assertSkuFree(txCtx, set.sku, id);
      }
      await tx
        .update(products)
        .set({ ...set, updated_at: now })
        .where(eq(products.id, id));
      if (pricesChanged) await replacePrices(txCtx, id, prices);
      await recordChange(txCtx, {
        event: 'product.updated',
        entity: 'product',
        entity_id: id,
        customer_id: null,
        changed_fields: changedFields,
        payload: { sku: set.sku ?? before.sku },
      });
      return getProduct(txCtx, id);
    });
  } catch (error) {
    if (isSkuConflict(error)) throw skuTaken(patch.sku ?? '');
    throw error;
  }
}

/** Archives (DELETE): the product leaves the lists and new invoices; past invoices keep it. */
export async function archiveProduct(ctx: Ctx, id: string): Promise<Product> {
  return setArchived(ctx, id, true);
}

export async function restoreProduct(ctx: Ctx, id: string): Promise<Product> {
  return setArchived(ctx, id, false);
}

async function setArchived(ctx: Ctx, id: string, archive: boolean): Promise<Product> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const [row] = await tx.select(productColumns).from(products).where(eq(products.id, id)).for('update');
    if (!row) throw notFound(id);
    // Already so: nothing changes, nothing is recorded.
    if ((row.archived_at !== null) === archive) return getProduct(txCtx, id);
    await tx
      .update(products)
      .set({ archived_at: archive ? now : null, updated_at: now })
      .where(eq(products.id, id));
    await recordChange(txCtx, {
      event: archive ? 'product.archived' : 'product.restored',
      entity: 'product',
      entity_id: id,
      customer_id: null,
      changed_fields: ['archived_at'],
      payload: { sku: row.sku },
    });
    return getProduct(txCtx, id);
  });
}

const orderBy: Record<ProductListQuery['sort'], SQL[]> = {
  name: [sql`${products.sort_name} asc`, sql`${products.id} asc`],
  price: [sql`${products.price_cents} asc`, sql`${products.id} asc`],
  '-price': [sql`${products.price_cents} desc`, sql`${products.id} desc`],
  // As the partial indexes are written (DESC means NULLS LAST there), so they serve the order.
  popularity: [sql`${products.times_sold} desc nulls last`, sql`${products.id} asc`],
  newest: [sql`${products.created_at} desc nulls last`, sql`${products.id} desc nulls last`],
};

/**
 * Counting every product of 100 000 takes PostgreSQL ~50 ms, the page itself under 1 ms:
 * lists count up to this many (or to the page asked for) and say when the total is a lower bound.
 */
const listCountCap = 1_000;

async function countUpTo(ctx: Ctx, where: SQL | undefined, cap: number) {
  const limited = ctx.db
    .select({ one: sql`1` })
    .from(products)
    .where(where)
    .limit(cap + 1)
    .as('limited');
  const [row] = await ctx.db.select({ count: sql<number>`count(*)::int` }).from(limited);
  const total = row?.count ?? 0;
  return { count: Math.min(total, cap), exact: total <= cap };
}

/**
 * A word of `q`, folded as the column is. Three characters or more: a LIKE the trigram index
 * serves. Shorter, a trigram index would read all of itself (a 2-letter query took 0.8 s at
 * 100 000 products): strpos, which no index serves, is checked row by row instead, in the
 * order's index or on the few rows the other words left.
 */
function wordCondition(word: string): SQL {
  if (foldText(word).length < 3) return sql`strpos(${products.search_text}, atrium_fold(${word})) > 0`;
  return sql`${products.search_text} like ('%' || atrium_fold(${escapeLike(word)}) || '%')`;
}

/**
 * The catalog, filtered and sorted. `q`: every word must appear somewhere in the SKU, name
 * or description, compared folded (no accents, lower case), so a word inside a longer one
 * ("quilib") is found too.
 */
export async function findProducts(ctx: Ctx, query: ProductListQuery) {
  const conditions: SQL[] = [];
  if (query.archived === 'exclude') conditions.push(isNull(products.archived_at));
  if (query.archived === 'only') conditions.push(isNotNull(products.archived_at));
  const words = (query.q ?? '').split(/\s+/).filter(Boolean).slice(0, maxQueryWords);
  conditions.push(...words.map(wordCondition));
  if (query.category) conditions.push(eq(products.category, query.category));
  if (query.min_price !== undefined) conditions.push(gte(products.price_cents, query.min_price));
  if (query.max_price !== undefined) conditions.push(lte(products.price_cents, query.max_price));
  const where = conditions.length ? and(...conditions) : undefined;
  const offset = (query.page - 1) * query.per_page;
  const [rows, total] = await Promise.all([
    ctx.db
      .select(productColumns)
      .from(products)
      .where(where)
      .orderBy(...orderBy[query.sort])
      .limit(query.per_page)
      .offset(offset),
    countUpTo(ctx, where, Math.max(listCountCap, offset + query.per_page)),
  ]);
  return {
    data: await withPrices(ctx, rows),
    pagination: { ...paginate(total.count, query.page, query.per_page), total_is_exact: total.exact },
  };
}

/** The categories of the products on sale (not archived), with how many each holds. */
export async function listProductCategories(ctx: Ctx) {
  const rows = await ctx.db
    .select({ category: products.category, count: count() })
    .from(products)
    .where(and(isNull(products.archived_at), isNotNull(products.category)))
    .groupBy(products.category)
    .orderBy(asc(products.category));
  return { data: rows.map((row) => ({ category: row.category!, count: row.count })) };
}
