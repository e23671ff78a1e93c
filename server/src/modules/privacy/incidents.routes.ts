import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import {
  incidentCreateSchema,
  incidentDetailSchema,
  incidentListQuery,
  incidentListSchema,
  incidentPatchSchema,
} from './incidents.schemas.ts';
import {
  createPrivacyIncident,
  exportPrivacyIncidentsCsv,
  findPrivacyIncidents,
  getPrivacyIncident,
  updatePrivacyIncident,
} from './incidents.service.ts';

// The register names people and what happened to their information: admins only.
const access = ['admin'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['privacy'];

/** The Loi 25 register of confidentiality incidents. Entries are never deleted: there is no DELETE. */
export const privacyIncidentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/privacy/incidents',
    {
      config: { access },
      schema: {
        tags,
        operationId: 'listPrivacyIncidents',
        summary: 'List the register of confidentiality incidents (admin)',
        querystring: incidentListQuery,
        response: { 200: incidentListSchema, ...problems },
      },
    },
    async (request) => findPrivacyIncidents(request.ctx, request.query),
  );

  app.post(
    '/privacy/incidents',
    {
      config: { access },
      schema: {
        tags,
        operationId: 'createPrivacyIncident',
        summary: 'Register a confidentiality incident; it gets the next number of the year (admin)',
        body: incidentCreateSchema,
        response: { 201: incidentDetailSchema, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createPrivacyIncident(request.ctx, request.body)),
  );

  // A static segment: matched before `/:id`, whatever the order of registration.
  app.get(
    '/privacy/incidents/export',
    {
      config: { access },
      schema: {
        tags,
        operationId: 'exportPrivacyIncidents',
        summary: 'The whole register as CSV (UTF-8 with BOM, French headers), as the CAI asks for it (admin)',
        response: {
          200: {
            description: 'The register, one row per incident',
            content: { 'text/csv': { schema: z.string() } },
          },
          ...problems,
        },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="registre-incidents-confidentialite.csv"')
        .send(await exportPrivacyIncidentsCsv(request.ctx)),
  );

  app.get(
    '/privacy/incidents/:id',
    {
      config: { access },
      schema: {
        tags,
        operationId: 'getPrivacyIncident',
        summary: 'Read one entry of the register, with the customers it concerns (admin)',
        params: idParams,
        response: { 200: incidentDetailSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getPrivacyIncident(request.ctx, request.params.id),
  );

  app.patch(
    '/privacy/incidents/:id',
    {
      config: { access },
      schema: {
        tags,
        operationId: 'updatePrivacyIncident',
        summary:
          'Change an entry (assessment, measures, notifications, status); a closed one is read-only (admin)',
        params: idParams,
        body: incidentPatchSchema,
        response: {
          200: incidentDetailSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => updatePrivacyIncident(request.ctx, request.params.id, request.body),
  );
};
