import { z } from 'zod';
import { pageQuery, paginationSchema, timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { emailStatuses, suppressionReasons } from './mail.tables.ts';
import { mailKinds } from './templates/index.ts';

export const emailListQuery = z.strictObject({
  customer_id: uuidSchema.optional(),
  invoice_id: uuidSchema.optional(),
  quote_id: uuidSchema.optional(),
  order_id: uuidSchema.optional(),
  status: z.enum(emailStatuses, { error: `Must be one of ${emailStatuses.join(', ')}` }).optional(),
  kind: z.enum(mailKinds, { error: `Must be one of ${mailKinds.join(', ')}` }).optional(),
  ...pageQuery,
});

export type EmailListQuery = z.infer<typeof emailListQuery>;

const emailFields = {
  id: z.uuid(),
  kind: z.string().meta({ description: `One of ${mailKinds.join(', ')}` }),
  customer_id: z.uuid().nullable(),
  invoice_id: z.uuid().nullable(),
  quote_id: z.uuid().nullable(),
  order_id: z.uuid().nullable(),
  to: z.string().nullable(),
  subject: z.string(),
  language: z.string(),
  attachments: z.array(
    z.object({
      kind: z.string().meta({ description: 'invoice_pdf: the invoice rendered as PDF when sent' }),
      id: z.string(),
    }),
  ),
  status: z.enum(emailStatuses),
  suppressed_reason: z.enum(suppressionReasons).nullable().meta({
    description: 'Why it was never sent: no address, contact channel none, no consent, anonymized',
  }),
  attempts: z.number().int(),
  next_attempt_at: timestampSchema.nullable(),
  last_error: z.string().nullable(),
  sent_at: timestampSchema.nullable(),
  message_id: z.string().nullable(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
};

export const emailSummarySchema = z.object(emailFields).meta({ id: 'EmailSummary' });

export const emailSchema = z
  .object({
    ...emailFields,
    html: z.string().meta({ description: 'The message as rendered when queued (what is sent)' }),
    text: z.string(),
  })
  .meta({ id: 'Email' });

export const emailListSchema = z
  .object({
    data: z.array(emailSummarySchema),
    pagination: paginationSchema,
    mail_configured: z.boolean().meta({
      description: 'false: this server has no SMTP_URL; queued mail waits and nothing is sent',
    }),
  })
  .meta({ id: 'EmailList' });
