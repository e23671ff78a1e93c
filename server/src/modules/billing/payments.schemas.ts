import { z } from 'zod';
import { optionalText, pageQuery, paginationSchema, timestampSchema } from '../../core/schemas.ts';
import { maxCents } from './billing.schemas.ts';
import { invoiceSchema } from './invoices.schemas.ts';
import { manualPaymentMethods, paymentProviderIds } from './payments.tables.ts';

/** An amount received: whole cents, more than zero. */
const receivedCentsSchema = z
  .number({ error: 'Must be a whole number of cents' })
  .int('Must be a whole number of cents')
  .min(1, 'Must be more than 0')
  .max(maxCents, 'Too large');

export const paymentCreateSchema = z
  .strictObject({
    amount_cents: receivedCentsSchema,
    method: z.enum(manualPaymentMethods, { error: 'One of cash, cheque, interac, card_terminal' }),
    /** The day the money was received (America/Montreal); today by default, never in the future. */
    received_on: z.iso.date({ error: 'Must be a date YYYY-MM-DD' }).optional(),
    /** A cheque number, an Interac reference, a terminal receipt… */
    reference: optionalText(200),
    note: optionalText(2_000),
    /** Take more than the balance due: the invoice takes its balance, the rest is a credit on the ledger. */
    allow_overpayment: z.boolean().default(false),
  })
  .meta({ id: 'PaymentCreate' });

export type PaymentCreate = z.infer<typeof paymentCreateSchema>;

export const paymentSchema = z
  .object({
    id: z.uuid(),
    invoice_id: z.uuid(),
    customer_id: z.uuid(),
    provider: z.enum(paymentProviderIds),
    method: z.string(),
    amount_cents: z.number().int().meta({ description: 'What was received' }),
    applied_cents: z.number().int().meta({ description: 'What went on the invoice' }),
    unapplied_cents: z
      .number()
      .int()
      .meta({ description: "What did not fit on the invoice: a credit on the customer's ledger" }),
    refunded_cents: z.number().int(),
    currency: z.string(),
    received_on: z.string(),
    reference: z.string().nullable(),
    note: z.string().nullable(),
    external_id: z
      .string()
      .nullable()
      .meta({ description: "The provider's payment id (Stripe payment_intent)" }),
    created_by: z.uuid().nullable(),
    created_at: timestampSchema,
  })
  .meta({ id: 'Payment' });

export type Payment = z.infer<typeof paymentSchema>;

export const paymentRecordedSchema = z
  .object({ payment: paymentSchema, invoice: invoiceSchema })
  .meta({ id: 'PaymentRecorded' });

export const paymentListQuery = z.object({ ...pageQuery });
export type PaymentListQuery = z.infer<typeof paymentListQuery>;

export const paymentListSchema = z
  .object({ data: z.array(paymentSchema), pagination: paginationSchema })
  .meta({ id: 'PaymentList' });

export const checkoutCreateSchema = z
  .strictObject({
    /** Part of the balance due; the whole balance by default. */
    amount_cents: receivedCentsSchema.optional(),
  })
  .meta({ id: 'CheckoutCreate' });

export type CheckoutCreate = z.infer<typeof checkoutCreateSchema>;

export const checkoutSchema = z
  .object({
    provider: z.literal('stripe'),
    url: z.string().meta({ description: "The provider's hosted payment page: send the payer there" }),
    session_id: z.string(),
    amount_cents: z.number().int(),
  })
  .meta({ id: 'Checkout' });

export const paymentProvidersSchema = z
  .object({
    online: z.object({ stripe: z.boolean() }).meta({
      description: 'Which online providers are configured; all false: online payment is off',
    }),
  })
  .meta({ id: 'PaymentProviders' });

export const webhookAckSchema = z
  .object({
    received: z.literal(true),
    /** What the delivery did: recorded, duplicate, already_recorded, refunded, awaiting_payment, ignored… */
    outcome: z.string(),
  })
  .meta({ id: 'WebhookAck' });
