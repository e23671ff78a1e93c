import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import {
  paymentMethodCreateSchema,
  paymentMethodListSchema,
  paymentMethodParams,
  paymentMethodPatchSchema,
  paymentMethodSchema,
} from './payment-methods.schemas.ts';
import {
  createPaymentMethod,
  deletePaymentMethod,
  findPaymentMethods,
  updatePaymentMethod,
} from './payment-methods.service.ts';

const readers = ['admin', 'staff', 'advisor', 'client'] as const;
const writers = ['admin', 'staff'] as const;
const tags = ['finances'];
const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  422: problemSchema,
};

/** Saved payment methods: provider tokens with brand, last4 and expiry — never a card number. */
export const paymentMethodRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers/:id/payment-methods',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'listPaymentMethods',
        summary: "A customer's saved payment methods, the default first (tokens only for staff)",
        params: idParams,
        response: { 200: paymentMethodListSchema, ...problems },
      },
    },
    async (request) => ({ data: await findPaymentMethods(request.ctx, request.params.id) }),
  );

  app.post(
    '/customers/:id/payment-methods',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'createPaymentMethod',
        summary: 'Save a provider token (a card number anywhere is refused)',
        params: idParams,
        body: paymentMethodCreateSchema,
        response: { 201: paymentMethodSchema, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPaymentMethod(request.ctx, request.params.id, request.body)),
  );

  app.patch(
    '/customers/:id/payment-methods/:pm_id',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'updatePaymentMethod',
        summary: 'Change a payment method; is_default takes the flag from the others',
        params: paymentMethodParams,
        body: paymentMethodPatchSchema,
        response: { 200: paymentMethodSchema, ...problems },
      },
    },
    async (request) =>
      updatePaymentMethod(request.ctx, request.params.id, request.params.pm_id, request.body),
  );

  app.delete(
    '/customers/:id/payment-methods/:pm_id',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'deletePaymentMethod',
        summary: 'Remove a payment method',
        params: paymentMethodParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await deletePaymentMethod(request.ctx, request.params.id, request.params.pm_id);
      return reply.status(204).send(null);
    },
  );
};
