import type { Ctx } from '../../../core/context.ts';
import type { Invoice } from '../invoices.schemas.ts';
import { getInvoice } from '../invoices.service.ts';
import type { PdfDocumentModel, PdfLanguage, PdfLine, PdfParties, PdfTax } from './document.model.ts';
import { renderInvoicePdf } from './document.render.ts';
import { documentLanguage, documentParties } from './parties.ts';

/** The model of an invoice's PDF (pure). */
export function invoicePdfModel(
  invoice: Invoice,
  parties: PdfParties,
  language: PdfLanguage,
): PdfDocumentModel {
  return {
    ...parties,
    kind: 'invoice',
    language,
    number: invoice.number,
    status: invoice.status,
    is_overdue: invoice.is_overdue,
    related_number: null,
    issued_on: invoice.issued_on,
    due_on: invoice.due_on,
    currency: invoice.currency,
    lines: invoice.lines.map(
      (line): PdfLine => ({
        description: line.description,
        quantity: line.quantity,
        unit_price_cents: line.unit_price_cents,
        discount_cents: line.discount_cents,
        amount_cents: line.line_total_cents,
        taxable: line.taxable,
      }),
    ),
    totals: {
      subtotal_cents: invoice.subtotal_cents,
      invoice_discount_cents: invoice.invoice_discount_cents,
      promo_code: invoice.promo_code,
      promo_discount_cents: invoice.promo_discount_cents,
      shipping_cents: invoice.shipping_cents,
      taxes: invoice.taxes.map(
        (tax): PdfTax => ({ code: tax.code, rate_ppm: tax.rate_ppm, amount_cents: tax.amount_cents }),
      ),
      tax_exempt: invoice.tax_exempt,
      total_cents: invoice.total_cents,
      amount_paid_cents: invoice.amount_paid_cents,
      amount_credited_cents: invoice.amount_credited_cents,
      // A draft owes nothing yet; a void invoice nothing any more.
      balance_due_cents:
        invoice.status === 'draft' || invoice.status === 'void' ? null : invoice.balance_due_cents,
    },
    notes: invoice.notes,
  };
}

/** "INV-000001.pdf"; a draft has no number yet: "brouillon-<id>.pdf". */
export function invoicePdfFilename(invoice: Pick<Invoice, 'id' | 'number'>): string {
  return invoice.number ? `${invoice.number}.pdf` : `brouillon-${invoice.id}.pdf`;
}

/**
 * An invoice as a PDF, for whoever may read it (a client: their own issued invoices; others
 * 404), in the customer's language unless `language` is given.
 */
export async function invoicePdf(ctx: Ctx, id: string, language?: PdfLanguage) {
  const invoice = await getInvoice(ctx, id);
  const parties = await documentParties(ctx, invoice.customer_id, 'invoice_pdf');
  const pdf = await renderInvoicePdf(invoicePdfModel(invoice, parties, documentLanguage(parties, language)));
  return { filename: invoicePdfFilename(invoice), pdf };
}
