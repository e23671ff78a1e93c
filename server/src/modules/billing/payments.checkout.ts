import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { visibleRow } from './invoices.service.ts';
import type { PaymentProviders } from './payment-providers/index.ts';
import type { CheckoutCreate } from './payments.schemas.ts';
import { exceedsBalance } from './payments.service.ts';

/** What the payment routes need from the server's configuration. */
export interface PaymentSettings {
  providers: PaymentProviders;
  /** ATRIUM_BASE_URL: where the payer comes back to; the request's own origin when unset. */
  base_url: string | null;
  /** Signs the pay-online links of invoice emails (ATRIUM_SECRET); none: emails carry no link. */
  link_secret?: string | null;
}

export function onlinePaymentStatus(settings: PaymentSettings) {
  return { online: { stripe: settings.providers.stripe !== null } };
}

/**
 * Opens a Stripe Checkout page for (part of) an issued invoice's balance. Nothing changes
 * here: the payment is recorded when Stripe's webhook says it was paid.
 */
export async function createInvoiceCheckout(
  ctx: Ctx,
  settings: PaymentSettings,
  invoiceId: string,
  input: CheckoutCreate,
  requestOrigin: string,
) {
  const row = await visibleRow(ctx, invoiceId);
  const provider = settings.providers.stripe;
  if (!provider) {
    throw new AppError(
      'payment.online_unavailable',
      'Online payment is off: this server has no Stripe keys (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET). Record the payment by hand instead',
      { provider: 'stripe' },
    );
  }
  if (row.status !== 'open' && row.status !== 'partially_paid') {
    throw new AppError(
      'invoice.not_payable',
      row.status === 'paid' ? 'Nothing is due on this invoice' : `A ${row.status} invoice takes no payment`,
      { invoice_id: row.id, status: row.status },
    );
  }
  const amount = input.amount_cents ?? row.balance_due_cents;
  if (amount > row.balance_due_cents) throw exceedsBalance(row, amount, '');
  const customer = await getCustomerOrThrow(ctx, row.customer_id, { purpose: 'checkout' });
  const base = (settings.base_url ?? requestOrigin).replace(/\/+$/, '');
  const page = `${base}/invoices/${row.id}`;
  const session = await provider.createCheckout(ctx, {
    invoice: { id: row.id, number: row.number!, currency: row.currency, customer_id: row.customer_id },
    amount_cents: amount,
    success_url: `${page}?payment=success&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${page}?payment=cancelled`,
    locale: customer.language_code.startsWith('en') ? 'en' : 'fr',
  });
  await recordAudit(ctx, {
    action: 'invoice.checkout_created',
    entity: 'invoice',
    entity_id: row.id,
    customer_id: row.customer_id,
    metadata: { provider: provider.id, session_id: session.session_id, amount_cents: amount },
  });
  return { provider: 'stripe' as const, ...session, amount_cents: amount };
}
