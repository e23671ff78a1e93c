import { z } from 'zod';
import type { FieldError } from '../../core/errors.ts';
import { timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { containsCardNumber } from './card-numbers.ts';
import { paymentProviders } from './finances.tables.ts';

export const cardNumberMessage = 'A card number can never be stored';

/** Text that is trimmed, refused when it carries a card number; blank becomes null. */
function safeText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((value) => !containsCardNumber(value), cardNumberMessage)
    .transform((value) => (value === '' ? null : value));
}

const detailFields = {
  brand: safeText(40).nullable().optional(),
  last4: z
    .string()
    .regex(/^\d{4}$/, 'Must be exactly 4 digits')
    .nullable()
    .optional(),
  exp_month: z.number().int().min(1).max(12).nullable().optional(),
  exp_year: z.number().int().min(2000).max(2100).nullable().optional(),
  nickname: safeText(60).nullable().optional(),
  is_default: z.boolean().optional(),
};

export const paymentMethodCreateSchema = z.strictObject({
  provider: z.enum(paymentProviders),
  /** The provider's reference (Stripe pm_…, a PayPal vault id): what charging it takes, with the merchant's key. */
  token: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^\S+$/, 'May not contain spaces')
    .refine((value) => !containsCardNumber(value), cardNumberMessage),
  ...detailFields,
});

/** A new token is a new payment method: provider and token do not change. */
export const paymentMethodPatchSchema = z.strictObject(detailFields);

export type PaymentMethodCreate = z.infer<typeof paymentMethodCreateSchema>;
export type PaymentMethodPatch = z.infer<typeof paymentMethodPatchSchema>;

/** An expiry is a month and a year together, or neither. */
export function expiryIssues(value: { exp_month?: number | null; exp_year?: number | null }): FieldError[] {
  const hasMonth = value.exp_month !== null && value.exp_month !== undefined;
  const hasYear = value.exp_year !== null && value.exp_year !== undefined;
  if (hasMonth === hasYear) return [];
  return [
    hasMonth
      ? { path: 'exp_year', message: 'An expiry needs its year with its month' }
      : { path: 'exp_month', message: 'An expiry needs its month with its year' },
  ];
}

export const paymentMethodParams = z.object({ id: uuidSchema, pm_id: uuidSchema });

export const paymentMethodSchema = z
  .object({
    id: z.string(),
    customer_id: z.string(),
    provider: z.enum(paymentProviders),
    /** Only staff and admins see it; never a client. */
    token: z.string().optional(),
    brand: z.string().nullable(),
    last4: z.string().nullable(),
    exp_month: z.number().int().nullable(),
    exp_year: z.number().int().nullable(),
    nickname: z.string().nullable(),
    is_default: z.boolean(),
    /** Past the end of its expiry month, in the company's time zone. */
    is_expired: z.boolean(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'PaymentMethod' });

export const paymentMethodListSchema = z.object({ data: z.array(paymentMethodSchema) });
