import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/*
 * Stripe for the browser tests, as the server's tests have it (server/test/stripe.ts, which
 * needs their database setup): a local stand-in for api.stripe.com that creates Checkout
 * sessions, and webhook deliveries signed by the stripe package itself.
 */

export const stripeSecrets = { secretKey: 'sk_test_atrium_e2e', webhookSecret: 'whsec_test_atrium_e2e' };

export interface StripeStandIn {
  url: string;
  /** The form of each Checkout session asked for (`client_reference_id`, `success_url`…). */
  sessions: URLSearchParams[];
  close(): Promise<void>;
}

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const sessions: URLSearchParams[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (request.method !== 'POST' || request.url !== '/v1/checkout/sessions') {
        response.statusCode = 404;
        response.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'No stand-in' } }));
        return;
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      sessions.push(form);
      const id = `cs_test_e2e_${sessions.length}`;
      response.end(
        JSON.stringify({
          id,
          object: 'checkout.session',
          mode: 'payment',
          url: `https://checkout.stripe.com/c/pay/${id}`,
          client_reference_id: form.get('client_reference_id'),
          metadata: { invoice_id: form.get('metadata[invoice_id]') },
          amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
          currency: form.get('line_items[0][price_data][currency]'),
          payment_status: 'unpaid',
          status: 'open',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sessions,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A `checkout.session.completed` delivery for a card payment: its body and signed headers. */
export function checkoutCompleted(options: { invoiceId: string; sessionId: string; amountCents: number }) {
  const event = {
    id: `evt_e2e_${Date.now()}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    type: 'checkout.session.completed',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: options.sessionId,
        object: 'checkout.session',
        mode: 'payment',
        client_reference_id: options.invoiceId,
        metadata: { invoice_id: options.invoiceId },
        payment_intent: `pi_e2e_${Date.now()}`,
        payment_status: 'paid',
        payment_method_types: ['card'],
        amount_total: options.amountCents,
        currency: 'cad',
        status: 'complete',
      },
    },
  };
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: stripeSecrets.webhookSecret,
    timestamp: Math.floor(Date.now() / 1000),
  });
  return { payload, headers: { 'stripe-signature': signature, 'content-type': 'application/json' } };
}
