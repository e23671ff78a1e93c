import { and, asc, count, desc, eq, gte, ilike, inArray, lt, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { computeTotals, ratePercent, type TaxProfile, type Totals } from '../../core/money.ts';
import { paginate } from '../../core/schemas.ts';
import { recordChange } from '../changes/index.ts';
import { type Customer, customers, getCustomerOrThrow, withCustomerLocked } from '../customers/index.ts';
import {
  calendarDateIn,
  companyTimeZone,
  getCustomerFinances,
  noOpenItemsProvider,
} from '../finances/index.ts';
import { getCompanyTaxProfile } from '../settings/index.ts';
import { type CreditNoteSummary, creditNoteSummaries } from './credit-notes.summary.ts';
import type {
  Invoice,
  InvoiceCreate,
  InvoiceLineInput,
  InvoiceLineRequest,
  InvoiceListQuery,
  InvoicePatch,
  InvoiceSource,
} from './invoices.schemas.ts';
import { invoice_lines, invoices } from './invoices.tables.ts';
import { getProductForPriceLevel } from './products.service.ts';
import { products } from './products.tables.ts';
import { validatePromoCode } from './promo-codes.service.ts';

type InvoiceRow = typeof invoices.$inferSelect;
type LineRow = typeof invoice_lines.$inferSelect;

const openStatuses = ['open', 'partially_paid'] as const;

function today(ctx: Ctx): string {
  return calendarDateIn(ctx.clock.now(), companyTimeZone);
}

function toInvoice(ctx: Ctx, row: InvoiceRow, lines: LineRow[], creditNotes: CreditNoteSummary[]): Invoice {
  const { promo_discount_cents, taxes, ...rest } = row;
  return {
    ...rest,
    promo_discount_cents,
    credit_notes: creditNotes,
    credited_total_cents: creditNotes.reduce((sum, note) => sum + note.total_cents, 0),
    taxes: taxes.map((tax) => ({ ...tax, rate: ratePercent(tax.rate_ppm) })),
    lines: lines.map(({ invoice_id: _invoice, ...line }) => line),
    is_overdue:
      (openStatuses as readonly string[]).includes(row.status) &&
      row.due_on !== null &&
      row.due_on < today(ctx),
  };
}

export async function linesOf(ctx: Ctx, ids: string[]): Promise<Map<string, LineRow[]>> {
  const byInvoice = new Map<string, LineRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byInvoice;
  const rows = await ctx.db
    .select()
    .from(invoice_lines)
    .where(inArray(invoice_lines.invoice_id, ids))
    .orderBy(asc(invoice_lines.invoice_id), asc(invoice_lines.position));
  for (const row of rows) byInvoice.get(row.invoice_id)?.push(row);
  return byInvoice;
}

function notFound(id: string): AppError {
  return new AppError('invoice.not_found', 'No such invoice', { invoice_id: id });
}

/**
 * The invoice if the actor may see it: a client only their own customer's issued invoices
 * (a draft or another customer's is a 404, as if it did not exist); staff and advisors
 * those of the customers they can see (a confidential customer not assigned to them: 404).
 */
export async function visibleRow(
  ctx: Ctx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<InvoiceRow> {
  const query = ctx.db.select().from(invoices).where(eq(invoices.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound(id);
  if (ctx.actor.role === 'client' && (row.customer_id !== ctx.actor.customer_id || row.status === 'draft')) {
    throw notFound(id);
  }
  try {
    await getCustomerOrThrow(ctx, row.customer_id, { purpose: 'invoice' });
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') throw notFound(id);
    throw error;
  }
  return row;
}

export async function getInvoice(ctx: Ctx, id: string): Promise<Invoice> {
  const row = await visibleRow(ctx, id);
  const creditNotes = (await creditNoteSummaries(ctx, [id])).get(id) ?? [];
  return toInvoice(ctx, row, (await linesOf(ctx, [id])).get(id) ?? [], creditNotes);
}

export async function findInvoices(ctx: Ctx, query: InvoiceListQuery) {
  const where: SQL[] = [];
  const actor = ctx.actor;
  if (actor.role === 'client') {
    where.push(eq(invoices.customer_id, actor.customer_id ?? '00000000-0000-0000-0000-000000000000'));
    where.push(ne(invoices.status, 'draft'));
  } else if (actor.role !== 'admin' && actor.role !== 'system') {
    // As canSeeCustomer: a confidential customer's invoices only for the user assigned to them.
    where.push(
      sql`exists (select 1 from ${customers} c where c.id = ${invoices.customer_id} and (c.privacy_level <> 'confidentiel' or c.assigned_user_id = ${actor.id}))`,
    );
  }
  if (query.customer_id) where.push(eq(invoices.customer_id, query.customer_id));
  if (query.status) where.push(eq(invoices.status, query.status));
  if (query.overdue === 'true') {
    where.push(inArray(invoices.status, [...openStatuses]), lt(invoices.due_on, today(ctx)));
  } else if (query.overdue === 'false') {
    where.push(
      sql`not (${invoices.status} in ('open', 'partially_paid') and ${invoices.due_on} < ${today(ctx)})`,
    );
  }
  if (query.from) where.push(gte(invoices.issued_on, query.from));
  if (query.to) where.push(lte(invoices.issued_on, query.to));
  if (query.q) where.push(ilike(invoices.number, `%${query.q.replace(/[\\%_]/g, '\\$&')}%`));
  const condition = where.length ? and(...where) : undefined;
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(invoices).where(condition);
  const rows = await ctx.db
    .select()
    .from(invoices)
    .where(condition)
    .orderBy(desc(invoices.created_at), desc(invoices.id))
    .limit(query.per_page)
    .offset((query.page - 1) * query.per_page);
  const ids = rows.map((row) => row.id);
  const lines = await linesOf(ctx, ids);
  const creditNotes = await creditNoteSummaries(ctx, ids);
  return {
    data: rows.map((row) => toInvoice(ctx, row, lines.get(row.id) ?? [], creditNotes.get(row.id) ?? [])),
    pagination: paginate(total, query.page, query.per_page),
  };
}

export interface Draft {
  lines: InvoiceLineInput[];
  invoice_discount_cents: number;
  shipping_cents: number;
  shipping_taxable: boolean;
}

/** `taxProfile`: the company's (getCompanyTaxProfile), read in the writing transaction. */
export function totalsOf(
  draft: Draft,
  taxExempt: boolean,
  promoDiscountCents: number | null,
  taxProfile: TaxProfile,
): Totals {
  return computeTotals({
    lines: draft.lines,
    invoice_discount_cents: draft.invoice_discount_cents,
    promo: promoDiscountCents === null ? null : { kind: 'fixed', amount_cents: promoDiscountCents },
    shipping_cents: draft.shipping_cents,
    shipping_taxable: draft.shipping_taxable,
    tax_profile: taxProfile,
    tax_exempt: taxExempt,
  });
}

/**
 * A draft's totals as they would be if finalized now: a promo code that applies today is
 * counted (validated, not redeemed); one that does not is left out until finalization decides.
 */
export async function draftTotals(
  ctx: Ctx,
  draft: Draft & { promo_code: string | null },
  customer: Customer,
): Promise<Totals> {
  const taxProfile = await getCompanyTaxProfile(ctx);
  const base = totalsOf(draft, customer.tax_exempt, null, taxProfile);
  if (!draft.promo_code) return base;
  const promo = await validatePromoCode(
    ctx,
    {
      code: draft.promo_code,
      cart_total_cents: base.subtotal_cents - base.invoice_discount_cents,
      customer_id: customer.id,
    },
    'fr-CA',
  );
  return promo.valid ? totalsOf(draft, customer.tax_exempt, promo.discount_cents, taxProfile) : base;
}

export function storedTotals(totals: Totals) {
  return {
    subtotal_cents: totals.subtotal_cents,
    discount_cents: totals.discount_cents,
    promo_discount_cents: totals.promo_discount_cents,
    taxable_cents: totals.taxable_cents,
    taxes: totals.taxes.map((tax) => ({
      code: tax.code,
      rate_ppm: tax.rate_ppm,
      amount_cents: tax.amount_cents,
    })),
    total_cents: totals.total_cents,
    balance_due_cents: totals.total_cents,
  };
}

/** What a draft's patch may change in its header (invoices, quotes: the same fields, the same rule). */
export interface DraftHeader {
  currency: string;
  invoice_discount_cents: number;
  promo_code: string | null;
  shipping_cents: number;
  shipping_taxable: boolean;
  notes: string | null;
}

/**
 * A draft under a patch: lines given are completed from the catalog, else its current lines
 * are kept as they are; each header field given replaces the draft's (null clears a promo
 * code or notes; absent keeps them).
 */
export async function patchedDraft(
  txCtx: Ctx,
  draft: DraftHeader & { customer_id: string },
  currentLines: readonly InvoiceLineInput[],
  patch: Partial<DraftHeader> & { lines?: InvoiceLineRequest[] },
): Promise<{ lines: InvoiceLineInput[]; header: DraftHeader }> {
  const lines: InvoiceLineInput[] = patch.lines
    ? await completeLines(txCtx, patch.lines, draft.customer_id)
    : currentLines.map((line) => ({
        description: line.description,
        quantity: line.quantity,
        unit_price_cents: line.unit_price_cents,
        discount_cents: line.discount_cents,
        taxable: line.taxable,
        product_id: line.product_id,
      }));
  return {
    lines,
    header: {
      currency: patch.currency ?? draft.currency,
      invoice_discount_cents: patch.invoice_discount_cents ?? draft.invoice_discount_cents,
      promo_code: patch.promo_code === undefined ? draft.promo_code : patch.promo_code,
      shipping_cents: patch.shipping_cents ?? draft.shipping_cents,
      shipping_taxable: patch.shipping_taxable ?? draft.shipping_taxable,
      notes: patch.notes === undefined ? draft.notes : patch.notes,
    },
  };
}

/**
 * Lines made complete: a line naming a product gets what it leaves out from the catalog —
 * the product's name, its price at the customer's price level, whether it is taxable. The
 * product must exist (400 naming the line); an archived one is not sold on a new line (422).
 */
export async function completeLines(
  ctx: Ctx,
  lines: InvoiceLineRequest[],
  customerId: string,
): Promise<InvoiceLineInput[]> {
  const ids = [...new Set(lines.flatMap((line) => (line.product_id ? [line.product_id] : [])))];
  const found = new Map(
    ids.length === 0
      ? []
      : (
          await ctx.db
            .select({ id: products.id, archived_at: products.archived_at })
            .from(products)
            .where(inArray(products.id, ids))
        ).map((product) => [product.id, product]),
  );
  const issues = lines.flatMap((line, index) =>
    line.product_id && !found.has(line.product_id)
      ? [{ path: `lines.${index}.product_id`, message: 'No such product' }]
      : [],
  );
  if (issues.length) throw invalidFields(issues);
  const needsCatalog = lines.some(
    (line) =>
      line.product_id &&
      (line.description === undefined || line.unit_price_cents === undefined || line.taxable === undefined),
  );
  const priceLevel = needsCatalog
    ? (await getCustomerFinances(ctx, customerId, noOpenItemsProvider)).price_level
    : null;
  return Promise.all(
    lines.map(async (line) => {
      const { description, unit_price_cents, taxable } = line;
      if (description !== undefined && unit_price_cents !== undefined && taxable !== undefined) {
        return { ...line, description, unit_price_cents, taxable };
      }
      // The schema guarantees a product whenever a description or price is left out.
      const product = line.product_id
        ? await getProductForPriceLevel(ctx, line.product_id, priceLevel)
        : null;
      return {
        ...line,
        description: description ?? product!.name,
        unit_price_cents: unit_price_cents ?? product!.unit_price_cents,
        taxable: taxable ?? product?.taxable ?? true,
      };
    }),
  );
}

/**
 * Lines made complete (catalog filled in, as for an invoice) and the totals a draft of them
 * would carry for this customer now, without a promo code: for what bills later from stored
 * lines (recurring invoices), so their lines and totals are invoices' own.
 */
export async function priceInvoiceLines(
  ctx: Ctx,
  customerId: string,
  draft: Omit<Draft, 'lines'> & { lines: InvoiceLineRequest[] },
): Promise<{ lines: (InvoiceLineInput & { position: number; line_total_cents: number })[]; totals: Totals }> {
  let customer: Customer;
  try {
    customer = await getCustomerOrThrow(ctx, customerId, { purpose: 'invoice' });
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') {
      throw invalidFields([{ path: 'customer_id', message: 'No such customer' }]);
    }
    throw error;
  }
  const lines = await completeLines(ctx, draft.lines, customer.id);
  const totals = totalsOf({ ...draft, lines }, customer.tax_exempt, null, await getCompanyTaxProfile(ctx));
  return {
    lines: lines.map((line, index) => ({
      ...line,
      position: index + 1,
      line_total_cents: totals.lines[index]!.line_total_cents,
    })),
    totals,
  };
}

async function writeLines(ctx: Ctx, invoiceId: string, lines: InvoiceLineInput[], totals: Totals) {
  await ctx.db.delete(invoice_lines).where(eq(invoice_lines.invoice_id, invoiceId));
  if (lines.length === 0) return;
  await ctx.db.insert(invoice_lines).values(
    lines.map((line, index) => ({
      invoice_id: invoiceId,
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

/** Locks the customer as the first step of a write: every invoice write takes locks in the same order. */
export async function withInvoiceCustomer<T>(
  ctx: Ctx,
  customerId: string,
  work: (txCtx: Ctx, customer: Customer) => Promise<T>,
): Promise<T> {
  try {
    return await withCustomerLocked(ctx, customerId, work);
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') {
      throw invalidFields([{ path: 'customer_id', message: 'No such customer' }]);
    }
    throw error;
  }
}

/** A draft: totals computed now (a promo code previewed, redeemed only at finalization). */
export async function createInvoice(ctx: Ctx, input: InvoiceCreate & InvoiceSource): Promise<Invoice> {
  const now = ctx.clock.now();
  const id = newId();
  await withInvoiceCustomer(ctx, input.customer_id, async (txCtx, customer) => {
    const lines = await completeLines(txCtx, input.lines, customer.id);
    const totals = await draftTotals(txCtx, { ...input, lines }, customer);
    await txCtx.db.insert(invoices).values({
      id,
      customer_id: customer.id,
      currency: input.currency,
      invoice_discount_cents: input.invoice_discount_cents,
      promo_code: input.promo_code,
      shipping_cents: input.shipping_cents,
      shipping_taxable: input.shipping_taxable,
      tax_exempt: customer.tax_exempt,
      ...storedTotals(totals),
      notes: input.notes ?? null,
      order_id: input.order_id ?? null,
      created_by: ctx.actor.id,
      created_at: now,
      updated_at: now,
    });
    await writeLines(txCtx, id, lines, totals);
    await recordChange(txCtx, {
      event: 'invoice.created',
      entity: 'invoice',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: Object.keys(input),
      activity: null,
      payload: { invoice_id: id, ...(input.order_id ? { order_id: input.order_id } : {}) },
    });
  });
  return getInvoice(ctx, id);
}

export async function draftFor(txCtx: Ctx, id: string, customerId: string): Promise<InvoiceRow> {
  const row = await visibleRow(txCtx, id, { forUpdate: true });
  if (row.customer_id !== customerId) throw notFound(id);
  return row;
}

export async function updateInvoice(ctx: Ctx, id: string, patch: InvoicePatch): Promise<Invoice> {
  const before = await visibleRow(ctx, id);
  const now = ctx.clock.now();
  await withInvoiceCustomer(ctx, before.customer_id, async (txCtx, customer) => {
    const row = await draftFor(txCtx, id, customer.id);
    if (row.status !== 'draft') {
      throw new AppError('invoice.not_draft', 'A finalized invoice is never edited: issue a credit note', {
        invoice_id: id,
        status: row.status,
      });
    }
    const current = (await linesOf(txCtx, [id])).get(id) ?? [];
    const { lines, header: next } = await patchedDraft(txCtx, row, current, patch);
    const totals = await draftTotals(txCtx, { ...next, lines }, customer);
    await txCtx.db
      .update(invoices)
      .set({ ...next, tax_exempt: customer.tax_exempt, ...storedTotals(totals), updated_at: now })
      .where(eq(invoices.id, id));
    await writeLines(txCtx, id, lines, totals);
    await recordChange(txCtx, {
      event: 'invoice.updated',
      entity: 'invoice',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: Object.keys(patch).filter((key) => patch[key as keyof InvoicePatch] !== undefined),
      activity: null,
      payload: { invoice_id: id },
    });
  });
  return getInvoice(ctx, id);
}

export async function deleteInvoice(ctx: Ctx, id: string): Promise<void> {
  const before = await visibleRow(ctx, id);
  await withInvoiceCustomer(ctx, before.customer_id, async (txCtx, customer) => {
    const row = await draftFor(txCtx, id, customer.id);
    if (row.status !== 'draft') {
      throw new AppError(
        'invoice.not_draft',
        'Only a draft can be deleted; void or credit an issued invoice',
        {
          invoice_id: id,
          status: row.status,
        },
      );
    }
    await txCtx.db.delete(invoices).where(eq(invoices.id, id));
    await recordChange(txCtx, {
      event: 'invoice.deleted',
      entity: 'invoice',
      entity_id: id,
      customer_id: customer.id,
      activity: null,
      payload: { invoice_id: id },
    });
  });
}
