import { type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { centsCell, toCsv } from '../../core/csv.ts';
import { paginate } from '../../core/schemas.ts';
import { customers, visibleCustomers } from '../customers/index.ts';
import { type Aging, agingBucketKeys, calendarDateIn, companyTimeZone } from '../finances/index.ts';
import { invoice_settlements, invoices } from './invoices.tables.ts';
import type { Receivable, ReceivableSort, Receivables, ReceivablesQuery } from './receivables.schemas.ts';

/*
 * Accounts receivable as of a day: what each customer owed on their invoices at the end of
 * that day in Montréal, aged by days past due. An invoice counts when it was issued on or
 * before the day and not voided by its end; what it owed is its total plus its settlements
 * (payments −, credit notes −, refunds +) that occurred by then. The days past due and
 * the buckets are those of finances' agingBuckets (calendar days from due_on to as_of: 0 or
 * less current, then 1–30, 31–60, 61–90, over 90), counted in SQL so that the whole report is
 * one aggregation in the database, fast at a million customers.
 */

type Bucket = (typeof agingBucketKeys)[number];

/** agingBucketOf's bounds, as SQL conditions on the days past due. */
const bucketConditions: Record<Bucket, (days: SQL) => SQL> = {
  current: (days) => sql`${days} <= 0`,
  '1_30': (days) => sql`${days} between 1 and 30`,
  '31_60': (days) => sql`${days} between 31 and 60`,
  '61_90': (days) => sql`${days} between 61 and 90`,
  over_90: (days) => sql`${days} > 90`,
};

const orderBy: Record<ReceivableSort, SQL> = {
  '-balance': sql`balance_cents desc, customer_id`,
  balance: sql`balance_cents asc, customer_id`,
  name: sql`sort_name asc, customer_id`,
  over_90: sql`over_90 desc, balance_cents desc, customer_id`,
  oldest: sql`oldest_due_on asc, balance_cents desc, customer_id`,
};

type Row = {
  customer_count: number;
  total_balance_cents: number;
  total_current: number;
  total_1_30: number;
  total_31_60: number;
  total_61_90: number;
  total_over_90: number;
  customer_id: string | null;
  display_name: string;
  balance_cents: number;
  b_current: number;
  b1_30: number;
  b31_60: number;
  b61_90: number;
  over_90: number;
  oldest_due_on: string;
  invoice_count: number;
};

const bucketColumn: Record<Bucket, string> = {
  current: 'b_current',
  '1_30': 'b1_30',
  '31_60': 'b31_60',
  '61_90': 'b61_90',
  over_90: 'over_90',
};

/** Customers the actor may not see (a confidential one not assigned to a staff member, say). */
function hiddenCustomers(actor: Ctx['actor']): SQL | null {
  const visible = visibleCustomers(actor);
  if (!visible) return null;
  if (actor.role === 'client') {
    return sql`select ${customers.id} from ${customers} where ${customers.id} <> ${actor.customer_id ?? '00000000-0000-0000-0000-000000000000'}`;
  }
  // Staff see every customer but some confidential ones: look among those only (indexed).
  return sql`select ${customers.id} from ${customers} where ${customers.privacy_level} = 'confidentiel' and not coalesce(${visible}, false)`;
}

export interface ReceivablesStatementInput {
  actor: Ctx['actor'];
  asOf: string;
  currency: string;
  sort: ReceivableSort;
  /** null: every row (the CSV). */
  page: { limit: number; offset: number } | null;
  /**
   * false for today or later: what is owed is each open invoice's balance due, as kept by
   * applyToInvoice (the same as its total less every settlement so far). true for a past
   * day: the total less the settlements by then, for the invoices that could owe anything.
   */
  history: boolean;
}

/**
 * The day's receivables in one statement: the page (or every row) and the totals together.
 * Customers' names are read for the page's rows only (and for every owing customer when
 * sorting by name), so a million customers cost nothing when few owe.
 */
export function receivablesStatement(input: ReceivablesStatementInput): SQL {
  const { asOf, currency, sort, page } = input;
  // The first instant after the day, in Montréal: what happened before it happened by the day.
  const dayEnd = sql`((${asOf}::date + 1)::timestamp at time zone ${companyTimeZone})`;
  const days = sql`(${asOf}::date - o.due_on)`;
  const buckets = sql.join(
    agingBucketKeys.map(
      (key) =>
        sql`coalesce(sum(o.owed_cents) filter (where ${bucketConditions[key](days)}), 0)::bigint as ${sql.identifier(bucketColumn[key])}`,
    ),
    sql`, `,
  );
  const owed = input.history
    ? sql`
      select i.customer_id, i.due_on, i.total_cents + coalesce(st.settled_cents, 0) as owed_cents
      from ${invoices} i
      left join lateral (
        select sum(s.amount_cents)::bigint as settled_cents from ${invoice_settlements} s
        where s.invoice_id = i.id and s.occurred_at < ${dayEnd}
      ) st on true
      where i.status <> 'draft'
        and i.issued_on <= ${asOf}::date
        and i.currency = ${currency}
        and (i.voided_at is null or i.voided_at >= ${dayEnd})
        -- settled_at is when the balance last reached zero (and stayed there): owed nothing since.
        and (i.settled_at is null or i.settled_at >= ${dayEnd})`
    : sql`
      select i.customer_id, i.due_on, i.balance_due_cents as owed_cents
      from ${invoices} i
      where i.status in ('open', 'partially_paid') and i.balance_due_cents > 0 and i.currency = ${currency}`;
  const hidden = hiddenCustomers(input.actor);
  const limit = page ? sql`limit ${page.limit} offset ${page.offset}` : sql``;
  // By name, the customers are walked in name order (their sort_name index) until the page is
  // full: `(… in …) is true` keeps the test a hashed lookup, where a join would read them all.
  const ordered =
    sort === 'name'
      ? sql`select s.*, c.sort_name from (
            select ${customers.id} as id, ${customers.sort_name} as sort_name from ${customers}
            where (${customers.id} in (select customer_id from shown)) is true
            order by ${customers.sort_name}, ${customers.id} ${limit}
          ) c join shown s on s.customer_id = c.id`
      : sql`select * from shown order by ${orderBy[sort]} ${limit}`;
  return sql`
    with owed as (${owed}),
    per_customer as materialized (
      select o.customer_id,
        sum(o.owed_cents)::bigint as balance_cents,
        ${buckets},
        min(o.due_on)::text as oldest_due_on,
        count(*)::int as invoice_count
      from owed o
      where o.owed_cents > 0
      group by o.customer_id
    ),
    shown as materialized (
      select p.* from per_customer p ${hidden ? sql`where p.customer_id not in (${hidden})` : sql``}
    ),
    totals as (
      select count(*)::int as customer_count,
        coalesce(sum(balance_cents), 0)::bigint as total_balance_cents,
        coalesce(sum(b_current), 0)::bigint as total_current,
        coalesce(sum(b1_30), 0)::bigint as total_1_30,
        coalesce(sum(b31_60), 0)::bigint as total_31_60,
        coalesce(sum(b61_90), 0)::bigint as total_61_90,
        coalesce(sum(over_90), 0)::bigint as total_over_90
      from shown
    ),
    page as (
      select q.*, row_number() over (order by ${orderBy[sort]}) as ordinal
      from (${ordered}) q
    )
    select t.*, r.customer_id, ${customers.display_name} as display_name, r.balance_cents, r.b_current,
      r.b1_30, r.b31_60, r.b61_90, r.over_90, r.oldest_due_on, r.invoice_count
    from totals t
    left join page r on true
    left join ${customers} on ${customers.id} = r.customer_id
    order by r.ordinal`;
}

async function receivableRows(
  ctx: Ctx,
  asOf: string,
  currency: string,
  sort: ReceivableSort,
  page: { limit: number; offset: number } | null,
): Promise<Row[]> {
  const today = calendarDateIn(ctx.clock.now(), companyTimeZone);
  const { rows } = await ctx.db.execute<Row>(
    receivablesStatement({ actor: ctx.actor, asOf, currency, sort, page, history: asOf < today }),
  );
  return rows;
}

function toReceivable(row: Row): Receivable {
  return {
    customer_id: row.customer_id!,
    display_name: row.display_name,
    balance_cents: row.balance_cents,
    current: row.b_current,
    '1_30': row.b1_30,
    '31_60': row.b31_60,
    '61_90': row.b61_90,
    over_90: row.over_90,
    oldest_due_on: row.oldest_due_on,
    invoice_count: row.invoice_count,
  };
}

function asOfDay(ctx: Ctx, query: Pick<ReceivablesQuery, 'as_of'>): string {
  return query.as_of ?? calendarDateIn(ctx.clock.now(), companyTimeZone);
}

/** One page of the receivables as of a day, with the totals over every customer. */
export async function getReceivables(ctx: Ctx, query: ReceivablesQuery): Promise<Receivables> {
  const asOf = asOfDay(ctx, query);
  const rows = await receivableRows(ctx, asOf, query.currency, query.sort, {
    limit: query.per_page,
    offset: (query.page - 1) * query.per_page,
  });
  const first = rows[0]!;
  const totals: Aging & { customer_count: number; balance_cents: number } = {
    customer_count: first.customer_count,
    balance_cents: first.total_balance_cents,
    current: first.total_current,
    '1_30': first.total_1_30,
    '31_60': first.total_31_60,
    '61_90': first.total_61_90,
    over_90: first.total_over_90,
  };
  return {
    as_of: asOf,
    currency: query.currency,
    data: rows.filter((row) => row.customer_id !== null).map(toReceivable),
    totals,
    pagination: paginate(first.customer_count, query.page, query.per_page),
  };
}

export const receivablesCsvColumns = [
  'customer_id',
  'display_name',
  'balance',
  'current',
  '1_30',
  '31_60',
  '61_90',
  'over_90',
  'oldest_due_on',
  'invoice_count',
] as const;

/** Every row, in the requested order: amounts in dollars with a dot, for a spreadsheet. */
export async function exportReceivablesCsv(ctx: Ctx, query: ReceivablesQuery): Promise<string> {
  const rows = await receivableRows(ctx, asOfDay(ctx, query), query.currency, query.sort, null);
  return toCsv([
    receivablesCsvColumns,
    ...rows
      .filter((row) => row.customer_id !== null)
      .map(toReceivable)
      .map((row) => [
        row.customer_id,
        row.display_name,
        centsCell(row.balance_cents),
        centsCell(row.current),
        centsCell(row['1_30']),
        centsCell(row['31_60']),
        centsCell(row['61_90']),
        centsCell(row.over_90),
        row.oldest_due_on,
        row.invoice_count,
      ]),
  ]);
}
