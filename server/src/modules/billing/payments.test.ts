import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { issueTestInvoice, ledgerOf } from '../../../test/invoices.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import type { CheckoutRequest, PaymentProvider } from './payment-providers/index.ts';
import { createInvoiceCheckout } from './payments.checkout.ts';

// 10:00 in Montréal on May 4th.
let now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let customerId: string;
let otherCustomerId: string;
beforeAll(async () => {
  t = await createTestApp({ clock });
  customerId = (await createTestCustomer(t.ctx)).id;
  otherCustomerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(() => t.close());

function asRole(role: Role | undefined, clientOf = customerId) {
  return role === 'client' ? { as: role, customerId: clientOf } : { as: role };
}

async function newCustomer(finances: Record<string, unknown> = {}) {
  const id = (await createTestCustomer(t.ctx)).id;
  if (Object.keys(finances).length) {
    const put = await t.request({
      method: 'PUT',
      url: `/api/v1/customers/${id}/finances`,
      as: 'admin',
      payload: finances,
    });
    expect(put.statusCode, put.body).toBe(200);
  }
  return id;
}

function invoiceFor(forCustomer = customerId, options: { draft?: boolean } = {}) {
  return issueTestInvoice(t, forCustomer, options);
}

/** As staff by default; `null`: with no session. */
function pay(invoiceId: string, payload: Record<string, unknown>, role: Role | null = 'staff') {
  return t.request({
    method: 'POST',
    url: `/api/v1/invoices/${invoiceId}/payments`,
    ...asRole(role ?? undefined),
    payload: { method: 'cash', ...payload },
  });
}

async function paymentCount(invoiceId: string) {
  const { rows } = await t.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from payments where invoice_id = ${invoiceId}`,
  );
  return rows[0]!.n;
}

describe('recording a payment by hand', () => {
  it('a partial payment, then the rest: balance, status, settled_at, ledger, settlements, timeline, audit, event', async () => {
    const customer = await newCustomer();
    const invoice = await invoiceFor(customer);
    const first = await pay(invoice.id, { amount_cents: 50_00, method: 'interac', reference: 'C1A2B3' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().payment).toMatchObject({
      invoice_id: invoice.id,
      customer_id: customer,
      provider: 'manual',
      method: 'interac',
      amount_cents: 50_00,
      applied_cents: 50_00,
      unapplied_cents: 0,
      refunded_cents: 0,
      currency: 'CAD',
      received_on: '2026-05-04',
      reference: 'C1A2B3',
      external_id: null,
    });
    expect(first.json().invoice).toMatchObject({
      status: 'partially_paid',
      amount_paid_cents: 50_00,
      balance_due_cents: 64_98,
      settled_at: null,
    });

    const rest = await pay(invoice.id, { amount_cents: 64_98, method: 'cheque', received_on: '2026-05-01' });
    expect(rest.statusCode, rest.body).toBe(201);
    expect(rest.json().payment).toMatchObject({ received_on: '2026-05-01', applied_cents: 64_98 });
    expect(rest.json().invoice).toMatchObject({
      status: 'paid',
      amount_paid_cents: 114_98,
      balance_due_cents: 0,
    });
    expect(rest.json().invoice.settled_at).toBe(now.toISOString());
    // Receivables as of a past day read the settlements: today's at the time recorded, the
    // cheque received on May 1st at noon that day in Montréal.
    const settlements = await t.ctx.db.execute<{ occurred_at: string }>(
      sql`select occurred_at from invoice_settlements where invoice_id = ${invoice.id} order by occurred_at`,
    );
    expect(settlements.rows.map((row) => new Date(row.occurred_at).toISOString())).toEqual([
      '2026-05-01T16:00:00.000Z',
      now.toISOString(),
    ]);

    expect(await ledgerOf(t, customer)).toEqual({ sum: 0, balance: 0, entries: 3 });
    const { rows } = await t.database.db.execute<Record<string, number>>(sql`
      select (select count(*)::int from invoice_settlements where invoice_id = ${invoice.id} and kind = 'payment') as settlements,
             (select count(*)::int from customer_activity where customer_id = ${customer} and activity_type = 'payment' and title like 'Paiement reçu%') as activities,
             (select count(*)::int from audit_log where customer_id = ${customer} and action = 'invoice.payment_recorded') as audits,
             (select count(*)::int from domain_events where customer_id = ${customer} and type = 'invoice.payment_recorded') as events`);
    expect(rows[0]).toEqual({ settlements: 2, activities: 2, audits: 2, events: 2 });

    const list = await t.request({
      method: 'GET',
      url: `/api/v1/invoices/${invoice.id}/payments`,
      as: 'staff',
    });
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .data.map((p: { amount_cents: number }) => p.amount_cents)
        .sort(),
    ).toEqual([50_00, 64_98]);
    expect(list.json().pagination).toMatchObject({ total: 2, page: 1 });
  });

  it('more than the balance: 422 naming the balance without allow_overpayment; with it, the rest is a ledger credit', async () => {
    const customer = await newCustomer();
    const invoice = await invoiceFor(customer);
    const refused = await pay(invoice.id, { amount_cents: 150_00 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'payment.exceeds_balance' });
    expect(refused.json().detail).toContain('114.98');
    expect(refused.json().errors[0]).toMatchObject({ path: 'amount_cents' });
    expect(await paymentCount(invoice.id)).toBe(0);

    const accepted = await pay(invoice.id, { amount_cents: 150_00, allow_overpayment: true });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json().payment).toMatchObject({
      amount_cents: 150_00,
      applied_cents: 114_98,
      unapplied_cents: 35_02,
    });
    expect(accepted.json().invoice).toMatchObject({
      status: 'paid',
      amount_paid_cents: 114_98,
      balance_due_cents: 0,
    });
    expect(await ledgerOf(t, customer)).toMatchObject({ sum: -35_02, balance: -35_02 });
    const finances = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer}/finances`,
      as: 'staff',
    });
    expect(finances.json()).toMatchObject({ balance_cents: -35_02 });

    // A paid invoice takes nothing more; with the flag, all of it is a credit.
    expect((await pay(invoice.id, { amount_cents: 1 })).statusCode).toBe(422);
    const extra = await pay(invoice.id, { amount_cents: 10_00, allow_overpayment: true });
    expect(extra.json().payment).toMatchObject({ applied_cents: 0, unapplied_cents: 10_00 });
    expect(await ledgerOf(t, customer)).toMatchObject({ sum: -45_02, balance: -45_02 });
  });

  it('a draft or void invoice takes no payment (409), and nothing is written', async () => {
    const draft = await invoiceFor(customerId, { draft: true });
    const onDraft = await pay(draft.id, { amount_cents: 10_00 });
    expect(onDraft.statusCode).toBe(409);
    expect(onDraft.json().code).toBe('invoice.not_payable');

    const voided = await invoiceFor(customerId);
    await t.database.db.execute(
      sql`update invoices set status = 'void', voided_at = now(), balance_due_cents = total_cents where id = ${voided.id}`,
    );
    const onVoid = await pay(voided.id, { amount_cents: 10_00, allow_overpayment: true });
    expect(onVoid.statusCode).toBe(409);
    expect(onVoid.json().code).toBe('invoice.not_payable');
    expect(await paymentCount(draft.id)).toBe(0);
    expect(await paymentCount(voided.id)).toBe(0);
  });

  it('an unknown invoice is 404', async () => {
    const response = await pay('01900000-0000-7000-8000-000000000000', { amount_cents: 1_00 });
    expect(response.statusCode).toBe(404);
  });
});

