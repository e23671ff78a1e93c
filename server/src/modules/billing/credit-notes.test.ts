import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { invoiceLine, issueInvoice, recordTestPayment } from '../../../test/billing.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';

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

type Who = Role | 'nobody';
const who = (as: Who, clientOf = customerId) =>
  as === 'nobody' ? {} : as === 'client' ? { as, customerId: clientOf } : { as };

function credit(
  invoiceId: string,
  payload: Record<string, unknown> = { reason: 'Erreur de prix' },
  as: Who = 'staff',
) {
  return t.request({
    method: 'POST',
    url: `/api/v1/invoices/${invoiceId}/credit-notes`,
    ...who(as),
    payload,
  });
}

const getInvoice = async (id: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/invoices/${id}`, as: 'staff' })).json();
const balanceOf = async (customer: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/customers/${customer}/finances`, as: 'staff' })).json()
    .balance_cents as number;

describe('a full credit note', () => {
  it('credits the whole invoice: same taxes and total, balance zero, ledger, timeline, audit, event', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const invoice = await issueInvoice(t, customer);
    const response = await credit(invoice.id);
    expect(response.statusCode, response.body).toBe(201);
    const note = response.json();
    expect(note).toMatchObject({
      invoice_id: invoice.id,
      invoice_number: invoice.number,
      customer_id: customer,
      kind: 'full',
      reason: 'Erreur de prix',
      currency: 'CAD',
      subtotal_cents: 100_00,
      taxable_cents: 100_00,
      taxes: [
        { code: 'GST', rate: '5', rate_ppm: 50_000, amount_cents: 5_00 },
        { code: 'QST', rate: '9.975', rate_ppm: 99_750, amount_cents: 9_98 },
      ],
      total_cents: 114_98,
      applied_cents: 114_98,
      issued_on: '2026-05-04',
    });
    expect(note.number).toMatch(/^CN-\d{6}$/);
    expect(note.lines).toEqual([
      expect.objectContaining({ position: 1, quantity: '1.000', unit_price_cents: 100_00, taxable: true }),
    ]);
    expect(await getInvoice(invoice.id)).toMatchObject({
      status: 'paid',
      amount_credited_cents: 114_98,
      balance_due_cents: 0,
      credited_total_cents: 114_98,
      credit_notes: [{ id: note.id, number: note.number, issued_on: '2026-05-04', total_cents: 114_98 }],
    });
    expect(await balanceOf(customer)).toBe(0);
    const { rows } = await t.database.db.execute<{ n: number }>(sql`
      select (select count(*)::int from customer_balance_history where reference_id = ${note.id} and amount_cents = -11498 and entry_type = 'credit_note') +
             (select count(*)::int from invoice_settlements where reference_id = ${note.id} and amount_cents = -11498) +
             (select count(*)::int from customer_activity where reference_id = ${note.id} and activity_type = 'invoice') +
             (select count(*)::int from audit_log where entity_id = ${note.id} and action = 'credit_note.issued') +
             (select count(*)::int from domain_events where entity_id = ${note.id} and type = 'credit_note.issued') as n`);
    expect(rows[0]!.n).toBe(5);
    // Nothing is left: any further credit note is more than remains.
    const more = await credit(invoice.id);
    expect(more.statusCode).toBe(422);
    expect(more.json().code).toBe('credit_note.exceeds_invoice');
  });

  it('after a partial one, takes exactly what remains: the invoice and its credit notes net to zero', async () => {
    const invoice = await issueInvoice(t, customerId);
    const partial = await credit(invoice.id, {
      reason: 'Pneu retourné',
      lines: [invoiceLine({ description: 'Pneu', quantity: '1', unit_price_cents: 40_00 })],
    });
    expect(partial.statusCode, partial.body).toBe(201);
    // 40.00 → GST 2.00, QST 3.99
    expect(partial.json()).toMatchObject({
      kind: 'partial',
      taxable_cents: 40_00,
      total_cents: 45_99,
      applied_cents: 45_99,
    });
    expect(await getInvoice(invoice.id)).toMatchObject({
      status: 'partially_paid',
      balance_due_cents: 68_99,
    });
    const full = await credit(invoice.id);
    expect(full.json()).toMatchObject({
      kind: 'full',
      taxable_cents: 60_00,
      taxes: [
        { code: 'GST', amount_cents: 3_00 },
        { code: 'QST', amount_cents: 5_99 },
      ],
      total_cents: 68_99,
    });
    expect(await getInvoice(invoice.id)).toMatchObject({
      status: 'paid',
      balance_due_cents: 0,
      credited_total_cents: 114_98,
    });
  });

  it('on an invoice already paid, leaves the customer a credit (ledger), nothing applied to the invoice', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const invoice = await issueInvoice(t, customer);
    await recordTestPayment(t.ctx, invoice.id, 50_00);
    const note = await credit(invoice.id);
    // 64.98 was still due; the 50.00 paid comes back as a credit.
    expect(note.json()).toMatchObject({ total_cents: 114_98, applied_cents: 64_98 });
    expect(await balanceOf(customer)).toBe(-50_00);
    expect(await getInvoice(invoice.id)).toMatchObject({
      status: 'paid',
      amount_paid_cents: 50_00,
      amount_credited_cents: 64_98,
    });

    const paid = await issueInvoice(t, customer);
    await recordTestPayment(t.ctx, paid.id, 114_98);
    const second = await credit(paid.id, {
      reason: 'Rabais',
      lines: [invoiceLine({ unit_price_cents: 10_00 })],
    });
    expect(second.json()).toMatchObject({ total_cents: 11_50, applied_cents: 0 });
    expect(await balanceOf(customer)).toBe(-61_50);
  });

  it('a tax-exempt invoice is credited without tax; a non-taxable line of a taxed invoice too', async () => {
    const exempt = (await createTestCustomer(t.ctx, { tax_exempt: true })).id;
    const invoice = await issueInvoice(t, exempt);
    const note = await credit(invoice.id, {
      reason: 'x',
      lines: [invoiceLine({ taxable: false, unit_price_cents: 30_00 })],
    });
    expect(note.json()).toMatchObject({ taxes: [], total_cents: 30_00 });
    // A taxable line on an invoice with nothing taxable: more than remains taxable.
    const taxable = await credit(invoice.id, {
      reason: 'x',
      lines: [invoiceLine({ unit_price_cents: 1_00 })],
    });
    expect(taxable.statusCode).toBe(422);

    const mixed = await issueInvoice(t, customerId, {
      lines: [invoiceLine(), invoiceLine({ description: 'Frais', taxable: false, unit_price_cents: 20_00 })],
    });
    const fees = await credit(mixed.id, {
      reason: 'x',
      lines: [invoiceLine({ taxable: false, unit_price_cents: 20_00 })],
    });
    expect(fees.json()).toMatchObject({
      taxable_cents: 0,
      total_cents: 20_00,
      taxes: [{ amount_cents: 0 }, { amount_cents: 0 }],
    });
    const tooMuch = await credit(mixed.id, {
      reason: 'x',
      lines: [invoiceLine({ taxable: false, unit_price_cents: 1 })],
    });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().code).toBe('credit_note.exceeds_invoice');
  });
});

