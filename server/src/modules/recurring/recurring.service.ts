import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { paginate } from '../../core/schemas.ts';
import { type InvoiceLineRequest, invoices, priceInvoiceLines } from '../billing/index.ts';
import { recordChange } from '../changes/index.ts';
import { customers, getCustomerOrThrow } from '../customers/index.ts';
import { calendarDateIn, companyTimeZone } from '../finances/index.ts';
import { firstPeriodFrom, nextRunDate, type ScheduleBounds } from './recurring.periods.ts';
import type {
  Schedule,
  ScheduleCreate,
  ScheduleDetail,
  ScheduleListQuery,
  SchedulePatch,
} from './recurring.schemas.ts';
import { recurring_invoice_runs, recurring_invoices, type ScheduleLine } from './recurring.tables.ts';

export type ScheduleRow = typeof recurring_invoices.$inferSelect;

export const frequencyNames = {
  weekly: 'hebdomadaire',
  monthly: 'mensuelle',
  quarterly: 'trimestrielle',
  yearly: 'annuelle',
};

/** Today in the company's time zone: periods, like due dates, are calendar days there. */
export function companyToday(ctx: Ctx): string {
  return calendarDateIn(ctx.clock.now(), companyTimeZone);
}

export function boundsOf(
  row: Pick<ScheduleRow, 'start_date' | 'frequency' | 'end_date' | 'count'>,
): ScheduleBounds {
  return { start_date: row.start_date, frequency: row.frequency, end_date: row.end_date, count: row.count };
}

/** A stored line as a request line: complete, so billing takes it as is (no catalog look-up). */
export function requestLines(lines: ScheduleLine[]): InvoiceLineRequest[] {
  return lines.map(({ position: _p, line_total_cents: _t, ...line }) => line);
}

function notFound(id: string): AppError {
  return new AppError('recurring_invoice.not_found', 'No such recurring invoice', {
    recurring_invoice_id: id,
  });
}

const columns = { schedule: recurring_invoices, customer_name: customers.display_name };

function toSchedule(row: ScheduleRow, customerName: string, generated: number): Schedule {
  const { next_period: _next, created_by: _by, ...rest } = row;
  return { ...rest, customer_name: customerName, invoices_generated: generated };
}

async function generatedCounts(ctx: Ctx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: recurring_invoice_runs.schedule_id, n: count() })
    .from(recurring_invoice_runs)
    .where(inArray(recurring_invoice_runs.schedule_id, ids))
    .groupBy(recurring_invoice_runs.schedule_id);
  return new Map(rows.map((row) => [row.id, row.n]));
}

