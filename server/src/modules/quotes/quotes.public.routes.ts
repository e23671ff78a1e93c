import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema, sendProblem } from '../../core/http.ts';
import { hitRateLimit, type RateLimitRule } from '../../core/rate-limit.ts';
import { acceptPublicQuote, declinePublicQuote, getPublicQuote } from './quotes.public.ts';
import type { QuoteRoutesOptions } from './quotes.routes.ts';
import {
  publicQuoteAcceptSchema,
  publicQuoteDeclineSchema,
  publicQuoteSchema,
  quoteAcceptanceSchema,
  tokenParams,
} from './quotes.schemas.ts';
import { noSignatureRequired } from './quotes.signature.ts';

/*
 * The customer's page, reached by the emailed link alone: no account, no session. Every call
 * is counted per address (core/rate-limit) so tokens cannot be guessed by volume; a token
 * that opens nothing is a 404 whatever the reason.
 */
export const publicQuoteReadLimit: RateLimitRule = {
  name: 'quote.public_read',
  limit: 60,
  windowSeconds: 60,
};
export const publicQuoteWriteLimit: RateLimitRule = {
  name: 'quote.public_write',
  limit: 10,
  windowSeconds: 60,
};

const tags = ['public'];
const problems = { 400: problemSchema, 404: problemSchema, 429: problemSchema };

async function limited(request: FastifyRequest, reply: FastifyReply, rule: RateLimitRule): Promise<boolean> {
  const limit = await hitRateLimit(request.ctx, rule, request.ip);
  if (limit.allowed) return false;
  reply.header('retry-after', String(limit.retryAfterSeconds));
  await sendProblem(reply, {
    status: 429,
    code: 'request.rate_limited',
    detail: `Too many requests from this address; try again in ${limit.retryAfterSeconds} s.`,
  });
  return true;
}

export const publicQuoteRoutes: FastifyPluginAsyncZod<QuoteRoutesOptions> = async (app, options) => {
  const signature = options.signature ?? noSignatureRequired;

  app.get(
    '/public/quotes/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'getPublicQuote',
        summary:
          'The quote as its customer reads it from the emailed link (no account); the first reading marks it viewed',
        security: [],
        params: tokenParams,
        response: { 200: publicQuoteSchema, ...problems },
      },
    },
    async (request, reply) => {
      if (await limited(request, reply, publicQuoteReadLimit)) return reply;
      return getPublicQuote(request.ctx, request.params.token);
    },
  );

  app.post(
    '/public/quotes/:token/accept',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'acceptPublicQuote',
        summary:
          'The customer accepts the quote with their name (name, IP, user agent and time kept): the order and its deposit invoice are made; `payment_url` opens Stripe Checkout for the deposit when online payment is on',
        security: [],
        params: tokenParams,
        body: publicQuoteAcceptSchema,
        response: { 200: quoteAcceptanceSchema, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      if (await limited(request, reply, publicQuoteWriteLimit)) return reply;
      return acceptPublicQuote(request.ctx, request.params.token, request.body, {
        signature,
        payments: options.settings,
        origin: `${request.protocol}://${request.host}`,
      });
    },
  );

  app.post(
    '/public/quotes/:token/decline',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'declinePublicQuote',
        summary: 'The customer declines the quote, with a reason if they wish; the link then opens nothing',
        security: [],
        params: tokenParams,
        body: publicQuoteDeclineSchema,
        response: { 204: z.null(), ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      if (await limited(request, reply, publicQuoteWriteLimit)) return reply;
      await declinePublicQuote(request.ctx, request.params.token, request.body ?? {});
      return reply.status(204).send(null);
    },
  );
};
