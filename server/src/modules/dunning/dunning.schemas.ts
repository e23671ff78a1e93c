import { z } from 'zod';
import { timestampSchema } from '../../core/schemas.ts';
import { emailStatuses } from '../mail/index.ts';
import { reminderOutcomes } from './dunning.tables.ts';

const dateSchema = z.iso.date({ error: 'Must be a date YYYY-MM-DD' });

export const dunningRunQuery = z.strictObject({
  as_of: dateSchema
    .optional()
    .meta({ description: 'The day to run as of (company time zone); default today, never later' }),
});

export const dunningRunSchema = z
  .object({
    as_of: z.string(),
    queued: z.number().int().meta({ description: 'Reminders queued for sending' }),
    skipped: z
      .number()
      .int()
      .meta({ description: 'Lower levels passed over after missed days (recorded, not sent)' }),
    suppressed: z
      .number()
      .int()
      .meta({ description: 'Reminders recorded but not sent: no address, no consent, contact channel none' }),
    held: z.number().int().meta({ description: 'Overdue invoices of customers whose dunning is paused' }),
    reminders: z.array(
      z.object({
        invoice_id: z.uuid(),
        number: z.string(),
        customer_id: z.uuid(),
        level: z.number().int(),
        days_late: z.number().int(),
        email_id: z.uuid(),
        email_status: z.enum(emailStatuses),
      }),
    ),
  })
  .meta({ id: 'DunningRun' });

export const dunningPauseSchema = z
  .strictObject({
    paused: z.boolean({ error: 'Must be true or false' }),
    reason: z.string().trim().min(1, 'Required').max(500).nullable().optional(),
  })
  .superRefine((body, context) => {
    if (body.paused && !body.reason)
      context.addIssue({ code: 'custom', path: ['reason'], message: 'Required to pause' });
  })
  .meta({ id: 'DunningPauseUpdate' });

export type DunningPause = z.infer<typeof dunningPauseSchema>;

export const dunningStateSchema = z
  .object({
    customer_id: z.uuid(),
    dunning_paused: z.boolean(),
    reason: z.string().nullable(),
    updated_at: timestampSchema.nullable(),
  })
  .meta({ id: 'DunningPause' });

export const invoiceRemindersSchema = z
  .object({
    invoice_id: z.uuid(),
    last_reminder_level: z.number().int().nullable(),
    last_reminder_date: z.string().nullable(),
    level_due_today: z.number().int().meta({ description: 'The level a run today would send; 0: none' }),
    dunning_paused: z.boolean(),
    reminders: z.array(
      z.object({
        level: z.number().int(),
        outcome: z.enum(reminderOutcomes),
        reminder_on: z.string(),
        days_late: z.number().int(),
        email_id: z.uuid().nullable(),
        email_status: z.enum(emailStatuses).nullable(),
        created_at: timestampSchema,
      }),
    ),
  })
  .meta({ id: 'InvoiceReminders' });

export const dunningOverviewSchema = z
  .object({
    levels: z.array(
      z.object({
        level: z.number().int(),
        days_late: z
          .number()
          .int()
          .meta({ description: 'Days past the due date at which the level is sent' }),
      }),
    ),
    last_run: z
      .object({
        as_of: z.string(),
        queued: z.number().int(),
        skipped: z.number().int(),
        suppressed: z.number().int(),
        held: z.number().int(),
        by_job: z.boolean().meta({ description: 'Run by the daily job (else by an admin)' }),
        started_at: timestampSchema,
        finished_at: timestampSchema,
      })
      .nullable(),
  })
  .meta({ id: 'DunningOverview' });