/** The schedule if the actor may see its customer (a confidential one only assigned staff): else 404. */
export async function visibleSchedule(
  ctx: Ctx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<{ row: ScheduleRow; customer_name: string }> {
  const query = ctx.db.select().from(recurring_invoices).where(eq(recurring_invoices.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound(id);
  try {
    const customer = await getCustomerOrThrow(ctx, row.customer_id, { purpose: 'recurring_invoice' });
    return { row, customer_name: customer.display_name };
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') throw notFound(id);
    throw error;
  }
}

export async function getSchedule(ctx: Ctx, id: string): Promise<ScheduleDetail> {
  const { row, customer_name } = await visibleSchedule(ctx, id);
  const runs = await ctx.db
    .select({
      period_index: recurring_invoice_runs.period_index,
      period_start: recurring_invoice_runs.period_start,
      period_end: recurring_invoice_runs.period_end,
      invoice_id: recurring_invoice_runs.invoice_id,
      number: invoices.number,
      status: invoices.status,
      total_cents: invoices.total_cents,
      error: recurring_invoice_runs.error,
      created_at: recurring_invoice_runs.created_at,
    })
    .from(recurring_invoice_runs)
    .leftJoin(invoices, eq(invoices.id, recurring_invoice_runs.invoice_id))
    .where(eq(recurring_invoice_runs.schedule_id, id))
    .orderBy(desc(recurring_invoice_runs.period_index));
  return {
    ...toSchedule(row, customer_name, runs.length),
    invoices: runs.map((run) => ({
      ...run,
      number: run.number ?? null,
      status: run.status ?? null,
      total_cents: run.total_cents ?? null,
    })),
  };
}

export async function findSchedules(ctx: Ctx, query: ScheduleListQuery) {
  const where: SQL[] = [];
  if (ctx.actor.role !== 'admin' && ctx.actor.role !== 'system') {
    // As canSeeCustomer: a confidential customer's schedules only for the user assigned to them.
    where.push(
      sql`(${customers.privacy_level} <> 'confidentiel' or ${customers.assigned_user_id} = ${ctx.actor.id})`,
    );
  }
  if (query.customer_id) where.push(eq(recurring_invoices.customer_id, query.customer_id));
  if (query.status) where.push(eq(recurring_invoices.status, query.status));
  const condition = where.length ? and(...where) : undefined;
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: count() })
    .from(recurring_invoices)
    .innerJoin(customers, eq(customers.id, recurring_invoices.customer_id))
    .where(condition);
  const rows = await ctx.db
    .select(columns)
    .from(recurring_invoices)
    .innerJoin(customers, eq(customers.id, recurring_invoices.customer_id))
    .where(condition)
    .orderBy(desc(recurring_invoices.created_at), desc(recurring_invoices.id))
    .limit(query.per_page)
    .offset((query.page - 1) * query.per_page);
  const counts = await generatedCounts(
    ctx,
    rows.map((row) => row.schedule.id),
  );
  return {
    data: rows.map((row) => toSchedule(row.schedule, row.customer_name, counts.get(row.schedule.id) ?? 0)),
    pagination: paginate(total, query.page, query.per_page),
  };
}

/** Lines completed and priced by billing's code, and the totals kept on the schedule. */
async function priced(
  ctx: Ctx,
  customerId: string,
  draft: {
    lines: InvoiceLineRequest[];
    invoice_discount_cents: number;
    shipping_cents: number;
    shipping_taxable: boolean;
  },
) {
  const { lines, totals } = await priceInvoiceLines(ctx, customerId, draft);
  return {
    lines,
    subtotal_cents: totals.subtotal_cents,
    discount_cents: totals.discount_cents,
    taxes: totals.taxes.map((tax) => ({
      code: tax.code,
      rate_ppm: tax.rate_ppm,
      amount_cents: tax.amount_cents,
    })),
    total_cents: totals.total_cents,
  };
}

export async function createSchedule(ctx: Ctx, input: ScheduleCreate): Promise<ScheduleDetail> {
  const id = newId();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const customer = await getWritableCustomer(txCtx, input.customer_id);
    const pricing = await priced(txCtx, customer.id, input);
    const bounds: ScheduleBounds = {
      start_date: input.start_date,
      frequency: input.frequency,
      end_date: input.end_date,
      count: input.count,
    };
    await tx.insert(recurring_invoices).values({
      id,
      customer_id: customer.id,
      status: 'active',
      frequency: input.frequency,
      start_date: input.start_date,
      end_date: input.end_date,
      count: input.count,
      auto_finalize: input.auto_finalize,
      auto_send: input.auto_send,
      next_period: 0,
      // Count ≥ 1 and end ≥ start: period 0 always exists.
      next_run_date: nextRunDate(bounds, 0),
      currency: input.currency,
      invoice_discount_cents: input.invoice_discount_cents,
      shipping_cents: input.shipping_cents,
      shipping_taxable: input.shipping_taxable,
      notes: input.notes ?? null,
      ...pricing,
      created_by: ctx.actor.id,
      created_at: now,
      updated_at: now,
    });
    await recordChange(txCtx, {
      event: 'recurring_invoice.created',
      entity: 'recurring_invoice',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: Object.keys(input),
      activity: {
        activity_type: 'invoice',
        title: `Facturation ${frequencyNames[input.frequency]} programmée à partir du ${input.start_date}`,
        reference_table: 'recurring_invoices',
        metadata: { frequency: input.frequency, total_cents: pricing.total_cents, currency: input.currency },
      },
      payload: { recurring_invoice_id: id },
    });
  });
  return getSchedule(ctx, id);
}

