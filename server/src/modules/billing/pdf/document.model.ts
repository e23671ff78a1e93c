import type { Aging, LedgerEntryType } from '../../finances/index.ts';
import type { CompanySettings } from '../../settings/index.ts';

/*
 * What the PDF renderers take: plain data, already read and checked (the renderers do no
 * I/O and no access check). One model serves every commercial document — an invoice, a
 * credit note, later a quote — so they look alike and share their code.
 *
 * Rendering a credit note (for its route, `GET /api/v1/credit-notes/{id}/pdf`):
 *
 *   const note = await getCreditNote(ctx, id);            // its own visibility check
 *   const model = await creditNotePdfModel(ctx, {          // pdf/credit-note.pdf.ts
 *     ...note, invoice_number: invoice.number,            // fields of CreditNotePdfInput
 *   }, request.query.lang);
 *   const pdf = await renderCreditNotePdf(model);          // Buffer, application/pdf
 *
 * and pdf.routes.ts has `sendPdf(reply, filename, pdf)`, `pdfQuerySchema` and `pdfResponse`
 * for the route's schema. Amounts are cents of `currency`; dates are 'YYYY-MM-DD'.
 */

export const pdfLanguages = ['fr-CA', 'en-CA'] as const;
export type PdfLanguage = (typeof pdfLanguages)[number];

/** The customer as the document addresses them (billing address chosen by documentParties). */
export interface PdfCustomer {
  name: string;
  /** Printed lines: street, city and province, postal code, country when not Canada. */
  address_lines: string[];
  email: string | null;
  /** The customer's language_code: the document's language unless the request overrides it. */
  language_code: string;
}

/** The company's logo as stored by settings: a PNG fitting 600×200 px. */
export interface PdfLogo {
  png: Buffer;
  width: number;
  height: number;
}

export interface PdfParties {
  company: CompanySettings;
  /** Printed above the company's name; none (or absent) prints the name alone. */
  logo?: PdfLogo | null;
  customer: PdfCustomer;
}

export interface PdfLine {
  description: string;
  /** As stored: a decimal string ("1.500"); printed "1,5" in French. */
  quantity: string;
  unit_price_cents: number;
  discount_cents: number;
  /** What the line adds to the subtotal (quantity × unit price − discount). */
  amount_cents: number;
  taxable: boolean;
}

export interface PdfTax {
  /** GST, QST, HST… (printed TPS, TVQ, TVH in French). */
  code: string;
  rate_ppm: number;
  amount_cents: number;
}

export interface PdfTotals {
  /** Σ line amounts (line discounts already taken). */
  subtotal_cents: number;
  /** Off the subtotal; a row only when not 0. */
  invoice_discount_cents: number;
  promo_code: string | null;
  promo_discount_cents: number;
  shipping_cents: number;
  taxes: PdfTax[];
  /** No tax charged because the customer is exempt: said in place of the tax rows. */
  tax_exempt: boolean;
  total_cents: number;
  /** Invoices only (null leaves the row out): paid, credited by credit notes, what remains. */
  amount_paid_cents: number | null;
  amount_credited_cents: number | null;
  balance_due_cents: number | null;
}

export type PdfDocumentStatus = 'draft' | 'open' | 'partially_paid' | 'paid' | 'void' | 'issued';

/** What a quote adds: how long it holds and the deposit asked on acceptance. */
export interface PdfQuoteTerms {
  valid_until: string;
  deposit_percent: number;
  /** The deposit, taxes included, as the deposit invoice will ask it. */
  deposit_cents: number;
}

export interface PdfDocumentModel extends PdfParties {
  kind: 'invoice' | 'credit_note' | 'quote';
  language: PdfLanguage;
  /** null while a draft. */
  number: string | null;
  status: PdfDocumentStatus;
  is_overdue: boolean;
  /** A credit note's invoice: "relative à la facture INV-000001". */
  related_number: string | null;
  issued_on: string | null;
  /** Invoices: when payment is due; null prints nothing. */
  due_on: string | null;
  currency: string;
  lines: PdfLine[];
  totals: PdfTotals;
  /** The document's own notes (a credit note's reason), printed above the company's terms. */
  notes: string | null;
  /** Quotes only: validity and deposit. */
  quote?: PdfQuoteTerms;
}

/** One line of a customer statement: a ledger entry in the period. */
export interface StatementEntry {
  date: string;
  entry_type: LedgerEntryType;
  /** The document's number (INV-000001…; for a payment, the invoice's) or the entry's description. */
  reference: string | null;
  /** An adjustment's reason, a payment's reference (cheque number…). */
  detail: string | null;
  /** A payment's method ('online' through a provider); null for other entries. */
  payment_method: 'cash' | 'cheque' | 'interac' | 'card_terminal' | 'online' | null;
  amount_cents: number;
  balance_after_cents: number;
}

export interface StatementOpenInvoice {
  number: string;
  issued_on: string;
  due_on: string;
  total_cents: number;
  /** What remained to pay at the end of the period. */
  open_cents: number;
  days_past_due: number;
}

export interface StatementPdfModel extends PdfParties {
  language: PdfLanguage;
  currency: string;
  from: string;
  to: string;
  opening_balance_cents: number;
  closing_balance_cents: number;
  entries: StatementEntry[];
  /** Open at the end of the period, oldest due first, with their aging then. */
  open_invoices: StatementOpenInvoice[];
  aging: Aging;
}
