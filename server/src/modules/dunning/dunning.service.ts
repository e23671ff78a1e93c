import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import {
  getInvoice,
  invoiceMailData,
  invoicePaymentUrl,
  invoices,
  type PaymentSettings,
} from '../billing/index.ts';
import { recordChange, recordChanges } from '../changes/index.ts';
import { getCustomerOrThrow, getCustomersByIds, withCustomerLocked } from '../customers/index.ts';
import { calendarDateIn, companyTimeZone, daysBetween } from '../finances/index.ts';
import {
  type DunningLevel,
  type EmailStatus,
  email_outbox,
  type MailKind,
  queueEmails,
} from '../mail/index.ts';
import { dunningSchedule, levelDue, reminderPlan, reminderTitle } from './dunning.rules.ts';
import type { DunningPause } from './dunning.schemas.ts';
import { customer_dunning, dunning_runs, invoice_reminders } from './dunning.tables.ts';

type InvoiceRow = typeof invoices.$inferSelect;

export interface DunningRunInput {
  /** The day the run acts as of (company time zone); default today. */
  as_of?: string;
  /** Where a pay-online link points when ATRIUM_BASE_URL is unset (a request's origin). */
  request_origin?: string | null;
}

export interface ReminderQueued {
  invoice_id: string;
  number: string;
  customer_id: string;
  level: DunningLevel;
  days_late: number;
  email_id: string;
  email_status: EmailStatus;
}

export interface DunningRunResult {
  as_of: string;
  queued: number;
  skipped: number;
  /** Messages recorded but not sent: the customer refuses email, gave no consent, or has no address. */
  suppressed: number;
  /** Invoices due a reminder whose customer's dunning is paused. */
  held: number;
  /** The reminders of this run (at most 500 listed). */
  reminders: ReminderQueued[];
}

const batchSize = 200;

/** Issued invoices still owing, not paused, due a higher level than reached. */
function candidateConditions(asOf: string) {
  const daysLate = sql`(${asOf}::date - ${invoices.due_on})`;
  const done = sql`coalesce((select max(r.level) from ${invoice_reminders} r where r.invoice_id = ${invoices.id}), 0)`;
  return {
    daysLate,
    done,
    where: and(
      sql`${invoices.status} in ('open', 'partially_paid')`,
      sql`${invoices.balance_due_cents} > 0`,
      sql`${invoices.due_on} <= ${asOf}::date - 3`,
      sql`not exists (select 1 from ${customer_dunning} d where d.customer_id = ${invoices.customer_id} and d.paused)`,
      sql`(case when ${daysLate} >= 30 then 4 when ${daysLate} >= 21 then 3 when ${daysLate} >= 10 then 2 else 1 end) > ${done}`,
    )!,
  };
}

/**
 * Every candidate's id, in a stable order, read once: a run then takes them a page at a time
 * (paging through the candidates with a keyset instead read every remaining one again for
 * each page, as their order follows no index: minutes at 100,000).
 */
async function candidateIds(ctx: Ctx, asOf: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ id: invoices.id })
    .from(invoices)
    .where(candidateConditions(asOf).where)
    .orderBy(asc(invoices.due_on), asc(invoices.id));
  return rows.map((row) => row.id);
}

/** A page of candidates, read again in the page's transaction: paid or paused since, they drop out. */
function candidates(ctx: Ctx, asOf: string, ids: string[]) {
  const { daysLate, done, where } = candidateConditions(asOf);
  return ctx.db
    .select({
      invoice: invoices,
      days_late: sql<number>`${daysLate}::int`,
      done_level: sql<number>`${done}::int`,
    })
    .from(invoices)
    .where(and(inArray(invoices.id, ids), where))
    .orderBy(asc(invoices.due_on), asc(invoices.id));
}

async function heldCount(ctx: Ctx, asOf: string): Promise<number> {
  const { rows } = await ctx.db.execute<{ held: number }>(sql`
    select count(*)::int as held from ${invoices} i
    join ${customer_dunning} d on d.customer_id = i.customer_id and d.paused
    where i.status in ('open', 'partially_paid') and i.balance_due_cents > 0 and i.due_on <= ${asOf}::date - 3`);
  return rows[0]?.held ?? 0;
}

/**
 * Queues the reminders due as of a day: level 1 at +3 days past due, 2 at +10, 3 at +21, 4 at
 * +30 (days in the company's time zone), each level once per invoice. After missed days only
 * the highest level due goes out; the ones passed over are recorded as skipped. Paid, void or
 * fully credited invoices are no longer open, so their sequence stops; a paused customer's
 * are held. Each page of invoices is one transaction (reminder rows, emails, timeline): a
 * crash loses no reminder and sends none twice, and a run at the same time as another waits
 * on the other's rows, then finds them taken (the ledger's unique key).
 */