async function getWritableCustomer(txCtx: Ctx, customerId: string) {
  try {
    return await getCustomerOrThrow(txCtx, customerId, { purpose: 'recurring_invoice', writable: true });
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') {
      throw invalidFields([{ path: 'customer_id', message: 'No such customer' }]);
    }
    throw error;
  }
}

/** Runs `work` on the schedule locked, in one transaction; an ended schedule is 409. */
async function withSchedule<T>(
  ctx: Ctx,
  id: string,
  work: (txCtx: Ctx, row: ScheduleRow) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { row } = await visibleSchedule(txCtx, id, { forUpdate: true });
    if (row.status === 'ended') {
      throw new AppError('recurring_invoice.ended', 'This schedule has ended', { recurring_invoice_id: id });
    }
    return work(txCtx, row);
  });
}

function changedKeys(patch: SchedulePatch): string[] {
  return Object.keys(patch).filter((key) => patch[key as keyof SchedulePatch] !== undefined);
}

/**
 * Changes a schedule that has not ended. Its frequency and start date are fixed once an
 * invoice was generated (422): the periods billed would no longer be its periods. Setting an
 * end date clears the count and the other way round.
 */
export async function updateSchedule(ctx: Ctx, id: string, patch: SchedulePatch): Promise<ScheduleDetail> {
  const now = ctx.clock.now();
  await withSchedule(ctx, id, async (txCtx, row) => {
    const moved =
      (patch.frequency !== undefined && patch.frequency !== row.frequency) ||
      (patch.start_date !== undefined && patch.start_date !== row.start_date);
    if (moved && row.next_period > 0) {
      throw new AppError(
        'recurring_invoice.started',
        'The frequency and start date are fixed once an invoice was generated',
        { recurring_invoice_id: id },
      );
    }
    let endDate = patch.end_date === undefined ? row.end_date : patch.end_date;
    let total = patch.count === undefined ? row.count : patch.count;
    if (patch.end_date && patch.count === undefined) total = null;
    if (patch.count && patch.end_date === undefined) endDate = null;
    const bounds: ScheduleBounds = {
      start_date: patch.start_date ?? row.start_date,
      frequency: patch.frequency ?? row.frequency,
      end_date: endDate,
      count: total,
    };
    const autoFinalize = patch.auto_finalize ?? row.auto_finalize;
    const autoSend = patch.auto_send ?? row.auto_send;
    const issues = [];
    if (bounds.end_date && bounds.end_date < bounds.start_date)
      issues.push({ path: 'end_date', message: 'Must be on or after the start date' });
    if (bounds.count !== null && bounds.count < row.next_period)
      issues.push({ path: 'count', message: `${row.next_period} invoices were already generated` });
    if (autoSend && !autoFinalize)
      issues.push({ path: 'auto_send', message: 'Only a finalized invoice is sent' });
    if (issues.length) throw invalidFields(issues);

    const draft = {
      lines: patch.lines ?? requestLines(row.lines),
      invoice_discount_cents: patch.invoice_discount_cents ?? row.invoice_discount_cents,
      shipping_cents: patch.shipping_cents ?? row.shipping_cents,
      shipping_taxable: patch.shipping_taxable ?? row.shipping_taxable,
    };
    const pricing = await priced(txCtx, row.customer_id, draft);
    const next = nextRunDate(bounds, row.next_period);
    await txCtx.db
      .update(recurring_invoices)
      .set({
        ...bounds,
        auto_finalize: autoFinalize,
        auto_send: autoSend,
        currency: patch.currency ?? row.currency,
        invoice_discount_cents: draft.invoice_discount_cents,
        shipping_cents: draft.shipping_cents,
        shipping_taxable: draft.shipping_taxable,
        notes: patch.notes === undefined ? row.notes : patch.notes,
        ...pricing,
        next_run_date: next,
        // A new end already passed ends it; a paused schedule stays paused.
        status: next === null ? 'ended' : row.status,
        ended_at: next === null ? now : null,
        updated_at: now,
      })
      .where(eq(recurring_invoices.id, id));
    await recordChange(txCtx, {
      event: 'recurring_invoice.updated',
      entity: 'recurring_invoice',
      entity_id: id,
      customer_id: row.customer_id,
      changed_fields: changedKeys(patch),
      activity: null,
      payload: { recurring_invoice_id: id, ended: next === null },
    });
  });
  return getSchedule(ctx, id);
}

