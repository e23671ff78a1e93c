import { z } from 'zod';
import { pageQuery, paginationSchema, timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { emailSchema, languageCodeSchema, phoneSchema } from '../../core/validation.ts';
import {
  authorTypes,
  messageKinds,
  ticketCategories,
  ticketChannels,
  ticketPriorities,
  ticketStatuses,
} from './tickets.tables.ts';

export { messageKinds, ticketCategories, ticketPriorities, ticketStatuses };
export type MessageKind = (typeof messageKinds)[number];

/** A message is 1 to 20 000 characters once trimmed. */
export const maxMessageLength = 20_000;

const subjectSchema = z.string().trim().min(1, 'Required').max(200, 'At most 200 characters');
export const messageBodySchema = z
  .string({ error: 'Required' })
  .trim()
  .min(1, 'Required')
  .max(maxMessageLength, `At most ${maxMessageLength} characters`);

export const ticketCreateSchema = z
  .strictObject({
    subject: subjectSchema,
    /** The request itself: the ticket's first message. */
    message: messageBodySchema,
    category: z.enum(ticketCategories).default('general'),
    priority: z.enum(ticketPriorities).default('normal'),
    /** Staff: the customer it is for (none: an internal ticket). A client's ticket is always their own. */
    customer_id: uuidSchema.nullable().optional(),
  })
  .meta({ id: 'TicketCreate' });

export type TicketCreate = z.infer<typeof ticketCreateSchema>;

export const ticketMessageCreateSchema = z
  .strictObject({
    body: messageBodySchema,
    /** internal_note: staff only, never shown to the customer. */
    kind: z.enum(messageKinds).default('public'),
    /**
     * The ticket's customer's documents (uploaded first through their Documents), in order. On a
     * public message each must be visible to the customer (access level public or client).
     */
    attachments: z
      .array(uuidSchema)
      .max(10, { error: 'At most 10 attachments' })
      .refine((ids) => new Set(ids).size === ids.length, { error: 'A document is attached once' })
      .optional(),
  })
  .meta({ id: 'TicketMessageCreate' });

export type TicketMessageCreate = z.infer<typeof ticketMessageCreateSchema>;

export const ticketPatchSchema = z
  .strictObject({
    status: z.enum(ticketStatuses).optional(),
    priority: z.enum(ticketPriorities).optional(),
    /** A staff user, or null to unassign. */
    assigned_to: uuidSchema.nullable().optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'Give status, priority or assigned_to',
  })
  .meta({ id: 'TicketPatch' });

export type TicketPatch = z.infer<typeof ticketPatchSchema>;

export const ticketSorts = ['newest', 'oldest', 'updated', 'sla', 'priority'] as const;

/** A comma-separated list of values (status=open,in_progress), each checked. */
function listOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .max(200)
    .transform((value) => [...new Set(value.split(',').filter(Boolean))])
    .pipe(z.array(z.enum(values)).min(1, `One or more of ${values.join(', ')}`));
}

export const ticketListQuery = z.strictObject({
  status: listOf(ticketStatuses).optional(),
  category: listOf(ticketCategories).optional(),
  priority: listOf(ticketPriorities).optional(),
  /** A user id, `me` (the caller) or `none` (unassigned). */
  assigned_to: z.union([uuidSchema, z.enum(['me', 'none'])], { error: 'A user id, me or none' }).optional(),
  customer_id: uuidSchema.optional(),
  /** The start of a number (TCK-0001, or 12 for TCK-000012), or words of the subject. */
  q: z.string().trim().min(1).max(100).optional(),
  /** newest (default), oldest, updated (latest activity first), sla (nearest deadline first), priority. */
  sort: z.enum(ticketSorts).default('newest'),
  ...pageQuery,
});

export type TicketListQuery = z.infer<typeof ticketListQuery>;

export const ticketSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    subject: z.string(),
    category: z.enum(ticketCategories),
    priority: z.enum(ticketPriorities),
    status: z.enum(ticketStatuses),
    channel: z.enum(ticketChannels),
    customer_id: z.string().nullable(),
    customer_name: z.string().nullable(),
    requester_name: z.string().nullable(),
    requester_email: z.string().nullable(),
    assigned_to: z.string().nullable(),
    assignee_name: z.string().nullable(),
    first_response_at: timestampSchema.nullable(),
    first_response_due_at: timestampSchema.nullable(),
    resolution_due_at: timestampSchema.nullable(),
    sla_due_at: timestampSchema.nullable(),
    /** A deadline missed (met late, or past and not met): computed when read. */
    sla_breached: z.boolean(),
    /** The clock is stopped: waiting for the customer, or resolved. */
    sla_paused: z.boolean(),
    resolved_at: timestampSchema.nullable(),
    closed_at: timestampSchema.nullable(),
    /** Wall-clock seconds spent waiting for the customer so far, the current wait included. */
    waiting_seconds: z.number().int(),
    status_changed_at: timestampSchema,
    last_message_at: timestampSchema,
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Ticket' });

export type Ticket = z.infer<typeof ticketSchema>;

export const ticketAttachmentSchema = z
  .object({
    document_id: z.string(),
    title: z.string(),
    access_level: z.enum(['public', 'client', 'staff', 'admin']),
    file_name: z.string(),
    mime_type: z.string(),
    size: z.number().int(),
  })
  .meta({ id: 'TicketAttachment' });

