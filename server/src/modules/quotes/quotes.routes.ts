import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { type PaymentSettings, pdfQuerySchema, pdfResponse, sendPdf } from '../billing/index.ts';
import { acceptQuote, declineQuote } from './quotes.accept.ts';
import { quotePdf } from './quotes.pdf.ts';
import {
  quoteAcceptanceSchema,
  quoteAcceptSchema,
  quoteCreateSchema,
  quoteDeclineSchema,
  quoteListQuery,
  quoteListSchema,
  quotePatchSchema,
  quoteSchema,
  quoteSendSchema,
} from './quotes.schemas.ts';
import { sendQuote } from './quotes.send.ts';
import {
  createQuote,
  deleteQuote,
  duplicateQuote,
  findQuotes,
  getQuote,
  updateQuote,
} from './quotes.service.ts';
import { noSignatureRequired, type QuoteSignatureStep } from './quotes.signature.ts';

export interface QuoteRoutesOptions {
  settings: PaymentSettings;
  /** The step acceptance goes through (e-signature plugs in here); default: none required. */
  signature?: QuoteSignatureStep;
}

/*
 * Staff and admins write quotes and record the customer's answer; advisors read them; a
 * client reads their own customer's sent quotes (a draft or another customer's is 404).
 */
const readers = ['admin', 'staff', 'advisor', 'client'] as const;
const writers = ['admin', 'staff'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['quotes'];

export const quoteRoutes: FastifyPluginAsyncZod<QuoteRoutesOptions> = async (app, options) => {
  const signature = options.signature ?? noSignatureRequired;

  app.get(
    '/quotes',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'listQuotes',
        summary: 'List quotes (filters: customer, status — expired included —, number or customer name)',
        querystring: quoteListQuery,
        response: { 200: quoteListSchema, ...problems },
      },
    },
    async (request) => findQuotes(request.ctx, request.query),
  );

  app.post(
    '/quotes',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'createQuote',
        summary:
          'Create a draft quote: lines as on invoices (catalog prices filled), totals computed, promo code checked',
        body: quoteCreateSchema,
        response: { 201: quoteSchema, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createQuote(request.ctx, request.body)),
  );

  app.get(
    '/quotes/:id',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'getQuote',
        summary: 'Read one quote with its lines and totals',
        params: idParams,
        response: { 200: quoteSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getQuote(request.ctx, request.params.id),
  );

  app.patch(
    '/quotes/:id',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'updateQuote',
        summary: 'Change a draft (`lines` replaces them whole); a sent quote is 409 (duplicate it)',
        params: idParams,
        body: quotePatchSchema,
        response: {
          200: quoteSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => updateQuote(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/quotes/:id',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'deleteQuote',
        summary: 'Delete a draft; a sent quote is 409',
        params: idParams,
        response: { 204: z.null(), ...problems, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      await deleteQuote(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/quotes/:id/send',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'sendQuote',
        summary:
          'Email the quote (PDF attached, a link to the customer’s page /q/{token}); the first send numbers it Q-000001. Each send makes a new link',
        params: idParams,
        body: quoteSendSchema,
        response: {
          200: z.object({
            quote: quoteSchema,
            email: z.object({ id: z.uuid(), status: z.string(), suppressed_reason: z.string().nullable() }),
          }),
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) =>
      sendQuote(request.ctx, request.params.id, request.body ?? {}, {
        base_url: options.settings.base_url,
        origin: `${request.protocol}://${request.host}`,
      }),
  );

  app.post(
    '/quotes/:id/accept',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'acceptQuote',
        summary:
          'Record the customer’s acceptance: in one transaction the promo code is redeemed, the order CMD-… is made and its deposit invoice issued (due on receipt)',
        params: idParams,
        body: quoteAcceptSchema,
        response: {
          200: quoteAcceptanceSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) =>
      acceptQuote(
        request.ctx,
        request.params.id,
        { name: request.body.name, via: 'staff' },
        { signature, payments: options.settings, origin: `${request.protocol}://${request.host}` },
      ),
  );

  app.post(
    '/quotes/:id/decline',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'declineQuote',
        summary: 'Record that the customer declined the quote, with their reason',
        params: idParams,
        body: quoteDeclineSchema,
        response: {
          200: quoteSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => {
      await declineQuote(request.ctx, request.params.id, { reason: request.body.reason, via: 'staff' });
      return getQuote(request.ctx, request.params.id);
    },
  );

  app.post(
    '/quotes/:id/duplicate',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'duplicateQuote',
        summary: 'A new draft with the same customer, lines and terms (any quote may be copied)',
        params: idParams,
        response: { 201: quoteSchema, ...problems, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await duplicateQuote(request.ctx, request.params.id)),
  );

  app.get(
    '/quotes/:id/pdf',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'getQuotePdf',
        summary: 'The quote as PDF (DEVIS / QUOTE), in the customer’s language unless `lang` is given',
        params: idParams,
        querystring: pdfQuerySchema,
        response: { 200: pdfResponse, ...problems, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { filename, pdf } = await quotePdf(request.ctx, request.params.id, request.query.lang);
      return sendPdf(reply, filename, pdf);
    },
  );
};