/** Deletes a schedule that never billed; one that did is kept (pause it or give it an end). */
export async function deleteSchedule(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { row } = await visibleSchedule(txCtx, id, { forUpdate: true });
    const [run] = await tx
      .select({ id: recurring_invoice_runs.id })
      .from(recurring_invoice_runs)
      .where(eq(recurring_invoice_runs.schedule_id, id))
      .limit(1);
    if (run || row.next_period > 0) {
      throw new AppError(
        'recurring_invoice.has_invoices',
        'This schedule has generated invoices: pause it or give it an end date',
        { recurring_invoice_id: id },
      );
    }
    await tx.delete(recurring_invoices).where(eq(recurring_invoices.id, id));
    await recordChange(txCtx, {
      event: 'recurring_invoice.deleted',
      entity: 'recurring_invoice',
      entity_id: id,
      customer_id: row.customer_id,
      activity: {
        activity_type: 'invoice',
        title: `Facturation ${frequencyNames[row.frequency]} supprimée`,
        reference_table: 'recurring_invoices',
      },
      payload: { recurring_invoice_id: id },
    });
  });
}

/** Pauses a schedule: no invoice while paused. Pausing a paused schedule changes nothing. */
export async function pauseSchedule(ctx: Ctx, id: string): Promise<ScheduleDetail> {
  await withSchedule(ctx, id, async (txCtx, row) => {
    if (row.status === 'paused') return;
    const now = ctx.clock.now();
    await txCtx.db
      .update(recurring_invoices)
      .set({ status: 'paused', paused_at: now, updated_at: now })
      .where(eq(recurring_invoices.id, id));
    await recordChange(txCtx, {
      event: 'recurring_invoice.paused',
      entity: 'recurring_invoice',
      entity_id: id,
      customer_id: row.customer_id,
      changed_fields: ['status'],
      activity: {
        activity_type: 'invoice',
        title: `Facturation ${frequencyNames[row.frequency]} suspendue`,
        reference_table: 'recurring_invoices',
      },
      payload: { recurring_invoice_id: id },
    });
  });
  return getSchedule(ctx, id);
}

/**
 * Resumes a paused schedule from the first period starting today or later: the periods that
 * started while it was paused are never billed (no back-fill; bill them by hand if owed). A
 * schedule with no period left then ends.
 */
export async function resumeSchedule(ctx: Ctx, id: string): Promise<ScheduleDetail> {
  await withSchedule(ctx, id, async (txCtx, row) => {
    if (row.status === 'active') return;
    const now = ctx.clock.now();
    const bounds = boundsOf(row);
    const nextPeriod = firstPeriodFrom(bounds, row.next_period, companyToday(ctx));
    const next = nextRunDate(bounds, nextPeriod);
    await txCtx.db
      .update(recurring_invoices)
      .set({
        status: next === null ? 'ended' : 'active',
        next_period: nextPeriod,
        next_run_date: next,
        paused_at: null,
        ended_at: next === null ? now : null,
        updated_at: now,
      })
      .where(eq(recurring_invoices.id, id));
    await recordChange(txCtx, {
      event: 'recurring_invoice.resumed',
      entity: 'recurring_invoice',
      entity_id: id,
      customer_id: row.customer_id,
      changed_fields: ['status', 'next_run_date'],
      activity: {
        activity_type: 'invoice',
        title:
          next === null
            ? `Facturation ${frequencyNames[row.frequency]} reprise et terminée (aucune période restante)`
            : `Facturation ${frequencyNames[row.frequency]} reprise : prochaine facture le ${next}`,
        reference_table: 'recurring_invoices',
        metadata: { periods_skipped: nextPeriod - row.next_period },
      },
      payload: { recurring_invoice_id: id, periods_skipped: nextPeriod - row.next_period },
    });
  });
  return getSchedule(ctx, id);
}
