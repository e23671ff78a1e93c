import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { activitySchema, manualActivityBody, timelineQuery, timelineSchema } from './timeline.schemas.ts';
import { findActivities, logManualActivity } from './timeline.service.ts';

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

  app.post(
    '/customers/:id/activities',
    {
      config: { access: writers },
      schema: {
        tags: ['timeline'],
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
