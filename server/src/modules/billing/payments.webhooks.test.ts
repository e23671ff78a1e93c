import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { issueTestInvoice, ledgerOf as ledgerOfCustomer } from '../../../test/invoices.ts';
import {
  checkoutSession,
  createStripeTestApp,
  type FakeStripeApi,
  refundedCharge,
  signed,
  stripeEvent,
  stripeTest,
} from '../../../test/stripe.ts';
import type { Clock } from '../../core/clock.ts';

/*
 * POST /webhooks/stripe with payloads signed by the stripe package's own test-header helper:
 * signatures, duplicate, concurrent and out-of-order deliveries, refunds.
 */
// 10:00 in Montréal on May 4th; signatures are checked against this clock.
const now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const nowSeconds = Math.floor(now.getTime() / 1000);

let t: TestApp;
let api: FakeStripeApi;
let customerId: string;
beforeAll(async () => {
  ({ t, api } = await createStripeTestApp(clock));
  customerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(async () => {
  await t.close();
  await api.close();
});

function invoiceFor(forCustomer = customerId) {
  return issueTestInvoice(t, forCustomer);
}

async function ledgerOf(customer: string) {
  const { sum, balance } = await ledgerOfCustomer(t, customer);
  return { sum, balance };
}

function deliver(event: unknown, options: { secret?: string; timestamp?: number } = {}) {
  const { payload, headers } = signed(
    event,
    options.secret ?? stripeTest.secret,
    options.timestamp ?? nowSeconds,
  );
  return t.request({ method: 'POST', url: '/api/v1/webhooks/stripe', headers, payload });
}

async function getInvoice(id: string) {
  return (await t.request({ method: 'GET', url: `/api/v1/invoices/${id}`, as: 'staff' })).json();
}

async function paymentsOf(invoiceId: string) {
  const { rows } = await t.database.db.execute<{
    amount_cents: string;
    applied_cents: string;
    refunded_cents: string;
    external_id: string;
    reference: string;
    method: string;
    provider: string;
  }>(sql`select * from payments where invoice_id = ${invoiceId} order by created_at`);
  return rows.map((row) => ({
    ...row,
    amount_cents: Number(row.amount_cents),
    applied_cents: Number(row.applied_cents),
    refunded_cents: Number(row.refunded_cents),
  }));
}

async function seenEvents() {
  const { rows } = await t.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from stripe_webhook_events`,
  );
  return rows[0]!.n;
}

let sequence = 0;
/** A fresh Stripe session and payment intent for an invoice. */
function stripeIds() {
  sequence += 1;
  return { sessionId: `cs_test_s${sequence}`, paymentIntent: `pi_test_p${sequence}` };
}

function completed(
  invoiceId: string,
  amount: number,
  ids = stripeIds(),
  paymentStatus: 'paid' | 'unpaid' = 'paid',
) {
  return stripeEvent(
    'checkout.session.completed',
    checkoutSession({ invoiceId, amount, paymentStatus, ...ids }),
  );
}

describe('webhook signature', () => {
  it('refuses (400, problem+json) a wrong secret, no header, an altered body or an hour-old timestamp, and writes nothing', async () => {
    const invoice = await invoiceFor();
    const event = completed(invoice.id, 114_98);
    const before = await seenEvents();

    const wrong = await deliver(event, { secret: 'whsec_someone_else' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.headers['content-type']).toMatch(/problem\+json/);
    expect(wrong.json().code).toBe('webhook.signature_invalid');

    const { payload } = signed(event, stripeTest.secret, nowSeconds);
    const missing = await t.request({
      method: 'POST',
      url: '/api/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(missing.statusCode).toBe(400);

    const { headers } = signed(event, stripeTest.secret, nowSeconds);
    const altered = await t.request({
      method: 'POST',
      url: '/api/v1/webhooks/stripe',
      headers,
      payload: payload.replace('11498', '1'),
    });
    expect(altered.statusCode).toBe(400);

    const stale = await deliver(event, { timestamp: nowSeconds - 3_600 });
    expect(stale.statusCode).toBe(400);
    expect(stale.json().detail).toMatch(/tolerance/i);

    expect(await seenEvents()).toBe(before);
    expect(await paymentsOf(invoice.id)).toEqual([]);
    expect(await getInvoice(invoice.id)).toMatchObject({ status: 'open', amount_paid_cents: 0 });
  });

  it('accepts a delivery signed 4 minutes ago, and one signed with the previous secret (rotation)', async () => {
    const invoice = await invoiceFor();
    const recent = await deliver(completed(invoice.id, 10_00), { timestamp: nowSeconds - 240 });
    expect(recent.statusCode, recent.body).toBe(200);
    const rotated = await deliver(completed(invoice.id, 10_00), { secret: stripeTest.previousSecret });
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json()).toEqual({ received: true, outcome: 'recorded' });
    expect(await paymentsOf(invoice.id)).toHaveLength(2);
  });
});

describe('checkout.session.completed and async payments', () => {
  it('records the payment: invoice paid, ledger, timeline, event seen with its outcome', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const invoice = await invoiceFor(customer);
    const ids = stripeIds();
    const event = completed(invoice.id, 114_98, ids);
    const response = await deliver(event);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ received: true, outcome: 'recorded' });
    expect(await getInvoice(invoice.id)).toMatchObject({
      status: 'paid',
      amount_paid_cents: 114_98,
      balance_due_cents: 0,
    });
    expect(await paymentsOf(invoice.id)).toEqual([
      expect.objectContaining({
        provider: 'stripe',
        method: 'card',
        amount_cents: 114_98,
        applied_cents: 114_98,
        external_id: ids.paymentIntent,
        reference: ids.sessionId,
      }),
    ]);
    expect(await ledgerOf(customer)).toEqual({ sum: 0, balance: 0 });
    const { rows } = await t.database.db.execute<{ outcome: string; type: string; activities: number }>(sql`
      select outcome, type,
             (select count(*)::int from customer_activity where customer_id = ${customer} and title like 'Paiement reçu%') as activities
      from stripe_webhook_events where event_id = ${event.id}`);
    expect(rows[0]).toEqual({ outcome: 'recorded', type: 'checkout.session.completed', activities: 1 });
  });

  it('the same event delivered again, or twice at once, pays once', async () => {
    const invoice = await invoiceFor();
    const event = completed(invoice.id, 50_00);
    expect((await deliver(event)).json().outcome).toBe('recorded');
    const again = await deliver(event);
    expect(again.statusCode).toBe(200);
    expect(again.json().outcome).toBe('duplicate');
    expect(await paymentsOf(invoice.id)).toHaveLength(1);

    const other = await invoiceFor();
    const twice = completed(other.id, 50_00);
    const outcomes = (await Promise.all([deliver(twice), deliver(twice)])).map((r) => r.json().outcome);
    expect(outcomes.sort()).toEqual(['duplicate', 'recorded']);
    expect(await paymentsOf(other.id)).toHaveLength(1);
    expect(await getInvoice(other.id)).toMatchObject({ amount_paid_cents: 50_00 });
  });

  it('a delayed payment: completed unpaid waits, async_payment_succeeded records, a late completed paid changes nothing', async () => {
    const invoice = await invoiceFor();
    const ids = stripeIds();
    const waiting = await deliver(completed(invoice.id, 114_98, ids, 'unpaid'));
    expect(waiting.json().outcome).toBe('awaiting_payment');
    expect(await paymentsOf(invoice.id)).toEqual([]);
    const session = checkoutSession({ invoiceId: invoice.id, amount: 114_98, ...ids });
    const succeeded = await deliver(stripeEvent('checkout.session.async_payment_succeeded', session));
    expect(succeeded.json().outcome).toBe('recorded');
    expect((await deliver(completed(invoice.id, 114_98, ids))).json().outcome).toBe('already_recorded');
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
  });

  it('async_payment_succeeded before completed, and both at once: one payment', async () => {
    const invoice = await invoiceFor();
    const ids = stripeIds();
    const session = checkoutSession({ invoiceId: invoice.id, amount: 30_00, ...ids });
    expect(
      (await deliver(stripeEvent('checkout.session.async_payment_succeeded', session))).json().outcome,
    ).toBe('recorded');
    expect((await deliver(stripeEvent('checkout.session.completed', session))).json().outcome).toBe(
      'already_recorded',
    );

    const both = stripeIds();
    const other = checkoutSession({ invoiceId: invoice.id, amount: 20_00, ...both });
    const outcomes = await Promise.all([
      deliver(stripeEvent('checkout.session.completed', other)),
      deliver(stripeEvent('checkout.session.async_payment_succeeded', other)),
    ]);
    expect(outcomes.map((r) => r.json().outcome).sort()).toEqual(['already_recorded', 'recorded']);
    expect(await paymentsOf(invoice.id)).toHaveLength(2);
    expect(await getInvoice(invoice.id)).toMatchObject({
      amount_paid_cents: 50_00,
      balance_due_cents: 64_98,
    });
  });

  it('more than the balance (paid by hand meanwhile): what fits goes on the invoice, the rest is a credit', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const invoice = await invoiceFor(customer);
    await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${invoice.id}/payments`,
      as: 'staff',
      payload: { amount_cents: 100_00, method: 'cash' },
    });
    const response = await deliver(completed(invoice.id, 114_98));
    expect(response.statusCode).toBe(200);
    expect(response.json().outcome).toBe('recorded');
    expect((await paymentsOf(invoice.id))[1]).toMatchObject({ amount_cents: 114_98, applied_cents: 14_98 });
    expect(await getInvoice(invoice.id)).toMatchObject({ status: 'paid', amount_paid_cents: 114_98 });
    expect(await ledgerOf(customer)).toEqual({ sum: -100_00, balance: -100_00 });
  });

  it('an invoice voided meanwhile: the money is still recorded, all of it a credit', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const invoice = await invoiceFor(customer);
    await t.database.db.execute(
      sql`update invoices set status = 'void', voided_at = now() where id = ${invoice.id}`,
    );
    const response = await deliver(completed(invoice.id, 114_98));
    expect(response.json().outcome).toBe('recorded');
    expect(await paymentsOf(invoice.id)).toEqual([
      expect.objectContaining({ amount_cents: 114_98, applied_cents: 0 }),
    ]);
    expect(await ledgerOf(customer)).toEqual({ sum: 0, balance: 0 });
  });

  it('an invoice Atrium does not know: acknowledged, ignored, seen', async () => {
    const response = await deliver(completed('01900000-0000-7000-8000-000000000000', 10_00));
    expect(response.json()).toEqual({ received: true, outcome: 'ignored:unknown_invoice' });
    expect((await deliver(completed('not-a-uuid', 10_00))).json().outcome).toBe('ignored:unknown_invoice');
  });

  it('async_payment_failed: a timeline entry, once', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const invoice = await invoiceFor(customer);
    const event = stripeEvent(
      'checkout.session.async_payment_failed',
      checkoutSession({ invoiceId: invoice.id, amount: 114_98, paymentStatus: 'unpaid', ...stripeIds() }),
    );
    expect((await deliver(event)).json().outcome).toBe('failure_noted');
    expect((await deliver(event)).json().outcome).toBe('duplicate');
    const { rows } = await t.database.db.execute<{ title: string }>(
      sql`select title from customer_activity where customer_id = ${customer} and activity_type = 'payment'`,
    );
    expect(rows).toEqual([{ title: `Paiement en ligne refusé — facture ${invoice.number}` }]);
    expect(await getInvoice(invoice.id)).toMatchObject({ status: 'open', amount_paid_cents: 0 });
  });

  it('an unknown event type: 200, ignored, recorded as seen', async () => {
    const event = stripeEvent('customer.created', { id: 'cus_123', object: 'customer' });
    const response = await deliver(event);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ received: true, outcome: 'ignored' });
    const { rows } = await t.database.db.execute<{ outcome: string }>(
      sql`select outcome from stripe_webhook_events where event_id = ${event.id}`,
    );
    expect(rows).toEqual([{ outcome: 'ignored' }]);
  });
});

