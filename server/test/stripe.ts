import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { Clock } from '../src/core/clock.ts';
import { createStripeProvider } from '../src/modules/billing/index.ts';
import { createTestApp, type TestApp } from './app.ts';

/*
 * Stripe, as far as tests need it: a local HTTP server standing in for api.stripe.com (the
 * real client is pointed at it with its host/port/protocol options), and events signed with
 * the stripe package's own test-header helper. Nothing else is faked.
 */

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The form-encoded body, as Stripe's API reads it (`metadata[invoice_id]`, `line_items[0][…]`). */
  form: URLSearchParams;
}

export interface FakeStripeApi {
  url: string;
  requests: ReceivedRequest[];
  /** The next responses, in order, before the default (a created checkout session). */
  queue: { status: number; body: unknown }[];
  close(): Promise<void>;
}

export async function startFakeStripeApi(): Promise<FakeStripeApi> {
  const requests: ReceivedRequest[] = [];
  const queue: FakeStripeApi['queue'] = [];
  let sessions = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        form,
      });
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          'request-id': `req_${requests.length}`,
        });
        response.end(JSON.stringify(body));
      };
      const next = queue.shift();
      if (next) return reply(next.status, next.body);
      if (request.method === 'POST' && request.url === '/v1/checkout/sessions') {
        sessions += 1;
        const id = `cs_test_${sessions}`;
        return reply(200, {
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
        });
      }
      return reply(404, { error: { type: 'invalid_request_error', message: `No fake for ${request.url}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queue,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let eventSequence = 0;

/** A Stripe event envelope around `object`, with a fresh id unless one is given. */
export function stripeEvent(type: string, object: Record<string, unknown>, id?: string) {
  eventSequence += 1;
  return {
    id: id ?? `evt_test_${Date.now()}_${eventSequence}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

export function checkoutSession(options: {
  invoiceId: string;
  sessionId: string;
  paymentIntent: string;
  amount: number;
  currency?: string;
  paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required';
}) {
  return {
    id: options.sessionId,
    object: 'checkout.session',
    mode: 'payment',
    client_reference_id: options.invoiceId,
    metadata: { invoice_id: options.invoiceId },
    payment_intent: options.paymentIntent,
    payment_status: options.paymentStatus ?? 'paid',
    payment_method_types: ['card'],
    amount_total: options.amount,
    currency: options.currency ?? 'cad',
    status: 'complete',
  };
}

export function refundedCharge(options: {
  paymentIntent: string;
  amount: number;
  amountRefunded: number;
  invoiceId?: string;
}) {
  return {
    id: `ch_${options.paymentIntent}`,
    object: 'charge',
    amount: options.amount,
    amount_refunded: options.amountRefunded,
    refunded: options.amountRefunded === options.amount,
    payment_intent: options.paymentIntent,
    metadata: options.invoiceId ? { invoice_id: options.invoiceId } : {},
    currency: 'cad',
  };
}

/** The body and Stripe-Signature header of a delivery, signed with `secret` at `timestamp` (seconds). */
export function signed(event: unknown, secret: string, timestamp: number) {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
  return { payload, headers: { 'stripe-signature': signature, 'content-type': 'application/json' } };
}

/** The webhook secrets the test app accepts: the current one and the previous one (rotation). */
export const stripeTest = {
  secretKey: 'sk_test_atrium',
  secret: 'whsec_test_current_secret',
  previousSecret: 'whsec_test_previous_secret',
};

/** The real app with Stripe configured, its API calls going to a fresh local stand-in. */
export async function createStripeTestApp(clock: Clock): Promise<{ t: TestApp; api: FakeStripeApi }> {
  const api = await startFakeStripeApi();
  const t = await createTestApp({
    clock,
    payments: {
      providers: {
        stripe: createStripeProvider({
          secretKey: stripeTest.secretKey,
          webhookSecrets: [stripeTest.secret, stripeTest.previousSecret],
          apiBase: api.url,
        }),
      },
      base_url: 'https://crm.example.com',
    },
  });
  return { t, api };
}
