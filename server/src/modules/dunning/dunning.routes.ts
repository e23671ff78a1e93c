import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import type { PaymentSettings } from '../billing/index.ts';
import {
  dunningOverviewSchema,
  dunningPauseSchema,
  dunningRunQuery,
  dunningRunSchema,
  dunningStateSchema,
  invoiceRemindersSchema,
} from './dunning.schemas.ts';
import {
  getDunningOverview,
  getDunningPause,
  getInvoiceReminders,
  runDunning,
  setDunningPause,
} from './dunning.service.ts';

/*
 * Admins run dunning by hand and pause a customer's reminders; staff and advisors read where
 * an invoice's reminders stand and whether a customer's are paused.
 */
const readers = ['admin', 'staff', 'advisor'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['dunning'];

export const dunningRoutes: FastifyPluginAsyncZod<{ settings: PaymentSettings }> = async (
  app,
  { settings },
) => {
  app.post(
    '/dunning/run',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        operationId: 'runDunning',
        summary:
          'Queue the reminders due as of a day (admin; the daily job does it every morning): level 1 at +3 days past due, 2 at +10, 3 at +21, 4 at +30, each once per invoice; after missed days only the highest level due',
        querystring: dunningRunQuery,
        response: { 200: dunningRunSchema, ...problems, 422: problemSchema },
      },
    },
    async (request) =>
      runDunning(request.ctx, settings, {
        as_of: request.query.as_of,
        request_origin: `${request.protocol}://${request.host}`,
      }),
  );

  app.get(
    '/dunning',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        operationId: 'getDunningOverview',
        summary: 'The reminder levels and their days past due, and the last run that finished (admin)',
        response: { 200: dunningOverviewSchema, ...problems },
      },
    },
    async (request) => getDunningOverview(request.ctx),
  );

  app.get(
    '/invoices/:id/reminders',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'getInvoiceReminders',
        summary:
          "An invoice's reminders (sent and skipped levels), its last reminder and the level due today",
        params: idParams,
        response: { 200: invoiceRemindersSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getInvoiceReminders(request.ctx, request.params.id),
  );

  app.get(
    '/customers/:id/dunning',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'getCustomerDunning',
        summary: "Whether the customer's reminders are paused, and why",
        params: idParams,
        response: { 200: dunningStateSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getDunningPause(request.ctx, request.params.id),
  );

  app.put(
    '/customers/:id/dunning',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        operationId: 'setCustomerDunning',
        summary:
          "Pause (with a reason) or resume the customer's reminders (admin); resumed, a run sends only the highest level then due",
        params: idParams,
        body: dunningPauseSchema,
        response: { 200: dunningStateSchema, ...problems, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request) => setDunningPause(request.ctx, request.params.id, request.body),
  );
};
