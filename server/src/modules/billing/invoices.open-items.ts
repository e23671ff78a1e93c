import { and, asc, count, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import { companyTimeZone, type OpenItemsProvider } from '../finances/index.ts';
import { invoices } from './invoices.tables.ts';

/**
 * What finances' Finances view reads of billing (finances never imports billing: app.ts hands
 * this to its routes). An open item is an issued invoice with something left to pay; a
 * settled one is paid (settled_at set), on time when that day in the company's time zone is
 * no later than its due date.
 */
export const invoiceOpenItems: OpenItemsProvider = {
  async openItems(ctx, customerId) {
    const rows = await ctx.db
      .select({ id: invoices.id, due_on: invoices.due_on, balance_due_cents: invoices.balance_due_cents })
      .from(invoices)
      .where(
        and(
          eq(invoices.customer_id, customerId),
          inArray(invoices.status, ['open', 'partially_paid']),
          gt(invoices.balance_due_cents, 0),
        ),
      )
      .orderBy(asc(invoices.due_on), asc(invoices.id));
    return rows.map((row) => ({
      reference_table: 'invoices',
      reference_id: row.id,
      // An issued invoice always has its due date (set at finalization).
      due_on: row.due_on!,
      open_cents: row.balance_due_cents,
    }));
  },
  async settledRecord(ctx, customerId) {
    const settledOn = sql`(${invoices.settled_at} at time zone ${companyTimeZone})::date`;
    const [row] = await ctx.db
      .select({
        settled_count: count(),
        on_time_count: sql<number>`count(*) filter (where ${settledOn} <= ${invoices.due_on})::int`,
      })
      .from(invoices)
      .where(
        and(
          eq(invoices.customer_id, customerId),
          eq(invoices.status, 'paid'),
          isNotNull(invoices.settled_at),
        ),
      );
    return { settled_count: row?.settled_count ?? 0, on_time_count: row?.on_time_count ?? 0 };
  },
};
