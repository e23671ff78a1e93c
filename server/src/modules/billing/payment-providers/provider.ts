import type { Ctx } from '../../../core/context.ts';

/*
 * An online payment provider, as billing sees it: it opens a hosted checkout for an invoice,
 * and turns its verified webhook deliveries into the few events billing acts on. Adding
 * PayPal, Square or Moneris is a file beside stripe.ts, its webhook route (payments.webhooks.routes.ts
 * makes one from the provider) and an entry in `paymentProvidersFromConfig`: nothing in
 * invoices or payments changes.
 */

export interface CheckoutRequest {
  invoice: { id: string; number: string; currency: string; customer_id: string };
  amount_cents: number;
  success_url: string;
  cancel_url: string;
  /** The customer's language, for the provider's page: 'fr' or 'en'. */
  locale: 'fr' | 'en';
}

export interface CheckoutSession {
  url: string;
  session_id: string;
}

/** What every provider event carries: its own id (seen once) and the provider's type name. */
interface EventBase {
  event_id: string;
  type: string;
}

/**
 * A provider event, verified and reduced to what billing does with it:
 * - payment_succeeded: money received for an invoice (record it, once per `external_id`);
 * - payment_pending: a checkout completed but the money is not in yet (wait for the next event);
 * - payment_failed: a delayed payment failed (say so on the timeline);
 * - refunded: the payment `external_id` has now been refunded `refunded_total_cents` in all;
 * - ignored: anything else.
 */
export type ProviderEvent =
  | (EventBase & {
      kind: 'payment_succeeded';
      invoice_id: string | null;
      /** The provider's payment (a Stripe payment_intent): a payment is recorded once per id. */
      external_id: string;
      /** The checkout session, kept as the payment's reference. */
      session_id: string;
      amount_cents: number;
      currency: string;
      method: string;
    })
  | (EventBase & { kind: 'payment_pending'; invoice_id: string | null; session_id: string })
  | (EventBase & { kind: 'payment_failed'; invoice_id: string | null; session_id: string })
  | (EventBase & {
      kind: 'refunded';
      external_id: string;
      /** Cumulative: a redelivered or late event never refunds twice. */
      refunded_total_cents: number;
      /** The invoice the provider's payment was for, when it says (metadata). */
      invoice_id: string | null;
    })
  | (EventBase & { kind: 'ignored' });

export type WebhookHeaders = Record<string, string | string[] | undefined>;

export interface PaymentProvider {
  readonly id: 'stripe' | 'paypal' | 'square' | 'moneris';
  createCheckout(ctx: Ctx, request: CheckoutRequest): Promise<CheckoutSession>;
  /**
   * The delivery's event, if its signature is good and recent at `receivedAt`; throws
   * WebhookSignatureError otherwise (answered 400, nothing written).
   */
  parseWebhook(rawBody: Buffer, headers: WebhookHeaders, receivedAt: Date): ProviderEvent;
}

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

/** The online providers configured on this server; none means online payment is off. */
export interface PaymentProviders {
  stripe: PaymentProvider | null;
}

export const noPaymentProviders: PaymentProviders = { stripe: null };
