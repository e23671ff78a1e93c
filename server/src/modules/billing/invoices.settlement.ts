import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { calendarDateIn, companyTimeZone } from '../finances/index.ts';
import { type InvoiceStatus, invoice_settlements, invoices, type SettlementKind } from './invoices.tables.ts';

type InvoiceRow = typeof invoices.$inferSelect;

/**
 * An issued invoice's status from what was charged, paid and credited: nothing due is paid
 * (a fully credited invoice is settled too), something received or credited is partially paid.
 */
export function settlementStatus(
  totalCents: number,
  paidCents: number,
  creditedCents: number,
): InvoiceStatus {
  const due = totalCents - paidCents - creditedCents;
  if (due <= 0) return 'paid';
  return paidCents + creditedCents > 0 ? 'partially_paid' : 'open';
}

export interface SettlementChange {
  kind: SettlementKind;
  /** Received (positive, payment) or refunded (negative, refund), capped by the caller to what the invoice can take. */
  paid_cents?: number;
  /** Credited by a credit note (positive). */
  credited_cents?: number;
  /**
   * The day it happened when earlier than today (a cheque received last week, recorded now):
   * the settlement is dated at noon that day in the company's time zone, so receivables as of
   * that day count it. Otherwise it happened now.
   */
  occurred_on?: string;
  /** The source document (a payment, a refund, a credit note). */
  reference_table: string;
  reference_id: string;
}

/**
 * The one place an issued invoice's paid/credited amounts, balance and status change, with
 * its row in invoice_settlements (the history receivables read as of a date). The
 * caller holds the customer lock and has read `row` FOR UPDATE in the same transaction; the
 * ledger entry and the recorded change are the caller's, in that transaction too.
 */
export async function applyToInvoice(
  txCtx: Ctx,
  row: InvoiceRow,
  change: SettlementChange,
): Promise<InvoiceRow> {
  if (row.status === 'draft' || row.status === 'void') {
    throw new AppError('invoice.not_payable', `A ${row.status} invoice takes no payment or credit`, {
      invoice_id: row.id,
      status: row.status,
    });
  }
  const paid = row.amount_paid_cents + (change.paid_cents ?? 0);
  const credited = row.amount_credited_cents + (change.credited_cents ?? 0);
  const balance = row.total_cents - paid - credited;
  if (paid < 0 || credited < 0 || balance < 0) {
    // A caller's bug (it caps amounts first); the table's checks would refuse it anyway.
    throw new Error(`settlement out of range on invoice ${row.id}: paid ${paid}, credited ${credited}`);
  }
  const now = txCtx.clock.now();
  const effect = -((change.paid_cents ?? 0) + (change.credited_cents ?? 0));
  if (effect !== 0) {
    await txCtx.db.insert(invoice_settlements).values({
      id: newId(),
      invoice_id: row.id,
      customer_id: row.customer_id,
      kind: change.kind,
      amount_cents: effect,
      reference_table: change.reference_table,
      reference_id: change.reference_id,
      occurred_at:
        change.occurred_on && change.occurred_on < calendarDateIn(now, companyTimeZone)
          ? sql`(${change.occurred_on}::date + time '12:00') at time zone ${companyTimeZone}`
          : now,
    });
  }
  const [updated] = await txCtx.db
    .update(invoices)
    .set({
      amount_paid_cents: paid,
      amount_credited_cents: credited,
      balance_due_cents: balance,
      status: settlementStatus(row.total_cents, paid, credited),
      settled_at: balance === 0 ? (row.balance_due_cents === 0 ? row.settled_at : now) : null,
      updated_at: now,
    })
    .where(eq(invoices.id, row.id))
    .returning();
  return updated!;
}
