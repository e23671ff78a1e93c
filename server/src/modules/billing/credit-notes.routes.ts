import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import {
  creditNoteCreateSchema,
  creditNoteListQuery,
  creditNoteListSchema,
  creditNoteSchema,
  invoiceCreditNotesSchema,
  invoiceVoidSchema,
} from './credit-notes.schemas.ts';
import {
  createCreditNote,
  findCreditNotes,
  findInvoiceCreditNotes,
  getCreditNote,
} from './credit-notes.service.ts';
import { invoiceSchema } from './invoices.schemas.ts';
import { voidInvoice } from './invoices.void.ts';

/*
 * Correcting an issued invoice: staff and admins void it (nothing paid or credited yet) or
 * issue a credit note against it. Advisors read credit notes; a client reads their own
 * customer's (another customer's is a 404).
 */
const readers = ['admin', 'staff', 'advisor', 'client'] as const;
const writers = ['admin', 'staff'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

export const creditNoteRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/invoices/:id/void',
    {
      config: { access: writers },
      schema: {
        tags: ['invoices'],
        operationId: 'voidInvoice',
        summary:
          'Void an issued invoice nothing was paid or credited on: its total comes off the balance (ledger adjustment with the reason); a draft is deleted instead (409)',
        params: idParams,
        body: invoiceVoidSchema,
        response: { 200: invoiceSchema, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request) => voidInvoice(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/invoices/:id/credit-notes',
    {
      config: { access: writers },
      schema: {
        tags: ['credit-notes'],
        operationId: 'createCreditNote',
        summary:
          'Issue a credit note (CN-000001…) against an issued invoice: without `lines`, a full credit of what remains; with them, a partial credit at the invoice’s tax rates. More than remains: 422',
        params: idParams,
        body: creditNoteCreateSchema,
        response: { 201: creditNoteSchema, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCreditNote(request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/invoices/:id/credit-notes',
    {
      config: { access: readers },
      schema: {
        tags: ['credit-notes'],
        operationId: 'listInvoiceCreditNotes',
        summary: 'The credit notes issued against an invoice, oldest first',
        params: idParams,
        response: { 200: invoiceCreditNotesSchema, ...problems },
      },
    },
    async (request) => findInvoiceCreditNotes(request.ctx, request.params.id),
  );

  app.get(
    '/credit-notes',
    {
      config: { access: readers },
      schema: {
        tags: ['credit-notes'],
        operationId: 'listCreditNotes',
        summary: 'List credit notes, newest first (filters: customer, invoice, issued from/to)',
        querystring: creditNoteListQuery,
        response: { 200: creditNoteListSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => findCreditNotes(request.ctx, request.query),
  );

  app.get(
    '/credit-notes/:id',
    {
      config: { access: readers },
      schema: {
        tags: ['credit-notes'],
        operationId: 'getCreditNote',
        summary: 'Read one credit note with its lines and taxes',
        params: idParams,
        response: { 200: creditNoteSchema, ...problems },
      },
    },
    async (request) => getCreditNote(request.ctx, request.params.id),
  );
};
