import { z } from 'zod';
import { quantitySchema } from '../../core/money.ts';
import {
  optionalText,
  pageQuery,
  paginationSchema,
  timestampSchema,
  uuidSchema,
} from '../../core/schemas.ts';
import { centsSchema, currencySchema } from './billing.schemas.ts';
import { invoiceStatuses } from './invoices.tables.ts';

const dateSchema = z.iso.date({ error: 'Must be a date YYYY-MM-DD' });

/**
 * A line as sent: a line naming a product may leave out its description, unit price and
 * taxable flag, filled from the catalog (the price at the customer's price level); a free
 * line gives them.
 */
export const invoiceLineRequestSchema = z
  .strictObject({
    description: z.string().trim().min(1, 'Required').max(2_000).optional(),
    quantity: quantitySchema,
    unit_price_cents: centsSchema.optional(),
    discount_cents: centsSchema.default(0),
    taxable: z.boolean().optional(),
    product_id: uuidSchema.nullable().default(null),
  })
  .superRefine((line, context) => {
    if (line.product_id) return;
    if (line.description === undefined)
      context.addIssue({ code: 'custom', path: ['description'], message: 'Required' });
    if (line.unit_price_cents === undefined)
      context.addIssue({ code: 'custom', path: ['unit_price_cents'], message: 'Required' });
  });

export type InvoiceLineRequest = z.infer<typeof invoiceLineRequestSchema>;

/** A line once complete (as stored and as totals are computed). */
export interface InvoiceLineInput {
  description: string;
  quantity: string;
  unit_price_cents: number;
  discount_cents: number;
  taxable: boolean;
  product_id: string | null;
}

const editable = {
  lines: z.array(invoiceLineRequestSchema).max(500, 'At most 500 lines'),
  invoice_discount_cents: centsSchema,
  promo_code: z
    .string()
    .trim()
    .max(64)
    .transform((value) => (value === '' ? null : value.toUpperCase()))
    .nullable(),
  shipping_cents: centsSchema,
  shipping_taxable: z.boolean(),
  notes: optionalText(5_000),
};

export const invoiceCreateSchema = z
  .strictObject({
    customer_id: uuidSchema,
    currency: currencySchema.default('CAD'),
    lines: editable.lines.default([]),
    invoice_discount_cents: editable.invoice_discount_cents.default(0),
    promo_code: editable.promo_code.default(null),
    shipping_cents: editable.shipping_cents.default(0),
    shipping_taxable: editable.shipping_taxable.default(true),
    notes: editable.notes,
  })
  .meta({ id: 'InvoiceCreate' });

export type InvoiceCreate = z.infer<typeof invoiceCreateSchema>;

/** What other modules may add when they create an invoice (not part of the API's body). */
export interface InvoiceSource {
  /** The order it bills: a plain id, kept on the invoice so both sides can find each other. */
  order_id?: string | null;
}

export const invoicePatchSchema = z
  .strictObject({
    currency: currencySchema.optional(),
    lines: editable.lines.optional(),
    invoice_discount_cents: editable.invoice_discount_cents.optional(),
    promo_code: editable.promo_code.optional(),
    shipping_cents: editable.shipping_cents.optional(),
    shipping_taxable: editable.shipping_taxable.optional(),
    notes: editable.notes,
  })
  .meta({ id: 'InvoicePatch' });

export type InvoicePatch = z.infer<typeof invoicePatchSchema>;

export const invoiceFinalizeSchema = z
  .strictObject({
    /** Admin only: finalize although the customer's balance then exceeds the credit limit (audited). */
    override_credit_limit: z.boolean().default(false),
  })
  .meta({ id: 'InvoiceFinalize' });

export const invoiceSendSchema = z
  .strictObject({
    to: z.email({ error: 'Must be an email address' }).max(320).optional().meta({
      description: "Another address than the customer's email (a billing contact)",
    }),
    message: z
      .string()
      .trim()
      .max(2_000)
      .optional()
      .meta({ description: 'A few words shown above the invoice' }),
  })
  .meta({ id: 'InvoiceSend' });

export type InvoiceSend = z.infer<typeof invoiceSendSchema>;

export const invoiceListQuery = z.object({
  customer_id: uuidSchema.optional(),
  status: z.enum(invoiceStatuses).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  q: z.string().trim().max(64).optional(),
  ...pageQuery,
});

export type InvoiceListQuery = z.infer<typeof invoiceListQuery>;

export const invoiceLineSchema = z
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
  .meta({ id: 'InvoiceLine' });

export const invoiceSchema = z
  .object({
    id: z.uuid(),
    number: z.string().nullable(),
    customer_id: z.uuid(),
    status: z.enum(invoiceStatuses),
    currency: z.string(),
    lines: z.array(invoiceLineSchema),
    invoice_discount_cents: z.number().int(),
    promo_code: z.string().nullable(),
    promo_discount_cents: z.number().int(),
    shipping_cents: z.number().int(),
    shipping_taxable: z.boolean(),
    tax_exempt: z.boolean(),
    subtotal_cents: z.number().int(),
    discount_cents: z.number().int(),
    taxable_cents: z.number().int(),
    taxes: z.array(
      z.object({
        code: z.string(),
        rate: z.string().meta({ description: 'Percent as a decimal string, e.g. "9.975"', example: '9.975' }),
        rate_ppm: z.number().int(),
        amount_cents: z.number().int(),
      }),
    ),
    total_cents: z.number().int(),
    amount_paid_cents: z.number().int(),
    amount_credited_cents: z.number().int(),
    /** The credit notes issued against it, oldest first (CN-000001…). */
    credit_notes: z.array(
      z.object({ id: z.uuid(), number: z.string(), issued_on: z.string(), total_cents: z.number().int() }),
    ),
    /** Their totals: what was credited, including any part that became a credit on the customer's account. */
    credited_total_cents: z.number().int(),
    balance_due_cents: z.number().int(),
    issued_on: z.string().nullable(),
    due_on: z.string().nullable(),
    is_overdue: z.boolean(),
    notes: z.string().nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
    finalized_at: timestampSchema.nullable(),
    settled_at: timestampSchema.nullable(),
    voided_at: timestampSchema.nullable(),
    void_reason: z.string().nullable(),
    /** The order it bills (a deposit or part of the balance), when made from one. */
    order_id: z.uuid().nullable(),
  })
  .meta({ id: 'Invoice' });

export type Invoice = z.infer<typeof invoiceSchema>;

export const invoiceListSchema = z
  .object({ data: z.array(invoiceSchema), pagination: paginationSchema })
  .meta({ id: 'InvoiceList' });
