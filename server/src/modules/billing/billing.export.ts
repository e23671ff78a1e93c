import { asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { credit_note_lines, credit_notes } from './credit-notes.tables.ts';
import { invoice_lines, invoices } from './invoices.tables.ts';
import { payment_refunds, payments } from './payments.tables.ts';

/** Rows grouped by one of their columns (lines under their document). */
function groupBy<Row extends Record<string, unknown>>(rows: Row[], key: keyof Row): Map<unknown, Row[]> {
  const groups = new Map<unknown, Row[]>();
  for (const row of rows) groups.set(row[key], [...(groups.get(row[key]) ?? []), row]);
  return groups;
}

/**
 * The customer's billing in their access-request export (privacy reads it through app.ts):
 * invoices with their lines (drafts included: they are about the person too), credit notes
 * with theirs, payments with their refunds.
 */
export const billingExportSection = {
  name: 'billing',
  async read(ctx: Ctx, customerId: string) {
    const invoiceRows = await ctx.db
      .select()
      .from(invoices)
      .where(eq(invoices.customer_id, customerId))
      .orderBy(asc(invoices.created_at), asc(invoices.id));
    const lines = invoiceRows.length
      ? groupBy(
          await ctx.db
            .select()
            .from(invoice_lines)
            .where(
              inArray(
                invoice_lines.invoice_id,
                invoiceRows.map((row) => row.id),
              ),
            )
            .orderBy(asc(invoice_lines.invoice_id), asc(invoice_lines.position)),
          'invoice_id',
        )
      : new Map();
    const noteRows = await ctx.db
      .select()
      .from(credit_notes)
      .where(eq(credit_notes.customer_id, customerId))
      .orderBy(asc(credit_notes.created_at));
    const noteLines = noteRows.length
      ? groupBy(
          await ctx.db
            .select()
            .from(credit_note_lines)
            .where(
              inArray(
                credit_note_lines.credit_note_id,
                noteRows.map((row) => row.id),
              ),
            )
            .orderBy(asc(credit_note_lines.credit_note_id), asc(credit_note_lines.position)),
          'credit_note_id',
        )
      : new Map();
    const paymentRows = await ctx.db
      .select()
      .from(payments)
      .where(eq(payments.customer_id, customerId))
      .orderBy(asc(payments.created_at));
    const refunds = paymentRows.length
      ? groupBy(
          await ctx.db
            .select()
            .from(payment_refunds)
            .where(
              inArray(
                payment_refunds.payment_id,
                paymentRows.map((row) => row.id),
              ),
            ),
          'payment_id',
        )
      : new Map();
    return {
      invoices: invoiceRows.map((row) => ({ ...row, lines: lines.get(row.id) ?? [] })),
      credit_notes: noteRows.map((row) => ({ ...row, lines: noteLines.get(row.id) ?? [] })),
      payments: paymentRows.map(({ idempotency_key: _key, ...row }) => ({
        ...row,
        refunds: refunds.get(row.id) ?? [],
      })),
    };
  },
};
