import { and, asc, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../../core/context.ts';
import { invalidFields } from '../../../core/errors.ts';
import {
  type Aging,
  agingBucketOf,
  calendarDateIn,
  companyTimeZone,
  daysBetween,
  getLedgerPeriod,
} from '../../finances/index.ts';
import { invoice_settlements, invoices } from '../invoices.tables.ts';
import { manualPaymentMethods, payments } from '../payments.tables.ts';
import type {
  PdfLanguage,
  StatementEntry,
  StatementOpenInvoice,
  StatementPdfModel,
} from './document.model.ts';
import { documentLanguage, documentParties } from './parties.ts';
import { renderStatementPdf } from './statement.render.ts';

export interface StatementRange {
  /** 'YYYY-MM-DD'; default: the first day of `to`'s month. */
  from?: string;
  /** 'YYYY-MM-DD'; default: today in the company's time zone. */
  to?: string;
  lang?: PdfLanguage;
}

/**
 * The customer's invoices that were open at the end of day `to` (company time zone): issued
 * by then, not void by then, with what remained after the settlements up to then.
 */
async function openInvoicesAt(ctx: Ctx, customerId: string, to: string): Promise<StatementOpenInvoice[]> {
  const end = sql`(${to}::date + 1)::timestamp at time zone ${companyTimeZone}`;
  const rows = await ctx.db
    .select({
      number: invoices.number,
      issued_on: invoices.issued_on,
      due_on: invoices.due_on,
      total_cents: invoices.total_cents,
      // Written out: in a select list drizzle leaves a column unqualified, which the subquery would take for its own.
      open_cents: sql<number>`(invoices.total_cents + coalesce((select sum(s.amount_cents) from ${invoice_settlements} s where s.invoice_id = invoices.id and s.occurred_at < ${end}), 0))::bigint`,
    })
    .from(invoices)
    .where(
      and(
        eq(invoices.customer_id, customerId),
        ne(invoices.status, 'draft'),
        lte(invoices.issued_on, to),
        or(isNull(invoices.voided_at), sql`${invoices.voided_at} >= ${end}`),
      ),
    )
    .orderBy(asc(invoices.due_on), asc(invoices.number));
  return rows
    .filter((row) => row.open_cents > 0)
    .map((row) => ({
      // An issued invoice always has its number and dates (set at finalization).
      number: row.number!,
      issued_on: row.issued_on!,
      due_on: row.due_on!,
      total_cents: row.total_cents,
      open_cents: row.open_cents,
      days_past_due: Math.max(0, daysBetween(row.due_on!, to)),
    }));
}

type PaymentFacts = Pick<StatementEntry, 'reference' | 'detail' | 'payment_method'>;

/** What a statement says of each payment on the ledger: the invoice it paid, how, its reference. */
async function paymentFacts(ctx: Ctx, ids: string[]): Promise<Map<string, PaymentFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .select({
      id: payments.id,
      provider: payments.provider,
      method: payments.method,
      reference: payments.reference,
      number: invoices.number,
    })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoice_id))
    .where(inArray(payments.id, ids));
  return new Map(
    rows.map((row) => [
      row.id,
      {
        reference: row.number,
        detail: row.reference,
        payment_method:
          row.provider === 'manual' && (manualPaymentMethods as readonly string[]).includes(row.method)
            ? (row.method as PaymentFacts['payment_method'])
            : 'online',
      },
    ]),
  );
}

function agingOf(items: StatementOpenInvoice[]): Aging {
  const aging: Aging = { current: 0, '1_30': 0, '31_60': 0, '61_90': 0, over_90: 0 };
  for (const item of items) aging[agingBucketOf(item.days_past_due)] += item.open_cents;
  return aging;
}

/** The model of a customer's statement, read from one snapshot (404 when the actor may not see the customer). */
export async function customerStatementModel(
  ctx: Ctx,
  customerId: string,
  range: StatementRange,
): Promise<StatementPdfModel> {
  const to = range.to ?? calendarDateIn(ctx.clock.now(), companyTimeZone);
  const from = range.from ?? `${to.slice(0, 8)}01`;
  if (from > to) throw invalidFields([{ path: 'from', message: 'Must not be after to' }]);
  // Repeatable read: the ledger and the open invoices are read as of one instant.
  return ctx.db.transaction(
    async (tx) => {
      const txCtx = { ...ctx, db: tx };
      const parties = await documentParties(txCtx, customerId, 'statement');
      const period = await getLedgerPeriod(txCtx, customerId, { from, to });
      const openInvoices = await openInvoicesAt(txCtx, customerId, to);
      const paid = await paymentFacts(
        txCtx,
        period.entries.flatMap((entry) =>
          entry.reference_table === 'payments' && entry.reference_id ? [entry.reference_id] : [],
        ),
      );
      return {
        ...parties,
        language: documentLanguage(parties, range.lang),
        currency: period.currency,
        from,
        to,
        opening_balance_cents: period.opening_balance_cents,
        closing_balance_cents: period.closing_balance_cents,
        entries: period.entries.map(
          (entry): StatementEntry => ({
            date: calendarDateIn(entry.created_at, companyTimeZone),
            entry_type: entry.entry_type,
            reference: entry.description,
            detail: entry.reason,
            payment_method: null,
            ...(entry.reference_id ? paid.get(entry.reference_id) : undefined),
            amount_cents: entry.amount_cents,
            balance_after_cents: entry.balance_after_cents,
          }),
        ),
        open_invoices: openInvoices,
        aging: agingOf(openInvoices),
      };
    },
    { isolationLevel: 'repeatable read' },
  );
}

/** A customer's statement as a PDF: "releve-2026-05-01-2026-05-31.pdf" ("statement-…" in English). */
export async function customerStatementPdf(ctx: Ctx, customerId: string, range: StatementRange) {
  const model = await customerStatementModel(ctx, customerId, range);
  const prefix = model.language === 'fr-CA' ? 'releve' : 'statement';
  return { filename: `${prefix}-${model.from}-${model.to}.pdf`, pdf: await renderStatementPdf(model) };
}
