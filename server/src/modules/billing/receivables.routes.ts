import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { wantsCsv } from '../../core/csv.ts';
import { problemSchema } from '../../core/http.ts';
import { receivablesQuery, receivablesSchema } from './receivables.schemas.ts';
import { exportReceivablesCsv, getReceivables } from './receivables.service.ts';

// Every customer's balance and how late: the office's view, not an advisor's or a client's.
const access = ['admin', 'staff'] as const;

export const receivableRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/receivables',
    {
      config: { access },
      schema: {
        tags: ['receivables'],
        operationId: 'listReceivables',
        summary:
          'Accounts receivable as of a day (default today in Montréal): each customer owing something, aged by days past due, with totals; CSV with `format=csv` or `Accept: text/csv`',
        querystring: receivablesQuery,
        response: {
          200: {
            description:
              'The receivables (JSON: one page and the totals; CSV: every row, dollars with a dot)',
            content: {
              'application/json': { schema: receivablesSchema },
              'text/csv': { schema: z.string() },
            },
          },
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
        },
      },
    },
    async (request, reply) => {
      if (!wantsCsv(request.query.format, request.headers.accept)) {
        return reply.type('application/json').send(await getReceivables(request.ctx, request.query));
      }
      const csv = await exportReceivablesCsv(request.ctx, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="comptes-clients-${request.query.as_of ?? 'aujourdhui'}.csv"`,
        )
        .send(csv);
    },
  );
};
