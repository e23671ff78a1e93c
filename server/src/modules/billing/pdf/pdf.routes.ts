import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../../core/http.ts';
import { idParams } from '../../../core/schemas.ts';
import { getCreditNote } from '../credit-notes.service.ts';
import { creditNotePdfModel } from './credit-note.pdf.ts';
import type { PdfLanguage } from './document.model.ts';
import { renderCreditNotePdf } from './document.render.ts';
import { invoicePdf } from './invoice.pdf.ts';
import { customerStatementPdf } from './statement.pdf.ts';

/*
 * Documents as PDF, shown inline by the browser. Who may read one is who may read what it
 * shows: an invoice's readers (a client: their own issued invoices), a customer's statement
 * for staff roles and for the client themself; anything else is a 404 as if it did not exist.
 */
const readers = ['admin', 'staff', 'advisor', 'client'] as const;
const tags = ['documents'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

const languages = { 'fr-CA': 'fr-CA', fr: 'fr-CA', 'en-CA': 'en-CA', en: 'en-CA' } as const satisfies Record<
  string,
  PdfLanguage
>;

const langSchema = z
  .enum(Object.keys(languages) as [keyof typeof languages, ...(keyof typeof languages)[]], {
    error: 'Must be fr-CA or en-CA',
  })
  .transform((value) => languages[value])
  .optional()
  .meta({ description: "The document's language; default: the customer's (language_code)" });

const dateSchema = z.iso.date({ error: 'Must be a date YYYY-MM-DD' });

export const pdfQuerySchema = z.object({ lang: langSchema });

export const statementQuerySchema = z
  .object({
    from: dateSchema
      .optional()
      .meta({ description: "First day (company time zone); default: the 1st of `to`'s month" }),
    to: dateSchema.optional().meta({ description: 'Last day, included; default: today' }),
    lang: langSchema,
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ['from'],
    error: 'Must not be after to',
  });

/** The 200 response of a route that answers a PDF. */
export const pdfResponse = {
  description: 'The document as PDF (shown inline)',
  content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
};

export function sendPdf(reply: FastifyReply, filename: string, pdf: Buffer) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .send(pdf);
}

export const pdfRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/invoices/:id/pdf',
    {
      config: { access: readers },
      schema: {
        tags: ['invoices', ...tags],
        operationId: 'getInvoicePdf',
        summary:
          "An invoice as PDF, in the customer's language unless `lang` says otherwise; a draft is marked BROUILLON",
        params: idParams,
        querystring: pdfQuerySchema,
        response: { 200: pdfResponse, ...problems },
      },
    },
    async (request, reply) => {
      const { filename, pdf } = await invoicePdf(request.ctx, request.params.id, request.query.lang);
      return sendPdf(reply, filename, pdf);
    },
  );

  app.get(
    '/credit-notes/:id/pdf',
    {
      config: { access: readers },
      schema: {
        tags: ['credit-notes', ...tags],
        operationId: 'getCreditNotePdf',
        summary:
          "A credit note as PDF, naming the invoice it credits, in the customer's language unless `lang` says otherwise",
        params: idParams,
        querystring: pdfQuerySchema,
        response: { 200: pdfResponse, ...problems },
      },
    },
    async (request, reply) => {
      const note = await getCreditNote(request.ctx, request.params.id);
      const model = await creditNotePdfModel(request.ctx, note, request.query.lang);
      return sendPdf(reply, `${note.number}.pdf`, await renderCreditNotePdf(model));
    },
  );

  app.get(
    '/customers/:id/statement',
    {
      config: { access: readers },
      schema: {
        tags: ['finances', ...tags],
        operationId: 'getCustomerStatement',
        summary:
          'A statement of account as PDF for a period: opening balance, every ledger entry with the running balance, closing balance, then the invoices open at its end with their aging',
        params: idParams,
        querystring: statementQuerySchema,
        response: { 200: pdfResponse, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const { filename, pdf } = await customerStatementPdf(request.ctx, request.params.id, request.query);
      return sendPdf(reply, filename, pdf);
    },
  );
};
