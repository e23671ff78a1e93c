import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { invoiceLine, issueInvoice, parseCsv } from '../../../test/billing.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';

let now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let customerId: string;
const docs = { x: '', y: '', z: '', e: '', w: '', cn: '' };

/*
 *   2026-05-04  X 100.00 taxable (GST 5.00, QST 9.98); Y 50.00 taxable + 20.00 not (GST 2.50,
 *               QST 4.99); Z issued then voided; E to a tax-exempt customer, 100.00
 *   2026-06-02  a credit note of 40.00 on X (GST 2.00, QST 3.99); W 200.00 (GST 10.00, QST 19.95)
 */
beforeAll(async () => {
  t = await createTestApp({ clock });
  customerId = (await createTestCustomer(t.ctx, { first_name: 'Hélène', last_name: 'Lévesque' })).id;
  const exempt = (await createTestCustomer(t.ctx, { tax_exempt: true })).id;
  docs.x = (await issueInvoice(t, customerId)).number;
  docs.y = (
    await issueInvoice(t, customerId, {
      lines: [
        invoiceLine({ unit_price_cents: 50_00 }),
        invoiceLine({ description: 'Frais', taxable: false, unit_price_cents: 20_00 }),
      ],
    })
  ).number;
  const z = await issueInvoice(t, customerId);
  docs.z = z.number;
  await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${z.id}/void`,
    as: 'staff',
    payload: { reason: 'x' },
  });
  docs.e = (await issueInvoice(t, exempt)).number;
  now = new Date('2026-06-02T14:00:00Z');
  const x = (await t.request({ method: 'GET', url: `/api/v1/invoices?q=${docs.x}`, as: 'staff' })).json()
    .data[0];
  const note = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${x.id}/credit-notes`,
    as: 'staff',
    payload: { reason: 'Pneu retourné', lines: [invoiceLine({ unit_price_cents: 40_00 })] },
  });
  docs.cn = note.json().number;
  docs.w = (await issueInvoice(t, customerId, { lines: [invoiceLine({ unit_price_cents: 200_00 })] })).number;
  now = new Date('2026-06-10T14:00:00Z');
});
afterAll(() => t.close());

function report(query: string, as: Role | 'nobody' = 'admin', headers: Record<string, string> = {}) {
  return t.request({
    method: 'GET',
    url: `/api/v1/reports/sales-taxes?${query}`,
    ...(as === 'nobody' ? {} : { as }),
    headers,
  });
}

const figures = (count: number, sales: number, taxable: number, gst: number, qst: number) => ({
  document_count: count,
  sales_cents: sales,
  taxable_cents: taxable,
  taxes: [
    { code: 'GST', amount_cents: gst },
    { code: 'QST', amount_cents: qst },
  ],
  tax_cents: gst + qst,
});
const none = figures(0, 0, 0, 0, 0);

