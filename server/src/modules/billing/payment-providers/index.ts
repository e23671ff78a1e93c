import type { Config } from '../../../core/config.ts';
import { noPaymentProviders, type PaymentProviders } from './provider.ts';
import { createStripeProvider } from './stripe.ts';

export {
  type CheckoutRequest,
  type CheckoutSession,
  noPaymentProviders,
  type PaymentProvider,
  type PaymentProviders,
  type ProviderEvent,
  type WebhookHeaders,
  WebhookSignatureError,
} from './provider.ts';
export { createStripeProvider, type StripeSettings, stripeHostOptions } from './stripe.ts';

type PaymentConfig = Pick<
  Config,
  'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET' | 'STRIPE_WEBHOOK_SECRET_PREVIOUS' | 'STRIPE_API_BASE'
>;

/**
 * The online providers the environment configures. Stripe needs both its secret key (to open
 * checkouts) and its webhook secret (to learn they were paid): with one alone, online payment
 * would take money Atrium never hears of, so it stays off.
 */
export function paymentProvidersFromConfig(config: PaymentConfig): PaymentProviders {
  if (!config.STRIPE_SECRET_KEY || !config.STRIPE_WEBHOOK_SECRET) return noPaymentProviders;
  return {
    ...noPaymentProviders,
    stripe: createStripeProvider({
      secretKey: config.STRIPE_SECRET_KEY,
      webhookSecrets: [config.STRIPE_WEBHOOK_SECRET, config.STRIPE_WEBHOOK_SECRET_PREVIOUS].filter(
        (secret): secret is string => Boolean(secret),
      ),
      apiBase: config.STRIPE_API_BASE,
    }),
  };
}
