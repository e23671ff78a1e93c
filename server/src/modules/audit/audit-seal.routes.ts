import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../core/http.ts';
import { auditVerificationSchema, sealResultSchema } from './audit-seal.schemas.ts';
import { sealAuditLog, verifyAuditLog } from './audit-seal.service.ts';

export const auditSealRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/audit/seal',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Seal the audit entries written since the last seal (admin)',
        description: 'The job does this every minute; a block is made only when there are new entries.',
        operationId: 'sealAuditLog',
        response: { 200: sealResultSchema, 401: problemSchema, 403: problemSchema, 422: problemSchema },
      },
    },
    async (request) => ({ block: await sealAuditLog(request.ctx) }),
  );

  app.get(
    '/audit/verify',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the sealed audit log and name the first entry that no longer matches (admin)',
        operationId: 'verifyAuditLog',
        response: { 200: auditVerificationSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => verifyAuditLog(request.ctx),
  );
};
