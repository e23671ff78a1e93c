import { z } from 'zod';
import { quantitySchema } from '../../core/money.ts';
import { pageQuery, paginationSchema, timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { centsSchema } from './billing.schemas.ts';
import { creditNoteKinds } from './credit-notes.tables.ts';

export const dateSchema = z.iso.date({ error: 'Must be a date YYYY-MM-DD' });

const reasonSchema = z
  .string({ error: 'Required' })
  .trim()
  .min(1, 'Required')
  .max(2_000, 'At most 2000 characters');

export const invoiceVoidSchema = z
  .strictObject({
    /** Why the invoice is voided: on the invoice, the ledger's adjustment and the timeline. */
    reason: reasonSchema,
  })
  .meta({ id: 'InvoiceVoid' });

export type InvoiceVoid = z.infer<typeof invoiceVoidSchema>;

export const creditNoteLineInputSchema = z.strictObject({
  description: z.string().trim().min(1, 'Required').max(2_000),
  quantity: quantitySchema,
  unit_price_cents: centsSchema,
  taxable: z.boolean().default(true),
});

export type CreditNoteLineInput = z.infer<typeof creditNoteLineInputSchema>;

export const creditNoteCreateSchema = z
  .strictObject({
    reason: reasonSchema,
    /**
     * Absent: a full credit of what remains creditable on the invoice. Given: a partial
     * credit of these lines, taxed at the rates the invoice was charged.
     */
    lines: z
      .array(creditNoteLineInputSchema)
      .min(1, 'At least one line; leave `lines` out for a full credit')
      .max(500, 'At most 500 lines')
      .optional(),
  })
  .meta({ id: 'CreditNoteCreate' });

export type CreditNoteCreate = z.infer<typeof creditNoteCreateSchema>;

/** A `to` before `from` names `to`. */
export function datesInOrder(range: { from?: string | undefined; to?: string | undefined }): boolean {
  return !range.from || !range.to || range.from <= range.to;
}

export const creditNoteListQuery = z
  .object({
    customer_id: uuidSchema.optional(),
    invoice_id: uuidSchema.optional(),
    /** Issued on or after (YYYY-MM-DD). */
    from: dateSchema.optional(),
    /** Issued on or before (YYYY-MM-DD). */
    to: dateSchema.optional(),
    ...pageQuery,
  })
  .refine(datesInOrder, { error: 'Must not be before `from`', path: ['to'] });

export type CreditNoteListQuery = z.infer<typeof creditNoteListQuery>;

export const chargedTaxSchema = z
  .object({
    code: z.string(),
    rate: z.string().meta({ description: 'Percent as a decimal string, e.g. "9.975"', example: '9.975' }),
    rate_ppm: z.number().int(),
    amount_cents: z.number().int(),
  })
  .meta({ id: 'ChargedTax' });

export const creditNoteLineSchema = z
  .object({
    position: z.number().int(),
    description: z.string(),
    quantity: z.string(),
    unit_price_cents: z.number().int(),
    taxable: z.boolean(),
    line_total_cents: z.number().int(),
  })
  .meta({ id: 'CreditNoteLine' });

export const creditNoteSchema = z
  .object({
    id: z.uuid(),
    number: z.string().meta({ example: 'CN-000001' }),
    invoice_id: z.uuid(),
    invoice_number: z.string().meta({ example: 'INV-000042' }),
    customer_id: z.uuid(),
    kind: z.enum(creditNoteKinds).meta({
      description: '`full`: everything that remained creditable on the invoice; `partial`: the given lines',
    }),
    reason: z.string(),
    currency: z.string(),
    lines: z.array(creditNoteLineSchema),
    subtotal_cents: z.number().int(),
    taxable_cents: z.number().int(),
    taxes: z.array(chargedTaxSchema),
    total_cents: z.number().int(),
    applied_cents: z.number().int().meta({
      description:
        "The part that lowered the invoice's balance due; the rest (an invoice already paid) is a credit on the customer's account",
    }),
    issued_on: z.string(),
    created_at: timestampSchema,
  })
  .meta({ id: 'CreditNote' });

export type CreditNote = z.infer<typeof creditNoteSchema>;

export const creditNoteListSchema = z
  .object({ data: z.array(creditNoteSchema), pagination: paginationSchema })
  .meta({ id: 'CreditNoteList' });

export const invoiceCreditNotesSchema = z
  .object({ data: z.array(creditNoteSchema) })
  .meta({ id: 'InvoiceCreditNotes' });
