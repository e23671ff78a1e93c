import { and, asc, count, desc, eq, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { ratePercent, type Totals } from '../../core/money.ts';
import { paginate } from '../../core/schemas.ts';
import {
  addDays,
  completeLines,
  draftTotals,
  type InvoiceLineInput,
  patchedDraft,
  storedTotals,
  validatePromoCode,
  withInvoiceCustomer,
} from '../billing/index.ts';
import { recordChange } from '../changes/index.ts';
import { type Customer, customers, getCustomerOrThrow } from '../customers/index.ts';
import { calendarDateIn, companyTimeZone } from '../finances/index.ts';
import { depositSplit, effectiveQuoteStatus } from './quotes.rules.ts';
import type { Quote, QuoteCreate, QuoteListQuery, QuotePatch } from './quotes.schemas.ts';
import { quote_lines, quotes } from './quotes.tables.ts';

export type QuoteRow = typeof quotes.$inferSelect;
type LineRow = typeof quote_lines.$inferSelect;

/** How long a quote holds when `valid_until` is not given. */
export const defaultValidityDays = 30;

export function today(ctx: Ctx): string {
  return calendarDateIn(ctx.clock.now(), companyTimeZone);
}

export function quoteNotFound(id: string): AppError {
  return new AppError('quote.not_found', 'No such quote', { quote_id: id });
}

export function toQuote(ctx: Ctx, row: QuoteRow, lines: LineRow[], customerName: string): Quote {
  const { public_token_hash: _hash, accepted_ip: _ip, accepted_user_agent: _agent, ...rest } = row;
  const { signature_reference: _signature, created_by: _by, ...visible } = rest;
  return {
    ...visible,
    customer_name: customerName,
    status: effectiveQuoteStatus(row, today(ctx)),
    taxes: row.taxes.map((tax) => ({ ...tax, rate: ratePercent(tax.rate_ppm) })),
    deposit_cents: depositSplit(row).total_cents,
    lines: lines.map(({ quote_id: _quote, ...line }) => line),
  };
}

export async function quoteLinesOf(ctx: Ctx, ids: string[]): Promise<Map<string, LineRow[]>> {
  const byQuote = new Map<string, LineRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byQuote;
  const rows = await ctx.db
    .select()
    .from(quote_lines)
    .where(inArray(quote_lines.quote_id, ids))
    .orderBy(asc(quote_lines.quote_id), asc(quote_lines.position));
  for (const row of rows) byQuote.get(row.quote_id)?.push(row);
  return byQuote;
}

/**
 * The quote if the actor may see it: a client only their own customer's sent quotes (a draft
 * or another customer's is a 404); staff and advisors those of the customers they can see.
 */
export async function visibleQuote(
  ctx: Ctx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<{ row: QuoteRow; customer: Customer }> {
  const query = ctx.db.select().from(quotes).where(eq(quotes.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw quoteNotFound(id);
  if (ctx.actor.role === 'client' && (row.customer_id !== ctx.actor.customer_id || row.status === 'draft')) {
    throw quoteNotFound(id);
  }
  try {
    return { row, customer: await getCustomerOrThrow(ctx, row.customer_id, { purpose: 'quote' }) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') throw quoteNotFound(id);
    throw error;
  }
}

export async function getQuote(ctx: Ctx, id: string): Promise<Quote> {
  const { row, customer } = await visibleQuote(ctx, id);
  return toQuote(ctx, row, (await quoteLinesOf(ctx, [id])).get(id) ?? [], customer.display_name);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

export async function findQuotes(ctx: Ctx, query: QuoteListQuery) {
  const where: SQL[] = [];
  const actor = ctx.actor;
  if (actor.role === 'client') {
    where.push(eq(quotes.customer_id, actor.customer_id ?? '00000000-0000-0000-0000-000000000000'));
    where.push(sql`${quotes.status} <> 'draft'`);
  } else if (actor.role !== 'admin' && actor.role !== 'system') {
    // As canSeeCustomer: a confidential customer's quotes only for the user assigned to them.
    where.push(
      sql`(${customers.privacy_level} <> 'confidentiel' or ${customers.assigned_user_id} = ${actor.id})`,
    );
  }
  if (query.customer_id) where.push(eq(quotes.customer_id, query.customer_id));
  const day = today(ctx);
  if (query.status === 'expired') {
    where.push(inArray(quotes.status, ['sent', 'viewed']), lt(quotes.valid_until, day));
  } else if (query.status === 'sent' || query.status === 'viewed') {
    where.push(eq(quotes.status, query.status), sql`${quotes.valid_until} >= ${day}`);
  } else if (query.status) {
    where.push(eq(quotes.status, query.status));
  }
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    where.push(or(ilike(quotes.number, pattern), ilike(customers.display_name, pattern))!);
  }
  const condition = where.length ? and(...where) : undefined;
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: count() })
    .from(quotes)
    .innerJoin(customers, eq(customers.id, quotes.customer_id))
    .where(condition);
  const rows = await ctx.db
    .select({ quote: quotes, customer_name: customers.display_name })
    .from(quotes)
    .innerJoin(customers, eq(customers.id, quotes.customer_id))
    .where(condition)
    .orderBy(desc(quotes.created_at), desc(quotes.id))
    .limit(query.per_page)
    .offset((query.page - 1) * query.per_page);
  const lines = await quoteLinesOf(
    ctx,
    rows.map((row) => row.quote.id),
  );
  return {
    data: rows.map((row) => toQuote(ctx, row.quote, lines.get(row.quote.id) ?? [], row.customer_name)),
    pagination: paginate(total, query.page, query.per_page),
  };
}

/**
 * A draft's promo code is checked as it is saved (422 with the refusal's code: expired,
 * exhausted…), so a quote never shows a discount it cannot give; acceptance redeems it.
 */
async function checkedTotals(
  txCtx: Ctx,
  draft: {
    lines: InvoiceLineInput[];
    invoice_discount_cents: number;
    shipping_cents: number;
    shipping_taxable: boolean;
    promo_code: string | null;
  },
  customer: Customer,
): Promise<Totals> {
  const totals = await draftTotals(txCtx, draft, customer);
  if (draft.promo_code) {
    const promo = await validatePromoCode(
      txCtx,
      {
        code: draft.promo_code,
        cart_total_cents: totals.subtotal_cents - totals.invoice_discount_cents,
        customer_id: customer.id,
      },
      'en-CA',
    );
    if (!promo.valid && promo.reason) {
      throw new AppError(promo.reason, promo.message, { promo_code: draft.promo_code });
    }
  }
  return totals;
}

async function writeLines(txCtx: Ctx, quoteId: string, lines: InvoiceLineInput[], totals: Totals) {
  await txCtx.db.delete(quote_lines).where(eq(quote_lines.quote_id, quoteId));
  if (lines.length === 0) return;
  await txCtx.db.insert(quote_lines).values(
    lines.map((line, index) => ({
      quote_id: quoteId,
      position: index + 1,
      description: line.description,
      quantity: line.quantity,
      unit_price_cents: line.unit_price_cents,
      discount_cents: line.discount_cents,
      taxable: line.taxable,
      product_id: line.product_id,
      line_total_cents: totals.lines[index]!.line_total_cents,
    })),
  );
}

function totalsColumns(totals: Totals) {
  const { balance_due_cents: _balance, ...stored } = storedTotals(totals);
  return stored;
}

/** A draft quote, totals computed by billing's code (catalog prices filled, promo checked). */
export async function createQuote(
  ctx: Ctx,
  input: QuoteCreate & { duplicated_from_id?: string },
): Promise<Quote> {
  const now = ctx.clock.now();
  const id = newId();
  await withInvoiceCustomer(ctx, input.customer_id, async (txCtx, customer) => {
    const lines = await completeLines(txCtx, input.lines, customer.id);
    const totals = await checkedTotals(txCtx, { ...input, lines }, customer);
    await txCtx.db.insert(quotes).values({
      id,
      customer_id: customer.id,
      currency: input.currency,
      invoice_discount_cents: input.invoice_discount_cents,
      promo_code: input.promo_code,
      shipping_cents: input.shipping_cents,
      shipping_taxable: input.shipping_taxable,
      tax_exempt: customer.tax_exempt,
      ...totalsColumns(totals),
      deposit_percent: input.deposit_percent,
      valid_until: input.valid_until ?? addDays(today(ctx), defaultValidityDays),
      notes: input.notes ?? null,
      duplicated_from_id: input.duplicated_from_id ?? null,
      created_by: ctx.actor.id,
      created_at: now,
      updated_at: now,
    });
    await writeLines(txCtx, id, lines, totals);
    await recordChange(txCtx, {
      event: 'quote.created',
      entity: 'quote',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: Object.keys(input),
      activity: null,
      payload: {
        quote_id: id,
        ...(input.duplicated_from_id ? { duplicated_from_id: input.duplicated_from_id } : {}),
      },
    });
  });
  return getQuote(ctx, id);
}

export function notDraft(row: QuoteRow, action: string): AppError {
  return new AppError('quote.not_draft', `Only a draft quote is ${action}; duplicate it to change it`, {
    quote_id: row.id,
    status: row.status,
  });
}

/** Locks the customer, then the quote (every quote write takes locks in this order). */
export async function withQuoteLocked<T>(
  ctx: Ctx,
  id: string,
  work: (txCtx: Ctx, row: QuoteRow, customer: Customer) => Promise<T>,
): Promise<T> {
  const { row: before } = await visibleQuote(ctx, id);
  return withInvoiceCustomer(ctx, before.customer_id, async (txCtx, customer) => {
    const { row } = await visibleQuote(txCtx, id, { forUpdate: true });
    return work(txCtx, row, customer);
  });
}

export async function updateQuote(ctx: Ctx, id: string, patch: QuotePatch): Promise<Quote> {
  const now = ctx.clock.now();
  await withQuoteLocked(ctx, id, async (txCtx, row, customer) => {
    if (row.status !== 'draft') throw notDraft(row, 'changed');
    const current = (await quoteLinesOf(txCtx, [id])).get(id) ?? [];
    const { lines, header } = await patchedDraft(txCtx, row, current, patch);
    const next = {
      ...header,
      deposit_percent: patch.deposit_percent ?? row.deposit_percent,
      valid_until: patch.valid_until ?? row.valid_until,
    };
    const totals = await checkedTotals(txCtx, { ...next, lines }, customer);
    await txCtx.db
      .update(quotes)
      .set({ ...next, tax_exempt: customer.tax_exempt, ...totalsColumns(totals), updated_at: now })
      .where(eq(quotes.id, id));
    await writeLines(txCtx, id, lines, totals);
    await recordChange(txCtx, {
      event: 'quote.updated',
      entity: 'quote',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: Object.keys(patch).filter((key) => patch[key as keyof QuotePatch] !== undefined),
      activity: null,
      payload: { quote_id: id },
    });
  });
  return getQuote(ctx, id);
}

export async function deleteQuote(ctx: Ctx, id: string): Promise<void> {
  await withQuoteLocked(ctx, id, async (txCtx, row, customer) => {
    if (row.status !== 'draft') throw notDraft(row, 'deleted');
    await txCtx.db.delete(quotes).where(eq(quotes.id, id));
    await recordChange(txCtx, {
      event: 'quote.deleted',
      entity: 'quote',
      entity_id: id,
      customer_id: customer.id,
      activity: null,
      payload: { quote_id: id },
    });
  });
}

/** A new draft with the same customer, lines and terms, valid from today (any status may be copied). */
export async function duplicateQuote(ctx: Ctx, id: string): Promise<Quote> {
  const { row } = await visibleQuote(ctx, id);
  const lines = (await quoteLinesOf(ctx, [id])).get(id) ?? [];
  return createQuote(ctx, {
    customer_id: row.customer_id,
    currency: row.currency,
    lines: lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unit_price_cents: line.unit_price_cents,
      discount_cents: line.discount_cents,
      taxable: line.taxable,
      product_id: line.product_id,
    })),
    invoice_discount_cents: row.invoice_discount_cents,
    // A code the original used up may not apply again: the copy starts without one.
    promo_code: null,
    shipping_cents: row.shipping_cents,
    shipping_taxable: row.shipping_taxable,
    deposit_percent: row.deposit_percent,
    notes: row.notes,
    duplicated_from_id: row.id,
  });
}
