import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemActor } from '../../core/context.ts';
import { problemSchema, sendProblem } from '../../core/http.ts';
import { hitRateLimit } from '../../core/rate-limit.ts';
import { idParams } from '../../core/schemas.ts';
import type { PaymentSettings } from '../billing/index.ts';
import { sealSignatureRequest } from './signatures.completion.ts';
import { settleSignedQuote } from './signatures.quotes.ts';
import { findSignatureRequests, getSignatureRequest } from './signatures.read.ts';
import {
  auditTrailSchema,
  codeSentSchema,
  codeVerifiedSchema,
  codeVerifySchema,
  declineBodySchema,
  declineResultSchema,
  remindBodySchema,
  signatureRequestCreateSchema,
  signatureRequestListQuery,
  signatureRequestListSchema,
  signatureRequestSchema,
  signBodySchema,
  signerViewSchema,
  signResultSchema,
  tokenParams,
  verifyParams,
  verifyResultSchema,
} from './signatures.schemas.ts';
import {
  cancelSignatureRequest,
  createSignatureRequest,
  getAuditTrail,
  remindSignatureRequest,
} from './signatures.service.ts';
import type { SignatureSettings } from './signatures.settings.ts';
import {
  declineSignature,
  openSigning,
  sendSigningCode,
  signingDocument,
  submitSignature,
  verifySigningCode,
} from './signatures.signer.ts';
import { verifySealedPdf } from './signatures.verify.ts';

