import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { OpenItemsProvider } from '../finances/index.ts';
import { invoices } from './invoices.tables.ts';

/**
 * What finances' Finances view reads of billing (finances never imports billing: app.ts hands
 * this to its routes). An open item is an issued invoice with something left to pay.
 * `settledRecord` comes with payments: until then no invoice is ever settled.
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
};
