import type { Ctx } from '../../../core/context.ts';
import type { PdfDocumentModel, PdfDocumentStatus, PdfLanguage, PdfTax } from './document.model.ts';
import { documentLanguage, documentParties } from './parties.ts';

/**
 * What a credit note's PDF needs, in the shape credit notes are likely to read back with
 * (snake_case, cents): extra fields are ignored. `invoice_number` is the corrected invoice's.
 */
export interface CreditNotePdfInput {
  number: string;
  invoice_number: string;
  customer_id: string;
  /** Printed as issued unless 'void' (stamped ANNULÉE / VOID). */
  status?: string;
  issued_on: string | null;
  currency: string;
  lines: {
    description: string;
    quantity: string;
    unit_price_cents: number;
    discount_cents?: number;
    line_total_cents: number;
    taxable?: boolean;
  }[];
  subtotal_cents: number;
  shipping_cents?: number;
  taxes: PdfTax[];
  tax_exempt?: boolean;
  total_cents: number;
  /** Why the invoice was credited; printed under Notes. */
  reason?: string | null;
  notes?: string | null;
}

/**
 * The model of a credit note's PDF, with the company and the customer read for it (404 when
 * the actor may not see the customer). The caller has checked the actor may see the note.
 */
export async function creditNotePdfModel(
  ctx: Ctx,
  note: CreditNotePdfInput,
  language?: PdfLanguage,
): Promise<PdfDocumentModel> {
  const parties = await documentParties(ctx, note.customer_id, 'credit_note_pdf');
  const status: PdfDocumentStatus = note.status === 'void' ? 'void' : 'issued';
  return {
    ...parties,
    kind: 'credit_note',
    language: documentLanguage(parties, language),
    number: note.number,
    status,
    is_overdue: false,
    related_number: note.invoice_number,
    issued_on: note.issued_on,
    due_on: null,
    currency: note.currency,
    lines: note.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unit_price_cents: line.unit_price_cents,
      discount_cents: line.discount_cents ?? 0,
      amount_cents: line.line_total_cents,
      taxable: line.taxable ?? true,
    })),
    totals: {
      subtotal_cents: note.subtotal_cents,
      invoice_discount_cents: 0,
      promo_code: null,
      promo_discount_cents: 0,
      shipping_cents: note.shipping_cents ?? 0,
      taxes: note.taxes,
      tax_exempt: note.tax_exempt ?? false,
      total_cents: note.total_cents,
      amount_paid_cents: null,
      amount_credited_cents: null,
      balance_due_cents: null,
    },
    notes: [note.reason, note.notes].filter(Boolean).join('\n\n') || null,
  };
}
