import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { createInvoice, finalizeInvoice, type PaymentSettings, sendInvoiceEmail } from '../billing/index.ts';
import { recordChange } from '../changes/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { nextRunDate, type Period, periodAt } from './recurring.periods.ts';
import type { RecurringRunResult } from './recurring.schemas.ts';
import {
  boundsOf,
  companyToday,
  frequencyNames,
  requestLines,
  type ScheduleRow,
} from './recurring.service.ts';
import { recurring_invoice_runs, recurring_invoices } from './recurring.tables.ts';

export interface RecurringRunInput {
  /** The day the run acts as of (company time zone); default today, never later. */
  as_of?: string;
  /** Where a pay-online link points when ATRIUM_BASE_URL is unset (a request's origin). */
  request_origin?: string | null;
}

const pageSize = 200;
const listed = 500;

/** The codes of refusals a period survives: the draft stays and the code is kept on the period. */
function refusalCode(error: unknown): string | null {
  return error instanceof AppError && error.status < 500 ? error.code : null;
}

function periodNote(language: string, period: Period): string {
  return language.startsWith('en')
    ? `Period from ${period.start} to ${period.end}`
    : `Période du ${period.start} au ${period.end}`;
}

/**
 * Bills each period due as of a day, in order, once: after missed days every period missed
 * is billed, oldest first. One transaction per period: the schedule row locked, the period's
 * row (unique on schedule and period start), the invoice, its finalization and email when the
 * schedule says so, and the schedule moved on. Runs at the same time take turns on the
 * schedule row and find the period billed; the unique key holds even if they did not.
 */
export async function runRecurringInvoices(
  ctx: Ctx,
  settings: PaymentSettings,
  input: RecurringRunInput = {},
): Promise<RecurringRunResult> {
  const today = companyToday(ctx);
  const asOf = input.as_of ?? today;
  if (asOf > today) {
    throw new AppError('recurring_invoice.as_of_in_future', `as_of may not be after today (${today})`, {
      as_of: asOf,
      today,
    });
  }
  const result: RecurringRunResult = {
    as_of: asOf,
    created: 0,
    finalized: 0,
    sent: 0,
    ended: 0,
    failed: 0,
    invoices: [],
    errors: [],
  };
  let after: string | null = null;
  for (;;) {
    const due: { id: string }[] = await ctx.db
      .select({ id: recurring_invoices.id })
      .from(recurring_invoices)
      .where(
        and(
          eq(recurring_invoices.status, 'active'),
          lte(recurring_invoices.next_run_date, asOf),
          after ? gt(recurring_invoices.id, after) : undefined,
        ),
      )
      .orderBy(asc(recurring_invoices.id))
      .limit(pageSize);
    for (const { id } of due) {
      for (;;) {
        let billed: boolean;
        try {
          billed = await billNextPeriod(ctx, settings, input.request_origin ?? null, id, asOf, result);
        } catch (error) {
          // This schedule waits for tomorrow's run (or a fix); the others go on.
          result.failed += 1;
          result.errors.push({ schedule_id: id, code: refusalCode(error) ?? 'internal' });
          if (!refusalCode(error)) console.error('recurring invoice run failed', id, error);
          break;
        }
        if (!billed) break;
      }
    }
    if (due.length < pageSize) break;
    after = due.at(-1)!.id;
  }
  return result;
}

