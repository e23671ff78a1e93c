import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config.ts';
import { paymentProvidersFromConfig, stripeHostOptions, WebhookSignatureError } from './index.ts';
import { toProviderEvent } from './stripe.ts';

const env = (extra: Record<string, string>) => loadConfig({ ATRIUM_SECRET: 's'.repeat(40), ...extra });

describe('Stripe from the environment', () => {
  it('is off without both the secret key and the webhook secret', () => {
    expect(paymentProvidersFromConfig(env({})).stripe).toBeNull();
    expect(paymentProvidersFromConfig(env({ STRIPE_SECRET_KEY: 'sk_test_1' })).stripe).toBeNull();
    expect(paymentProvidersFromConfig(env({ STRIPE_WEBHOOK_SECRET: 'whsec_1' })).stripe).toBeNull();
    const on = paymentProvidersFromConfig(
      env({ STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' }),
    );
    expect(on.stripe?.id).toBe('stripe');
  });

  it('accepts the previous webhook secret during rotation, and no other', () => {
    const { stripe } = paymentProvidersFromConfig(
      env({
        STRIPE_SECRET_KEY: 'sk_test_1',
        STRIPE_WEBHOOK_SECRET: 'whsec_new',
        STRIPE_WEBHOOK_SECRET_PREVIOUS: 'whsec_old',
      }),
    );
    const now = new Date();
    const payload = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'customer.created',
      data: { object: {} },
    });
    const sign = (secret: string) => ({
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({
        payload,
        secret,
        timestamp: Math.floor(now.getTime() / 1000),
      }),
    });
    expect(stripe!.parseWebhook(Buffer.from(payload), sign('whsec_old'), now)).toMatchObject({
      kind: 'ignored',
    });
    expect(stripe!.parseWebhook(Buffer.from(payload), sign('whsec_new'), now)).toMatchObject({
      event_id: 'evt_1',
    });
    expect(() => stripe!.parseWebhook(Buffer.from(payload), sign('whsec_other'), now)).toThrow(
      WebhookSignatureError,
    );
  });

  it('STRIPE_API_BASE becomes the client’s host, port and protocol; a bad one is a configuration error', () => {
    expect(stripeHostOptions('http://127.0.0.1:12111')).toEqual({
      host: '127.0.0.1',
      port: '12111',
      protocol: 'http',
    });
    expect(stripeHostOptions('https://stripe.internal')).toEqual({
      host: 'stripe.internal',
      port: '443',
      protocol: 'https',
    });
    expect(stripeHostOptions(undefined)).toEqual({});
    expect(() => env({ STRIPE_API_BASE: 'ftp://x' })).toThrow(/STRIPE_API_BASE/);
  });
});

describe('Stripe events as billing reads them', () => {
  const session = {
    id: 'cs_1',
    object: 'checkout.session',
    mode: 'payment',
    client_reference_id: 'inv-ref',
    metadata: { invoice_id: 'inv-meta' },
    payment_intent: { id: 'pi_1' },
    payment_status: 'paid',
    payment_method_types: ['card', 'link'],
    amount_total: 1234,
    currency: 'cad',
  };
  const event = (type: string, object: unknown) =>
    ({ id: 'evt_1', type, data: { object } }) as unknown as Stripe.Event;

  it('a paid session: the invoice from metadata, the payment intent as the payment id, the currency upper case', () => {
    expect(toProviderEvent(event('checkout.session.completed', session))).toEqual({
      event_id: 'evt_1',
      type: 'checkout.session.completed',
      kind: 'payment_succeeded',
      invoice_id: 'inv-meta',
      external_id: 'pi_1',
      session_id: 'cs_1',
      amount_cents: 1234,
      currency: 'CAD',
      method: 'online',
    });
  });

  it('unpaid waits; a subscription or setup session is not ours; a charge without payment intent is ignored', () => {
    expect(
      toProviderEvent(event('checkout.session.completed', { ...session, payment_status: 'unpaid' })).kind,
    ).toBe('payment_pending');
    expect(toProviderEvent(event('checkout.session.completed', { ...session, mode: 'setup' })).kind).toBe(
      'ignored',
    );
    expect(toProviderEvent(event('charge.refunded', { payment_intent: null, amount_refunded: 5 })).kind).toBe(
      'ignored',
    );
    expect(
      toProviderEvent(event('charge.refunded', { payment_intent: 'pi_1', amount_refunded: 5, metadata: {} })),
    ).toMatchObject({ kind: 'refunded', external_id: 'pi_1', refunded_total_cents: 5, invoice_id: null });
  });
});
