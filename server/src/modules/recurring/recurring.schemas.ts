import { z } from 'zod';
import {
  optionalText,
  pageQuery,
  paginationSchema,
  timestampSchema,
  uuidSchema,
} from '../../core/schemas.ts';
import {
  centsSchema,
  currencySchema,
  invoiceLineRequestSchema,
  invoiceLineSchema,
} from '../billing/index.ts';
import { frequencies } from './recurring.periods.ts';
import { scheduleStatuses } from './recurring.tables.ts';

const dateSchema = z.iso.date({ error: 'Must be a date YYYY-MM-DD' });
const countSchema = z
  .number({ error: 'Must be a whole number' })
  .int('Must be a whole number')
  .min(1, 'Must be 1 or more')
  .max(1_000, 'At most 1000');
// As an invoice's lines (same schema), and at least one: a schedule bills something.
const linesSchema = z
  .array(invoiceLineRequestSchema)
  .min(1, 'At least one line')
  .max(500, 'At most 500 lines');

const bounds = {
  end_date: dateSchema
    .nullable()
    .meta({ description: 'The last day a period may start on; give it or `count`, not both' }),
  count: countSchema
    .nullable()
    .meta({ description: 'How many invoices in all; give it or `end_date`, not both' }),
};

function checkBounds(
  body: { start_date?: string; end_date?: string | null; count?: number | null },
  context: z.RefinementCtx,
) {
  if (body.end_date && body.count)
    context.addIssue({ code: 'custom', path: ['count'], message: 'Give an end date or a count, not both' });
  if (body.end_date && body.start_date && body.end_date < body.start_date)
    context.addIssue({ code: 'custom', path: ['end_date'], message: 'Must be on or after the start date' });
}

export const scheduleCreateSchema = z
  .strictObject({
    customer_id: uuidSchema,
    frequency: z.enum(frequencies, { error: 'One of weekly, monthly, quarterly, yearly' }),
    start_date: dateSchema,
    end_date: bounds.end_date.default(null),
    count: bounds.count.default(null),
    auto_finalize: z.boolean().default(true),
    auto_send: z.boolean().default(false),
    currency: currencySchema.default('CAD'),
    lines: linesSchema,
    invoice_discount_cents: centsSchema.default(0),
    shipping_cents: centsSchema.default(0),
    shipping_taxable: z.boolean().default(true),
    notes: optionalText(5_000),
  })
  .superRefine((body, context) => {
    checkBounds(body, context);
    if (body.auto_send && !body.auto_finalize)
      context.addIssue({ code: 'custom', path: ['auto_send'], message: 'Only a finalized invoice is sent' });
  })
  .meta({ id: 'RecurringInvoiceCreate' });

export type ScheduleCreate = z.infer<typeof scheduleCreateSchema>;

export const schedulePatchSchema = z
  .strictObject({
    frequency: z.enum(frequencies, { error: 'One of weekly, monthly, quarterly, yearly' }).optional(),
    start_date: dateSchema.optional(),
    end_date: bounds.end_date.optional(),
    count: bounds.count.optional(),
    auto_finalize: z.boolean().optional(),
    auto_send: z.boolean().optional(),
    currency: currencySchema.optional(),
    lines: linesSchema.optional(),
    invoice_discount_cents: centsSchema.optional(),
    shipping_cents: centsSchema.optional(),
    shipping_taxable: z.boolean().optional(),
    notes: optionalText(5_000),
  })
  .superRefine(checkBounds)
  .meta({ id: 'RecurringInvoicePatch' });

export type SchedulePatch = z.infer<typeof schedulePatchSchema>;

export const scheduleListQuery = z.object({
  customer_id: uuidSchema.optional(),
  status: z.enum(scheduleStatuses).optional(),
  ...pageQuery,
});

export type ScheduleListQuery = z.infer<typeof scheduleListQuery>;

export const generatedInvoiceSchema = z
  .object({
    period_index: z.number().int().meta({ description: '0-based: the first invoice is period 0' }),
    period_start: z.string(),
    period_end: z.string(),
    invoice_id: z.uuid().nullable().meta({ description: 'Null if the draft was deleted since' }),
    number: z.string().nullable(),
    status: z.string().nullable(),
    total_cents: z.number().int().nullable(),
    error: z.string().nullable().meta({ description: 'Why finalizing or sending was refused (a code)' }),
    created_at: timestampSchema,
  })
  .meta({ id: 'RecurringInvoicePeriod' });

export const scheduleSchema = z
  .object({
    id: z.uuid(),
    customer_id: z.uuid(),
    customer_name: z.string(),
    status: z.enum(scheduleStatuses),
    frequency: z.enum(frequencies),
    start_date: z.string(),
    end_date: z.string().nullable(),
    count: z.number().int().nullable(),
    auto_finalize: z.boolean(),
    auto_send: z.boolean(),
    next_run_date: z.string().nullable(),
    currency: z.string(),
    lines: z.array(invoiceLineSchema),
    invoice_discount_cents: z.number().int(),
    shipping_cents: z.number().int(),
    shipping_taxable: z.boolean(),
    notes: z.string().nullable(),
    subtotal_cents: z.number().int(),
    discount_cents: z.number().int(),
    taxes: z.array(
      z.object({ code: z.string(), rate_ppm: z.number().int(), amount_cents: z.number().int() }),
    ),
    total_cents: z
      .number()
      .int()
      .meta({ description: 'Per invoice, at the rates when the schedule was written' }),
    invoices_generated: z.number().int(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
    paused_at: timestampSchema.nullable(),
    ended_at: timestampSchema.nullable(),
  })
  .meta({ id: 'RecurringInvoice' });

export type Schedule = z.infer<typeof scheduleSchema>;

export const scheduleDetailSchema = scheduleSchema
  .extend({ invoices: z.array(generatedInvoiceSchema) })
  .meta({ id: 'RecurringInvoiceDetail' });

export type ScheduleDetail = z.infer<typeof scheduleDetailSchema>;

export const scheduleListSchema = z
  .object({ data: z.array(scheduleSchema), pagination: paginationSchema })
  .meta({ id: 'RecurringInvoiceList' });

export const recurringRunQuery = z.strictObject({
  as_of: dateSchema
    .optional()
    .meta({ description: 'The day to run as of (company time zone); default today, never later' }),
});

export const recurringRunSchema = z
  .object({
    as_of: z.string(),
    created: z.number().int().meta({ description: 'Invoices created (one per period due)' }),
    finalized: z.number().int(),
    sent: z.number().int().meta({ description: 'Invoices queued for sending by email' }),
    ended: z.number().int().meta({ description: 'Schedules that reached their end' }),
    failed: z.number().int().meta({ description: 'Schedules whose period could not be billed (see errors)' }),
    invoices: z.array(
      z.object({
        schedule_id: z.uuid(),
        period_start: z.string(),
        invoice_id: z.uuid(),
        error: z.string().nullable(),
      }),
    ),
    errors: z.array(z.object({ schedule_id: z.uuid(), code: z.string() })),
  })
  .meta({ id: 'RecurringInvoiceRun' });

export type RecurringRunResult = z.infer<typeof recurringRunSchema>;
