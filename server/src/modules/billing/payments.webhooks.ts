import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { formatCents } from '../../core/money.ts';
import { recordChange } from '../changes/index.ts';
import { appendLedgerEntry, calendarDateIn, companyTimeZone } from '../finances/index.ts';
import { draftFor, withInvoiceCustomer } from './invoices.service.ts';
import { applyToInvoice } from './invoices.settlement.ts';
import { invoices } from './invoices.tables.ts';
import type { ProviderEvent } from './payment-providers/index.ts';
import { settlePayment } from './payments.service.ts';
import {
  type PaymentProviderId,
  payment_refunds,
  payments,
  stripe_webhook_events,
} from './payments.tables.ts';

/**
 * Where a provider's events are remembered. `claim` runs first in the transaction that applies
 * the event and records it as seen: a second delivery (later, or at the same moment: it waits
 * on the first one's row) finds it and changes nothing.
 */
export interface WebhookEventLog {
  claim(txCtx: Ctx, event: ProviderEvent): Promise<boolean>;
  settle(txCtx: Ctx, eventId: string, outcome: string): Promise<void>;
}

export const stripeEventLog: WebhookEventLog = {
  async claim(txCtx, event) {
    const inserted = await txCtx.db
      .insert(stripe_webhook_events)
      .values({
        event_id: event.event_id,
        type: event.type,
        received_at: txCtx.clock.now(),
        outcome: 'processing',
      })
      .onConflictDoNothing()
      .returning({ event_id: stripe_webhook_events.event_id });
    return inserted.length > 0;
  },
  async settle(txCtx, eventId, outcome) {
    await txCtx.db
      .update(stripe_webhook_events)
      .set({ outcome })
      .where(eq(stripe_webhook_events.event_id, eventId));
  },
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function invoiceById(ctx: Ctx, id: string | null) {
  if (!id || !uuidPattern.test(id)) return null;
  const [row] = await ctx.db.select().from(invoices).where(eq(invoices.id, id));
  return row ?? null;
}

/** The event applied once, in a transaction of its own (no customer involved). */
function once(ctx: Ctx, log: WebhookEventLog, event: ProviderEvent, outcome: string): Promise<string> {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    if (!(await log.claim(txCtx, event))) return 'duplicate';
    await log.settle(txCtx, event.event_id, outcome);
    return outcome;
  });
}

/** The event applied once under the customer's lock, as every money change is. */
function onceForCustomer(
  ctx: Ctx,
  customerId: string,
  log: WebhookEventLog,
  event: ProviderEvent,
  work: (txCtx: Ctx) => Promise<string>,
): Promise<string> {
  return withInvoiceCustomer(ctx, customerId, async (txCtx) => {
    if (!(await log.claim(txCtx, event))) return 'duplicate';
    const outcome = await work(txCtx);
    await log.settle(txCtx, event.event_id, outcome);
    return outcome;
  });
}

