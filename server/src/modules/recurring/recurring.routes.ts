import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import type { PaymentSettings } from '../billing/index.ts';
import { runRecurringInvoices } from './recurring.run.ts';
import {
  recurringRunQuery,
  recurringRunSchema,
  scheduleCreateSchema,
  scheduleDetailSchema,
  scheduleListQuery,
  scheduleListSchema,
  schedulePatchSchema,
} from './recurring.schemas.ts';
import {
  createSchedule,
  deleteSchedule,
  findSchedules,
  getSchedule,
  pauseSchedule,
  resumeSchedule,
  updateSchedule,
} from './recurring.service.ts';

/*
 * Staff and admins write schedules; advisors read them; clients never reach them (their
 * invoices reach them once issued). Running the schedules by hand is an admin's.
 */
const readers = ['admin', 'staff', 'advisor'] as const;
const writers = ['admin', 'staff'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['recurring-invoices'];

export const recurringRoutes: FastifyPluginAsyncZod<{ settings: PaymentSettings }> = async (
  app,
  { settings },
) => {
  app.get(
    '/recurring-invoices',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'listRecurringInvoices',
        summary: 'List recurring invoice schedules (filters: customer, status)',
        querystring: scheduleListQuery,
        response: { 200: scheduleListSchema, ...problems },
      },
    },
    async (request) => findSchedules(request.ctx, request.query),
  );

  app.post(
    '/recurring-invoices',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'createRecurringInvoice',
        summary:
          'Schedule an invoice every week, month, quarter or year from a start date, until an end date or for a count; lines as on invoices',
        body: scheduleCreateSchema,
        response: { 201: scheduleDetailSchema, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createSchedule(request.ctx, request.body)),
  );

  app.post(
    '/recurring-invoices/run',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        operationId: 'runRecurringInvoices',
        summary:
          'Create the invoices of every period due as of a day (admin; the daily job does it every morning): each period once, missed ones in order',
        querystring: recurringRunQuery,
        response: { 200: recurringRunSchema, ...problems, 422: problemSchema },
      },
    },
    async (request) =>
      runRecurringInvoices(request.ctx, settings, {
        as_of: request.query.as_of,
        request_origin: `${request.protocol}://${request.host}`,
      }),
  );

  app.get(
    '/recurring-invoices/:id',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'getRecurringInvoice',
        summary: 'Read a schedule with the invoices it generated (newest period first) and its next run',
        params: idParams,
        response: { 200: scheduleDetailSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getSchedule(request.ctx, request.params.id),
  );

  app.patch(
    '/recurring-invoices/:id',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'updateRecurringInvoice',
        summary:
          'Change a schedule (`lines` replaces them whole); frequency and start are fixed once it billed (422); an ended one is 409',
        params: idParams,
        body: schedulePatchSchema,
        response: {
          200: scheduleDetailSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => updateSchedule(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/recurring-invoices/:id',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'deleteRecurringInvoice',
        summary: 'Delete a schedule that never billed; one that did is 409 (pause it or give it an end)',
        params: idParams,
        response: { 204: z.null(), ...problems, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      await deleteSchedule(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/recurring-invoices/:id/pause',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'pauseRecurringInvoice',
        summary: 'Pause a schedule: no invoice while paused; an ended one is 409',
        params: idParams,
        response: { 200: scheduleDetailSchema, ...problems, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => pauseSchedule(request.ctx, request.params.id),
  );

  app.post(
    '/recurring-invoices/:id/resume',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'resumeRecurringInvoice',
        summary:
          'Resume a paused schedule from the first period starting today or later: periods that started while paused are not billed',
        params: idParams,
        response: { 200: scheduleDetailSchema, ...problems, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => resumeSchedule(request.ctx, request.params.id),
  );
};
