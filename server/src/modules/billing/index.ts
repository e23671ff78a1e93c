export { billingExportSection } from './billing.export.ts';
export { centsSchema, currencySchema } from './billing.schemas.ts';
export { creditNoteRoutes } from './credit-notes.routes.ts';
export { type CreditNote, type CreditNoteCreate, creditNoteSchema } from './credit-notes.schemas.ts';
export { createCreditNote, getCreditNote } from './credit-notes.service.ts';
export { credit_note_lines, credit_notes } from './credit-notes.tables.ts';
export { addDays, finalizeInvoice, formatDocumentNumber } from './invoices.finalize.ts';
export { invoiceMailRoutes } from './invoices.mail.routes.ts';
export { billingMailAttachments, invoiceMailData, sendInvoiceEmail } from './invoices.mail.ts';
export { invoiceOpenItems } from './invoices.open-items.ts';
export { invoiceRoutes } from './invoices.routes.ts';
export {
  type Invoice,
  type InvoiceLineInput,
  type InvoiceLineRequest,
  invoiceLineRequestSchema,
  invoiceLineSchema,
  invoiceSchema,
} from './invoices.schemas.ts';
export {
  completeLines,
  createInvoice,
  type Draft,
  type DraftHeader,
  draftTotals,
  getInvoice,
  patchedDraft,
  priceInvoiceLines,
  storedTotals,
  totalsOf,
  withInvoiceCustomer,
} from './invoices.service.ts';
export {
  type ChargedTax,
  invoice_lines,
  invoice_settlements,
  invoices,
} from './invoices.tables.ts';
export { voidInvoice } from './invoices.void.ts';
export {
  createStripeProvider,
  noPaymentProviders,
  type PaymentProvider,
  type PaymentProviders,
  paymentProvidersFromConfig,
} from './payment-providers/index.ts';
export type { PaymentSettings } from './payments.checkout.ts';
export { invoicePaymentUrl } from './payments.link.ts';
export { paymentRoutes } from './payments.routes.ts';
export { payment_refunds, payments, stripe_webhook_events } from './payments.tables.ts';
export { stripeWebhookRoutes } from './payments.webhooks.routes.ts';
export { type CreditNotePdfInput, creditNotePdfModel } from './pdf/credit-note.pdf.ts';
export type {
  PdfDocumentModel,
  PdfLanguage,
  PdfLine,
  PdfParties,
  StatementPdfModel,
} from './pdf/document.model.ts';
export { renderCreditNotePdf, renderDocumentPdf, renderInvoicePdf } from './pdf/document.render.ts';
export { invoicePdf, invoicePdfModel } from './pdf/invoice.pdf.ts';
export { pdfLanguageOf } from './pdf/labels.ts';
export { documentLanguage, documentParties } from './pdf/parties.ts';
export { pdfQuerySchema, pdfResponse, pdfRoutes, sendPdf } from './pdf/pdf.routes.ts';
export { productRoutes } from './products.routes.ts';
export { type Product, productCreateSchema, productSchema, productUnits } from './products.schemas.ts';
export {
  createProduct,
  getProduct,
  getProductForPriceLevel,
  recordProductSales,
} from './products.service.ts';
export { product_prices, products } from './products.tables.ts';
export { promoCodeRoutes } from './promo-codes.routes.ts';
export { type PromoRefusal, promoDiscountCents } from './promo-codes.rules.ts';
export { type PromoCodeCreate, promoCodeCreateSchema } from './promo-codes.schemas.ts';
export {
  createPromoCode,
  getPromoCode,
  type PromoRedemption,
  redeemPromoCode,
  validatePromoCode,
} from './promo-codes.service.ts';
export { promo_code_redemptions, promo_codes } from './promo-codes.tables.ts';
export { receivableRoutes } from './receivables.routes.ts';
export { getReceivables } from './receivables.service.ts';
export { salesTaxRoutes } from './sales-taxes.routes.ts';
export { getSalesTaxReport } from './sales-taxes.service.ts';
