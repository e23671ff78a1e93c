import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { customerSchema, getCustomerOrThrow } from '../customers/index.ts';
import { consentHistory, currentConsentStates, recordConsent } from './consents.service.ts';
import { privacyIncidentRoutes } from './incidents.routes.ts';
import { exportCustomerArchive } from './privacy.archive.ts';
import { anonymizeBody, consentBody, consentRecordSchema, consentsResponse } from './privacy.schemas.ts';
import { anonymizeCustomer, type ExportSection, exportCustomerData } from './privacy.service.ts';

const readers = ['admin', 'staff', 'advisor', 'client'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

export const privacyRoutes: FastifyPluginAsyncZod<{ exportSections?: readonly ExportSection[] }> = async (
  app,
  options,
) => {
  await app.register(privacyIncidentRoutes);

  app.get(
    '/customers/:id/consents',
    {
      config: { access: readers },
      schema: {
        tags: ['privacy'],
        operationId: 'listConsents',
        summary: 'Current state of every consent, and the full history',
        params: idParams,
        response: { 200: consentsResponse, ...problems },
      },
    },
    async (request) => {
      await getCustomerOrThrow(request.ctx, request.params.id, { purpose: 'consents' });
      const history = await consentHistory(request.ctx.db, request.params.id);
      return { current: currentConsentStates(history, request.ctx.clock.now()), history };
    },
  );

  app.post(
    '/customers/:id/consents',
    {
      // A client may give or withdraw their own consent.
      config: { access: readers },
      schema: {
        tags: ['privacy'],
        operationId: 'recordConsent',
        summary: 'Grant or revoke a consent (a new version; IP and collector recorded)',
        params: idParams,
        body: consentBody,
        response: { 201: consentRecordSchema, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordConsent(request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/customers/:id/export',
    {
      // Access to one's own data is a right: a client may export theirs.
      config: { access: ['admin', 'staff', 'client'] },
      schema: {
        tags: ['privacy'],
        operationId: 'exportCustomerData',
        summary: 'Everything Atrium keeps about the customer, as JSON (access request)',
        description:
          '`format=zip`: a zip of `customer.json` and the files themselves (documents, each version), each checked against its SHA-256 as it is read.',
        params: idParams,
        querystring: z.object({ format: z.enum(['json', 'zip']).default('json') }),
        response: {
          200: z
            .record(z.string(), z.unknown())
            .meta({ description: 'JSON, or application/zip with format=zip' }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const sections = options.exportSections ?? [];
      if (request.query.format === 'zip') {
        const archive = await exportCustomerArchive(request.ctx, request.params.id, sections);
        return reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="customer-${request.params.id}.zip"`)
          .send(archive as unknown as Record<string, unknown>);
      }
      const { document } = await exportCustomerData(request.ctx, request.params.id, { sections });
      return (
        reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="customer-${request.params.id}.json"`)
          // A stream is sent as it is, not through the (documented) response schema.
          .send(document as unknown as Record<string, unknown>)
      );
    },
  );

  app.post(
    '/customers/:id/anonymize',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['privacy'],
        operationId: 'anonymizeCustomer',
        summary: 'Irreversibly scrub personal data, keeping ids and non-personal history (admin)',
        params: idParams,
        body: anonymizeBody,
        response: { 200: customerSchema, ...problems, 422: problemSchema },
      },
    },
    async (request) => anonymizeCustomer(request.ctx, request.params.id, request.body.reason),
  );
};
