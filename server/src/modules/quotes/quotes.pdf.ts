import type { Ctx } from '../../core/context.ts';
import {
  documentLanguage,
  documentParties,
  type PdfDocumentModel,
  type PdfLanguage,
  type PdfParties,
  renderDocumentPdf,
} from '../billing/index.ts';
import type { AttachmentRenderers } from '../mail/index.ts';
import type { Quote } from './quotes.schemas.ts';
import { getQuote } from './quotes.service.ts';

/** The model of a quote's PDF (pure): billing's document, titled DEVIS / QUOTE, with validity and deposit. */
export function quotePdfModel(quote: Quote, parties: PdfParties, language: PdfLanguage): PdfDocumentModel {
  return {
    ...parties,
    kind: 'quote',
    language,
    number: quote.number,
    status: quote.status === 'draft' ? 'draft' : 'issued',
    is_overdue: false,
    related_number: null,
    issued_on: quote.sent_at ? quote.sent_at.toISOString().slice(0, 10) : null,
    due_on: null,
    currency: quote.currency,
    lines: quote.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unit_price_cents: line.unit_price_cents,
      discount_cents: line.discount_cents,
      amount_cents: line.line_total_cents,
      taxable: line.taxable,
    })),
    totals: {
      subtotal_cents: quote.subtotal_cents,
      invoice_discount_cents: quote.invoice_discount_cents,
      promo_code: quote.promo_code,
      promo_discount_cents: quote.promo_discount_cents,
      shipping_cents: quote.shipping_cents,
      taxes: quote.taxes.map((tax) => ({
        code: tax.code,
        rate_ppm: tax.rate_ppm,
        amount_cents: tax.amount_cents,
      })),
      tax_exempt: quote.tax_exempt,
      total_cents: quote.total_cents,
      amount_paid_cents: null,
      amount_credited_cents: null,
      balance_due_cents: null,
    },
    notes: quote.notes,
    quote: {
      valid_until: quote.valid_until,
      deposit_percent: quote.deposit_percent,
      deposit_cents: quote.deposit_cents,
    },
  };
}

/** A quote as a PDF for whoever may read it, in the customer's language unless `language` is given. */
export async function quotePdf(ctx: Ctx, id: string, language?: PdfLanguage) {
  const quote = await getQuote(ctx, id);
  const parties = await documentParties(ctx, quote.customer_id, 'quote_pdf');
  const pdf = await renderDocumentPdf(quotePdfModel(quote, parties, documentLanguage(parties, language)));
  return { filename: quote.number ? `${quote.number}.pdf` : `devis-brouillon-${quote.id}.pdf`, pdf };
}

/** The quote's PDF attached to its email, rendered when sent. */
export const quoteMailAttachments: AttachmentRenderers = {
  quote_pdf: async (ctx, ref, language) => {
    const { filename, pdf } = await quotePdf(ctx, ref.id, language);
    return { filename, content: pdf, contentType: 'application/pdf' };
  },
};
