import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { visibleRow } from './invoices.service.ts';
import type { PaymentSettings } from './payments.checkout.ts';

/*
 * The "pay online" link of an invoice email. A Stripe Checkout page lives 24 hours, an email
 * much longer: the link instead names the invoice with a signature (HMAC of its id under the
 * server's secret), and opening it makes a fresh Checkout session for the balance due then.
 * It grants nothing else: paying someone's invoice for them.
 */

function token(secret: string, invoiceId: string): string {
  return createHmac('sha256', secret).update(`invoice-pay-link:${invoiceId}`).digest('base64url');
}

export function isPaymentLinkToken(secret: string, invoiceId: string, candidate: string): boolean {
  const expected = Buffer.from(token(secret, invoiceId));
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The link, or null when online payment is off or the server's public address is unknown. */
export function invoicePaymentUrl(
  settings: PaymentSettings,
  invoiceId: string,
  requestOrigin: string | null,
): string | null {
  const base = (settings.base_url ?? requestOrigin)?.replace(/\/+$/, '');
  if (!settings.providers.stripe || !settings.link_secret || !base) return null;
  return `${base}/api/v1/public/invoices/${invoiceId}/pay?token=${token(settings.link_secret, invoiceId)}`;
}

export type PaymentLinkOutcome =
  | { kind: 'checkout'; url: string }
  | { kind: 'nothing_due'; language: 'fr' | 'en' };

/**
 * Opens Stripe Checkout for what an invoice owes now, for whoever holds its link (404 for a
 * wrong token, as for no invoice). Paid, void: nothing to pay (a page says so).
 */
export async function openPaymentLink(
  ctx: Ctx,
  settings: PaymentSettings,
  invoiceId: string,
  candidate: string,
  requestOrigin: string,
): Promise<PaymentLinkOutcome> {
  const notFound = new AppError('invoice.not_found', 'No such invoice', { invoice_id: invoiceId });
  if (!settings.link_secret || !isPaymentLinkToken(settings.link_secret, invoiceId, candidate))
    throw notFound;
  const provider = settings.providers.stripe;
  if (!provider) {
    throw new AppError('payment.online_unavailable', 'Online payment is off on this server', {
      provider: 'stripe',
    });
  }
  const row = await visibleRow(ctx, invoiceId);
  const customer = await getCustomerOrThrow(ctx, row.customer_id, { purpose: 'payment_link' });
  const locale = customer.language_code.startsWith('en') ? 'en' : 'fr';
  if ((row.status !== 'open' && row.status !== 'partially_paid') || row.balance_due_cents <= 0) {
    return { kind: 'nothing_due', language: locale };
  }
  const link = invoicePaymentUrl(settings, invoiceId, requestOrigin)!;
  const session = await provider.createCheckout(ctx, {
    invoice: { id: row.id, number: row.number!, currency: row.currency, customer_id: row.customer_id },
    amount_cents: row.balance_due_cents,
    success_url: `${link}&payment=success`,
    cancel_url: `${link}&payment=cancelled`,
    locale,
  });
  await recordAudit(ctx, {
    action: 'invoice.checkout_created',
    entity: 'invoice',
    entity_id: row.id,
    customer_id: row.customer_id,
    metadata: {
      provider: provider.id,
      session_id: session.session_id,
      amount_cents: row.balance_due_cents,
      via: 'payment_link',
    },
  });
  return { kind: 'checkout', url: session.url };
}
