import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { createInvoiceCheckout, onlinePaymentStatus, type PaymentSettings } from './payments.checkout.ts';
import {
  checkoutCreateSchema,
  checkoutSchema,
  paymentCreateSchema,
  paymentListQuery,
  paymentListSchema,
  paymentProvidersSchema,
  paymentRecordedSchema,
} from './payments.schemas.ts';
import { listPayments, recordManualPayment } from './payments.service.ts';

/*
 * Staff and admins record payments by hand; advisors read them; a client reads those of their
 * own customer's issued invoices and may pay such an invoice online (checkout), as staff may
 * on their behalf. Stripe's webhook is public (payments.webhooks.routes.ts).
 */
const everyone = ['admin', 'staff', 'advisor', 'client'] as const;
const recorders = ['admin', 'staff'] as const;
const payers = ['admin', 'staff', 'client'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['payments'];

export const paymentRoutes: FastifyPluginAsyncZod<{ settings: PaymentSettings }> = async (app, options) => {
  const { settings } = options;

  app.post(
    '/invoices/:id/payments',
    {
      config: { access: recorders },
      schema: {
        tags,
        operationId: 'recordInvoicePayment',
        summary:
          'Record a payment received by hand (cash, cheque, Interac, card terminal); partial allowed. More than the balance due needs allow_overpayment: the rest becomes a credit on the ledger. With an Idempotency-Key, the same submission sent again records nothing more and answers 200 with the first payment',
        params: idParams,
        headers: z.object({
          'idempotency-key': z.string().trim().min(1).max(200).optional().meta({
            description: 'One per payment form: a resubmission (double click, retry) records one payment',
          }),
        }),
        body: paymentCreateSchema,
        response: {
          200: paymentRecordedSchema,
          201: paymentRecordedSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const { replayed, ...recorded } = await recordManualPayment(
        request.ctx,
        request.params.id,
        request.body,
        request.headers['idempotency-key'] ?? null,
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(replayed ? 200 : 201).send(recorded);
    },
  );

  app.get(
    '/invoices/:id/payments',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'listInvoicePayments',
        summary: 'The payments of an invoice, newest first',
        params: idParams,
        querystring: paymentListQuery,
        response: { 200: paymentListSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => listPayments(request.ctx, request.params.id, request.query),
  );

  app.post(
    '/invoices/:id/checkout',
    {
      config: { access: payers },
      schema: {
        tags,
        operationId: 'createInvoiceCheckout',
        summary:
          'Open a Stripe Checkout page for the balance due (or part of it); the payment is recorded when Stripe confirms it. 409 payment.online_unavailable when Stripe is not configured',
        params: idParams,
        body: checkoutCreateSchema,
        response: {
          201: checkoutSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
          502: problemSchema,
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createInvoiceCheckout(
            request.ctx,
            settings,
            request.params.id,
            request.body ?? {},
            `${request.protocol}://${request.host}`,
          ),
        ),
  );

  app.get(
    '/payments/providers',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'getPaymentProviders',
        summary: 'Which online payment providers this server has (none: online payment is off)',
        response: { 200: paymentProvidersSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async () => onlinePaymentStatus(settings),
  );
};
