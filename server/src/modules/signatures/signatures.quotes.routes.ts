import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { createQuoteSignatureRequest, findQuoteSignatureRequests } from './signatures.quotes.ts';
import {
  quoteSignatureRequestCreateSchema,
  signatureRequestListQuery,
  signatureRequestListSchema,
  signatureRequestSchema,
} from './signatures.schemas.ts';
import type { SignatureSettings } from './signatures.settings.ts';

// Sending a quote binds the company: staff and admins, as sending the quote itself.
const senders = ['admin', 'staff'] as const;
const tags = ['signatures', 'quotes'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** A quote sent for signature (signatures owns the requests; quotes is reached through its index only). */
export const quoteSignatureRoutes: FastifyPluginAsyncZod<{ settings: SignatureSettings }> = async (
  app,
  { settings },
) => {
  app.post(
    '/quotes/:id/signature-requests',
    {
      config: { access: senders },
      schema: {
        tags,
        operationId: 'createQuoteSignatureRequest',
        summary:
          "Send a sent quote for signature: its PDF is stored as the customer's document (category quote) and signed like any document; signers default to the customer, expiry to the quote's validity. Once every signer signed, the quote is accepted (order and deposit invoice); a decline declines it",
        params: idParams,
        body: quoteSignatureRequestCreateSchema,
        response: { 201: signatureRequestSchema, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await createQuoteSignatureRequest(
        request.ctx,
        settings,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/quotes/:id/signature-requests',
    {
      config: { access: senders },
      schema: {
        tags,
        operationId: 'listQuoteSignatureRequests',
        summary:
          "A quote's signature requests, newest first, with each signer's status and the quote's outcome",
        params: idParams,
        querystring: signatureRequestListQuery,
        response: { 200: signatureRequestListSchema, ...problems },
      },
    },
    async (request) => findQuoteSignatureRequests(request.ctx, request.params.id, request.query),
  );
};
