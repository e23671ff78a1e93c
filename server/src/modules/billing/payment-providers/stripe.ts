import Stripe from 'stripe';
import { AppError } from '../../../core/errors.ts';
import {
  type CheckoutRequest,
  type PaymentProvider,
  type ProviderEvent,
  type WebhookHeaders,
  WebhookSignatureError,
} from './provider.ts';

/** Stripe's own recommendation, and the issue's: a delivery signed more than 5 minutes ago is refused. */
export const webhookToleranceSeconds = 300;

export interface StripeSettings {
  secretKey: string;
  /** Current first; the previous one is accepted while Stripe rolls the secret over. */
  webhookSecrets: string[];
  /** e.g. http://127.0.0.1:12111 (tests, stripe-mock); api.stripe.com when unset. */
  apiBase?: string;
}

/** The client's host/port/protocol options from a base URL. */
export function stripeHostOptions(apiBase: string | undefined) {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port || (protocol === 'http' ? '80' : '443'),
    protocol,
  } as const;
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

/** What a checkout session says about the invoice it pays (set by createCheckout). */
function invoiceIdOf(session: Stripe.Checkout.Session): string | null {
  return session.metadata?.invoice_id ?? session.client_reference_id ?? null;
}

/** Stripe lists the kinds of payment the session offered; when it offered one, that is how it was paid. */
function methodOf(session: Stripe.Checkout.Session): string {
  const types = session.payment_method_types ?? [];
  return types.length === 1 ? types[0]!.slice(0, 40) : 'online';
}

/** A verified Stripe event, reduced to what billing acts on. */
export function toProviderEvent(event: Stripe.Event): ProviderEvent {
  const base = { event_id: event.id, type: event.type };
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object;
      if (session.mode !== 'payment') return { ...base, kind: 'ignored' };
      const invoice_id = invoiceIdOf(session);
      if (event.type === 'checkout.session.async_payment_failed') {
        return { ...base, kind: 'payment_failed', invoice_id, session_id: session.id };
      }
      if (session.payment_status === 'unpaid') {
        return { ...base, kind: 'payment_pending', invoice_id, session_id: session.id };
      }
      if (session.payment_status !== 'paid') return { ...base, kind: 'ignored' };
      return {
        ...base,
        kind: 'payment_succeeded',
        invoice_id,
        external_id: idOf(session.payment_intent) ?? session.id,
        session_id: session.id,
        amount_cents: session.amount_total ?? 0,
        currency: (session.currency ?? '').toUpperCase(),
        method: methodOf(session),
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const paymentIntent = idOf(charge.payment_intent);
      if (!paymentIntent) return { ...base, kind: 'ignored' };
      return {
        ...base,
        kind: 'refunded',
        external_id: paymentIntent,
        refunded_total_cents: charge.amount_refunded,
        invoice_id: charge.metadata?.invoice_id ?? null,
      };
    }
    default:
      return { ...base, kind: 'ignored' };
  }
}

/** A refusal from Stripe's API as problem+json: its fault (502) or the request's (422). */
function providerError(error: unknown): AppError | unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeCardError
  ) {
    return new AppError('payment.provider_refused', `Stripe refused the checkout: ${error.message}`, {
      provider: 'stripe',
      provider_code: error.code ?? null,
    });
  }
  return new AppError('payment.provider_unavailable', 'Stripe could not be reached; try again shortly', {
    provider: 'stripe',
    provider_error: error.type,
  });
}

export function createStripeProvider(settings: StripeSettings): PaymentProvider {
  const client = new Stripe(settings.secretKey, {
    ...stripeHostOptions(settings.apiBase),
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'Atrium' },
  });
  return {
    id: 'stripe',

    async createCheckout(_ctx, request: CheckoutRequest) {
      const { invoice } = request;
      const metadata = { invoice_id: invoice.id, invoice_number: invoice.number };
      let session: Stripe.Checkout.Session;
      try {
        session = await client.checkout.sessions.create({
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: invoice.currency.toLowerCase(),
                unit_amount: request.amount_cents,
                product_data: {
                  name: `${request.locale === 'en' ? 'Invoice' : 'Facture'} ${invoice.number}`,
                },
              },
            },
          ],
          client_reference_id: invoice.id,
          metadata,
          // On the payment (and its charges) too: a refund names the invoice it belongs to.
          payment_intent_data: { metadata },
          locale: request.locale,
          success_url: request.success_url,
          cancel_url: request.cancel_url,
        });
      } catch (error) {
        throw providerError(error);
      }
      if (!session.url) {
        throw new AppError('payment.provider_unavailable', 'Stripe returned no checkout page', {
          provider: 'stripe',
        });
      }
      return { url: session.url, session_id: session.id };
    },

    parseWebhook(rawBody: Buffer, headers: WebhookHeaders, receivedAt: Date) {
      const signature = headers['stripe-signature'];
      if (typeof signature !== 'string' || signature === '') {
        throw new WebhookSignatureError('there is no Stripe-Signature header');
      }
      let failure = 'it does not match the body with the webhook secret(s) configured';
      for (const secret of settings.webhookSecrets) {
        let event: Stripe.Event;
        try {
          event = client.webhooks.constructEvent(
            rawBody,
            signature,
            secret,
            webhookToleranceSeconds,
            undefined,
            receivedAt.getTime(),
          );
        } catch (error) {
          // A signature that matched but is too old says more than another secret's mismatch.
          if (error instanceof Error && /tolerance/i.test(error.message)) {
            failure = `it is more than ${webhookToleranceSeconds} s old (timestamp outside the tolerance)`;
          }
          continue;
        }
        // Signed, yet not shaped like an event: nothing Stripe sends, refused like a bad signature.
        if (typeof event?.id !== 'string' || typeof event.data?.object !== 'object' || !event.data.object) {
          throw new WebhookSignatureError('the body is not a Stripe event');
        }
        return toProviderEvent(event);
      }
      throw new WebhookSignatureError(failure);
    },
  };
}
