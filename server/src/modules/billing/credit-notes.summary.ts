import { asc, inArray } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { credit_notes } from './credit-notes.tables.ts';

/** What an invoice's read says of the credit notes issued against it. */
export interface CreditNoteSummary {
  id: string;
  number: string;
  issued_on: string;
  total_cents: number;
}

/** The credit notes of these invoices, oldest first (every invoice id is a key, maybe with none). */
export async function creditNoteSummaries(
  ctx: Ctx,
  invoiceIds: string[],
): Promise<Map<string, CreditNoteSummary[]>> {
  const byInvoice = new Map<string, CreditNoteSummary[]>(invoiceIds.map((id) => [id, []]));
  if (invoiceIds.length === 0) return byInvoice;
  const rows = await ctx.db
    .select({
      invoice_id: credit_notes.invoice_id,
      id: credit_notes.id,
      number: credit_notes.number,
      issued_on: credit_notes.issued_on,
      total_cents: credit_notes.total_cents,
    })
    .from(credit_notes)
    .where(inArray(credit_notes.invoice_id, invoiceIds))
    .orderBy(asc(credit_notes.created_at), asc(credit_notes.id));
  for (const { invoice_id, ...summary } of rows) byInvoice.get(invoice_id)?.push(summary);
  return byInvoice;
}