export async function runDunning(
  ctx: Ctx,
  settings: PaymentSettings,
  input: DunningRunInput = {},
): Promise<DunningRunResult> {
  const today = calendarDateIn(ctx.clock.now(), companyTimeZone);
  const asOf = input.as_of ?? today;
  if (asOf > today) {
    throw new AppError('dunning.as_of_in_future', `as_of may not be after today (${today})`, {
      as_of: asOf,
      today,
    });
  }
  const result: DunningRunResult = {
    as_of: asOf,
    queued: 0,
    skipped: 0,
    suppressed: 0,
    held: 0,
    reminders: [],
  };
  const startedAt = ctx.clock.now();
  const ids = await candidateIds(ctx, asOf);
  for (let start = 0; start < ids.length; start += batchSize) {
    const page = ids.slice(start, start + batchSize);
    await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      const rows = await candidates(txCtx, asOf, page);
      await remindPage(txCtx, settings, input.request_origin ?? null, asOf, rows, result);
    });
  }
  result.held = await heldCount(ctx, asOf);
  await ctx.db.insert(dunning_runs).values({
    id: newId(),
    as_of: asOf,
    queued: result.queued,
    skipped: result.skipped,
    suppressed: result.suppressed,
    held: result.held,
    run_by: ctx.actor.id,
    started_at: startedAt,
    finished_at: new Date(Math.max(ctx.clock.now().getTime(), startedAt.getTime())),
  });
  return result;
}

/** The levels and their days (fixed: +3, +10, +21, +30) and the last run that finished. */
export async function getDunningOverview(ctx: Ctx) {
  const [last] = await ctx.db
    .select()
    .from(dunning_runs)
    .orderBy(desc(dunning_runs.finished_at), desc(dunning_runs.id))
    .limit(1);
  return {
    levels: ([1, 2, 3, 4] as const).map((level) => ({ level, days_late: dunningSchedule[level] })),
    last_run: last
      ? {
          as_of: last.as_of,
          queued: last.queued,
          skipped: last.skipped,
          suppressed: last.suppressed,
          held: last.held,
          by_job: last.run_by === null,
          started_at: last.started_at,
          finished_at: last.finished_at,
        }
      : null,
  };
}

interface Candidate {
  invoice: InvoiceRow;
  days_late: number;
  done_level: number;
}

/**
 * A page of candidates, set-based: the levels to send claimed in one insert (the ledger's
 * unique key: a level another run holds is waited for, then found taken, and left to it), the
 * levels passed over in another, the emails queued in one batch (rendered, suppressed when
 * the customer's choices forbid it), the ledger rows pointed at their emails, and each
 * reminder's timeline, audit and outbox entries, a few statements for the whole page.
 */