export const ticketMessageSchema = z
  .object({
    id: z.string(),
    ticket_id: z.string(),
    kind: z.enum(messageKinds),
    body: z.string(),
    author_type: z.enum(authorTypes),
    author_id: z.string().nullable(),
    author_name: z.string().nullable(),
    created_at: timestampSchema,
    /** The attached documents the reader may see (a deleted one is left out). */
    attachments: z.array(ticketAttachmentSchema),
  })
  .meta({ id: 'TicketMessage' });

export type TicketMessage = z.infer<typeof ticketMessageSchema>;

export const ticketStatusChangeSchema = z
  .object({
    from_status: z.enum(ticketStatuses).nullable(),
    to_status: z.enum(ticketStatuses),
    changed_by: z.string().nullable(),
    changed_at: timestampSchema,
  })
  .meta({ id: 'TicketStatusChange' });

export const ticketDetailSchema = ticketSchema
  .extend({
    /** Oldest first; a client reads the public ones only. */
    messages: z.array(ticketMessageSchema),
    status_history: z.array(ticketStatusChangeSchema),
  })
  .meta({ id: 'TicketDetail' });

export const ticketListSchema = z
  .object({ data: z.array(ticketSchema), pagination: paginationSchema })
  .meta({ id: 'TicketList' });

const dateSchema = z.iso.date({ error: 'Must be a date YYYY-MM-DD' });

export const ticketStatsQuery = z
  .strictObject({
    /** First day (company time zone) of tickets opened; none: from the beginning. */
    from: dateSchema.optional(),
    /** Last day, included. */
    to: dateSchema.optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ['from'],
    message: 'Must not be after to',
  });

export type TicketStatsQuery = z.infer<typeof ticketStatsQuery>;

const countsOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.object(
    Object.fromEntries(values.map((value) => [value, z.number().int()])) as Record<T[number], z.ZodNumber>,
  );

export const ticketStatsSchema = z
  .object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    /** Tickets opened in the period, and how they stand now. */
    total: z.number().int(),
    by_status: countsOf(ticketStatuses),
    by_category: countsOf(ticketCategories),
    by_priority: countsOf(ticketPriorities),
    /** Wall-clock seconds from opening to the first public reply, over the tickets answered. */
    avg_first_response_seconds: z.number().nullable(),
    /** Wall-clock seconds from opening to resolution, over the tickets resolved or closed. */
    avg_resolution_seconds: z.number().nullable(),
    /** Tickets with a deadline missed (first response or resolution). */
    sla_breached: z.number().int(),
    sla_breached_first_response: z.number().int(),
    sla_breached_resolution: z.number().int(),
    /** Per day (company time zone) of the period: tickets opened, and tickets resolved. */
    by_day: z.array(z.object({ date: z.string(), opened: z.number().int(), resolved: z.number().int() })),
  })
  .meta({ id: 'TicketStats' });

export type TicketStats = z.infer<typeof ticketStatsSchema>;

/** The public contact form. `website` is a trap for robots: people never see it, so it stays empty. */
export const contactFormSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Required').max(200, 'At most 200 characters'),
    email: emailSchema,
    phone: z
      .string()
      .trim()
      .max(40)
      .transform((value) => value || undefined)
      .pipe(phoneSchema.optional())
      .optional(),
    subject: subjectSchema,
    message: messageBodySchema,
    category: z.enum(ticketCategories).default('general'),
    /** The language the form was filled in: a new customer gets it. */
    language: languageCodeSchema.optional(),
    website: z.string().max(2_000).optional(),
  })
  .meta({ id: 'ContactForm' });

export type ContactForm = z.infer<typeof contactFormSchema>;

export const contactReceivedSchema = z
  .object({ received: z.literal(true) })
  .meta({ id: 'ContactReceived', description: 'The same answer whatever became of the message' });

export const slaTargetSchema = z.object({
  first_response_minutes: z.number().int(),
  resolution_minutes: z.number().int(),
});

export const slaSettingsSchema = z
  .object({
    targets: z.object(
      Object.fromEntries(ticketPriorities.map((priority) => [priority, slaTargetSchema])) as Record<
        (typeof ticketPriorities)[number],
        typeof slaTargetSchema
      >,
    ),
    business_hours: z.object({
      time_zone: z.string(),
      days: z.array(z.number().int()),
      start_minute: z.number().int(),
      end_minute: z.number().int(),
    }),
  })
  .meta({ id: 'SupportSlaSettings' });

const minutesSchema = z
  .number({ error: 'Must be a whole number of minutes' })
  .int('Must be a whole number of minutes')
  .min(1, 'At least 1 minute')
  .max(60 * 24 * 365, 'At most a year');

const slaTargetPut = z
  .strictObject({ first_response_minutes: minutesSchema, resolution_minutes: minutesSchema })
  .refine((target) => target.resolution_minutes >= target.first_response_minutes, {
    path: ['resolution_minutes'],
    message: 'Must not be shorter than first_response_minutes',
  });

export const slaTargetsPutSchema = z
  .strictObject(
    Object.fromEntries(ticketPriorities.map((priority) => [priority, slaTargetPut.optional()])) as Record<
      (typeof ticketPriorities)[number],
      z.ZodOptional<typeof slaTargetPut>
    >,
  )
  .meta({ id: 'SupportSlaTargetsPut' });

export type SlaTargetsPut = z.infer<typeof slaTargetsPutSchema>;
