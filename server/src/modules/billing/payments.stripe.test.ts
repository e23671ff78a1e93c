import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import {
  checkoutSession,
  type FakeStripeApi,
  refundedCharge,
  signed,
  startFakeStripeApi,
  stripeEvent,
} from '../../../test/stripe.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import { createStripeProvider } from './payment-providers/index.ts';

// 10:00 in Montréal on May 4th; signatures are checked against this clock.
const now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const nowSeconds = Math.floor(now.getTime() / 1000);
const secret = 'whsec_test_current_secret';
const previousSecret = 'whsec_test_previous_secret';

let t: TestApp;
let api: FakeStripeApi;
let customerId: string;
let otherCustomerId: string;
beforeAll(async () => {
  api = await startFakeStripeApi();
  t = await createTestApp({
    clock,
    payments: {
      providers: {
        stripe: createStripeProvider({
          secretKey: 'sk_test_atrium',
          webhookSecrets: [secret, previousSecret],
          apiBase: api.url,
        }),
      },
      base_url: 'https://crm.example.com',
    },
  });
  customerId = (await createTestCustomer(t.ctx)).id;
  otherCustomerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(async () => {
  await t.close();
  await api.close();
});

/** 100.00 taxable: 114.98 with GST and QST; issued unless `draft`. */
async function invoiceFor(forCustomer = customerId, options: { draft?: boolean } = {}) {
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/invoices',
    as: 'staff',
    payload: {
      customer_id: forCustomer,
      lines: [{ description: 'Alignement', quantity: '1', unit_price_cents: 100_00 }],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  if (options.draft) return created.json();
  const issued = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${created.json().id}/finalize`,
    as: 'staff',
    payload: {},
  });
  expect(issued.statusCode, issued.body).toBe(200);
  return issued.json();
}

function checkout(
  invoiceId: string,
  payload: Record<string, unknown> = {},
  role: Role | null = 'staff',
  clientOf = customerId,
) {
  return t.request({
    method: 'POST',
    url: `/api/v1/invoices/${invoiceId}/checkout`,
    ...(role === 'client' ? { as: role, customerId: clientOf } : role ? { as: role } : {}),
    payload,
  });
}

function deliver(event: unknown, options: { secret?: string; timestamp?: number } = {}) {
  const { payload, headers } = signed(event, options.secret ?? secret, options.timestamp ?? nowSeconds);
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

async function ledgerOf(customer: string) {
  const { rows } = await t.database.db.execute<{ sum: string; balance: string }>(sql`
    select (select coalesce(sum(amount_cents), 0) from customer_balance_history where customer_id = ${customer}) as sum,
           (select coalesce(max(balance_cents), 0) from customer_balances where customer_id = ${customer}) as balance`);
  return { sum: Number(rows[0]!.sum), balance: Number(rows[0]!.balance) };
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

describe('checkout', () => {
  it('opens a Stripe Checkout session for the balance due, with the invoice id in client_reference_id and metadata', async () => {
    const invoice = await invoiceFor();
    const before = api.requests.length;
    const response = await checkout(invoice.id);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ provider: 'stripe', amount_cents: 114_98 });
    expect(response.json().url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    expect(response.json().session_id).toMatch(/^cs_test_/);

    expect(api.requests.length).toBe(before + 1);
    const sent = api.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/checkout/sessions');
    expect(sent.headers.authorization).toBe('Bearer sk_test_atrium');
    const form = Object.fromEntries(sent.form);
    expect(form).toMatchObject({
      mode: 'payment',
      client_reference_id: invoice.id,
      'metadata[invoice_id]': invoice.id,
      'metadata[invoice_number]': invoice.number,
      'payment_intent_data[metadata][invoice_id]': invoice.id,
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'cad',
      'line_items[0][price_data][unit_amount]': '11498',
      'line_items[0][price_data][product_data][name]': `Facture ${invoice.number}`,
      locale: 'fr',
      success_url: `https://crm.example.com/invoices/${invoice.id}?payment=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `https://crm.example.com/invoices/${invoice.id}?payment=cancelled`,
    });
  });

  it('for part of the balance; in English for an English-speaking customer', async () => {
    const english = (await createTestCustomer(t.ctx, { language_code: 'en-CA' })).id;
    const invoice = await invoiceFor(english);
    const response = await checkout(invoice.id, { amount_cents: 50_00 });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().amount_cents).toBe(50_00);
    const form = Object.fromEntries(api.requests.at(-1)!.form);
    expect(form).toMatchObject({
      'line_items[0][price_data][unit_amount]': '5000',
      'line_items[0][price_data][product_data][name]': `Invoice ${invoice.number}`,
      locale: 'en',
    });
  });

  it('bad amounts: 400 naming amount_cents when not whole and positive, 422 above the balance; Stripe is not called', async () => {
    const invoice = await invoiceFor();
    const before = api.requests.length;
    for (const amount of [0, -5, 10.5, '100']) {
      const response = await checkout(invoice.id, { amount_cents: amount });
      expect(response.statusCode, String(amount)).toBe(400);
      expect(response.json().errors[0].path).toBe('amount_cents');
    }
    const over = await checkout(invoice.id, { amount_cents: 114_99 });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({
      code: 'payment.exceeds_balance',
      errors: [{ path: 'amount_cents' }],
    });
    expect(over.json().detail).toContain('114.98');
    expect(api.requests.length).toBe(before);
  });

  it('nothing to pay: a draft or a paid invoice is 409', async () => {
    const draft = await invoiceFor(customerId, { draft: true });
    expect((await checkout(draft.id)).json().code).toBe('invoice.not_payable');
    const paid = await invoiceFor();
    await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${paid.id}/payments`,
      as: 'staff',
      payload: { amount_cents: 114_98, method: 'cash' },
    });
    const response = await checkout(paid.id);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'invoice.not_payable',
      detail: 'Nothing is due on this invoice',
    });
  });

  it('roles: admin, staff and the owning client may; another customer’s client 404, advisor 403, no session 401', async () => {
    const invoice = await invoiceFor();
    expect((await checkout(invoice.id, {}, 'admin')).statusCode).toBe(201);
    expect((await checkout(invoice.id, {}, 'client')).statusCode).toBe(201);
    expect((await checkout(invoice.id, {}, 'client', otherCustomerId)).statusCode).toBe(404);
    expect((await checkout(invoice.id, {}, 'advisor')).statusCode).toBe(403);
    expect((await checkout(invoice.id, {}, null)).statusCode).toBe(401);
    const draft = await invoiceFor(customerId, { draft: true });
    expect((await checkout(draft.id, {}, 'client')).statusCode).toBe(404);
  });

  it('Stripe refusing the request is 422 with its reason; Stripe down is 502', async () => {
    const invoice = await invoiceFor();
    api.queue.push({
      status: 400,
      body: { error: { type: 'invalid_request_error', message: 'Amount must be at least $0.50 cad' } },
    });
    const refused = await checkout(invoice.id, { amount_cents: 10 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'payment.provider_refused' });
    expect(refused.json().detail).toContain('at least $0.50');

    api.queue.push({
      status: 401,
      body: { error: { type: 'invalid_request_error', message: 'Invalid API Key' } },
    });
    const down = await checkout(invoice.id);
    expect(down.statusCode).toBe(502);
    expect(down.json().code).toBe('payment.provider_unavailable');
  });

  it('GET /payments/providers says Stripe is on', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/payments/providers',
      as: 'client',
      customerId,
    });
    expect(response.json()).toEqual({ online: { stripe: true } });
  });
});

describe('webhook signature', () => {
  it('refuses (400, problem+json) a wrong secret, no header, an altered body or an hour-old timestamp, and writes nothing', async () => {
    const invoice = await invoiceFor();
    const event = completed(invoice.id, 114_98);
    const before = await seenEvents();

    const wrong = await deliver(event, { secret: 'whsec_someone_else' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.headers['content-type']).toMatch(/problem\+json/);
    expect(wrong.json().code).toBe('webhook.signature_invalid');

    const { payload } = signed(event, secret, nowSeconds);
    const missing = await t.request({
      method: 'POST',
      url: '/api/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(missing.statusCode).toBe(400);

    const { headers } = signed(event, secret, nowSeconds);
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
    const rotated = await deliver(completed(invoice.id, 10_00), { secret: previousSecret });
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
