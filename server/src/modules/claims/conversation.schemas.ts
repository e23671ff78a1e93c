import { z } from 'zod';
import { timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { conversationPhases, messageAuthors } from './claims.tables.ts';

/** A message is 1 to 4 000 characters once trimmed (the body limit answers 413 far above). */
export const maxConversationText = 4000;

export const conversationTextSchema = z
  .string({ error: 'Required' })
  .trim()
  .min(1, 'Required')
  .max(maxConversationText, `At most ${maxConversationText} characters`);

export const conversationStartSchema = z
  .strictObject({
    /** The widget's language; a signed-in client's own language wins. Default fr. */
    language: z.enum(['fr', 'en']).optional(),
  })
  .meta({ id: 'ConversationStart' });

export const conversationMessageCreateSchema = z
  .strictObject({ text: conversationTextSchema })
  .meta({ id: 'ConversationMessageCreate' });

export const conversationTokenHeaders = z.object({
  /** The token returned when an anonymous customer started the conversation. */
  'x-conversation-token': z.string().max(200).optional(),
});

export const conversationMessageSchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    author: z.enum(messageAuthors),
    author_name: z.string().nullable(),
    phase: z.enum(conversationPhases),
    text: z.string(),
    created_at: timestampSchema,
  })
  .meta({ id: 'ConversationMessage' });

export type ConversationMessage = z.infer<typeof conversationMessageSchema>;

export const conversationSchema = z
  .object({
    id: z.string(),
    phase: z.enum(conversationPhases),
    language: z.enum(['fr', 'en']),
    customer_id: z.string().nullable(),
    customer_name: z.string().nullable(),
    claim_id: z.string().nullable(),
    claim_number: z.string().nullable(),
    /** Waiting for, or with, an advisor. */
    escalated: z.boolean(),
    assigned_to: z.string().nullable(),
    assignee_name: z.string().nullable(),
    taken_at: timestampSchema.nullable(),
    locked_until: timestampSchema.nullable(),
    last_message_at: timestampSchema,
    created_at: timestampSchema,
    messages: z.array(conversationMessageSchema),
  })
  .meta({ id: 'Conversation' });

export const conversationStartedSchema = conversationSchema
  .extend({
    /** Keep it: an anonymous customer shows it (header x-conversation-token, or ?token= on the WebSocket). */
    token: z.string(),
  })
  .meta({ id: 'ConversationStarted' });

export const conversationTurnSchema = z
  .object({
    phase: z.enum(conversationPhases),
    /** The assistant's answer; null when none is due (with an advisor, or an advisor's own message). */
    message: z.string().nullable(),
    claim_id: z.string().nullable(),
    claim_number: z.string().nullable(),
    escalated: z.boolean(),
    locked_until: timestampSchema.nullable(),
    /** The messages this turn added, in order (the caller's and the answer). */
    messages: z.array(conversationMessageSchema),
  })
  .meta({ id: 'ConversationTurn' });

export type ConversationTurn = z.infer<typeof conversationTurnSchema>;

export const messagesSinceQuery = z.strictObject({
  /** The last `seq` the caller has; default 0 (everything). */
  after: z.coerce.number().int().min(0).default(0),
});

export const conversationMessagesSchema = z
  .object({
    phase: z.enum(conversationPhases),
    escalated: z.boolean(),
    data: z.array(conversationMessageSchema),
  })
  .meta({ id: 'ConversationMessages' });

export const wsQuery = z.object({ token: z.string().max(200).optional() });

export const conversationIdParams = z.object({ id: uuidSchema });

export const conversationListQuery = z.strictObject({
  /** `me` (default): the conversations the caller took and still holds, latest message first. */
  assigned_to: z.literal('me').default('me'),
  /** Only those still with an advisor (default), or all. */
  phase: z.enum(['ESCALADE', 'all']).default('ESCALADE'),
});

export const conversationSummarySchema = z
  .object({
    id: z.string(),
    phase: z.enum(conversationPhases),
    customer_id: z.string().nullable(),
    customer_name: z.string().nullable(),
    claim_id: z.string().nullable(),
    claim_number: z.string().nullable(),
    taken_at: timestampSchema.nullable(),
    last_message_at: timestampSchema,
  })
  .meta({ id: 'ConversationSummary' });

export const conversationListSchema = z
  .object({ data: z.array(conversationSummarySchema) })
  .meta({ id: 'ConversationList' });
