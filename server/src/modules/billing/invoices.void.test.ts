import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { invoiceLine, issueInvoice, recordTestPayment } from '../../../test/billing.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';

const now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let customerId: string;
beforeAll(async () => {
  t = await createTestApp({ clock });
  customerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(() => t.close());

function voidIt(
  id: string,
  as: Role | 'nobody' = 'staff',
  payload: unknown = { reason: 'Facturé par erreur' },
) {
  return t.request({
    method: 'POST',
    url: `/api/v1/invoices/${id}/void`,
    ...(as === 'nobody' ? {} : as === 'client' ? { as, customerId } : { as }),
    payload: payload as Record<string, unknown>,
  });
}

async function balanceOf(customer: string) {
  return (
    await t.request({ method: 'GET', url: `/api/v1/customers/${customer}/finances`, as: 'staff' })
  ).json();
}

describe('voiding an issued invoice', () => {
  it('marks it void, takes its total off the balance with the reason, and records the change', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const invoice = await issueInvoice(t, customer);
    expect((await balanceOf(customer)).balance_cents).toBe(114_98);

    const response = await voidIt(invoice.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'void',
      number: invoice.number,
      void_reason: 'Facturé par erreur',
      voided_at: now.toISOString(),
      is_overdue: false,
    });
    const finances = await balanceOf(customer);
    expect(finances).toMatchObject({ balance_cents: 0, aging: { current: 0 } });

    const { rows } = await t.database.db.execute<{
      amount_cents: number;
      reason: string;
      entry_type: string;
    }>(
      sql`select amount_cents, reason, entry_type from customer_balance_history where reference_id = ${invoice.id} order by entry_number`,
    );
    expect(rows).toEqual([
      { amount_cents: 114_98, reason: null, entry_type: 'invoice' },
      { amount_cents: -114_98, reason: 'Facturé par erreur', entry_type: 'adjustment' },
    ]);
    const { rows: recorded } = await t.database.db.execute<{ n: number }>(sql`
      select (select count(*)::int from customer_activity where reference_id = ${invoice.id} and title like '%annulée%') +
             (select count(*)::int from audit_log where entity_id = ${invoice.id} and action = 'invoice.voided') +
             (select count(*)::int from domain_events where entity_id = ${invoice.id} and type = 'invoice.voided') as n`);
    expect(recorded[0]!.n).toBe(3);

    // Out of the open invoices; still listed as void, its number kept.
    const open = await t.request({
      method: 'GET',
      url: `/api/v1/invoices?customer_id=${customer}&status=void`,
      as: 'staff',
    });
    expect(open.json().data.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
  });

  it('is refused (409 invoice.not_voidable) for a draft, a void invoice, one paid or credited', async () => {
    const draft = await t.request({
      method: 'POST',
      url: '/api/v1/invoices',
      as: 'staff',
      payload: { customer_id: customerId, lines: [invoiceLine()] },
    });
    const paid = await issueInvoice(t, customerId);
    await recordTestPayment(t.ctx, paid.id, 1_00);
    const credited = await issueInvoice(t, customerId);
    const note = await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${credited.id}/credit-notes`,
      as: 'staff',
      payload: { reason: 'Geste commercial', lines: [invoiceLine({ unit_price_cents: 1_00 })] },
    });
    expect(note.statusCode, note.body).toBe(201);
    const voided = await issueInvoice(t, customerId);
    expect((await voidIt(voided.id)).statusCode).toBe(200);

    for (const [id, why] of [
      [draft.json().id, /draft is deleted/],
      [voided.id, /already void/],
      [paid.id, /paid/],
      [credited.id, /credit note/],
    ] as const) {
      const refused = await voidIt(id);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().code).toBe('invoice.not_voidable');
      expect(refused.json().detail).toMatch(why);
    }
  });

  it('two voids at once: one 200, one 409, one adjustment on the ledger', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const invoice = await issueInvoice(t, customer);
    const codes = (await Promise.all([voidIt(invoice.id), voidIt(invoice.id, 'admin')])).map(
      (r) => r.statusCode,
    );
    expect(codes.sort()).toEqual([200, 409]);
    expect((await balanceOf(customer)).balance_cents).toBe(0);
  });
});

describe('a zero-total invoice', () => {
  it('is issued settled, books nothing, cannot be credited and is voided without a ledger entry', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const invoice = await issueInvoice(t, customer, { lines: [invoiceLine({ unit_price_cents: 0 })] });
    expect(invoice).toMatchObject({ status: 'paid', total_cents: 0, balance_due_cents: 0 });
    expect(invoice.number).toMatch(/^INV-/);
    const credit = await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${invoice.id}/credit-notes`,
      as: 'staff',
      payload: { reason: 'x' },
    });
    expect(credit.statusCode).toBe(422);
    expect((await voidIt(invoice.id)).json()).toMatchObject({ status: 'void' });
    const { rows } = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from customer_balance_history where customer_id = ${customer}`,
    );
    expect(rows[0]!.n).toBe(0);
  });
});

describe('bad input and roles', () => {
  it.each([
    ['reason', {}],
    ['reason', { reason: '   ' }],
    ['reason', { reason: 42 }],
    ['reason', { reason: 'x'.repeat(2_001) }],
    ['extra', { reason: 'ok', extra: 1 }],
  ])('400 naming %s', async (path, payload) => {
    const invoice = await issueInvoice(t, customerId);
    const response = await voidIt(invoice.id, 'staff', payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('an unknown invoice is 404; a malformed id 400', async () => {
    expect((await voidIt('01900000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    const malformed = await voidIt('nope');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].path).toBe('id');
  });

  it('admin and staff may void; advisor and client 403; no session 401', async () => {
    const invoice = await issueInvoice(t, customerId);
    expect((await voidIt(invoice.id, 'advisor')).statusCode).toBe(403);
    expect((await voidIt(invoice.id, 'client')).statusCode).toBe(403);
    expect((await voidIt(invoice.id, 'nobody')).statusCode).toBe(401);
    expect((await voidIt(invoice.id, 'admin')).statusCode).toBe(200);
  });
});
