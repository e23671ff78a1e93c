import { z } from 'zod';
import { pageQuery, paginationSchema } from '../../core/schemas.ts';
import { currencySchema } from './billing.schemas.ts';
import { dateSchema } from './credit-notes.schemas.ts';

export const receivableSorts = ['-balance', 'balance', 'name', 'over_90', 'oldest'] as const;
export type ReceivableSort = (typeof receivableSorts)[number];

export const exportFormats = ['json', 'csv'] as const;

export const receivablesQuery = z.object({
  /** The day the aging is taken at, end of day in Montréal (default: today there). */
  as_of: dateSchema.optional(),
  /** Invoices in this currency only (amounts in two currencies do not add up). */
  currency: currencySchema.default('CAD'),
  sort: z.enum(receivableSorts).default('-balance').meta({
    description:
      '-balance (largest first, default), balance, name, over_90 (most over 90 days first), oldest (oldest due date first)',
  }),
  /** csv (or `Accept: text/csv`): every row, no paging. */
  format: z.enum(exportFormats).optional(),
  ...pageQuery,
});

export type ReceivablesQuery = z.infer<typeof receivablesQuery>;

const agingFields = {
  balance_cents: z.number().int().meta({ description: 'What the customer owed on invoices that day' }),
  current: z.number().int().meta({ description: 'Not yet past due' }),
  '1_30': z.number().int(),
  '31_60': z.number().int(),
  '61_90': z.number().int(),
  over_90: z.number().int(),
};

export const receivableSchema = z
  .object({
    customer_id: z.uuid(),
    display_name: z.string(),
    ...agingFields,
    oldest_due_on: z.string().meta({ description: 'The due date of the oldest invoice still owed' }),
    invoice_count: z.number().int().meta({ description: 'Invoices with something owed' }),
  })
  .meta({ id: 'Receivable' });

export type Receivable = z.infer<typeof receivableSchema>;

export const receivablesSchema = z
  .object({
    as_of: z.string(),
    currency: z.string(),
    data: z.array(receivableSchema),
    totals: z.object({ customer_count: z.number().int(), ...agingFields }),
    pagination: paginationSchema,
  })
  .meta({ id: 'Receivables' });

export type Receivables = z.infer<typeof receivablesSchema>;