describe('charge.refunded', () => {
  async function paidOnline(customer: string, amount = 114_98) {
    const invoice = await invoiceFor(customer);
    const ids = stripeIds();
    expect((await deliver(completed(invoice.id, amount, ids))).json().outcome).toBe('recorded');
    return { invoice, ids };
  }
  const refund = (paymentIntent: string, amount: number, refunded: number, invoiceId?: string) =>
    stripeEvent(
      'charge.refunded',
      refundedCharge({ paymentIntent, amount, amountRefunded: refunded, invoiceId }),
    );

  it('a partial refund, redelivered and out of order: each cent refunded once, the invoice due again', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const { invoice, ids } = await paidOnline(customer);
    const first = refund(ids.paymentIntent, 114_98, 50_00);
    expect((await deliver(first)).json().outcome).toBe('refunded');
    expect(await getInvoice(invoice.id)).toMatchObject({
      status: 'partially_paid',
      amount_paid_cents: 64_98,
      balance_due_cents: 50_00,
      settled_at: null,
    });
    expect(await ledgerOf(customer)).toEqual({ sum: 50_00, balance: 50_00 });

    expect((await deliver(first)).json().outcome).toBe('duplicate');
    // Another event with the same cumulative figure (Stripe sent it twice, or an older one late).
    expect((await deliver(refund(ids.paymentIntent, 114_98, 50_00))).json().outcome).toBe('already_refunded');

    const full = refund(ids.paymentIntent, 114_98, 114_98);
    const late = refund(ids.paymentIntent, 114_98, 50_00);
    expect((await deliver(full)).json().outcome).toBe('refunded');
    expect((await deliver(late)).json().outcome).toBe('already_refunded');
    expect(await getInvoice(invoice.id)).toMatchObject({
      status: 'open',
      amount_paid_cents: 0,
      balance_due_cents: 114_98,
    });
    expect(await paymentsOf(invoice.id)).toEqual([expect.objectContaining({ refunded_cents: 114_98 })]);
    expect(await ledgerOf(customer)).toEqual({ sum: 114_98, balance: 114_98 });
    const { rows } = await t.database.db.execute<{ amounts: string[] }>(
      sql`select array_agg(amount_cents::text order by occurred_at, amount_cents) as amounts from invoice_settlements where invoice_id = ${invoice.id} and kind = 'refund'`,
    );
    expect(rows[0]!.amounts.map(Number).sort((a, b) => a - b)).toEqual([50_00, 64_98]);
  });

  it('two refund events at once for one payment: refunded once', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const { invoice, ids } = await paidOnline(customer);
    const outcomes = await Promise.all([
      deliver(refund(ids.paymentIntent, 114_98, 20_00)),
      deliver(refund(ids.paymentIntent, 114_98, 20_00)),
    ]);
    expect(outcomes.map((r) => r.json().outcome).sort()).toEqual(['already_refunded', 'refunded']);
    expect(await getInvoice(invoice.id)).toMatchObject({ amount_paid_cents: 94_98 });
    expect(await ledgerOf(customer)).toEqual({ sum: 20_00, balance: 20_00 });
  });

  it('an overpayment refunded: the credit goes first, then what was paid on the invoice', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const invoice = await invoiceFor(customer);
    await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${invoice.id}/payments`,
      as: 'staff',
      payload: { amount_cents: 100_00, method: 'cash' },
    });
    const ids = stripeIds();
    await deliver(completed(invoice.id, 114_98, ids)); // 14.98 applied, 100.00 credit
    expect(await ledgerOf(customer)).toEqual({ sum: -100_00, balance: -100_00 });
    await deliver(refund(ids.paymentIntent, 114_98, 100_00));
    expect(await getInvoice(invoice.id)).toMatchObject({ status: 'paid', amount_paid_cents: 114_98 });
    expect(await ledgerOf(customer)).toEqual({ sum: 0, balance: 0 });
    await deliver(refund(ids.paymentIntent, 114_98, 114_98));
    expect(await getInvoice(invoice.id)).toMatchObject({
      status: 'partially_paid',
      amount_paid_cents: 100_00,
      balance_due_cents: 14_98,
    });
    expect(await ledgerOf(customer)).toEqual({ sum: 14_98, balance: 14_98 });
  });

  it('a refund before its payment: 409 and nothing written, so Stripe delivers it again; then it applies', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const invoice = await invoiceFor(customer);
    const ids = stripeIds();
    const early = refund(ids.paymentIntent, 114_98, 114_98, invoice.id);
    const before = await seenEvents();
    const refused = await deliver(early);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('payment.not_recorded');
    expect(await seenEvents()).toBe(before);

    expect((await deliver(completed(invoice.id, 114_98, ids))).json().outcome).toBe('recorded');
    expect((await deliver(early)).json().outcome).toBe('refunded');
    expect(await getInvoice(invoice.id)).toMatchObject({ status: 'open', balance_due_cents: 114_98 });
    expect(await ledgerOf(customer)).toEqual({ sum: 114_98, balance: 114_98 });
  });

  it('a refund of a payment that is not Atrium’s: acknowledged and ignored', async () => {
    const response = await deliver(refund('pi_elsewhere', 10_00, 10_00));
    expect(response.json()).toEqual({ received: true, outcome: 'ignored:unknown_payment' });
  });
});
