import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { issueInvoice, parseCsv, recordTestPayment } from '../../../test/billing.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import { agingBuckets, companyTimeZone } from '../finances/index.ts';
import { invoiceOpenItems } from './invoices.open-items.ts';
import { receivablesStatement } from './receivables.service.ts';

let now = new Date('2026-01-10T15:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
const ids = { a: '', b: '', c: '', d: '' };

async function setTerms(customer: string, payment_terms: string) {
  const put = await t.request({
    method: 'PUT',
    url: `/api/v1/customers/${customer}/finances`,
    as: 'admin',
    payload: { payment_terms },
  });
  expect(put.statusCode, put.body).toBe(200);
}

/*
 * The story, in Montréal time (every invoice 114.98):
 *   2025-10-01  D invoiced, due 2025-10-31
 *   2026-01-10  A invoiced (#1), due 2026-02-09
 *   2026-03-01  A invoiced (#2), due 2026-03-31; B invoiced, due on receipt
 *   2026-03-05  23:30, A pays 50.00 on #1 (already the 6th in UTC)
 *   2026-03-15  C invoiced, due 2026-04-14
 *   2026-04-01  B's invoice fully credited
 *   2026-04-02  C's invoice voided
 *   2026-04-05  today
 */
beforeAll(async () => {
  t = await createTestApp({ clock });
  ids.a = (await createTestCustomer(t.ctx, { first_name: 'Zoé', last_name: 'Tremblay' })).id;
  ids.b = (await createTestCustomer(t.ctx, { first_name: 'Émile', last_name: 'Côté' })).id;
  ids.c = (await createTestCustomer(t.ctx, { first_name: 'Léo', last_name: 'Garage, "Fils"' })).id;
  ids.d = (await createTestCustomer(t.ctx, { first_name: 'Denis', last_name: 'Vieux' })).id;
  await setTerms(ids.b, 'due_on_receipt');
  now = new Date('2025-10-01T14:00:00Z');
  await issueInvoice(t, ids.d);
  now = new Date('2026-01-10T15:00:00Z');
  const a1 = await issueInvoice(t, ids.a);
  now = new Date('2026-03-01T15:00:00Z');
  await issueInvoice(t, ids.a);
  const b = await issueInvoice(t, ids.b);
  now = new Date('2026-03-06T04:30:00Z');
  await recordTestPayment(t.ctx, a1.id, 50_00);
  now = new Date('2026-03-15T14:00:00Z');
  const c = await issueInvoice(t, ids.c);
  now = new Date('2026-04-01T14:00:00Z');
  const credit = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${b.id}/credit-notes`,
    as: 'staff',
    payload: { reason: 'Erreur' },
  });
  expect(credit.statusCode, credit.body).toBe(201);
  now = new Date('2026-04-02T14:00:00Z');
  const voided = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${c.id}/void`,
    as: 'staff',
    payload: { reason: 'Doublon' },
  });
  expect(voided.statusCode, voided.body).toBe(200);
  now = new Date('2026-04-05T14:00:00Z');
});
afterAll(() => t.close());

function receivables(query = '', as: Role | 'nobody' = 'staff', headers: Record<string, string> = {}) {
  return t.request({
    method: 'GET',
    url: `/api/v1/receivables${query ? `?${query}` : ''}`,
    ...(as === 'nobody' ? {} : { as }),
    headers,
  });
}

type Row = Record<string, number | string>;
const byCustomer = (rows: Row[]) => Object.fromEntries(rows.map((row) => [row.customer_id, row]));
const zero = { current: 0, '1_30': 0, '31_60': 0, '61_90': 0, over_90: 0 };