describe('refusals and bad input', () => {
  it('more than remains: 422 credit_note.exceeds_invoice, nothing written, no number used', async () => {
    const invoice = await issueInvoice(t, customerId);
    const refused = await credit(invoice.id, {
      reason: 'x',
      lines: [invoiceLine({ unit_price_cents: 100_01 })],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('credit_note.exceeds_invoice');
    const a = (
      await credit(invoice.id, { reason: 'x', lines: [invoiceLine({ unit_price_cents: 1_00 })] })
    ).json();
    const b = (
      await credit(invoice.id, { reason: 'x', lines: [invoiceLine({ unit_price_cents: 1_00 })] })
    ).json();
    expect(Number(b.number.slice(3))).toBe(Number(a.number.slice(3)) + 1);
  });

  it('a draft or a void invoice: 409 invoice.not_creditable', async () => {
    const draft = await t.request({
      method: 'POST',
      url: '/api/v1/invoices',
      as: 'staff',
      payload: { customer_id: customerId, lines: [invoiceLine()] },
    });
    const voided = await issueInvoice(t, customerId);
    await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${voided.id}/void`,
      as: 'staff',
      payload: { reason: 'x' },
    });
    for (const id of [draft.json().id, voided.id]) {
      const refused = await credit(id);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('invoice.not_creditable');
    }
  });

  it.each([
    ['reason', {}],
    ['reason', { reason: '' }],
    ['lines', { reason: 'x', lines: [] }],
    ['lines.0.quantity', { reason: 'x', lines: [invoiceLine({ quantity: '-1' })] }],
    ['lines.0.quantity', { reason: 'x', lines: [invoiceLine({ quantity: '0' })] }],
    ['lines.0.quantity', { reason: 'x', lines: [invoiceLine({ quantity: 1 })] }],
    ['lines.0.unit_price_cents', { reason: 'x', lines: [invoiceLine({ unit_price_cents: -5 })] }],
    ['lines.0.unit_price_cents', { reason: 'x', lines: [invoiceLine({ unit_price_cents: 1.5 })] }],
    ['lines.0.description', { reason: 'x', lines: [invoiceLine({ description: ' ' })] }],
    ['lines', { reason: 'x', lines: [invoiceLine({ unit_price_cents: 0 })] }],
    ['lines.0.discount_cents', { reason: 'x', lines: [invoiceLine({ discount_cents: 1 })] }],
  ])('400 naming %s', async (path, payload) => {
    const invoice = await issueInvoice(t, customerId);
    const response = await credit(invoice.id, payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('an unknown invoice is 404', async () => {
    expect((await credit('01900000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('reading credit notes, by role', () => {
  it('admin, staff, advisor read; a client only their own customer’s (another’s is 404); no session 401', async () => {
    const mine = await issueInvoice(t, customerId);
    const theirs = await issueInvoice(t, otherCustomerId);
    const myNote = (await credit(mine.id)).json();
    const theirNote = (await credit(theirs.id, undefined, 'admin')).json();
    const get = (url: string, as: Who) => t.request({ method: 'GET', url, ...who(as) });

    for (const role of ['admin', 'staff', 'advisor', 'client'] as const) {
      expect((await get(`/api/v1/credit-notes/${myNote.id}`, role)).statusCode, role).toBe(200);
      expect((await get(`/api/v1/invoices/${mine.id}/credit-notes`, role)).json().data).toHaveLength(1);
    }
    expect((await get(`/api/v1/credit-notes/${theirNote.id}`, 'client')).statusCode).toBe(404);
    expect((await get(`/api/v1/invoices/${theirs.id}/credit-notes`, 'client')).statusCode).toBe(404);
    expect((await get(`/api/v1/credit-notes/${theirNote.id}`, 'nobody')).statusCode).toBe(401);
    expect((await get('/api/v1/credit-notes', 'nobody')).statusCode).toBe(401);

    const clientList = (await get('/api/v1/credit-notes?per_page=100', 'client')).json();
    expect(clientList.data.every((note: { customer_id: string }) => note.customer_id === customerId)).toBe(
      true,
    );
    expect(clientList.data.map((note: { id: string }) => note.id)).toContain(myNote.id);
    for (const role of ['advisor', 'client'] as const) {
      expect((await credit(mine.id, undefined, role)).statusCode).toBe(403);
    }
    expect((await credit(mine.id, undefined, 'nobody')).statusCode).toBe(401);
  });

  it('lists with filters (customer, invoice, issued from/to) and pages; bad filters are 400 naming them', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const first = await issueInvoice(t, customer);
    const saved = now;
    now = new Date('2026-06-10T14:00:00Z');
    try {
      const second = await issueInvoice(t, customer);
      await credit(second.id);
    } finally {
      now = saved;
    }
    await credit(first.id);
    const list = async (query: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/credit-notes?${query}`, as: 'staff' })).json();
    expect((await list(`customer_id=${customer}`)).pagination.total).toBe(2);
    expect(
      (await list(`invoice_id=${first.id}`)).data.map((n: { invoice_id: string }) => n.invoice_id),
    ).toEqual([first.id]);
    expect((await list(`customer_id=${customer}&from=2026-06-01&to=2026-06-30`)).data).toHaveLength(1);
    expect((await list(`customer_id=${customer}&per_page=1&page=2`)).pagination).toMatchObject({
      total: 2,
      has_prev: true,
    });
    for (const [query, path] of [
      ['from=2026-06-30&to=2026-06-01', 'to'],
      ['from=2026-02-30', 'from'],
      ['customer_id=nope', 'customer_id'],
      ['per_page=101', 'per_page'],
    ]) {
      const bad = await t.request({ method: 'GET', url: `/api/v1/credit-notes?${query}`, as: 'staff' });
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });
});

