import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { recordAudit } from '../audit/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { activitySchema, manualActivityBody, timelineQuery, timelineSchema } from './timeline.schemas.ts';
import { findActivities, logActivity } from './timeline.service.ts';

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
      const activity = await request.ctx.db.transaction(async (tx) => {
        const ctx = { ...request.ctx, db: tx };
        await getCustomerOrThrow(ctx, request.params.id, { forUpdate: true, writable: true });
        const created = await logActivity(ctx, {
          customer_id: request.params.id,
          activity_type: request.body.activity_type,
          title: request.body.title,
          description: request.body.description ?? null,
          metadata: { event: 'activity.logged' },
        });
        await recordAudit(ctx, {
          action: 'activity.create',
          entity: 'customer_activity',
          entity_id: created.id,
          customer_id: request.params.id,
          changed_fields: ['activity_type', 'title', 'description'],
        });
        return created;
      });
      return reply.status(201).send(activity);
    },
  );
};
