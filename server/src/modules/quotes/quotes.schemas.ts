import { z } from 'zod';
import { quantitySchema } from '../../core/money.ts';
import {
  optionalText,
  pageQuery,
  paginationSchema,
  timestampSchema,
  uuidSchema,
} from '../../core/schemas.ts';
import { centsSchema, currencySchema, invoiceLineRequestSchema } from '../billing/index.ts';
import { orderStatuses, quoteStatuses } from './quotes.tables.ts';

const dateSchema = z.iso.date({ error: 'Must be a date YYYY-MM-DD' });

const depositPercentSchema = z
  .number({ error: 'Must be a whole percentage from 0 to 100' })
  .int({ error: 'Must be a whole percentage from 0 to 100' })
  .min(0, { error: 'Must be from 0 to 100' })
  .max(100, { error: 'Must be from 0 to 100' })
  .meta({ description: 'Percent of the total asked as a deposit on acceptance (default 30)' });

const editable = {
  lines: z.array(invoiceLineRequestSchema).max(500, 'At most 500 lines'),
  promo_code: z
    .string()
    .trim()
    .max(64)
    .transform((value) => (value === '' ? null : value.toUpperCase()))
    .nullable(),
};

export const quoteCreateSchema = z
  .strictObject({
    customer_id: uuidSchema,
    currency: currencySchema.default('CAD'),
    lines: editable.lines.default([]),
    invoice_discount_cents: centsSchema.default(0),
    promo_code: editable.promo_code.default(null),
    shipping_cents: centsSchema.default(0),
    shipping_taxable: z.boolean().default(true),
    deposit_percent: depositPercentSchema.default(30),
    valid_until: dateSchema
      .optional()
      .meta({ description: 'Last day it may be accepted; default: in 30 days' }),
    notes: optionalText(5_000),
  })
  .meta({ id: 'QuoteCreate' });

export type QuoteCreate = z.infer<typeof quoteCreateSchema>;

export const quotePatchSchema = z
  .strictObject({
    currency: currencySchema.optional(),
    lines: editable.lines.optional(),
    invoice_discount_cents: centsSchema.optional(),
    promo_code: editable.promo_code.optional(),
    shipping_cents: centsSchema.optional(),
    shipping_taxable: z.boolean().optional(),
    deposit_percent: depositPercentSchema.optional(),
    valid_until: dateSchema.optional(),
    notes: optionalText(5_000),
  })
  .meta({ id: 'QuotePatch' });

export type QuotePatch = z.infer<typeof quotePatchSchema>;

export const quoteSendSchema = z
  .strictObject({
    to: z.email({ error: 'Must be an email address' }).max(320).optional(),
    message: z.string().trim().max(2_000).optional(),
  })
  .meta({ id: 'QuoteSend' });

export type QuoteSend = z.infer<typeof quoteSendSchema>;

export const quoteAcceptSchema = z
  .strictObject({
    name: z
      .string({ error: 'Required' })
      .trim()
      .min(1, 'Required')
      .max(200)
      .meta({ description: 'Who accepted (the customer’s name, as they gave it)' }),
  })
  .meta({ id: 'QuoteAccept' });

export const quoteDeclineSchema = z
  .strictObject({ reason: z.string({ error: 'Required' }).trim().min(1, 'Required').max(2_000) })
  .meta({ id: 'QuoteDecline' });

export const publicQuoteAcceptSchema = z
  .strictObject({
    name: quoteAcceptSchema.shape.name,
    /** For the signature step (documents module): what the page drew; ignored when none is required. */
    signature: z.string().max(500_000).optional(),
  })
  .meta({ id: 'PublicQuoteAccept' });

export const publicQuoteDeclineSchema = z
  .strictObject({ reason: optionalText(2_000) })
  .meta({ id: 'PublicQuoteDecline' });

export const quoteListQuery = z.object({
  customer_id: uuidSchema.optional(),
  status: z.enum(quoteStatuses).optional(),
  q: z.string().trim().max(64).optional().meta({ description: 'Number or customer name' }),
  ...pageQuery,
});

export type QuoteListQuery = z.infer<typeof quoteListQuery>;

const lineSchema = z
  .object({
    position: z.number().int(),
    description: z.string(),
    quantity: z.string(),
    unit_price_cents: z.number().int(),
    discount_cents: z.number().int(),
    taxable: z.boolean(),
    product_id: z.uuid().nullable(),
    line_total_cents: z.number().int(),
  })
  .meta({ id: 'QuoteLine' });

const taxSchema = z.object({
  code: z.string(),
  rate: z.string(),
  rate_ppm: z.number().int(),
  amount_cents: z.number().int(),
});

const totals = {
  currency: z.string(),
  invoice_discount_cents: z.number().int(),
  promo_code: z.string().nullable(),
  promo_discount_cents: z.number().int(),
  shipping_cents: z.number().int(),
  shipping_taxable: z.boolean(),
  tax_exempt: z.boolean(),
  subtotal_cents: z.number().int(),
  discount_cents: z.number().int(),
  taxable_cents: z.number().int(),
  taxes: z.array(taxSchema),
  total_cents: z.number().int(),
  deposit_percent: z.number().int(),
  /** The deposit invoice's total (taxes included) as it will be asked on acceptance. */
  deposit_cents: z.number().int(),
};

