export { orderRoutes } from './orders.routes.ts';
export { quoteEventHandlers } from './quotes.events.ts';
export { quotesExportSection } from './quotes.export.ts';
export { quoteMailAttachments } from './quotes.pdf.ts';
export { publicQuoteRoutes } from './quotes.public.routes.ts';
export { type QuoteRoutesOptions, quoteRoutes } from './quotes.routes.ts';
export { noSignatureRequired, type QuoteSignatureStep } from './quotes.signature.ts';
export {
  order_invoice_lines,
  order_invoices,
  order_lines,
  orders,
  quote_lines,
  quotes,
} from './quotes.tables.ts';
