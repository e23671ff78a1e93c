import { count, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { formatCents } from '../../core/money.ts';
import { recordChange } from '../changes/index.ts';
import { appendLedgerEntry } from '../finances/index.ts';
import type { InvoiceVoid } from './credit-notes.schemas.ts';
import { credit_notes } from './credit-notes.tables.ts';
import type { Invoice } from './invoices.schemas.ts';
import { draftFor, getInvoice, visibleRow, withInvoiceCustomer } from './invoices.service.ts';
import { invoices } from './invoices.tables.ts';

type InvoiceRow = typeof invoices.$inferSelect;

/** Why an invoice may not be voided, or null when it may: issued, nothing paid, nothing credited. */
export function voidRefusal(row: InvoiceRow, creditNoteCount: number): string | null {
  if (row.status === 'draft') return 'A draft is deleted, not voided';
  if (row.status === 'void') return 'This invoice is already void';
  if (row.amount_paid_cents > 0)
    return 'Something was paid on this invoice: refund it or issue a credit note';
  if (row.amount_credited_cents > 0 || creditNoteCount > 0) {
    return 'A credit note was issued against this invoice: credit the rest instead';
  }
  return null;
}

/**
 * Voids an issued invoice nothing was paid or credited on, in one transaction: status void,
 * the ledger's `adjustment` takes its total back off the balance (with the reason), the
 * change recorded. Its number stays used (gap-free means no number disappears): a void
 * invoice is kept, out of the open items, the receivables and the sales-tax report.
 */
export async function voidInvoice(ctx: Ctx, id: string, input: InvoiceVoid): Promise<Invoice> {
  const before = await visibleRow(ctx, id);
  const now = ctx.clock.now();
  await withInvoiceCustomer(ctx, before.customer_id, async (txCtx, customer) => {
    const row = await draftFor(txCtx, id, customer.id);
    const [{ notes } = { notes: 0 }] = await txCtx.db
      .select({ notes: count() })
      .from(credit_notes)
      .where(eq(credit_notes.invoice_id, id));
    const refusal = voidRefusal(row, notes);
    if (refusal) {
      throw new AppError('invoice.not_voidable', refusal, {
        invoice_id: id,
        status: row.status,
        amount_paid_cents: row.amount_paid_cents,
        credit_note_count: notes,
      });
    }
    await txCtx.db
      .update(invoices)
      .set({ status: 'void', voided_at: now, void_reason: input.reason, updated_at: now })
      .where(eq(invoices.id, id));
    // A zero-total invoice never moved the balance, so there is nothing to take back.
    if (row.total_cents > 0) {
      await appendLedgerEntry(txCtx, {
        customer_id: customer.id,
        entry_type: 'adjustment',
        amount_cents: -row.total_cents,
        reference_table: 'invoices',
        reference_id: id,
        description: `Annulation de la facture ${row.number}`,
        reason: input.reason,
        currency: row.currency,
        timeline: false,
      });
    }
    await recordChange(txCtx, {
      event: 'invoice.voided',
      entity: 'invoice',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: ['status', 'voided_at', 'void_reason'],
      activity: {
        activity_type: 'invoice',
        title: `Facture ${row.number} annulée (${formatCents(row.total_cents, row.currency, 'fr-CA')})`,
        description: input.reason,
        reference_table: 'invoices',
        reference_id: id,
        metadata: { number: row.number, total_cents: row.total_cents, currency: row.currency },
      },
      payload: { invoice_id: id, number: row.number, total_cents: row.total_cents },
    });
  });
  return getInvoice(ctx, id);
}
