import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema, sendProblem } from '../../core/http.ts';
import { hitRateLimit, type RateLimitRule } from '../../core/rate-limit.ts';
import { languageOf } from './promo-codes.rules.ts';
import {
  promoCodeCreateSchema,
  promoCodeListQuery,
  promoCodeListSchema,
  promoCodeParams,
  promoCodeResponseSchema,
  promoValidateSchema,
  promoValidationSchema,
} from './promo-codes.schemas.ts';
import {
  createPromoCode,
  deactivatePromoCode,
  deletePromoCode,
  findPromoCodes,
  getPromoCode,
  validatePromoCode,
} from './promo-codes.service.ts';

const admins = ['admin'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['promo codes'];

/**
 * Validation is public (a checkout page asks before anyone signs in), so it is counted per
 * address, in PostgreSQL: enough for a person trying a few codes, too few to guess codes.
 */
/** Staff sharing an office's address are not counted: they are known, and audited elsewhere. */
const staffRoles = new Set(['admin', 'staff', 'advisor']);

export const promoValidateRateLimit: RateLimitRule = { name: 'promo.validate', limit: 20, windowSeconds: 60 };

export const promoCodeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/promo-codes/validate',
    {
      config: { access: 'public', identifySignedIn: true },
      schema: {
        tags,
        operationId: 'validatePromoCode',
        summary:
          'Whether a code applies to a cart now, its discount, and a message in the Accept-Language language (fr-CA by default, en). Public; 20 requests a minute per address, except for signed-in staff (an invoice editor checks as they type)',
        security: [],
        headers: z.object({ 'accept-language': z.string().max(500).optional() }),
        body: promoValidateSchema,
        response: { 200: promoValidationSchema, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const limit = staffRoles.has(request.ctx.actor.role)
        ? { allowed: true as const }
        : await hitRateLimit(request.ctx, promoValidateRateLimit, request.ip);
      if (!limit.allowed) {
        reply.header('retry-after', String(limit.retryAfterSeconds));
        return sendProblem(reply, {
          status: 429,
          code: 'request.rate_limited',
          detail: `Too many promo code checks from this address; try again in ${limit.retryAfterSeconds} s.`,
        });
      }
      return validatePromoCode(request.ctx, request.body, languageOf(request.headers['accept-language']));
    },
  );

  app.get(
    '/promo-codes',
    {
      config: { access: admins },
      schema: {
        tags,
        operationId: 'listPromoCodes',
        summary: 'List promo codes, newest first, with their use counts (admin)',
        querystring: promoCodeListQuery,
        response: { 200: promoCodeListSchema, ...problems },
      },
    },
    async (request) => findPromoCodes(request.ctx, request.query),
  );

  app.post(
    '/promo-codes',
    {
      config: { access: admins },
      schema: {
        tags,
        operationId: 'createPromoCode',
        summary: 'Create a promo code: a percentage (basis points) or a fixed amount (cents) (admin)',
        body: promoCodeCreateSchema,
        response: { 201: promoCodeResponseSchema, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createPromoCode(request.ctx, request.body)),
  );

  app.get(
    '/promo-codes/:code',
    {
      config: { access: admins },
      schema: {
        tags,
        operationId: 'getPromoCode',
        summary: 'Read one promo code, whatever the case it is typed in (admin)',
        params: promoCodeParams,
        response: { 200: promoCodeResponseSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getPromoCode(request.ctx, request.params.code),
  );

  app.delete(
    '/promo-codes/:code',
    {
      config: { access: admins },
      schema: {
        tags,
        operationId: 'deletePromoCode',
        summary:
          'Delete a code never redeemed; once redeemed it is refused (409): deactivate it instead (admin)',
        params: promoCodeParams,
        response: {
          204: z.null(),
          ...problems,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request, reply) => {
      await deletePromoCode(request.ctx, request.params.code);
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/promo-codes/:code/deactivate',
    {
      config: { access: admins },
      schema: {
        tags,
        operationId: 'deactivatePromoCode',
        summary: 'Stop a code from applying from now on; its past redemptions stand (admin)',
        params: promoCodeParams,
        response: { 200: promoCodeResponseSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => deactivatePromoCode(request.ctx, request.params.code),
  );
};