describe('receivables as of a day', () => {
  it('ages what each customer owed that day, ignoring later payments, credit notes and voids', async () => {
    const early = await receivables('as_of=2026-03-02');
    expect(early.statusCode, early.body).toBe(200);
    const rows = byCustomer(early.json().data);
    expect(Object.keys(rows).sort()).toEqual([ids.a, ids.b, ids.d].sort());
    expect(rows[ids.a]).toEqual({
      customer_id: ids.a,
      display_name: 'Zoé Tremblay',
      balance_cents: 229_96,
      ...zero,
      current: 114_98,
      '1_30': 114_98,
      oldest_due_on: '2026-02-09',
      invoice_count: 2,
    });
    expect(rows[ids.b]).toMatchObject({ balance_cents: 114_98, ...zero, '1_30': 114_98 });
    // 2025-10-31 to 2026-03-02: 122 days.
    expect(rows[ids.d]).toMatchObject({ ...zero, over_90: 114_98, oldest_due_on: '2025-10-31' });
    expect(early.json()).toMatchObject({
      as_of: '2026-03-02',
      currency: 'CAD',
      totals: { customer_count: 3, balance_cents: 459_92, current: 114_98, '1_30': 229_96, over_90: 114_98 },
      pagination: { total: 3, page: 1 },
    });
  });

  it('counts a payment by the end of its day in Montréal, not in UTC', async () => {
    const before = byCustomer((await receivables('as_of=2026-03-04')).json().data);
    const that = byCustomer((await receivables('as_of=2026-03-05')).json().data);
    expect(before[ids.a]!.balance_cents).toBe(229_96);
    expect(that[ids.a]).toMatchObject({ balance_cents: 179_96, '1_30': 64_98, current: 114_98 });
  });

  it('keeps an invoice voided or credited later, as it stood then', async () => {
    const body = (await receivables('as_of=2026-03-31')).json();
    const rows = byCustomer(body.data);
    expect(rows[ids.a]).toMatchObject({ balance_cents: 179_96, current: 114_98, '31_60': 64_98 });
    expect(rows[ids.b]).toMatchObject({ balance_cents: 114_98, '1_30': 114_98 });
    expect(rows[ids.c]).toMatchObject({
      balance_cents: 114_98,
      current: 114_98,
      oldest_due_on: '2026-04-14',
    });
    expect(body.totals).toMatchObject({ customer_count: 4, balance_cents: 524_90 });
  });

  it('today (the default): the credited and the void are gone; the same buckets as the Finances view', async () => {
    const body = (await receivables()).json();
    expect(body.as_of).toBe('2026-04-05');
    const rows = byCustomer(body.data);
    expect(Object.keys(rows).sort()).toEqual([ids.a, ids.d].sort());
    expect(rows[ids.a]).toMatchObject({ balance_cents: 179_96, '1_30': 114_98, '31_60': 64_98 });
    for (const customer of [ids.a, ids.d]) {
      const items = (await invoiceOpenItems.openItems(t.ctx, customer)) ?? [];
      const {
        customer_id: _id,
        display_name: _name,
        balance_cents: _b,
        oldest_due_on: _o,
        invoice_count: _n,
        ...aging
      } = rows[customer]!;
      expect(aging).toEqual(agingBuckets(items, now, companyTimeZone));
    }
  });

  it('today, the balances kept on the invoices and their settlement history agree', async () => {
    for (const sort of ['-balance', 'name', 'oldest'] as const) {
      const run = async (history: boolean) =>
        (
          await t.database.db.execute(
            receivablesStatement({
              actor: t.ctx.actor,
              asOf: '2026-04-05',
              currency: 'CAD',
              sort,
              page: null,
              history,
            }),
          )
        ).rows;
      const current = await run(false);
      expect(current.length).toBeGreaterThan(0);
      expect(await run(true)).toEqual(current);
    }
  });

  it('before anything was issued: no one, totals zero', async () => {
    expect((await receivables('as_of=2025-09-30')).json()).toMatchObject({
      data: [],
      totals: { customer_count: 0, balance_cents: 0, ...zero },
      pagination: { total: 0 },
    });
  });

  it('sorts and pages; the totals cover every customer whatever the page', async () => {
    const order = async (sort: string) =>
      (await receivables(`as_of=2026-03-31&sort=${sort}`)).json().data.map((row: Row) => row.customer_id);
    expect((await order('-balance'))[0]).toBe(ids.a);
    expect((await order('balance')).at(-1)).toBe(ids.a);
    expect(await order('name')).toEqual([ids.d, ids.b, ids.c, ids.a]);
    expect((await order('over_90'))[0]).toBe(ids.d);
    expect(await order('oldest')).toEqual([ids.d, ids.a, ids.b, ids.c]);
    const page = (await receivables('as_of=2026-03-31&sort=name&per_page=2&page=2')).json();
    expect(page.data.map((row: Row) => row.customer_id)).toEqual([ids.c, ids.a]);
    expect(page.pagination).toMatchObject({ total: 4, pages: 2, has_prev: true, has_next: false });
    expect(page.totals.balance_cents).toBe(524_90);
    const beyond = (await receivables('as_of=2026-03-31&page=9')).json();
    expect(beyond).toMatchObject({ data: [], totals: { customer_count: 4 } });
  });
});