describe('concurrency', () => {
  it('two full credit notes at once on one invoice: one 201, one 422', async () => {
    const invoice = await issueInvoice(t, customerId);
    const responses = await Promise.all([credit(invoice.id), credit(invoice.id, undefined, 'admin')]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 422]);
    expect(await getInvoice(invoice.id)).toMatchObject({
      credited_total_cents: 114_98,
      balance_due_cents: 0,
    });
  });

  it('credit notes issued at once never share or skip a CN number', { timeout: 60_000 }, async () => {
    const invoices = [];
    for (let i = 0; i < 12; i += 1)
      invoices.push(await issueInvoice(t, i % 2 ? customerId : otherCustomerId));
    const responses = await Promise.all(invoices.map((invoice) => credit(invoice.id)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    const numbers = responses.map((r) => Number(r.json().number.slice(3))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => numbers[0]! + i));
    const { rows } = await t.database.db.execute<{ count: number; max: string }>(
      sql`select count(*)::int as count, max(number) as max from credit_notes`,
    );
    expect(Number(rows[0]!.max.slice(3))).toBe(rows[0]!.count);
  });
});

describe('through the API, any invoice and any partial credits, then a full one', () => {
  it('nets to zero tax by tax and on the ledger; no credit note is ever negative', {
    timeout: 120_000,
  }, async () => {
    const line = fc.record({
      description: fc.constant('Article'),
      quantity: fc.integer({ min: 1, max: 5_000 }).map((n) => (n / 1000).toString()),
      unit_price_cents: fc.integer({ min: 1, max: 200_000 }),
      taxable: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(line, { minLength: 1, maxLength: 2 }), { maxLength: 3 }),
        fc.integer({ min: 0, max: 2_000 }),
        async (lines, partials, shipping) => {
          const customer = (await createTestCustomer(t.ctx)).id;
          const invoice = await issueInvoice(t, customer, { lines, shipping_cents: shipping });
          for (const partialLines of partials) {
            const response = await credit(invoice.id, { reason: 'x', lines: partialLines });
            // 400 only when the lines round to nothing (0.001 × 1 cent, say).
            if (response.statusCode === 400) expect(response.json().errors[0].path).toBe('lines');
            else expect([201, 422]).toContain(response.statusCode);
          }
          const full = await credit(invoice.id);
          if (invoice.total_cents === 0) {
            expect(full.statusCode).toBe(422);
            return;
          }
          const notes = (
            await t.request({
              method: 'GET',
              url: `/api/v1/invoices/${invoice.id}/credit-notes`,
              as: 'staff',
            })
          ).json().data as {
            taxable_cents: number;
            total_cents: number;
            taxes: { code: string; amount_cents: number }[];
          }[];
          expect(full.statusCode === 201 || notes.length > 0).toBe(true);
          const issued = await getInvoice(invoice.id);
          for (const tax of issued.taxes as { code: string; amount_cents: number }[]) {
            const credited = notes.map((n) => n.taxes.find((x) => x.code === tax.code)!.amount_cents);
            expect(credited.every((amount) => amount >= 0)).toBe(true);
            expect(tax.amount_cents - credited.reduce((a, b) => a + b, 0)).toBe(0);
          }
          expect(issued.taxable_cents - notes.reduce((a, n) => a + n.taxable_cents, 0)).toBe(0);
          expect(issued.credited_total_cents).toBe(issued.total_cents);
          expect(issued.balance_due_cents).toBe(0);
          expect(await balanceOf(customer)).toBe(0);
        },
      ),
      { numRuns: 8 },
    );
  });
});
