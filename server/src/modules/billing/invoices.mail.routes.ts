import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { emailSchema, escapeHtml } from '../mail/index.ts';
import { sendInvoiceEmail } from './invoices.mail.ts';
import { invoiceSendSchema } from './invoices.schemas.ts';
import type { PaymentSettings } from './payments.checkout.ts';
import { isPaymentLinkToken, openPaymentLink } from './payments.link.ts';

const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

const pages = {
  success: [
    'Merci! Votre paiement est en cours de traitement.',
    'Thank you! Your payment is being processed.',
  ],
  cancelled: ['Le paiement a été annulé.', 'The payment was cancelled.'],
  nothing_due: ['Cette facture n’a aucun solde à payer.', 'This invoice has no balance to pay.'],
} as const;

/** A small page in French then English: who opens a pay link has no account and no session. */
function page(kind: keyof typeof pages, retryUrl: string | null): string {
  const [fr, en] = pages[kind];
  const retry = retryUrl
    ? `<p><a href="${escapeHtml(retryUrl)}">Payer la facture</a> · <a href="${escapeHtml(retryUrl)}" lang="en">Pay the invoice</a></p>`
    : '';
  return `<!DOCTYPE html><html lang="fr-CA"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(fr)}</title></head><body style="font-family:Helvetica,Arial,sans-serif;max-width:560px;margin:48px auto;padding:0 16px;color:#1f2937;"><h1 style="font-size:22px;">${escapeHtml(fr)}</h1><p lang="en">${escapeHtml(en)}</p>${retry}</body></html>`;
}

export const invoiceMailRoutes: FastifyPluginAsyncZod<{ settings: PaymentSettings }> = async (
  app,
  { settings },
) => {
  app.post(
    '/invoices/:id/send',
    {
      config: { access: ['admin', 'staff'] },
      schema: {
        tags: ['invoices'],
        operationId: 'sendInvoice',
        summary:
          "Email an issued invoice (PDF attached, the pay-online link when Stripe is on) to the customer's address or `to`; queued, then sent by the mail job. A customer who refuses email or gave no consent gets nothing: the answer is the message with status suppressed and the reason",
        params: idParams,
        body: invoiceSendSchema,
        response: {
          202: emailSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await sendInvoiceEmail(
            request.ctx,
            settings,
            request.params.id,
            request.body ?? {},
            `${request.protocol}://${request.host}`,
          ),
        ),
  );

  app.get(
    '/public/invoices/:id/pay',
    {
      config: { access: 'public' },
      schema: {
        tags: ['payments'],
        operationId: 'openInvoicePaymentLink',
        summary:
          'The pay-online link of an invoice email: redirects (303) to a fresh Stripe Checkout page for the balance due. Stripe brings the payer back here with payment=success or cancelled (a short page). A wrong token is 404',
        security: [],
        params: idParams,
        querystring: z.object({
          token: z.string().min(1).max(100),
          payment: z.enum(['success', 'cancelled']).optional(),
        }),
        response: {
          200: {
            description: 'A short page: paid, cancelled, or nothing due',
            content: { 'text/html': { schema: z.string() } },
          },
          303: z.null().meta({ description: 'To Stripe Checkout (the Location header)' }),
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
          502: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const origin = `${request.protocol}://${request.host}`;
      const { id } = request.params;
      const { token, payment } = request.query;
      if (!settings.link_secret || !isPaymentLinkToken(settings.link_secret, id, token)) {
        throw new AppError('invoice.not_found', 'No such invoice', { invoice_id: id });
      }
      if (payment) {
        const again = new URL(request.url, origin);
        again.searchParams.delete('payment');
        return reply
          .type('text/html; charset=utf-8')
          .send(page(payment, payment === 'cancelled' ? again.pathname + again.search : null));
      }
      const outcome = await openPaymentLink(request.ctx, settings, id, token, origin);
      if (outcome.kind === 'nothing_due')
        return reply.type('text/html; charset=utf-8').send(page('nothing_due', null));
      return reply.redirect(outcome.url, 303);
    },
  );
};
