import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { finalizeInvoice } from './invoices.finalize.ts';
import {
  invoiceCreateSchema,
  invoiceFinalizeSchema,
  invoiceListQuery,
  invoiceListSchema,
  invoicePatchSchema,
  invoiceSchema,
} from './invoices.schemas.ts';
import { createInvoice, deleteInvoice, findInvoices, getInvoice, updateInvoice } from './invoices.service.ts';

/*
 * Staff and admins write invoices; advisors read them; a client reads their own customer's
 * issued invoices (drafts and other customers' are 404). Overriding the credit limit at
 * finalization is an admin's decision: staff asking for it get 403.
 */
const readers = ['admin', 'staff', 'advisor', 'client'] as const;
const writers = ['admin', 'staff'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['invoices'];

export const invoiceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/invoices',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'listInvoices',
        summary: 'List invoices (filters: customer, status, overdue, issued from/to, number)',
        querystring: invoiceListQuery,
        response: { 200: invoiceListSchema, ...problems },
      },
    },
    async (request) => findInvoices(request.ctx, request.query),
  );

  app.post(
    '/invoices',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'createInvoice',
        summary: 'Create a draft invoice; totals with GST and QST are computed and stored',
        body: invoiceCreateSchema,
        response: { 201: invoiceSchema, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createInvoice(request.ctx, request.body)),
  );

  app.get(
    '/invoices/:id',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'getInvoice',
        summary: 'Read one invoice with its lines, taxes and totals',
        params: idParams,
        response: { 200: invoiceSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getInvoice(request.ctx, request.params.id),
  );

  app.patch(
    '/invoices/:id',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'updateInvoice',
        summary: 'Change a draft (`lines` replaces them whole); a finalized invoice is 409',
        params: idParams,
        body: invoicePatchSchema,
        response: {
          200: invoiceSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => updateInvoice(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/invoices/:id',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'deleteInvoice',
        summary: 'Delete a draft; a finalized invoice is 409',
        params: idParams,
        response: { 204: z.null(), ...problems, 404: problemSchema, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      await deleteInvoice(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/invoices/:id/finalize',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'finalizeInvoice',
        summary:
          'Issue a draft: redeems its promo code, checks the credit limit, assigns the next INV number and due date, books the ledger',
        params: idParams,
        body: invoiceFinalizeSchema,
        response: {
          200: invoiceSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => finalizeInvoice(request.ctx, request.params.id, request.body),
  );
};
