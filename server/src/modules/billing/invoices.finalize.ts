import { eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { nextInSeries } from '../../core/numbering.ts';
import { recordChange } from '../changes/index.ts';
import {
  appendLedgerEntry,
  calendarDateIn,
  companyTimeZone,
  getCustomerFinances,
  noOpenItemsProvider,
} from '../finances/index.ts';
import { getCompanyTaxProfile } from '../settings/index.ts';
import type { Invoice } from './invoices.schemas.ts';
import {
  type Draft,
  draftFor,
  getInvoice,
  linesOf,
  storedTotals,
  totalsOf,
  visibleRow,
  withInvoiceCustomer,
} from './invoices.service.ts';
import { invoices } from './invoices.tables.ts';
import { recordProductSales } from './products.service.ts';
import { redeemPromoCode } from './promo-codes.service.ts';

/** 'YYYY-MM-DD' plus whole days, in calendar terms (no clock time, no DST). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** due_on_receipt → 0 days, net_30 → 30. */
export function termDays(terms: string): number {
  const match = /^net_(\d+)$/.exec(terms);
  return match ? Number(match[1]) : 0;
}

/** The kinds of numbered documents, each with its own gap-free counter (document_counters). */
export type DocumentKind = 'INV' | 'CN';

/** INV-000001, CN-000042: the kind, then the sequence on six digits. */
export function formatDocumentNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}

/**
 * The next number of a kind of document, gap-free (core/numbering): the counter row stays
 * locked until the caller commits (a rollback gives the number back), so concurrent callers
 * take turns.
 */
export async function nextDocumentNumber(
  txCtx: Ctx,
  kind: DocumentKind,
  prefix: string = kind,
): Promise<string> {
  return formatDocumentNumber(prefix, await nextInSeries(txCtx, kind));
}

/**
 * Issues a draft, in one transaction: customer locked first, totals recomputed, promo code
 * redeemed, credit limit checked, number drawn, due date fixed, ledger booked, sales counted,
 * change recorded. Any refusal rolls everything back: no number, no redemption is used up.
 */
export async function finalizeInvoice(
  ctx: Ctx,
  id: string,
  options: {
    override_credit_limit: boolean;
    /**
     * Money asked before any work (an order's deposit): due on receipt whatever the
     * customer's terms, and not held to the credit limit, since it extends no credit.
     */
    prepayment?: boolean;
  },
): Promise<Invoice> {
  // Decided: only an admin may override; staff asking to is refused outright (403), limit or not.
  if (options.override_credit_limit && ctx.actor.role !== 'admin') {
    throw new AppError('auth.forbidden', 'Only an administrator may override the credit limit');
  }
  const before = await visibleRow(ctx, id);
  const now = ctx.clock.now();
  await withInvoiceCustomer(ctx, before.customer_id, async (txCtx, customer) => {
    const row = await draftFor(txCtx, id, customer.id);
    if (row.status !== 'draft') {
      throw new AppError('invoice.already_finalized', `This invoice is already ${row.number}`, {
        invoice_id: id,
        number: row.number,
      });
    }
    const current = (await linesOf(txCtx, [id])).get(id) ?? [];
    if (current.length === 0) {
      throw new AppError('invoice.no_lines', 'An invoice needs at least one line to be finalized');
    }
    const draft: Draft = { ...row, lines: current.map((line) => ({ ...line })) };
    // The company's profile now: a finalized invoice keeps the taxes it was charged (stored below).
    const taxProfile = await getCompanyTaxProfile(txCtx);
    let promoDiscount: number | null = null;
    if (row.promo_code) {
      const base = totalsOf(draft, customer.tax_exempt, null, taxProfile);
      const redemption = await redeemPromoCode(txCtx, {
        code: row.promo_code,
        customer_id: customer.id,
        cart_total_cents: base.subtotal_cents - base.invoice_discount_cents,
        reference_id: id,
      });
      promoDiscount = redemption.discount_cents;
    }
    const totals = totalsOf(draft, customer.tax_exempt, promoDiscount, taxProfile);

    const finances = await getCustomerFinances(txCtx, customer.id, noOpenItemsProvider);
    const limit = finances.credit_limit_cents;
    const over = !options.prepayment && limit !== null && finances.balance_cents + totals.total_cents > limit;
    if (over && !options.override_credit_limit) {
      throw new AppError(
        'invoice.credit_limit_exceeded',
        'This invoice takes the customer over the credit limit',
        {
          credit_limit_cents: limit,
          balance_cents: finances.balance_cents,
          total_cents: totals.total_cents,
        },
      );
    }

    await recordProductSales(
      txCtx,
      current.flatMap((line) => (line.product_id ? [line.product_id] : [])),
    );
    // The number last: the counter row stays locked from here to the commit, and every other
    // finalization waits for it, so as little as possible happens after it.
    const number = await nextDocumentNumber(txCtx, 'INV');
    const issuedOn = calendarDateIn(now, companyTimeZone);
    const dueOn = options.prepayment ? issuedOn : addDays(issuedOn, termDays(finances.payment_terms));
    await txCtx.db
      .update(invoices)
      .set({
        number,
        status: totals.total_cents > 0 ? 'open' : 'paid',
        settled_at: totals.total_cents > 0 ? null : now,
        tax_exempt: customer.tax_exempt,
        ...storedTotals(totals),
        issued_on: issuedOn,
        due_on: dueOn,
        finalized_at: now,
        updated_at: now,
      })
      .where(eq(invoices.id, id));
    // A zero-total invoice (a 100 % promo, say) is settled as issued and moves no balance.
    if (totals.total_cents > 0) {
      await appendLedgerEntry(txCtx, {
        customer_id: customer.id,
        entry_type: 'invoice',
        amount_cents: totals.total_cents,
        reference_table: 'invoices',
        reference_id: id,
        description: number,
        currency: row.currency,
        timeline: false,
      });
    }
    await recordChange(txCtx, {
      event: 'invoice.finalized',
      entity: 'invoice',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: ['number', 'status', 'issued_on', 'due_on'],
      activity: {
        activity_type: 'invoice',
        title: `Facture ${number}`,
        reference_table: 'invoices',
        reference_id: id,
        metadata: { number, total_cents: totals.total_cents, currency: row.currency, due_on: dueOn },
      },
      payload: { invoice_id: id, number, total_cents: totals.total_cents },
      audit_metadata: over
        ? {
            credit_limit_overridden: true,
            credit_limit_cents: limit,
            balance_cents: finances.balance_cents,
            total_cents: totals.total_cents,
          }
        : undefined,
    });
  });
  return getInvoice(ctx, id);
}
