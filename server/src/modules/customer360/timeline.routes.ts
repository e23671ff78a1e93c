import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { timezoneSchema } from '../../core/validation.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import {
  activitySchema,
  countActivitiesPerMonth,
  findActivities,
  manualActivityBody,
  timelineQuery,
  timelineSchema,
} from '../timeline/index.ts';
import { logManualActivity } from './activities.service.ts';

const readers = ['admin', 'staff', 'advisor', 'client'] as const;
const writers = ['admin', 'staff', 'advisor'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

export const timelineRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers/:id/timeline',
    {
      config: { access: readers },
      schema: {
        tags: ['timeline'],
        operationId: 'listTimeline',
        summary: "A customer's timeline, newest first",
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelineSchema, ...problems },
      },
    },
    async (request) => {
      await getCustomerOrThrow(request.ctx, request.params.id, { purpose: 'timeline' });
      const { rows, pagination, next_cursor } = await findActivities(
        request.ctx,
        request.params.id,
        request.query,
      );
      return { data: rows, pagination, next_cursor };
    },
  );

  app.get(
    '/customers/:id/timeline/monthly',
    {
      config: { access: readers },
      schema: {
        tags: ['timeline'],
        operationId: 'countActivitiesPerMonth',
        summary: 'Entries per calendar month over the last months (for a chart)',
        params: idParams,
        querystring: z.strictObject({
          months: z.coerce.number().int().min(1).max(60).default(12),
          tz: timezoneSchema.default('America/Montreal'),
        }),
        response: {
          200: z.object({ data: z.array(z.object({ month: z.string(), total: z.number().int() })) }),
          ...problems,
        },
      },
    },
    async (request) => {
      await getCustomerOrThrow(request.ctx, request.params.id, { purpose: 'timeline' });
      return {
        data: await countActivitiesPerMonth(
          request.ctx,
          request.params.id,
          request.query.months,
          request.query.tz,
        ),
      };
    },
  );

  app.post(
    '/customers/:id/activities',
    {
      config: { access: writers },
      schema: {
        tags: ['timeline'],
        operationId: 'logActivity',
        summary: 'Log a note, call, email, sms or appointment by hand',
        params: idParams,
        body: manualActivityBody,
        response: { 201: activitySchema, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const activity = await logManualActivity(request.ctx, request.params.id, request.body);
      return reply.status(201).send(activity);
    },
  );
};
