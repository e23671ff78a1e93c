import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventStatuses } from '../../core/events.tables.ts';
import { findEvents } from '../../core/events.ts';
import { problemSchema } from '../../core/http.ts';
import {
  idParams,
  pageQuery,
  paginate,
  paginationSchema,
  timestampSchema,
  uuidSchema,
} from '../../core/schemas.ts';
import { retryFailedEvent } from './events.service.ts';

const domainEventSchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    type: z.string(),
    customer_id: z.string().nullable(),
    entity: z.string(),
    entity_id: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    actor_type: z.string(),
    actor_id: z.string().nullable(),
    created_at: timestampSchema,
    status: z.enum(eventStatuses),
    attempts: z.number().int(),
    next_attempt_at: timestampSchema.nullable(),
    last_error: z.string().nullable(),
    processed_at: timestampSchema.nullable(),
  })
  .meta({ id: 'DomainEvent' });

const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

/** The outbox as admins see it: what is waiting, what was handled, what failed for good. */
export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/admin/events',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        operationId: 'listDomainEvents',
        summary:
          'Events recorded with each change and their delivery to handlers (admin); status=failed lists the dead letters',
        querystring: z.strictObject({
          status: z.enum(eventStatuses).optional(),
          type: z.string().trim().min(1).max(100).optional(),
          customer_id: uuidSchema.optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({ data: z.array(domainEventSchema), pagination: paginationSchema }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { rows, total } = await findEvents(request.ctx, request.query);
      return { data: rows, pagination: paginate(total, request.query.page, request.query.per_page) };
    },
  );

  app.post(
    '/admin/events/:id/retry',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        operationId: 'retryDomainEvent',
        summary: 'Put a failed (dead-lettered) event back in the queue (admin)',
        params: idParams,
        response: { 200: domainEventSchema, ...problems, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => retryFailedEvent(request.ctx, request.params.id),
  );
};
