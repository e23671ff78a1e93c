import { z } from 'zod';
import { pageQuery, paginationSchema, timestampSchema } from '../../core/schemas.ts';

export const notificationIdSchema = z.coerce
  .number({ error: 'Must be a notification id' })
  .int({ error: 'Must be a notification id' })
  .min(1, { error: 'Must be a notification id' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'Must be a notification id' });

export const notificationSchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    title_key: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    link: z.string().nullable(),
    entity: z.string(),
    entity_id: z.string().nullable(),
    created_at: timestampSchema,
    read_at: timestampSchema.nullable(),
  })
  .meta({ id: 'Notification' });

export const notificationListQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'], { error: 'Must be true or false' })
    .transform((value) => value === 'true')
    .optional(),
  ...pageQuery,
});

export const notificationListSchema = z.object({
  data: z.array(notificationSchema),
  pagination: paginationSchema,
});

/** `/api/v1/ws?after=<id>`: resume after this notification id (the same as a `{resume_after}` message). */
export const socketQuery = z.strictObject({ after: notificationIdSchema.optional() });

/** What a client may send on the socket. */
export const clientMessageSchema = z.union([
  z.strictObject({ resume_after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ type: z.literal('ping') }),
]);
