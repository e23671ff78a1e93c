import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { wantsCsv } from '../../core/csv.ts';
import { problemSchema } from '../../core/http.ts';
import { salesTaxQuery, salesTaxReportSchema } from './sales-taxes.schemas.ts';
import { exportSalesTaxCsv, getSalesTaxReport } from './sales-taxes.service.ts';

// What the business collected and owes the tax authorities: admins only.
const access = ['admin'] as const;

export const salesTaxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/reports/sales-taxes',
    {
      config: { access },
      schema: {
        tags: ['reports'],
        operationId: 'getSalesTaxReport',
        summary:
          'GST/QST collected per month of a period, net of credit notes, with the documents behind each figure (admin); CSV, one row per document, with `format=csv` or `Accept: text/csv`',
        querystring: salesTaxQuery,
        response: {
          200: {
            description: 'The report (JSON), or one CSV row per invoice and credit note',
            content: {
              'application/json': { schema: salesTaxReportSchema },
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
      const { query } = request;
      if (!wantsCsv(query.format, request.headers.accept)) {
        return reply.type('application/json').send(await getSalesTaxReport(request.ctx, query));
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="taxes-${query.from}-${query.to}.csv"`)
        .send(await exportSalesTaxCsv(request.ctx, query));
    },
  );
};
