import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { problemSchema } from '../../core/http.ts';
import { WebhookSignatureError } from './payment-providers/index.ts';
import type { PaymentSettings } from './payments.checkout.ts';
import { webhookAckSchema } from './payments.schemas.ts';
import { handleProviderEvent, stripeEventLog } from './payments.webhooks.ts';

/**
 * Stripe's webhook. Its signature covers the body byte for byte, so this plugin (and only it:
 * content-type parsers are encapsulated, never register it with fastify-plugin) keeps the raw
 * Buffer whatever the content type. Public: Stripe signs, it does not sign in.
 */
export const stripeWebhookRoutes: FastifyPluginAsyncZod<{ settings: PaymentSettings }> = async (
  app,
  { settings },
) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post(
    '/webhooks/stripe',
    {
      config: { access: 'public' },
      schema: {
        tags: ['payments'],
        operationId: 'receiveStripeWebhook',
        summary:
          "Stripe's events (checkout.session.completed, checkout.session.async_payment_succeeded, checkout.session.async_payment_failed, charge.refunded), verified with the Stripe-Signature header over the raw body (5 minutes' tolerance). Each event applies once; other types are acknowledged and ignored",
        security: [],
        headers: z.object({ 'stripe-signature': z.string().max(2_000).optional() }),
        response: { 200: webhookAckSchema, 400: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const provider = settings.providers.stripe;
      if (!provider) {
        throw new AppError(
          'payment.online_unavailable',
          'Stripe is not configured on this server (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET)',
        );
      }
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let event: ReturnType<typeof provider.parseWebhook>;
      try {
        event = provider.parseWebhook(raw, request.headers, request.ctx.clock.now());
      } catch (error) {
        if (error instanceof WebhookSignatureError) {
          throw new AppError('webhook.signature_invalid', `Stripe-Signature refused: ${error.message}`);
        }
        throw error;
      }
      const outcome = await handleProviderEvent(request.ctx, 'stripe', event, stripeEventLog);
      if (outcome.startsWith('refused:')) {
        request.log.error({ event_id: event.event_id, type: event.type, outcome }, 'Stripe event refused');
      }
      return { received: true as const, outcome };
    },
  );
};