describe('the sales-tax report', () => {
  it('per month: taxable sales and each tax collected, net of credit notes in their own month', async () => {
    const response = await report('from=2026-05-01&to=2026-06-30');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      from: '2026-05-01',
      to: '2026-06-30',
      currency: 'CAD',
      tax_codes: ['GST', 'QST'],
    });
    const [may, june] = body.months;
    expect(may).toMatchObject({
      month: '2026-05',
      from: '2026-05-01',
      to: '2026-05-31',
      invoiced: figures(3, 270_00, 150_00, 7_50, 14_97),
      credited: none,
      net: figures(3, 270_00, 150_00, 7_50, 14_97),
    });
    expect(june).toMatchObject({
      month: '2026-06',
      to: '2026-06-30',
      invoiced: figures(1, 200_00, 200_00, 10_00, 19_95),
      credited: figures(1, 40_00, 40_00, 2_00, 3_99),
      net: figures(2, 160_00, 160_00, 8_00, 15_96),
    });
    expect(body.totals.net).toEqual(figures(5, 430_00, 310_00, 15_50, 30_93));
    // The documents behind each figure; the void invoice is in none.
    expect(may.documents.map((d: { number: string }) => d.number)).toEqual([docs.x, docs.y, docs.e]);
    expect(june.documents.map((d: { number: string }) => d.number)).toEqual([docs.cn, docs.w]);
    expect(june.documents[0]).toMatchObject({
      kind: 'credit_note',
      issued_on: '2026-06-02',
      customer_id: customerId,
      customer_name: 'Hélène Lévesque',
      invoice_number: docs.x,
      sales_cents: -40_00,
      taxable_cents: -40_00,
      taxes: [
        { code: 'GST', rate: '5', amount_cents: -2_00 },
        { code: 'QST', rate: '9.975', amount_cents: -3_99 },
      ],
      total_cents: -45_99,
    });
    // Each month's net is the sum of its documents.
    for (const month of body.months) {
      const sum = month.documents.reduce((a: number, d: { taxable_cents: number }) => a + d.taxable_cents, 0);
      expect(sum).toBe(month.net.taxable_cents);
    }
  });

  it('a period that starts or ends inside a month clamps it; an empty period has every month at zero', async () => {
    const part = (await report('from=2026-05-15&to=2026-06-02')).json();
    expect(part.months.map((m: { from: string; to: string }) => [m.from, m.to])).toEqual([
      ['2026-05-15', '2026-05-31'],
      ['2026-06-01', '2026-06-02'],
    ]);
    expect(part.months[0].net).toEqual(none);
    const empty = (await report('from=2025-11-01&to=2026-02-28')).json();
    expect(empty.months.map((m: { month: string }) => m.month)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(empty.totals.net).toEqual(none);
    expect((await report('from=2026-05-01&to=2026-06-30&currency=USD')).json().totals.net).toEqual(none);
  });

  it('as CSV: one row per document with its month, credit notes negative, dollars with a dot', async () => {
    const response = await report('from=2026-05-01&to=2026-06-30&format=csv');
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual([
      'month',
      'document_type',
      'number',
      'issued_on',
      'customer_id',
      'customer_name',
      'invoice_number',
      'sales',
      'taxable',
      'GST',
      'QST',
      'total',
    ]);
    expect(rows.map((row) => row[2])).toEqual([docs.x, docs.y, docs.e, docs.cn, docs.w]);
    expect(rows[1]).toEqual([
      '2026-05',
      'invoice',
      docs.y,
      '2026-05-04',
      customerId,
      'Hélène Lévesque',
      '',
      '70.00',
      '50.00',
      '2.50',
      '4.99',
      '77.49',
    ]);
    expect(rows[3]).toEqual([
      '2026-06',
      'credit_note',
      docs.cn,
      '2026-06-02',
      customerId,
      'Hélène Lévesque',
      docs.x,
      '-40.00',
      '-40.00',
      '-2.00',
      '-3.99',
      '-45.99',
    ]);
    const accepted = await report('from=2026-05-01&to=2026-06-30', 'admin', { accept: 'text/csv' });
    expect(accepted.body).toBe(response.body);
  });
});

describe('bad input and roles', () => {
  it.each([
    ['from', 'to=2026-06-30'],
    ['to', 'from=2026-05-01'],
    ['to', 'from=2026-06-30&to=2026-05-01'],
    ['from', 'from=2026-13-01&to=2026-12-31'],
    ['to', 'from=2026-01-01&to=2026-02-29'],
    ['to', 'from=2000-01-01&to=2026-01-01'],
    ['currency', 'from=2026-05-01&to=2026-06-30&currency=ZZZ'],
    ['format', 'from=2026-05-01&to=2026-06-30&format=pdf'],
  ])('400 naming %s (%s)', async (path, query) => {
    const response = await report(query);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('admins only: staff, advisor and client 403; no session 401', async () => {
    const query = 'from=2026-05-01&to=2026-05-31';
    for (const role of ['staff', 'advisor'] as const)
      expect((await report(query, role)).statusCode).toBe(403);
    const client = await t.request({
      method: 'GET',
      url: `/api/v1/reports/sales-taxes?${query}`,
      as: 'client',
      customerId,
    });
    expect(client.statusCode).toBe(403);
    expect((await report(query, 'nobody')).statusCode).toBe(401);
  });
});
