import { z } from 'zod';
import { cursorSchema, optionalText, paginationSchema, timestampSchema } from '../../core/schemas.ts';

/** Every kind of event on the timeline; modules added later extend this list. */
export const activityTypes = [
  'workorder',
  'quote',
  'order',
  'invoice',
  'payment',
  /** Balance adjustments and payment methods (finances). */
  'finance',
  'email',
  'sms',
  'call',
  'document',
  'appointment',
  'note',
  'consent',
  'vehicle_added',
  'vehicle',
  'contact',
  'address',
  'privacy',
  'ticket',
  'claim',
  'project',
  'system',
] as const;

export type ActivityType = (typeof activityTypes)[number];

/** What staff may log by hand. */
export const manualActivityTypes = ['note', 'call', 'email', 'sms', 'appointment'] as const;

export const activitySchema = z
  .object({
    id: z.string(),
    customer_id: z.string(),
    activity_type: z.string(),
    reference_id: z.string().nullable(),
    reference_table: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    actor_id: z.string().nullable(),
    actor_type: z.string(),
    created_at: timestampSchema,
  })
  .meta({ id: 'Activity' });

export const timelineQuery = z
  .strictObject({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    per_page: z.coerce.number().int().min(1).max(100).default(20),
    type: z
      .string()
      .max(300)
      .transform((value) => value.split(',').filter(Boolean))
      .pipe(z.array(z.enum(activityTypes)).max(activityTypes.length))
      .optional(),
    from: z.iso
      .datetime({ offset: true })
      .transform((value) => new Date(value))
      .optional(),
    to: z.iso
      .datetime({ offset: true })
      .transform((value) => new Date(value))
      .optional(),
    cursor: cursorSchema.optional(),
  })
  .refine((value) => !value.from || !value.to || value.from <= value.to, {
    path: ['to'],
    message: 'to is before from',
  });

export type TimelineQuery = z.infer<typeof timelineQuery>;

export const timelineSchema = z.object({
  data: z.array(activitySchema),
  pagination: paginationSchema,
  next_cursor: z.string().nullable(),
});

export const manualActivityBody = z.strictObject({
  activity_type: z.enum(manualActivityTypes),
  title: z.string().trim().min(1).max(200),
  description: optionalText(5000),
});