describe('the CSV', () => {
  it('has every row, the JSON columns, dollars with a dot, UTF-8 with a BOM; by format or Accept', async () => {
    const response = await receivables('as_of=2026-03-31&sort=name&per_page=1&format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('attachment');
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual([
      'customer_id',
      'display_name',
      'balance',
      'current',
      '1_30',
      '31_60',
      '61_90',
      'over_90',
      'oldest_due_on',
      'invoice_count',
    ]);
    expect(rows.map((row) => row[0])).toEqual([ids.d, ids.b, ids.c, ids.a]);
    expect(rows[2]).toEqual([
      ids.c,
      'Léo Garage, "Fils"',
      '114.98',
      '114.98',
      '0.00',
      '0.00',
      '0.00',
      '0.00',
      '2026-04-14',
      '1',
    ]);
    expect(rows[3]!.slice(1, 6)).toEqual(['Zoé Tremblay', '179.96', '114.98', '0.00', '64.98']);

    const accepted = await receivables('as_of=2026-03-31&sort=name', 'staff', { accept: 'text/csv' });
    expect(accepted.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(accepted.body).toBe(response.body);
    const json = await receivables('as_of=2026-03-31', 'staff', {
      accept: 'application/json, text/csv;q=0.5',
    });
    expect(json.json().totals.customer_count).toBe(4);
    const forced = await receivables('as_of=2026-03-31&format=json', 'staff', { accept: 'text/csv' });
    expect(forced.json().totals.customer_count).toBe(4);
  });
});

describe('bad input and roles', () => {
  it.each([
    ['as_of', 'as_of=2026-02-30'],
    ['as_of', 'as_of=yesterday'],
    ['sort', 'sort=amount'],
    ['per_page', 'per_page=0'],
    ['page', 'page=-1'],
    ['currency', 'currency=ZZZ'],
    ['format', 'format=xml'],
  ])('400 naming %s (%s)', async (path, query) => {
    const response = await receivables(query);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('admin and staff read it; advisor and client 403; no session 401', async () => {
    expect((await receivables('', 'admin')).statusCode).toBe(200);
    expect((await receivables('', 'staff')).statusCode).toBe(200);
    expect((await receivables('', 'advisor')).statusCode).toBe(403);
    const client = await t.request({
      method: 'GET',
      url: '/api/v1/receivables',
      as: 'client',
      customerId: ids.a,
    });
    expect(client.statusCode).toBe(403);
    expect((await receivables('', 'nobody')).statusCode).toBe(401);
  });

  it('a confidential customer shows only to admins and the staff member assigned to it', async () => {
    const secret = (await createTestCustomer(t.ctx, { privacy_level: 'confidentiel' })).id;
    await issueInvoice(t, secret, {}, 'admin');
    const shown = async (as: Role) =>
      (await receivables('per_page=100', as)).json().data.some((row: Row) => row.customer_id === secret);
    expect(await shown('admin')).toBe(true);
    expect(await shown('staff')).toBe(false);
    const byName = async (as: Role) =>
      (await receivables('per_page=100&sort=name&format=csv', as)).body.includes(secret);
    expect(await byName('admin')).toBe(true);
    expect(await byName('staff')).toBe(false);
  });
});