export const quoteSchema = z
  .object({
    id: z.uuid(),
    number: z.string().nullable(),
    customer_id: z.uuid(),
    customer_name: z.string(),
    status: z.enum(quoteStatuses),
    lines: z.array(lineSchema),
    ...totals,
    valid_until: z.string(),
    notes: z.string().nullable(),
    sent_at: timestampSchema.nullable(),
    viewed_at: timestampSchema.nullable(),
    accepted_at: timestampSchema.nullable(),
    accepted_by_name: z.string().nullable(),
    accepted_via: z.string().nullable(),
    declined_at: timestampSchema.nullable(),
    decline_reason: z.string().nullable(),
    order_id: z.uuid().nullable(),
    duplicated_from_id: z.uuid().nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Quote' });

export type Quote = z.infer<typeof quoteSchema>;

export const quoteListSchema = z
  .object({ data: z.array(quoteSchema), pagination: paginationSchema })
  .meta({ id: 'QuoteList' });

export const quoteAcceptanceSchema = z
  .object({
    order_id: z.uuid(),
    order_number: z.string(),
    deposit_invoice_id: z.uuid().nullable(),
    deposit_invoice_number: z.string().nullable(),
    deposit_total_cents: z.number().int(),
    /** Whether the deposit invoice was queued to the customer by email (not when they refuse email). */
    deposit_invoice_emailed: z.boolean(),
    /** Where the customer pays the deposit (Stripe Checkout through the invoice's pay link); null when online payment is off. */
    payment_url: z.string().nullable(),
  })
  .meta({ id: 'QuoteAcceptance' });

export type QuoteAcceptance = z.infer<typeof quoteAcceptanceSchema>;

/** What the customer's page shows: the document, no internal field (no ids, no staff data). */
export const publicQuoteSchema = z
  .object({
    number: z.string(),
    status: z.enum(quoteStatuses),
    language: z.enum(['fr-CA', 'en-CA']),
    customer_name: z.string(),
    company: z.object({
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
    lines: z.array(lineSchema.omit({ position: true, product_id: true })),
    ...totals,
    valid_until: z.string(),
    notes: z.string().nullable(),
    accepted_at: timestampSchema.nullable(),
    declined_at: timestampSchema.nullable(),
  })
  .meta({ id: 'PublicQuote' });

export const tokenParams = z.object({
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not a quote link')
    .meta({ description: 'The token of the link emailed to the customer' }),
});

// ---- Orders ------------------------------------------------------------------------------

export const orderListQuery = z.object({
  customer_id: uuidSchema.optional(),
  status: z.enum(orderStatuses).optional(),
  q: z.string().trim().max(64).optional().meta({ description: 'Number or customer name' }),
  ...pageQuery,
});

export type OrderListQuery = z.infer<typeof orderListQuery>;

export const orderInvoiceCreateSchema = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          position: z.number({ error: 'Must be a line position' }).int().min(1),
          quantity: quantitySchema,
        }),
      )
      .min(1, 'At least one line; leave `lines` out to bill the balance')
      .max(500)
      .optional()
      .meta({ description: 'Lines and quantities to bill; absent: everything not yet invoiced' }),
  })
  .meta({ id: 'OrderInvoiceCreate' });

export type OrderInvoiceCreate = z.infer<typeof orderInvoiceCreateSchema>;

export const orderCancelSchema = z
  .strictObject({ reason: z.string({ error: 'Required' }).trim().min(1, 'Required').max(2_000) })
  .meta({ id: 'OrderCancel' });

export const orderSchema = z
  .object({
    id: z.uuid(),
    number: z.string(),
    customer_id: z.uuid(),
    customer_name: z.string(),
    quote_id: z.uuid(),
    quote_number: z.string().nullable(),
    status: z.enum(orderStatuses),
    lines: z.array(lineSchema.extend({ invoiced_quantity: z.string(), remaining_quantity: z.string() })),
    ...totals,
    deposit_base_cents: z.number().int(),
    deposit_invoice_id: z.uuid().nullable(),
    invoices: z.array(
      z.object({
        id: z.uuid(),
        number: z.string().nullable(),
        kind: z.enum(['deposit', 'progress']),
        status: z.string(),
        issued_on: z.string().nullable(),
        total_cents: z.number().int(),
        amount_paid_cents: z.number().int(),
        amount_credited_cents: z.number().int(),
        balance_due_cents: z.number().int(),
      }),
    ),
    amount_invoiced_cents: z.number().int(),
    amount_paid_cents: z.number().int(),
    notes: z.string().nullable(),
    cancelled_at: timestampSchema.nullable(),
    cancel_reason: z.string().nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Order' });

export type Order = z.infer<typeof orderSchema>;

export const orderListSchema = z
  .object({ data: z.array(orderSchema), pagination: paginationSchema })
  .meta({ id: 'OrderList' });
