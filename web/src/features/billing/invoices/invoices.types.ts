/** The invoices' API shapes, from the generated API types (server: modules/billing/invoices.*). */
import { type BodyOf, everyValueOf, type QueryOf, type Schema } from '../../../lib/api-types';

export type Invoice = Schema<'Invoice'>;
export type InvoiceLine = Schema<'InvoiceLine'>;
export type InvoiceStatus = Invoice['status'];
export type InvoiceTax = Invoice['taxes'][number];
export type InvoiceCreate = BodyOf<'createInvoice'>;
export type InvoicePatch = BodyOf<'updateInvoice'>;
export type InvoiceFinalize = BodyOf<'finalizeInvoice'>;
export type InvoiceListParams = Partial<QueryOf<'listInvoices'>>;
/** A line as the editor sends it: always complete (the API would fill a product line's gaps). */
export type InvoiceLineInput = NonNullable<InvoicePatch['lines']>[number] & {
  description: string;
  unit_price_cents: number;
  taxable: boolean;
};
export type PromoValidation = Schema<'PromoCodeValidation'>;

// In the order the UI offers them.
export const invoiceStatuses = everyValueOf<InvoiceStatus>()([
  'draft',
  'open',
  'partially_paid',
  'paid',
  'void',
]);
