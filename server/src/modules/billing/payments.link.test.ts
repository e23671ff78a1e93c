import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { recordTestPayment } from '../../../test/billing.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { issueTestInvoice } from '../../../test/invoices.ts';
import { grantServiceNotifications } from '../../../test/smtp.ts';
import { type FakeStripeApi, startFakeStripeApi, stripeTest } from '../../../test/stripe.ts';
import type { Clock } from '../../core/clock.ts';
import { createStripeProvider } from './index.ts';

/*
 * The pay-online link of an invoice email: signed, long-lived, and opening a fresh Stripe
 * Checkout page (here a local stand-in for api.stripe.com) for the balance due when clicked.
 */
const clock: Clock = { now: () => new Date('2026-05-04T14:00:00Z') };
let t: TestApp;
let api: FakeStripeApi;

beforeAll(async () => {
  api = await startFakeStripeApi();
  t = await createTestApp({
    clock,
    payments: {
      providers: {
        stripe: createStripeProvider({
          secretKey: stripeTest.secretKey,
          webhookSecrets: [stripeTest.secret],
          apiBase: api.url,
        }),
      },
      base_url: 'https://crm.example.com',
      link_secret: 'link-secret-link-secret-link-secret-0123',
    },
  });
});
afterAll(async () => {
  await t.close();
  await api.close();
});

async function emailedInvoice() {
  const customer = await createTestCustomer(t.ctx);
  await grantServiceNotifications(t.ctx, customer.id);
  const invoice = await issueTestInvoice(t, customer.id);
  const sent = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${invoice.id}/send`,
    as: 'staff',
    payload: {},
  });
  expect(sent.statusCode, sent.body).toBe(202);
  const email = (
    await t.request({ method: 'GET', url: `/api/v1/outbox/${sent.json().id}`, as: 'staff' })
  ).json();
  const link = /https:\/\/crm\.example\.com(\/api\/v1\/public\/invoices\/[^"\s]+)/.exec(email.text)?.[1];
  return { invoice, email, path: link?.replaceAll('&amp;', '&') };
}

describe('the pay-online link of an invoice email', () => {
  it('is in the message, and opens a fresh Stripe Checkout page for the balance due', async () => {
    const { invoice, email, path } = await emailedInvoice();
    expect(email.text).toContain('Payer en ligne');
    expect(email.html).toContain(
      `href="https://crm.example.com/api/v1/public/invoices/${invoice.id}/pay?token=`,
    );
    expect(path).toBeDefined();
    const before = api.requests.length;
    const opened = await t.app.inject({ method: 'GET', url: path! });
    expect(opened.statusCode, opened.body).toBe(303);
    expect(opened.headers.location).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const sent = api.requests[before]!;
    expect(sent.form.get('line_items[0][price_data][unit_amount]')).toBe('11498');
    expect(sent.form.get('success_url')).toBe(`https://crm.example.com${path}&payment=success`);
    // Stripe brings the payer back: a short page, no account needed.
    const back = await t.app.inject({ method: 'GET', url: `${path}&payment=success` });
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toMatch(/text\/html/);
    expect(back.body).toContain('Merci!');
  });

  it('says there is nothing to pay once the invoice is paid', async () => {
    const { invoice, path } = await emailedInvoice();
    await recordTestPayment(t.ctx, invoice.id, 114_98);
    const before = api.requests.length;
    const opened = await t.app.inject({ method: 'GET', url: path! });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('aucun solde');
    expect(api.requests.length).toBe(before);
  });

  it('refuses a wrong token, or one for another invoice (404)', async () => {
    const { invoice, path } = await emailedInvoice();
    const other = await emailedInvoice();
    const token = new URL(`https://x${path}`).searchParams.get('token')!;
    const forged = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/invoices/${invoice.id}/pay?token=${'A'.repeat(43)}`,
    });
    expect(forged.statusCode).toBe(404);
    expect(forged.headers['content-type']).toMatch(/problem\+json/);
    const swapped = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/invoices/${other.invoice.id}/pay?token=${token}`,
    });
    expect(swapped.statusCode).toBe(404);
    const missing = await t.app.inject({ method: 'GET', url: `/api/v1/public/invoices/${invoice.id}/pay` });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([expect.objectContaining({ path: 'token' })]);
  });
});
