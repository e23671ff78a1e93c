import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { recordTestPayment } from '../../../test/billing.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { createTestQuote, sendTestQuote } from '../../../test/quotes.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import { createStripeProvider } from '../billing/index.ts';

const now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let customerId: string;
let otherCustomerId: string;
beforeAll(async () => {
  // Stripe configured (never called here: the pay link opens Checkout when followed).
  t = await createTestApp({
    clock,
    payments: {
      providers: {
        stripe: createStripeProvider({
          secretKey: 'sk_test_x',
          webhookSecrets: ['whsec_x'],
          apiBase: 'http://127.0.0.1:9',
        }),
      },
      base_url: 'https://crm.example.com',
      link_secret: 'link-secret-for-tests-0123456789',
    },
  });
  customerId = (await createTestCustomer(t.ctx)).id;
  otherCustomerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(() => t.close());

/** A quote of 2 × 500.00 + 3 × 100.00 (taxable), accepted through the customer's page. */
async function acceptedOrder(customer = customerId, extra: Record<string, unknown> = {}) {
  const quote = await createTestQuote(t, customer, {
    lines: [
      { description: 'Freins', quantity: '2', unit_price_cents: 500_00 },
      { description: 'Main-d’œuvre', quantity: '3', unit_price_cents: 100_00 },
    ],
    ...extra,
  });
  const { token } = await sendTestQuote(t, quote.id);
  const accepted = await t.request({
    method: 'POST',
    url: `/api/v1/public/quotes/${token}/accept`,
    payload: { name: 'Client' },
  });
  expect(accepted.statusCode, accepted.body).toBe(200);
  return { quote, acceptance: accepted.json() };
}

function bill(orderId: string, payload: Record<string, unknown> = {}, as: Role = 'staff') {
  return t.request({ method: 'POST', url: `/api/v1/orders/${orderId}/invoice`, as, payload });
}

async function invoice(id: string) {
  return (await t.request({ method: 'GET', url: `/api/v1/invoices/${id}`, as: 'staff' })).json();
}

describe('orders', () => {
  it('the public acceptance answers the Stripe pay link of the deposit invoice', async () => {
    const { acceptance } = await acceptedOrder();
    expect(acceptance.payment_url).toMatch(
      new RegExp(
        `^https://crm\\.example\\.com/api/v1/public/invoices/${acceptance.deposit_invoice_id}/pay\\?token=`,
      ),
    );
  });

  it('bills some lines, then the balance with the deposit taken off before taxes; taxes add up to the order’s', async () => {
    const { quote, acceptance } = await acceptedOrder();
    const orderId = acceptance.order_id;
    const partial = await bill(orderId, { lines: [{ position: 2, quantity: '1' }] });
    expect(partial.statusCode, partial.body).toBe(201);
    const afterPartial = partial.json();
    expect(afterPartial.lines.map((line: { invoiced_quantity: string }) => line.invoiced_quantity)).toEqual([
      '0',
      '1',
    ]);
    const first = afterPartial.invoices.find((entry: { kind: string }) => entry.kind === 'progress');
    // 100.00 less the deposit's 390.00 base, capped at the invoice's amount: nothing to tax.
    expect(await invoice(first.id)).toMatchObject({
      subtotal_cents: 100_00,
      invoice_discount_cents: 100_00,
      total_cents: 0,
      order_id: orderId,
    });

    const tooMuch = await bill(orderId, { lines: [{ position: 1, quantity: '3' }] });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json()).toMatchObject({
      code: 'order.quantity_exceeded',
      errors: [{ path: 'lines.0.quantity' }],
    });
    expect(tooMuch.json().errors[0].message).toContain('Line 1');
    const unknown = await bill(orderId, { lines: [{ position: 9, quantity: '1' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('lines.0.position');

    const balance = await bill(orderId);
    expect(balance.statusCode, balance.body).toBe(201);
    const order = balance.json();
    expect(order.status).toBe('invoiced');
    expect(order.lines.map((line: { remaining_quantity: string }) => line.remaining_quantity)).toEqual([
      '0',
      '0',
    ]);
    const invoices = await Promise.all(order.invoices.map((entry: { id: string }) => invoice(entry.id)));
    const last = invoices.at(-1);
    // 1 200.00 billed: 290.00 of the 390.00 deposit base left to take off.
    expect(last).toMatchObject({ subtotal_cents: 1200_00, invoice_discount_cents: 290_00 });
    expect(last.notes).toContain('Acompte déduit');
    const taxOf = (code: string) =>
      invoices.reduce(
        (sum, entry) =>
          sum + (entry.taxes.find((tax: { code: string }) => tax.code === code)?.amount_cents ?? 0),
        0,
      );
    const quoteTax = (code: string) =>
      quote.taxes.find((tax: { code: string }) => tax.code === code).amount_cents;
    expect(Math.abs(taxOf('GST') - quoteTax('GST'))).toBeLessThanOrEqual(1);
    expect(Math.abs(taxOf('QST') - quoteTax('QST'))).toBeLessThanOrEqual(1);
    const total = invoices.reduce((sum, entry) => sum + entry.total_cents, 0);
    expect(Math.abs(total - quote.total_cents)).toBeLessThanOrEqual(1);
    expect(order.amount_invoiced_cents).toBe(total);

    const again = await bill(orderId);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('order.fully_invoiced');
    const { rows } = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_log where entity_id = ${orderId} order by id`,
    );
    expect(rows.map((row) => row.action)).toEqual(['order.created', 'order.invoiced', 'order.invoiced']);
  });

  it('shares an order discount and line discounts over partial invoices, exactly', async () => {
    const { acceptance } = await acceptedOrder(customerId, {
      lines: [{ description: 'Pneus', quantity: '3', unit_price_cents: 100_00, discount_cents: 10_00 }],
      invoice_discount_cents: 30_00,
      deposit_percent: 0,
    });
    await bill(acceptance.order_id, { lines: [{ position: 1, quantity: '1' }] });
    const order = (await bill(acceptance.order_id)).json();
    const invoices = await Promise.all(order.invoices.map((entry: { id: string }) => invoice(entry.id)));
    expect(invoices.map((entry) => entry.lines[0].discount_cents)).toEqual([3_33, 6_67]);
    expect(invoices.reduce((sum, entry) => sum + entry.invoice_discount_cents, 0)).toBe(30_00);
    expect(invoices.reduce((sum, entry) => sum + entry.subtotal_cents, 0)).toBe(290_00);
  });

  it('cancels: each invoice credited in full (paid or not), then nothing more is billed', async () => {
    const { acceptance } = await acceptedOrder();
    await recordTestPayment(t.ctx, acceptance.deposit_invoice_id, acceptance.deposit_total_cents);
    const missing = await t.request({
      method: 'POST',
      url: `/api/v1/orders/${acceptance.order_id}/cancel`,
      as: 'staff',
      payload: {},
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('reason');
    const cancelled = await t.request({
      method: 'POST',
      url: `/api/v1/orders/${acceptance.order_id}/cancel`,
      as: 'staff',
      payload: { reason: 'Le client a changé d’idée' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Le client a changé d’idée',
    });
    const deposit = await invoice(acceptance.deposit_invoice_id);
    expect(deposit.credited_total_cents).toBe(deposit.total_cents);
    expect(deposit.credit_notes).toHaveLength(1);
    expect((await bill(acceptance.order_id)).json().code).toBe('order.cancelled');
    const twice = await t.request({
      method: 'POST',
      url: `/api/v1/orders/${acceptance.order_id}/cancel`,
      as: 'staff',
      payload: { reason: 'x' },
    });
    expect(twice.statusCode).toBe(409);
  });

  it('cancels an order whose invoices include a zero-total one (the deposit took it all)', async () => {
    const { acceptance } = await acceptedOrder();
    expect((await bill(acceptance.order_id, { lines: [{ position: 2, quantity: '1' }] })).statusCode).toBe(
      201,
    );
    const cancelled = await t.request({
      method: 'POST',
      url: `/api/v1/orders/${acceptance.order_id}/cancel`,
      as: 'admin',
      payload: { reason: 'Projet abandonné' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
  });

  it('roles: advisors read, clients read only their own, only staff and admins bill', async () => {
    const { acceptance } = await acceptedOrder();
    const { acceptance: others } = await acceptedOrder(otherCustomerId);
    const get = (id: string, role?: Role, customer?: string) =>
      t.request({
        method: 'GET',
        url: `/api/v1/orders/${id}`,
        ...(role ? { as: role, customerId: customer } : {}),
      });
    expect((await get(acceptance.order_id, 'admin')).statusCode).toBe(200);
    expect((await get(acceptance.order_id, 'advisor')).statusCode).toBe(200);
    expect((await get(acceptance.order_id, 'client', customerId)).statusCode).toBe(200);
    expect((await get(others.order_id, 'client', customerId)).statusCode).toBe(404);
    expect((await get(acceptance.order_id)).statusCode).toBe(401);
    expect((await bill(acceptance.order_id, {}, 'advisor')).statusCode).toBe(403);
    expect((await bill(acceptance.order_id, {}, 'client')).statusCode).toBe(403);
    const list = await t.request({ method: 'GET', url: '/api/v1/orders', as: 'client', customerId });
    const ids = list.json().data.map((order: { id: string }) => order.id);
    expect(ids).toContain(acceptance.order_id);
    expect(ids).not.toContain(others.order_id);
    const filtered = await t.request({
      method: 'GET',
      url: `/api/v1/orders?customer_id=${otherCustomerId}&status=open`,
      as: 'staff',
    });
    expect(filtered.json().data.map((order: { id: string }) => order.id)).toEqual([others.order_id]);
    expect((await get('0190a6c4-0000-7000-8000-000000000000', 'staff')).statusCode).toBe(404);
  });
});
