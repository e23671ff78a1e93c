import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { companyTimeZone } from './calendar.ts';
import { customer_balance_history } from './finances.tables.ts';
import { getBalance, type LedgerEntry } from './ledger.service.ts';

/** A statement longer than this is refused (422): a PDF of some 50 pages. */
export const maxPeriodEntries = 2_000;

export interface LedgerPeriod {
  currency: string;
  /** The balance when the period began (0 before any entry). */
  opening_balance_cents: number;
  /** The balance when it ended: the last entry's balance_after_cents, or the opening balance. */
  closing_balance_cents: number;
  /** In ledger order; each carries the running balance after it. */
  entries: LedgerEntry[];
}

/**
 * A customer's ledger over calendar days `from`..`to` (inclusive, 'YYYY-MM-DD' in the
 * company's time zone): the statement's figures. No access check: callers made it. Entries
 * are numbered in the order they took the balance, which is also their time order.
 * 422 `statement.too_long` past maxPeriodEntries entries.
 */
export async function getLedgerPeriod(
  ctx: Ctx,
  customerId: string,
  range: { from: string; to: string },
): Promise<LedgerPeriod> {
  const start = sql`(${range.from}::date)::timestamp at time zone ${companyTimeZone}`;
  const end = sql`(${range.to}::date + 1)::timestamp at time zone ${companyTimeZone}`;
  const ofCustomer = eq(customer_balance_history.customer_id, customerId);
  const [before] = await ctx.db
    .select({ balance_after_cents: customer_balance_history.balance_after_cents })
    .from(customer_balance_history)
    .where(and(ofCustomer, lt(customer_balance_history.created_at, start)))
    .orderBy(desc(customer_balance_history.entry_number))
    .limit(1);
  const entries = await ctx.db
    .select()
    .from(customer_balance_history)
    .where(
      and(
        ofCustomer,
        gte(customer_balance_history.created_at, start),
        lt(customer_balance_history.created_at, end),
      ),
    )
    .orderBy(asc(customer_balance_history.entry_number))
    .limit(maxPeriodEntries + 1);
  if (entries.length > maxPeriodEntries) {
    throw new AppError(
      'statement.too_long',
      `This period has more than ${maxPeriodEntries} ledger entries: choose a shorter one`,
      { max_entries: maxPeriodEntries },
    );
  }
  const opening = before?.balance_after_cents ?? 0;
  const { currency } = await getBalance(ctx, customerId);
  return {
    currency,
    opening_balance_cents: opening,
    closing_balance_cents: entries.at(-1)?.balance_after_cents ?? opening,
    entries,
  };
}
