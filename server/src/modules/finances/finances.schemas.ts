import { z } from 'zod';
import { currencySchema } from '../../core/money.ts';
import { optionalText, paginationSchema, timestampSchema } from '../../core/schemas.ts';
import { agingBucketKeys, creditFactorCodes } from './credit.ts';
import { ledgerEntryTypes, paymentTerms } from './finances.tables.ts';

/** The largest amount (and credit limit) one field may carry: one billion dollars, in cents. */
export const maxAmountCents = 100_000_000_000;

/** A price level's key: 'standard', 'wholesale', 'vip'. */
export const priceLevelSchema = z
  .string()
  .trim()
  .transform((value) => value.toLowerCase())
  .pipe(
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9_-]{0,29}$/,
        'Must be a short key of letters, digits, - or _ (e.g. standard, wholesale, vip)',
      ),
  );

export const creditProfileDefaults = {
  credit_limit_cents: null,
  payment_terms: 'net_30',
  price_level: 'standard',
  currency: 'CAD',
} as const;

/** The fields given change; the others keep their value (or their default, the first time). */
export const creditProfilePutSchema = z.strictObject({
  credit_limit_cents: z
    .number({ error: 'Must be a whole number of cents, or null for no limit' })
    .int('Must be a whole number of cents')
    .min(0, 'May not be negative')
    .max(maxAmountCents, `Must be at most ${maxAmountCents}`)
    .nullable()
    .optional(),
  payment_terms: z.enum(paymentTerms).optional(),
  price_level: priceLevelSchema.optional(),
  currency: currencySchema.optional(),
});

export type CreditProfilePut = z.infer<typeof creditProfilePutSchema>;

const agingSchema = z
  .object(
    Object.fromEntries(agingBucketKeys.map((key) => [key, z.number().int()])) as Record<
      (typeof agingBucketKeys)[number],
      z.ZodNumber
    >,
  )
  .meta({ id: 'Aging' });

const creditScoreSchema = z
  .object({
    score: z.number().int(),
    factors: z.array(
      z.object({
        code: z.enum(creditFactorCodes),
        value: z.number().int().nullable(),
        points: z.number().int(),
        max_points: z.number().int(),
        explanation_key: z.string(),
      }),
    ),
  })
  .meta({ id: 'CreditScore' });

export const customerFinancesSchema = z
  .object({
    customer_id: z.string(),
    credit_limit_cents: z.number().int().nullable(),
    payment_terms: z.enum(paymentTerms),
    price_level: z.string(),
    currency: z.string(),
    /** false until the first PUT: the values shown are the defaults. */
    is_set: z.boolean(),
    updated_at: timestampSchema.nullable(),
    /** What the customer owes (negative: a credit in their favour), from the ledger. */
    balance_cents: z.number().int(),
    /** The limit less the balance; null without a limit. */
    available_credit_cents: z.number().int().nullable(),
    /** null until a module that issues invoices provides open items (unknown, not zero). */
    overdue_cents: z.number().int().nullable(),
    aging: agingSchema.nullable(),
    /** null while unknown (no invoices yet), and for clients: it is an internal assessment. */
    credit_score: creditScoreSchema.nullable(),
  })
  .meta({ id: 'CustomerFinances' });

export type CustomerFinances = z.infer<typeof customerFinancesSchema>;

export const ledgerEntrySchema = z
  .object({
    id: z.string(),
    customer_id: z.string(),
    entry_number: z.number().int(),
    entry_type: z.enum(ledgerEntryTypes),
    amount_cents: z.number().int(),
    balance_after_cents: z.number().int(),
    currency: z.string(),
    reference_table: z.string().nullable(),
    reference_id: z.string().nullable(),
    description: z.string().nullable(),
    /** Why an adjustment was made; not shown to clients. */
    reason: z.string().nullable(),
    actor_type: z.string(),
    actor_id: z.string().nullable(),
    created_at: timestampSchema,
  })
  .meta({ id: 'LedgerEntry' });

/** A keyset cursor into one customer's ledger: the entry number last seen. */
export function encodeLedgerCursor(entryNumber: number): string {
  return Buffer.from(`ledger:${entryNumber}`).toString('base64url');
}

const ledgerCursorSchema = z
  .string()
  .max(100)
  .transform((value, context) => {
    const match = /^ledger:(\d{1,15})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
    if (!match) {
      context.addIssue({ code: 'custom', message: 'Invalid cursor' });
      return z.NEVER;
    }
    return Number(match[1]);
  });

export const balanceHistoryQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
  cursor: ledgerCursorSchema.optional(),
});

export type BalanceHistoryQuery = z.infer<typeof balanceHistoryQuery>;

export const balanceHistorySchema = z.object({
  data: z.array(ledgerEntrySchema),
  pagination: paginationSchema,
  next_cursor: z.string().nullable(),
});

export const balanceAdjustmentSchema = z.strictObject({
  amount_cents: z
    .number({ error: 'Must be a whole number of cents' })
    .int('Must be a whole number of cents')
    .min(-maxAmountCents, `Must be at least -${maxAmountCents}`)
    .max(maxAmountCents, `Must be at most ${maxAmountCents}`)
    .refine((value) => value !== 0, 'May not be zero'),
  reason: z.string().trim().min(3, 'Say why, in a few words').max(500),
  description: optionalText(200),
});

export type BalanceAdjustment = z.infer<typeof balanceAdjustmentSchema>;