const staff = ['admin', 'staff', 'advisor'] as const;
const tags = ['signatures'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const signerProblems = { 400: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema };
const requestParams = z.object({ rid: z.uuid({ error: 'Must be a UUID' }) });
const verifyRateLimit = { name: 'signature-verify', limit: 60, windowSeconds: 60 };

export const signatureRoutes: FastifyPluginAsyncZod<{
  settings: SignatureSettings;
  /** For the quote a finished request accepts (its deposit invoice's pay-online link). */
  payments?: PaymentSettings;
}> = async (app, { settings, payments }) => {
  /**
   * A finished request of a quote settles it now (accepted or declined), as the system on the
   * signer's behalf; if this fails (or the process stops), the event's handler does it.
   */
  const settleQuote = async (request: FastifyRequest, requestId: string) => {
    if (!payments) return;
    const ctx = {
      ...request.ctx,
      actor: { ...systemActor, ip: request.ctx.actor.ip, user_agent: request.ctx.actor.user_agent },
    };
    await settleSignedQuote(
      ctx,
      { payments, origin: `${request.protocol}://${request.host}` },
      requestId,
    ).catch((error: unknown) => {
      request.log.error(
        { err: error, request_id: requestId },
        'settling the quote failed; the event handler retries',
      );
    });
  };

  app.post(
    '/documents/:id/signature-requests',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'createSignatureRequest',
        summary:
          'Send a PDF for signature: signers (parallel or sequential), fields placed on pages in relative units (fractions of the page from its top-left corner), expiry, optional email code. Each signing link is in this answer once',
        params: idParams,
        body: signatureRequestCreateSchema,
        response: { 201: signatureRequestSchema, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await createSignatureRequest(request.ctx, settings, request.params.id, request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/documents/:id/signature-requests',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'listSignatureRequests',
        summary: "A document's signature requests, newest first, with each signer's status",
        params: idParams,
        querystring: signatureRequestListQuery,
        response: { 200: signatureRequestListSchema, ...problems },
      },
    },
    async (request) => findSignatureRequests(request.ctx, request.params.id, request.query),
  );

  app.get(
    '/signature-requests/:rid',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'getSignatureRequest',
        summary:
          'A signature request: status (pending, viewed, signed, declined, expired, cancelled), signers, fields',
        params: requestParams,
        response: { 200: signatureRequestSchema, ...problems },
      },
    },
    async (request) => getSignatureRequest(request.ctx, request.params.rid),
  );

  app.post(
    '/signature-requests/:rid/cancel',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'cancelSignatureRequest',
        summary: 'Cancel a request still waiting for signatures; its links stop working',
        params: requestParams,
        response: { 200: signatureRequestSchema, ...problems, 409: problemSchema },
      },
    },
    async (request) => cancelSignatureRequest(request.ctx, request.params.rid),
  );

  app.post(
    '/signature-requests/:rid/remind',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'remindSignatureRequest',
        summary:
          'Email the signers whose turn it is (or one of them) again, with a new link (the previous one stops working; a code lockout is lifted)',
        params: requestParams,
        body: remindBodySchema.optional(),
        response: { 200: signatureRequestSchema, ...problems, 409: problemSchema },
      },
    },
    async (request) =>
      remindSignatureRequest(request.ctx, settings, request.params.rid, request.body?.signer_id),
  );

  app.get(
    '/signature-requests/:rid/audit',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'getSignatureAuditTrail',
        summary:
          'The hash-chained audit trail (IP, user agent, time of each event) and whether the chain recomputes (chain_valid)',
        params: requestParams,
        response: { 200: auditTrailSchema, ...problems },
      },
    },
    async (request) => getAuditTrail(request.ctx, request.params.rid),
  );

  // The signer's side: no account, the token is the credential.

  app.get(
    '/sign/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'openSigning',
        summary:
          "The signer's page: the request, the signer, their fields and the document's address (first visit recorded)",
        security: [],
        params: tokenParams,
        response: { 200: signerViewSchema, ...signerProblems },
      },
    },
    async (request) => openSigning(request.ctx, request.params.token),
  );

  app.get(
    '/sign/:token/document',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'getSigningDocument',
        summary: 'The PDF to sign (the exact version sent, re-hashed before it is served)',
        security: [],
        params: tokenParams,
        response: {
          200: {
            description: 'The PDF',
            content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
          },
          ...signerProblems,
        },
      },
    },
    async (request, reply) => {
      const { bytes, sha256 } = await signingDocument(request.ctx, settings, request.params.token);
      return reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="document.pdf"')
        .header('repr-digest', `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(bytes as never);
    },
  );

  app.post(
    '/sign/:token/code',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'sendSigningCode',
        summary: 'Email the signer a 6-digit code (when the request asks for one): valid 10 minutes, 5 tries',
        security: [],
        params: tokenParams,
        response: { 200: codeSentSchema, ...signerProblems, 429: problemSchema },
      },
    },
    async (request) => sendSigningCode(request.ctx, settings, request.params.token),
  );

  app.post(
    '/sign/:token/code/verify',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'verifySigningCode',
        summary:
          'Check the emailed code; a wrong one is counted and the fifth locks the link (429) until a reminder',
        security: [],
        params: tokenParams,
        body: codeVerifySchema,
        response: { 200: codeVerifiedSchema, ...signerProblems, 429: problemSchema },
      },
    },
    async (request) => verifySigningCode(request.ctx, settings, request.params.token, request.body.code),
  );

  app.post(
    '/sign/:token',
    {
      config: { access: 'public' },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags,
        operationId: 'submitSignature',
        summary:
          'Sign: explicit consent, a drawn signature (PNG) or a typed name, and the values of text and initials fields. 409 when already signed or out of turn; 422 for a blank or invalid image',
        security: [],
        params: tokenParams,
        body: signBodySchema,
        response: { 200: signResultSchema, ...signerProblems, 403: problemSchema },
      },
    },
    async (request) => {
      const {
        completed,
        request_id: requestId,
        ...result
      } = await submitSignature(request.ctx, settings, request.params.token, request.body);
      if (completed) {
        // The sealed PDF now; if this fails (or the process stops), the completion event's handler makes it.
        await sealSignatureRequest(request.ctx, settings, requestId).catch((error: unknown) => {
          request.log.error(
            { err: error, request_id: requestId },
            'sealing failed; the event handler retries',
          );
        });
        await settleQuote(request, requestId);
      }
      return result;
    },
  );

  app.post(
    '/sign/:token/decline',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'declineSignature',
        summary: 'Decline to sign, with a reason: the request ends',
        security: [],
        params: tokenParams,
        body: declineBodySchema,
        response: { 200: declineResultSchema, ...signerProblems },
      },
    },
    async (request) => {
      const { request_id: requestId, ...result } = await declineSignature(
        request.ctx,
        request.params.token,
        request.body.reason,
      );
      await settleQuote(request, requestId);
      return result;
    },
  );

  app.get(
    '/verify/:sha256',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'verifySealedPdf',
        summary:
          'Whether Atrium sealed the PDF with this SHA-256: the document, its signers and times (no emails or addresses). Public, 60 a minute per address',
        security: [],
        params: verifyParams,
        response: { 200: verifyResultSchema, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const limit = await hitRateLimit(request.ctx, verifyRateLimit, request.ip);
      if (!limit.allowed) {
        reply.header('retry-after', String(limit.retryAfterSeconds));
        return sendProblem(reply, {
          status: 429,
          code: 'request.rate_limited',
          detail: `Too many checks from this address; try again in ${limit.retryAfterSeconds} s.`,
        });
      }
      return verifySealedPdf(request.ctx, request.params.sha256);
    },
  );
};
