import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../core/http.ts';
import { idParams, paginate } from '../../core/schemas.ts';
import { emailListQuery, emailListSchema, emailSchema } from './mail.schemas.ts';
import { maskSecrets } from './mail.secrets.ts';
import { type EmailRow, findEmails, getEmail, retryEmail } from './mail.service.ts';

/** A message as staff see it: its secrets (a signer's link, a code) as dots, never their values. */
function shown<T extends Pick<EmailRow, 'subject'> & Partial<Pick<EmailRow, 'html' | 'text'>>>(email: T): T {
  const { secrets: _secrets, ...rest } = email as T & { secrets?: unknown };
  return {
    ...(rest as T),
    subject: maskSecrets(email.subject),
    ...(email.html === undefined ? {} : { html: maskSecrets(email.html) }),
    ...(email.text === undefined ? {} : { text: maskSecrets(email.text) }),
  };
}

/*
 * The outbox: staff and admins follow what was sent to customers, advisors read it, admins
 * put a failed message back in the queue. Clients have their own documents, not the outbox.
 */
const readers = ['admin', 'staff', 'advisor'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['mail'];

export const mailRoutes: FastifyPluginAsyncZod<{ mailConfigured: boolean }> = async (app, options) => {
  app.get(
    '/outbox',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'listEmails',
        summary:
          'Messages sent, waiting or refused, newest first (filters: customer, invoice, quote, order, status, kind); mail_configured says whether anything can be sent',
        querystring: emailListQuery,
        response: { 200: emailListSchema, ...problems },
      },
    },
    async (request) => {
      const { rows, total } = await findEmails(request.ctx, request.query);
      return {
        data: rows.map(shown),
        pagination: paginate(total, request.query.page, request.query.per_page),
        mail_configured: options.mailConfigured,
      };
    },
  );

  app.get(
    '/outbox/:id',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'getEmail',
        summary: 'One message with its HTML and text, as sent (a preview)',
        params: idParams,
        response: { 200: emailSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => shown(await getEmail(request.ctx, request.params.id)),
  );

  app.post(
    '/outbox/:id/retry',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        operationId: 'retryEmail',
        summary: 'Put a failed message back in the queue, its attempts reset (admin); 409 unless failed',
        params: idParams,
        response: { 200: emailSchema, ...problems, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => shown(await retryEmail(request.ctx, request.params.id)),
  );
};
