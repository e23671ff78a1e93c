import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema, sendProblem } from '../../core/http.ts';
import { hitRateLimit, type RateLimitRule } from '../../core/rate-limit.ts';
import { type ConversationTransport, createConversationLive } from './conversation.live.ts';
import {
  conversationIdParams,
  conversationListQuery,
  conversationListSchema,
  conversationMessageCreateSchema,
  conversationMessagesSchema,
  conversationSchema,
  conversationStartedSchema,
  conversationStartSchema,
  conversationTokenHeaders,
  conversationTurnSchema,
  messagesSinceQuery,
} from './conversation.schemas.ts';
import {
  findMyConversations,
  getConversation,
  getMessagesSince,
  postConversationMessage,
  startConversation,
  takeConversation,
} from './conversation.service.ts';
import { handleConversationSocket } from './conversation.ws.ts';

const staff = ['admin', 'staff', 'advisor'] as const;
const tags = ['claims'];
// Public, but a signed-in client or advisor is recognised (their session or key).
const publicConfig = { access: 'public' as const, identifySignedIn: true };

/** Conversations started per address: plenty for a person, too few to try matricules at scale. */
export const conversationRateLimit: RateLimitRule = {
  name: 'claims.conversation',
  limit: 10,
  windowSeconds: 10 * 60,
};

const tokenOf = (headers: { 'x-conversation-token'?: string }) => headers['x-conversation-token'];

export interface ConversationRoutesOptions {
  /** The other instances' writes (app.ts hands in the notifications hub's broadcast). */
  transport?: ConversationTransport;
}

export const conversationRoutes: FastifyPluginAsyncZod<ConversationRoutesOptions> = async (app, options) => {
  // This instance's sockets hear of its own writes at once, the others' through the transport (conversation.live.ts).
  const live = createConversationLive(options.transport, (message, error) =>
    app.log.warn({ err: error }, message),
  );
  app.addHook('onClose', async () => live.close());
  app.post(
    '/conversations',
    {
      config: publicConfig,
      schema: {
        tags,
        operationId: 'startConversation',
        summary:
          'Start a claim conversation (public or a signed-in client): phase AUTHENTIFICATION, greeting in the customer’s language when known. Keep the token. 10 per 10 minutes per address',
        security: [],
        body: conversationStartSchema,
        response: { 201: conversationStartedSchema, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const limit = await hitRateLimit(request.ctx, conversationRateLimit, request.ip);
      if (!limit.allowed) {
        reply.header('retry-after', String(limit.retryAfterSeconds));
        return sendProblem(reply, {
          status: 429,
          code: 'request.rate_limited',
          detail: `Too many conversations from this address; try again in ${limit.retryAfterSeconds} s.`,
        });
      }
      return reply.status(201).send(await startConversation(request.ctx, request.body ?? {}));
    },
  );

  app.get(
    '/conversations',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'listMyConversations',
        summary: 'The conversations the caller took, latest message first (still with an advisor, or all)',
        querystring: conversationListQuery,
        response: { 200: conversationListSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => findMyConversations(request.ctx, request.query),
  );

  app.get(
    '/conversations/:id',
    {
      config: publicConfig,
      schema: {
        tags,
        operationId: 'getConversation',
        summary:
          'A conversation and its transcript: its customer (token or session) or staff; anyone else 404',
        security: [],
        params: conversationIdParams,
        headers: conversationTokenHeaders,
        response: { 200: conversationSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => getConversation(request.ctx, request.params.id, tokenOf(request.headers)),
  );

  app.get(
    '/conversations/:id/messages',
    {
      config: publicConfig,
      schema: {
        tags,
        operationId: 'listConversationMessages',
        summary: 'The messages after `after` (a seq): what a client without a WebSocket polls',
        security: [],
        params: conversationIdParams,
        headers: conversationTokenHeaders,
        querystring: messagesSinceQuery,
        response: { 200: conversationMessagesSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) =>
      getMessagesSince(request.ctx, request.params.id, tokenOf(request.headers), request.query.after),
  );

  app.post(
    '/conversations/:id/messages',
    {
      config: publicConfig,
      schema: {
        tags,
        operationId: 'postConversationMessage',
        summary:
          'A message: from the customer, the assistant answers ({phase, message, claim_id?, escalated?}); from the advisor who took it, it reaches the customer. 423 while the matricule check is locked',
        security: [],
        params: conversationIdParams,
        headers: conversationTokenHeaders,
        body: conversationMessageCreateSchema,
        response: {
          200: conversationTurnSchema,
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
          423: problemSchema,
        },
      },
    },
    async (request) => {
      const turn = await postConversationMessage(
        request.ctx,
        request.params.id,
        tokenOf(request.headers),
        request.body.text,
      );
      live.notify(request.params.id);
      return turn;
    },
  );

  app.post(
    '/conversations/:id/take',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'takeConversation',
        summary:
          'An advisor takes an escalated conversation (409 when it is not escalated or another advisor has it); its claim becomes theirs if nobody has it',
        params: conversationIdParams,
        response: {
          200: conversationSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request) => {
      const conversation = await takeConversation(request.ctx, request.params.id);
      live.notify(request.params.id);
      return conversation;
    },
  );

  app.get(
    '/conversations/:id/ws',
    { websocket: true, config: publicConfig, schema: { hide: true } },
    (socket, request) => handleConversationSocket(socket, request, live),
  );
};