async function remindPage(
  txCtx: Ctx,
  settings: PaymentSettings,
  origin: string | null,
  asOf: string,
  rows: Candidate[],
  result: DunningRunResult,
) {
  const now = txCtx.clock.now();
  const planned = rows
    .flatMap((row) => {
      const plan = reminderPlan(row.days_late, row.done_level);
      return plan ? [{ ...row, plan, reminderId: newId() }] : [];
    })
    // One order for every run: two runs at once wait on each other's rows, never in a circle.
    .sort((a, b) => (a.invoice.id < b.invoice.id ? -1 : 1));
  if (planned.length === 0) return;
  const base = (row: (typeof planned)[number]) => ({
    invoice_id: row.invoice.id,
    customer_id: row.invoice.customer_id,
    reminder_on: asOf,
    days_late: row.days_late,
    created_by: txCtx.actor.id,
    created_at: now,
  });
  const taken = await txCtx.db
    .insert(invoice_reminders)
    .values(
      planned.map((row) => ({
        ...base(row),
        id: row.reminderId,
        level: row.plan.send,
        outcome: 'skipped' as const,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: invoice_reminders.id });
  const takenIds = new Set(taken.map((row) => row.id));
  const mine = planned.filter((row) => takenIds.has(row.reminderId));
  if (mine.length === 0) return;
  const skips = mine.flatMap((row) =>
    row.plan.skip.map((level) => ({ ...base(row), id: newId(), level, outcome: 'skipped' as const })),
  );
  if (skips.length) {
    const skipped = await txCtx.db
      .insert(invoice_reminders)
      .values(skips)
      .onConflictDoNothing()
      .returning({ id: invoice_reminders.id });
    result.skipped += skipped.length;
  }

  const found = await getCustomersByIds(
    txCtx,
    mine.map((row) => row.invoice.customer_id),
    'dunning',
  );
  const emails = await queueEmails(
    txCtx,
    mine.map((row) => {
      const customer = found.get(row.invoice.customer_id);
      if (!customer)
        throw new AppError('customer.not_found', 'No such customer', {
          customer_id: row.invoice.customer_id,
        });
      return {
        kind: `dunning_${row.plan.send}` as Extract<MailKind, `dunning_${number}`>,
        customer_id: customer.id,
        invoice_id: row.invoice.id,
        data: {
          ...invoiceMailData(row.invoice, customer, invoicePaymentUrl(settings, row.invoice.id, origin)),
          days_late: row.days_late,
        },
        attachments: [{ kind: 'invoice_pdf' as const, id: row.invoice.id }],
      };
    }),
  );
  await txCtx.db.execute(sql`
    update ${invoice_reminders} r set outcome = 'emailed', email_id = v.email_id
    from unnest(${`{${mine.map((row) => row.reminderId).join(',')}}`}::uuid[], ${`{${emails.map((email) => email.id).join(',')}}`}::uuid[]) as v(id, email_id)
    where r.id = v.id`);
  await recordChanges(
    txCtx,
    mine.map((row, index) => {
      const email = emails[index]!;
      return {
        event: 'invoice.reminded',
        entity: 'invoice',
        entity_id: row.invoice.id,
        customer_id: row.invoice.customer_id,
        activity: {
          activity_type: 'invoice' as const,
          title: reminderTitle(row.plan.send, row.invoice.number ?? '', row.days_late),
          reference_table: 'invoices',
          metadata: {
            level: row.plan.send,
            skipped: row.plan.skip,
            email_id: email.id,
            email_status: email.status,
          },
        },
        payload: { number: row.invoice.number, level: row.plan.send, email_id: email.id },
      };
    }),
  );
  mine.forEach((row, index) => {
    const email = emails[index]!;
    if (email.status === 'suppressed') result.suppressed += 1;
    else result.queued += 1;
    if (result.reminders.length < 500) {
      result.reminders.push({
        invoice_id: row.invoice.id,
        number: row.invoice.number ?? '',
        customer_id: row.invoice.customer_id,
        level: row.plan.send,
        days_late: row.days_late,
        email_id: email.id,
        email_status: email.status,
      });
    }
  });
}

/** An invoice's reminders, oldest level first, with where its sequence stands. */
export async function getInvoiceReminders(ctx: Ctx, invoiceId: string) {
  const invoice = await getInvoice(ctx, invoiceId);
  const rows = await ctx.db
    .select({
      level: invoice_reminders.level,
      outcome: invoice_reminders.outcome,
      reminder_on: invoice_reminders.reminder_on,
      days_late: invoice_reminders.days_late,
      email_id: invoice_reminders.email_id,
      email_status: email_outbox.status,
      created_at: invoice_reminders.created_at,
    })
    .from(invoice_reminders)
    .leftJoin(email_outbox, eq(email_outbox.id, invoice_reminders.email_id))
    .where(eq(invoice_reminders.invoice_id, invoiceId))
    .orderBy(asc(invoice_reminders.level));
  const emailed = rows.filter((row) => row.outcome === 'emailed');
  const last = emailed.at(-1) ?? null;
  const pause = await getDunningPause(ctx, invoice.customer_id);
  const today = calendarDateIn(ctx.clock.now(), companyTimeZone);
  const open = invoice.status === 'open' || invoice.status === 'partially_paid';
  const reached = rows.at(-1)?.level ?? 0;
  const due =
    open && invoice.due_on && !pause.dunning_paused ? levelDue(daysBetween(invoice.due_on, today)) : 0;
  return {
    invoice_id: invoiceId,
    last_reminder_level: last?.level ?? null,
    last_reminder_date: last?.reminder_on ?? null,
    /** The level a run today would send (0: none): the sequence stopped, is paused, or is up to date. */
    level_due_today: due > reached ? due : 0,
    dunning_paused: pause.dunning_paused,
    reminders: rows.map((row) => ({ ...row, email_status: row.email_status ?? null })),
  };
}

export async function getDunningPause(ctx: Ctx, customerId: string) {
  await getCustomerOrThrow(ctx, customerId, { purpose: 'dunning' });
  const [row] = await ctx.db
    .select()
    .from(customer_dunning)
    .where(eq(customer_dunning.customer_id, customerId));
  return {
    customer_id: customerId,
    dunning_paused: row?.paused ?? false,
    reason: row?.paused ? row.reason : null,
    updated_at: row?.updated_at ?? null,
  };
}

/** Pauses or resumes a customer's reminders (admin), on the timeline with the reason. */
export async function setDunningPause(ctx: Ctx, customerId: string, input: DunningPause) {
  return withCustomerLocked(ctx, customerId, async (txCtx, customer) => {
    const now = ctx.clock.now();
    const reason = input.paused ? (input.reason ?? null) : null;
    await txCtx.db
      .insert(customer_dunning)
      .values({
        customer_id: customer.id,
        paused: input.paused,
        reason,
        updated_by: ctx.actor.id,
        updated_at: now,
      })
      .onConflictDoUpdate({
        target: customer_dunning.customer_id,
        set: { paused: input.paused, reason, updated_by: ctx.actor.id, updated_at: now },
      });
    await recordChange(txCtx, {
      event: input.paused ? 'customer.dunning_paused' : 'customer.dunning_resumed',
      entity: 'customer',
      entity_id: customer.id,
      customer_id: customer.id,
      changed_fields: ['dunning_paused', 'reason'],
      activity: {
        activity_type: 'finance',
        title: input.paused ? `Relances suspendues : ${reason}` : 'Relances reprises',
        reference_table: 'customers',
      },
      payload: {},
    });
    return { customer_id: customer.id, dunning_paused: input.paused, reason, updated_at: now };
  });
}
