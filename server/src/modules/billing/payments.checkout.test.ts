import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { issueTestInvoice } from '../../../test/invoices.ts';
import { createStripeTestApp, type FakeStripeApi, stripeTest } from '../../../test/stripe.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';

/*
 * POST /invoices/{id}/checkout against a local server standing in for api.stripe.com: what
 * the real Stripe client sent is asserted. The webhook side is payments.webhooks.test.ts.
 */
const now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };

let t: TestApp;
let api: FakeStripeApi;
let customerId: string;
let otherCustomerId: string;
beforeAll(async () => {
  ({ t, api } = await createStripeTestApp(clock));
  customerId = (await createTestCustomer(t.ctx)).id;
  otherCustomerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(async () => {
  await t.close();
  await api.close();
});

function invoiceFor(forCustomer = customerId, options: { draft?: boolean } = {}) {
  return issueTestInvoice(t, forCustomer, options);
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

describe('POST /invoices/{id}/checkout', () => {
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
    expect(sent.headers.authorization).toBe(`Bearer ${stripeTest.secretKey}`);
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
