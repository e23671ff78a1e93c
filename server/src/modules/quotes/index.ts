export { orderRoutes } from './orders.routes.ts';
export { quoteEventHandlers } from './quotes.events.ts';
export { quotesExportSection } from './quotes.export.ts';
export { quoteMailAttachments, quotePdf } from './quotes.pdf.ts';
export { publicQuoteRoutes } from './quotes.public.routes.ts';
export { type QuoteRoutesOptions, quoteRoutes } from './quotes.routes.ts';
export type { Quote } from './quotes.schemas.ts';
export { getQuote } from './quotes.service.ts';
export { noSignatureRequired, type QuoteSignatureStep } from './quotes.signature.ts';
export {
  acceptSignedQuote,
  declineSignedQuote,
  quoteOpenForSignature,
  type SignedQuoteOutcome,
} from './quotes.signed.ts';
export {
  order_invoice_lines,
  order_invoices,
  order_lines,
  orders,
  quote_lines,
  quotes,
} from './quotes.tables.ts';
