import { z } from 'zod';
import {
  optionalText,
  pageQuery,
  paginationSchema,
  timestampSchema,
  uuidSchema,
} from '../../core/schemas.ts';
import { centsSchema, maxCents } from './billing.schemas.ts';
import { promoRefusals, promoStatuses } from './promo-codes.rules.ts';
import { discountTypes } from './promo-codes.tables.ts';

export { discountTypes, promoStatuses };

/** A code as stored: upper case, 3 to 32 letters, digits, - or _. */
export const promoCodeSchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9_-]{2,31}$/, '3 to 32 letters, digits, - or _'));

/** A code as someone typed it, to look up: any case; one that cannot exist is simply not found. */
const typedCodeSchema = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(64)
  .transform((value) => value.toUpperCase());

export const promoCodeParams = z.object({ code: typedCodeSchema });

export const promoCodeCreateSchema = z
  .strictObject({
    code: promoCodeSchema,
    description: optionalText(200),
    discount_type: z.enum(discountTypes, { error: 'percentage or fixed' }),
    /** For a percentage: 1 to 10 000 basis points (0.01 % to 100 %). */
    percent_basis_points: z
      .number({ error: 'Must be a whole number of basis points' })
      .int('Must be a whole number of basis points')
      .min(1, 'From 1 to 10000 basis points (0.01 % to 100 %)')
      .max(10_000, 'From 1 to 10000 basis points (0.01 % to 100 %)')
      .nullable()
      .optional(),
    /** For a fixed discount, in cents; never more than the cart it applies to. */
    amount_off_cents: centsSchema.min(1, 'Must be more than 0').nullable().optional(),
    min_amount_cents: centsSchema.default(0),
    starts_at: timestampSchema.nullable().optional(),
    expires_at: timestampSchema.nullable().optional(),
    /** null: unlimited. */
    max_uses: z
      .number({ error: 'Must be a whole number' })
      .int('Must be a whole number')
      .min(1, 'Must be 1 or more (null for unlimited)')
      .max(1_000_000_000)
      .nullable()
      .default(null),
    once_per_customer: z.boolean().default(false),
    is_active: z.boolean().default(true),
  })
  .superRefine((input, context) => {
    const issue = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    if (input.discount_type === 'percentage') {
      if (input.percent_basis_points == null) issue('percent_basis_points', 'Required for a percentage');
      if (input.amount_off_cents != null) issue('amount_off_cents', 'Only for a fixed discount');
    } else {
      if (input.amount_off_cents == null) issue('amount_off_cents', 'Required for a fixed discount');
      if (input.percent_basis_points != null) issue('percent_basis_points', 'Only for a percentage');
    }
    if (input.starts_at && input.expires_at && input.expires_at <= input.starts_at) {
      issue('expires_at', 'Must be after starts_at');
    }
  })
  .meta({ id: 'PromoCodeCreate' });

export type PromoCodeCreate = z.infer<typeof promoCodeCreateSchema>;

export const promoCodeResponseSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    description: z.string().nullable(),
    discount_type: z.enum(discountTypes),
    percent_basis_points: z.number().int().nullable(),
    amount_off_cents: z.number().int().nullable(),
    min_amount_cents: z.number().int(),
    starts_at: timestampSchema.nullable(),
    expires_at: timestampSchema.nullable(),
    max_uses: z.number().int().nullable(),
    uses_count: z.number().int(),
    once_per_customer: z.boolean(),
    is_active: z.boolean(),
    /** Where it stands now: inactive, expired, exhausted and scheduled (not started) codes do not apply. */
    status: z.enum(promoStatuses),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'PromoCode' });

export type PromoCode = z.infer<typeof promoCodeResponseSchema>;

export const promoCodeListQuery = z.strictObject({
  /** Part of a code, any case. */
  q: z.string().trim().max(64).optional(),
  status: z.enum(promoStatuses).optional(),
  ...pageQuery,
});

export type PromoCodeListQuery = z.infer<typeof promoCodeListQuery>;

export const promoCodeListSchema = z.object({
  data: z.array(promoCodeResponseSchema),
  pagination: paginationSchema,
});

export const promoValidateSchema = z
  .strictObject({
    code: typedCodeSchema,
    cart_total_cents: centsSchema.max(maxCents),
    /** When known: a once-per-customer code this customer has used is refused. */
    customer_id: uuidSchema.optional(),
  })
  .meta({ id: 'PromoCodeValidate' });

export type PromoValidate = z.infer<typeof promoValidateSchema>;

export const promoValidationSchema = z
  .object({
    valid: z.boolean(),
    /** The code as stored (upper case). */
    code: z.string(),
    discount_cents: z.number().int(),
    /** For the customer, in the language of Accept-Language (fr-CA by default, or en). */
    message: z.string(),
    /** Why it does not apply: the error code finalizing would give (422). */
    reason: z.enum(promoRefusals).nullable(),
  })
  .meta({ id: 'PromoCodeValidation' });