describe('a form submitted twice (Idempotency-Key)', () => {
  const submit = (invoiceId: string, key: string, amount = 20_00) =>
    t.request({
      method: 'POST',
      url: `/api/v1/invoices/${invoiceId}/payments`,
      as: 'staff',
      headers: { 'idempotency-key': key },
      payload: { method: 'cash', amount_cents: amount },
    });

  it('records one payment for five concurrent submissions of one form; the others answer 200 with it', async () => {
    const customer = await newCustomer();
    const invoice = await invoiceFor(customer);
    const answers = await Promise.all(Array.from({ length: 5 }, () => submit(invoice.id, 'form-1')));
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    const ids = new Set(answers.map((answer) => answer.json().payment.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    expect(answers[0]!.json().invoice.amount_paid_cents).toBe(20_00);
    expect(await ledgerOf(t, customer)).toEqual({ sum: 114_98 - 20_00, balance: 114_98 - 20_00, entries: 2 });

    // Another form is another payment; the same key with another amount is a mistake, refused.
    expect((await submit(invoice.id, 'form-2')).statusCode).toBe(201);
    const reused = await submit(invoice.id, 'form-1', 30_00);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('payment.idempotency_key_reused');
    expect(await ledgerOf(t, customer)).toEqual({ sum: 114_98 - 40_00, balance: 114_98 - 40_00, entries: 3 });
  });

  it('without a key, two submissions are two payments (as two cheques would be)', async () => {
    const invoice = await invoiceFor(await newCustomer());
    expect((await pay(invoice.id, { amount_cents: 1_00 })).statusCode).toBe(201);
    const second = await pay(invoice.id, { amount_cents: 1_00 });
    expect(second.json().invoice.amount_paid_cents).toBe(2_00);
  });
});

describe('bad input', () => {
  let invoiceId: string;
  beforeAll(async () => {
    invoiceId = (await invoiceFor()).id;
  });

  it.each([
    ['amount_cents', { amount_cents: -1 }],
    ['amount_cents', { amount_cents: 0 }],
    ['amount_cents', { amount_cents: 10.5 }],
    ['amount_cents', { amount_cents: '1000' }],
    ['amount_cents', { amount_cents: undefined }],
    ['method', { amount_cents: 1_00, method: 'bitcoin' }],
    ['received_on', { amount_cents: 1_00, received_on: '2026-05-05' }],
    ['received_on', { amount_cents: 1_00, received_on: '4 mai' }],
    ['received_on', { amount_cents: 1_00, received_on: '2026-02-30' }],
    ['allow_overpayment', { amount_cents: 1_00, allow_overpayment: 'yes' }],
    ['reference', { amount_cents: 1_00, reference: 'x'.repeat(201) }],
    ['surprise', { amount_cents: 1_00, surprise: true }],
  ])('400 naming %s', async (path, payload) => {
    const response = await pay(invoiceId, payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('nothing was written by any of them', async () => {
    expect(await paymentCount(invoiceId)).toBe(0);
  });

  it('a day that is already tomorrow in UTC but still today in Montréal is accepted', async () => {
    const saved = now;
    now = new Date('2026-05-05T02:00:00Z'); // 22:00 on May 4th in Montréal
    try {
      const response = await pay(invoiceId, { amount_cents: 1_00, received_on: '2026-05-04' });
      expect(response.statusCode, response.body).toBe(201);
      expect((await pay(invoiceId, { amount_cents: 1_00, received_on: '2026-05-05' })).statusCode).toBe(400);
    } finally {
      now = saved;
    }
  });
});

describe('roles', () => {
  it('admin and staff record; advisor and client may not (403); no session 401', async () => {
    const invoice = await invoiceFor();
    expect((await pay(invoice.id, { amount_cents: 1_00 }, 'admin')).statusCode).toBe(201);
    expect((await pay(invoice.id, { amount_cents: 1_00 }, 'staff')).statusCode).toBe(201);
    expect((await pay(invoice.id, { amount_cents: 1_00 }, 'advisor')).statusCode).toBe(403);
    expect((await pay(invoice.id, { amount_cents: 1_00 }, 'client')).statusCode).toBe(403);
    expect((await pay(invoice.id, { amount_cents: 1_00 }, null)).statusCode).toBe(401);
    expect(await paymentCount(invoice.id)).toBe(2);
  });

  it('advisors read; a client reads their own issued invoice’s payments, another customer’s or a draft is 404', async () => {
    const mine = await invoiceFor(customerId);
    await pay(mine.id, { amount_cents: 5_00, note: 'Payé au comptoir, pressé' });
    const draft = await invoiceFor(customerId, { draft: true });
    const theirs = await invoiceFor(otherCustomerId);
    await pay(theirs.id, { amount_cents: 5_00 });
    const list = (id: string, role: Role | undefined, clientOf?: string) =>
      t.request({ method: 'GET', url: `/api/v1/invoices/${id}/payments`, ...asRole(role, clientOf) });

    expect((await list(mine.id, 'advisor')).json().data).toEqual([
      expect.objectContaining({ note: 'Payé au comptoir, pressé' }),
    ]);
    const own = await list(mine.id, 'client');
    expect(own.statusCode).toBe(200);
    // The staff's note and who recorded it stay inside.
    expect(own.json().data).toEqual([
      expect.objectContaining({ amount_cents: 5_00, invoice_id: mine.id, note: null, created_by: null }),
    ]);
    expect((await list(theirs.id, 'client')).statusCode).toBe(404);
    expect((await list(draft.id, 'client')).statusCode).toBe(404);
    expect((await list(mine.id, 'client', otherCustomerId)).statusCode).toBe(404);
    expect((await list(mine.id, undefined)).statusCode).toBe(401);
  });
});

describe('concurrency', () => {
  it('15 parallel payments of 10.00 on a 114.98 invoice: 11 go through, 4 are refused; ledger = sum of entries', {
    timeout: 60_000,
  }, async () => {
    const customer = await newCustomer();
    const invoice = await invoiceFor(customer);
    const responses = await Promise.all(
      Array.from({ length: 15 }, () => pay(invoice.id, { amount_cents: 10_00 })),
    );
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes).toEqual([...Array(11).fill(201), ...Array(4).fill(422)]);
    const after = await t.request({ method: 'GET', url: `/api/v1/invoices/${invoice.id}`, as: 'staff' });
    expect(after.json()).toMatchObject({
      amount_paid_cents: 110_00,
      balance_due_cents: 4_98,
      status: 'partially_paid',
    });
    expect(await ledgerOf(t, customer)).toEqual({ sum: 4_98, balance: 4_98, entries: 12 });
  });

  it('16 parallel overpayments: the invoice takes exactly its total, the ledger all of it', {
    timeout: 60_000,
  }, async () => {
    const customer = await newCustomer();
    const invoice = await invoiceFor(customer);
    const responses = await Promise.all(
      Array.from({ length: 16 }, () => pay(invoice.id, { amount_cents: 10_00, allow_overpayment: true })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(16).fill(201));
    const { rows } = await t.database.db.execute<{ applied: string; received: string; paid: string }>(sql`
      select (select sum(applied_cents) from payments where invoice_id = ${invoice.id}) as applied,
             (select sum(amount_cents) from payments where invoice_id = ${invoice.id}) as received,
             (select amount_paid_cents from invoices where id = ${invoice.id}) as paid`);
    expect(Number(rows[0]!.applied)).toBe(114_98);
    expect(Number(rows[0]!.paid)).toBe(114_98);
    expect(Number(rows[0]!.received)).toBe(160_00);
    expect(await ledgerOf(t, customer)).toEqual({
      sum: 114_98 - 160_00,
      balance: 114_98 - 160_00,
      entries: 17,
    });
  });
});

describe('online payment switched off', () => {
  it('GET /payments/providers says so to every role; 401 without a session', async () => {
    for (const role of ['admin', 'staff', 'advisor', 'client'] as const) {
      const response = await t.request({ method: 'GET', url: '/api/v1/payments/providers', ...asRole(role) });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ online: { stripe: false } });
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/payments/providers' })).statusCode).toBe(401);
  });

  it('checkout is 409 payment.online_unavailable, with a clear message', async () => {
    const invoice = await invoiceFor();
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${invoice.id}/checkout`,
      as: 'staff',
      payload: {},
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('payment.online_unavailable');
    expect(response.json().detail).toMatch(/STRIPE_SECRET_KEY/);
  });

  it('the Stripe webhook is refused (409) and writes nothing', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc' },
      payload: '{"id":"evt_1","type":"checkout.session.completed"}',
    });
    expect(response.statusCode).toBe(409);
    const { rows } = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from stripe_webhook_events`,
    );
    expect(rows[0]!.n).toBe(0);
  });
});

describe('any provider behind the interface', () => {
  it('gets the invoice, amount and return URLs on the request’s origin when ATRIUM_BASE_URL is unset', async () => {
    const invoice = await invoiceFor();
    const seen: CheckoutRequest[] = [];
    const provider: PaymentProvider = {
      id: 'stripe',
      async createCheckout(_ctx, request) {
        seen.push(request);
        return { url: 'https://pay.example/abc', session_id: 'abc' };
      },
      parseWebhook: () => {
        throw new Error('not used');
      },
    };
    const result = await createInvoiceCheckout(
      t.ctx,
      { providers: { stripe: provider }, base_url: null },
      invoice.id,
      {},
      'http://crm.local:3000',
    );
    expect(result).toEqual({
      provider: 'stripe',
      url: 'https://pay.example/abc',
      session_id: 'abc',
      amount_cents: 114_98,
    });
    expect(seen).toEqual([
      {
        invoice: { id: invoice.id, number: invoice.number, currency: 'CAD', customer_id: customerId },
        amount_cents: 114_98,
        success_url: `http://crm.local:3000/invoices/${invoice.id}?payment=success&session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `http://crm.local:3000/invoices/${invoice.id}?payment=cancelled`,
        locale: 'fr',
      },
    ]);
  });
});

describe('the credit score’s on-time ratio', () => {
  async function onTimeRatio(customer: string) {
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer}/finances`,
      as: 'staff',
    });
    expect(response.statusCode, response.body).toBe(200);
    return response
      .json()
      .credit_score.factors.find((factor: { code: string }) => factor.code === 'on_time_ratio').value;
  }

  it('counts invoices settled by their due date (in Montréal) among all settled ones', async () => {
    const customer = await newCustomer({ payment_terms: 'net_15' });
    expect(await onTimeRatio(customer)).toBeNull();
    const onTime = await invoiceFor(customer);
    expect(onTime.due_on).toBe('2026-05-19');
    const late = await invoiceFor(customer);
    const partly = await invoiceFor(customer);
    await pay(onTime.id, { amount_cents: onTime.total_cents });
    expect(await onTimeRatio(customer)).toBe(10_000);

    const saved = now;
    try {
      // 23:30 on the due date in Montréal (already the 20th in UTC): still on time.
      now = new Date('2026-05-20T03:30:00Z');
      await pay(partly.id, { amount_cents: 10_00 });
      await pay(partly.id, { amount_cents: partly.total_cents - 10_00 });
      expect(await onTimeRatio(customer)).toBe(10_000);
      // The next morning: late.
      now = new Date('2026-05-20T14:00:00Z');
      await pay(late.id, { amount_cents: late.total_cents });
      expect(await onTimeRatio(customer)).toBe(6_667);
    } finally {
      now = saved;
    }
  });
});
