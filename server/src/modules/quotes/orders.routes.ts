import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { cancelOrder, invoiceOrder } from './orders.invoicing.ts';
import { findOrders, getOrder } from './orders.service.ts';
import {
  orderCancelSchema,
  orderInvoiceCreateSchema,
  orderListQuery,
  orderListSchema,
  orderSchema,
} from './quotes.schemas.ts';

/* As quotes: staff and admins bill and cancel; advisors read; a client reads their own customer's orders. */
const readers = ['admin', 'staff', 'advisor', 'client'] as const;
const writers = ['admin', 'staff'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['orders'];

export const orderRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orders',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'listOrders',
        summary: 'List orders (filters: customer, status, number or customer name)',
        querystring: orderListQuery,
        response: { 200: orderListSchema, ...problems },
      },
    },
    async (request) => findOrders(request.ctx, request.query),
  );

  app.get(
    '/orders/:id',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'getOrder',
        summary: 'One order: its lines with quantities ordered and invoiced, its invoices and what was paid',
        params: idParams,
        response: { 200: orderSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getOrder(request.ctx, request.params.id),
  );

  app.post(
    '/orders/:id/invoice',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'invoiceOrder',
        summary:
          'Issue an invoice for the balance, or for some lines and quantities (never more than ordered: 422 naming the line); the deposit is taken off before taxes',
        params: idParams,
        body: orderInvoiceCreateSchema,
        response: {
          201: orderSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await invoiceOrder(request.ctx, request.params.id, request.body ?? {})),
  );

  app.post(
    '/orders/:id/cancel',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'cancelOrder',
        summary:
          'Cancel the order: each of its invoices is credited in full (credit notes; what was paid becomes account credit — card refunds are made from the payment)',
        params: idParams,
        body: orderCancelSchema,
        response: {
          200: orderSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => cancelOrder(request.ctx, request.params.id, request.body),
  );
};