/** Bills the schedule's next period if it is due; false when there is none (or it is not active). */
async function billNextPeriod(
  ctx: Ctx,
  settings: PaymentSettings,
  origin: string | null,
  id: string,
  asOf: string,
  result: RecurringRunResult,
): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const [row] = await tx
      .select()
      .from(recurring_invoices)
      .where(eq(recurring_invoices.id, id))
      .for('update');
    if (!row) return false;
    if (row.status !== 'active' || row.next_run_date === null || row.next_run_date > asOf) return false;
    const period = periodAt(row.start_date, row.frequency, row.next_period);
    const runId = newId();
    const now = ctx.clock.now();
    const [taken] = await tx
      .insert(recurring_invoice_runs)
      .values({
        id: runId,
        schedule_id: id,
        period_index: period.index,
        period_start: period.start,
        period_end: period.end,
        created_at: now,
      })
      .onConflictDoNothing()
      .returning({ id: recurring_invoice_runs.id });
    if (!taken) {
      // Billed already (the schedule row says otherwise only if it was changed by hand): move on.
      await advance(txCtx, row, now, result);
      return true;
    }
    const customer = await getCustomerOrThrow(txCtx, row.customer_id, { purpose: 'recurring_invoice' });
    const note = periodNote(customer.language_code, period);
    const invoice = await createInvoice(txCtx, {
      customer_id: row.customer_id,
      currency: row.currency,
      lines: requestLines(row.lines),
      invoice_discount_cents: row.invoice_discount_cents,
      promo_code: null,
      shipping_cents: row.shipping_cents,
      shipping_taxable: row.shipping_taxable,
      notes: row.notes ? `${row.notes}\n${note}` : note,
    });
    result.created += 1;
    let error: string | null = null;
    if (row.auto_finalize) {
      // Each step is a savepoint (billing's own transaction, nested): a refusal (credit limit)
      // leaves the draft for staff, and the period stays billed.
      try {
        await finalizeInvoice(txCtx, invoice.id, { override_credit_limit: false });
        result.finalized += 1;
      } catch (refusal) {
        error = refusalCode(refusal);
        if (!error) throw refusal;
      }
      if (!error && row.auto_send) {
        try {
          const email = await sendInvoiceEmail(txCtx, settings, invoice.id, {}, origin);
          if (email.status === 'queued') result.sent += 1;
          else error = `email.${email.status}`;
        } catch (refusal) {
          error = refusalCode(refusal);
          if (!error) throw refusal;
        }
      }
    }
    await tx
      .update(recurring_invoice_runs)
      .set({ invoice_id: invoice.id, error })
      .where(eq(recurring_invoice_runs.id, runId));
    await recordChange(txCtx, {
      event: 'recurring_invoice.invoiced',
      entity: 'recurring_invoice',
      entity_id: id,
      customer_id: row.customer_id,
      changed_fields: ['next_run_date'],
      activity: {
        activity_type: 'invoice',
        title: `Facture ${frequencyNames[row.frequency]} créée pour la période du ${period.start} au ${period.end}`,
        reference_table: 'invoices',
        reference_id: invoice.id,
        metadata: { recurring_invoice_id: id, period_start: period.start, period_end: period.end, error },
      },
      payload: { recurring_invoice_id: id, invoice_id: invoice.id, period_start: period.start },
    });
    if (result.invoices.length < listed) {
      result.invoices.push({ schedule_id: id, period_start: period.start, invoice_id: invoice.id, error });
    }
    await advance(txCtx, row, now, result);
    return true;
  });
}

/** Moves the schedule to its next period, or ends it when there is none (count or end date reached). */
async function advance(txCtx: Ctx, row: ScheduleRow, now: Date, result: RecurringRunResult) {
  const nextPeriod = row.next_period + 1;
  const next = nextRunDate(boundsOf(row), nextPeriod);
  await txCtx.db
    .update(recurring_invoices)
    .set({
      next_period: nextPeriod,
      next_run_date: next,
      status: next === null ? 'ended' : 'active',
      ended_at: next === null ? now : null,
      updated_at: now,
    })
    .where(eq(recurring_invoices.id, row.id));
  if (next !== null) return;
  result.ended += 1;
  await recordChange(txCtx, {
    event: 'recurring_invoice.ended',
    entity: 'recurring_invoice',
    entity_id: row.id,
    customer_id: row.customer_id,
    changed_fields: ['status'],
    activity: {
      activity_type: 'invoice',
      title: `Facturation ${frequencyNames[row.frequency]} terminée`,
      reference_table: 'recurring_invoices',
    },
    payload: { recurring_invoice_id: row.id },
  });
}
