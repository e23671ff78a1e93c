import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { pageQuery, paginate, paginationSchema, timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { findAuditEntries } from './audit.service.ts';
import { auditSealRoutes } from './audit-seal.routes.ts';

const auditEntrySchema = z
  .object({
    id: z.string(),
    occurred_at: timestampSchema,
    actor_type: z.string(),
    actor_id: z.string().nullable(),
    role: z.string(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    action: z.string(),
    entity: z.string(),
    entity_id: z.string().nullable(),
    customer_id: z.string().nullable(),
    changed_fields: z.array(z.string()),
    metadata: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(auditSealRoutes);

  app.get(
    '/audit',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['audit'],
        operationId: 'listAuditEntries',
        summary: 'Read the audit log (admin)',
        querystring: z.strictObject({
          entity: z.string().trim().min(1).max(64).optional(),
          entity_id: uuidSchema.optional(),
          customer_id: uuidSchema.optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({ data: z.array(auditEntrySchema), pagination: paginationSchema }),
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
        },
      },
    },
    async (request) => {
      const { rows, total } = await findAuditEntries(request.ctx, request.query);
      return { data: rows, pagination: paginate(total, request.query.page, request.query.per_page) };
    },
  );
};