async function existingPayment(ctx: Ctx, provider: PaymentProviderId, externalId: string, forUpdate = false) {
  const query = ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.external_id, externalId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

type Succeeded = Extract<ProviderEvent, { kind: 'payment_succeeded' }>;
type Refunded = Extract<ProviderEvent, { kind: 'refunded' }>;
type Failed = Extract<ProviderEvent, { kind: 'payment_failed' }>;

/**
 * Money received online: recorded once per provider payment, whichever event brings it
 * (completed, or async succeeded) and in whatever order. More than the balance (the invoice
 * was paid by hand meanwhile) goes on the invoice as far as it fits, the rest on the ledger
 * as a credit: a payment received is never refused nor lost.
 */
async function onPaymentSucceeded(
  ctx: Ctx,
  provider: PaymentProviderId,
  event: Succeeded,
  log: WebhookEventLog,
) {
  const invoice = await invoiceById(ctx, event.invoice_id);
  if (!invoice) return once(ctx, log, event, 'ignored:unknown_invoice');
  return onceForCustomer(ctx, invoice.customer_id, log, event, async (txCtx) => {
    if (await existingPayment(txCtx, provider, event.external_id)) return 'already_recorded';
    const row = await draftFor(txCtx, invoice.id, invoice.customer_id);
    if (event.amount_cents <= 0) return 'ignored:no_amount';
    if (event.currency !== row.currency) return `refused:currency_${event.currency || 'unknown'}`;
    await settlePayment(txCtx, row, {
      provider,
      method: event.method,
      amount_cents: event.amount_cents,
      currency: row.currency,
      received_on: calendarDateIn(txCtx.clock.now(), companyTimeZone),
      reference: event.session_id,
      note: null,
      external_id: event.external_id,
    });
    return 'recorded';
  });
}

/** A delayed payment (a bank debit) failed: the customer's timeline says so; nothing else changes. */
async function onPaymentFailed(ctx: Ctx, provider: PaymentProviderId, event: Failed, log: WebhookEventLog) {
  const invoice = await invoiceById(ctx, event.invoice_id);
  if (!invoice) return once(ctx, log, event, 'ignored:unknown_invoice');
  return onceForCustomer(ctx, invoice.customer_id, log, event, async (txCtx) => {
    await recordChange(txCtx, {
      event: 'invoice.online_payment_failed',
      entity: 'invoice',
      entity_id: invoice.id,
      customer_id: invoice.customer_id,
      activity: {
        activity_type: 'payment',
        title: `Paiement en ligne refusé — facture ${invoice.number}`,
        reference_table: 'invoices',
        reference_id: invoice.id,
        metadata: { number: invoice.number, provider, session_id: event.session_id },
      },
      payload: { invoice_id: invoice.id, number: invoice.number, provider },
    });
    return 'failure_noted';
  });
}

/**
 * The provider refunded (part of) a payment. Its figure is cumulative, so only the part not
 * yet booked is: a redelivered or late event refunds nothing twice. A refund takes back the
 * credit the payment left first, then what it paid on the invoice (which is due again).
 */
async function onRefunded(ctx: Ctx, provider: PaymentProviderId, event: Refunded, log: WebhookEventLog) {
  const payment = await existingPayment(ctx, provider, event.external_id);
  if (!payment) {
    if (await invoiceById(ctx, event.invoice_id)) {
      // Ours, but its payment has not arrived yet: refused, so that the provider delivers it again.
      throw new AppError('payment.not_recorded', 'The payment this refund belongs to is not recorded yet', {
        external_id: event.external_id,
      });
    }
    return once(ctx, log, event, 'ignored:unknown_payment');
  }
  return onceForCustomer(ctx, payment.customer_id, log, event, async (txCtx) => {
    const current = (await existingPayment(txCtx, provider, event.external_id, true))!;
    const total = Math.min(event.refunded_total_cents, current.amount_cents);
    const amount = total - current.refunded_cents;
    if (amount <= 0) return 'already_refunded';
    const credit = current.amount_cents - current.applied_cents;
    const fromInvoice = Math.max(0, total - credit) - Math.max(0, current.refunded_cents - credit);
    const row = await draftFor(txCtx, current.invoice_id, current.customer_id);
    const payable = row.status !== 'draft' && row.status !== 'void';
    const applied = payable ? Math.min(fromInvoice, row.amount_paid_cents) : 0;
    const id = newId();
    await txCtx.db.insert(payment_refunds).values({
      id,
      payment_id: current.id,
      invoice_id: row.id,
      customer_id: row.customer_id,
      amount_cents: amount,
      applied_cents: applied,
      external_id: event.event_id,
      created_at: txCtx.clock.now(),
    });
    await txCtx.db.update(payments).set({ refunded_cents: total }).where(eq(payments.id, current.id));
    const updated =
      applied > 0
        ? await applyToInvoice(txCtx, row, {
            kind: 'refund',
            paid_cents: -applied,
            reference_table: 'payment_refunds',
            reference_id: id,
          })
        : row;
    await appendLedgerEntry(txCtx, {
      customer_id: row.customer_id,
      entry_type: 'refund',
      amount_cents: amount,
      reference_table: 'payment_refunds',
      reference_id: id,
      description: `Remboursement ${row.number}`,
      currency: row.currency,
      timeline: false,
    });
    await recordChange(txCtx, {
      event: 'invoice.refunded',
      entity: 'payment',
      entity_id: current.id,
      customer_id: row.customer_id,
      changed_fields: ['refunded_cents', 'amount_paid_cents', 'balance_due_cents', 'status'],
      activity: {
        activity_type: 'payment',
        title: `Remboursement : ${formatCents(amount, row.currency, 'fr-CA')} — facture ${row.number}`,
        reference_table: 'invoices',
        reference_id: row.id,
        metadata: {
          payment_id: current.id,
          refund_id: id,
          number: row.number,
          amount_cents: amount,
          applied_cents: applied,
          refunded_total_cents: total,
          currency: row.currency,
          provider,
          balance_due_cents: updated.balance_due_cents,
        },
      },
      payload: {
        invoice_id: row.id,
        payment_id: current.id,
        refund_id: id,
        number: row.number,
        amount_cents: amount,
        applied_cents: applied,
        provider,
      },
    });
    return 'refunded';
  });
}

/**
 * Applies one verified provider event and returns what it did. A business refusal (the
 * customer was anonymized…) is remembered as the event's outcome, not retried forever;
 * `payment.not_recorded` is thrown so that the provider delivers the refund again later.
 */
export async function handleProviderEvent(
  ctx: Ctx,
  provider: PaymentProviderId,
  event: ProviderEvent,
  log: WebhookEventLog,
): Promise<string> {
  try {
    switch (event.kind) {
      case 'payment_succeeded':
        return await onPaymentSucceeded(ctx, provider, event, log);
      case 'payment_failed':
        return await onPaymentFailed(ctx, provider, event, log);
      case 'refunded':
        return await onRefunded(ctx, provider, event, log);
      case 'payment_pending':
        return await once(ctx, log, event, 'awaiting_payment');
      default:
        return await once(ctx, log, event, 'ignored');
    }
  } catch (error) {
    if (error instanceof AppError && error.status < 500 && error.code !== 'payment.not_recorded') {
      return once(ctx, log, event, `refused:${error.code}`);
    }
    throw error;
  }
}
