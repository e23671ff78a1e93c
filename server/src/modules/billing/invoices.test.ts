import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import { computeTotals, DEFAULT_TAX_PROFILE } from '../../core/money.ts';
import { createPromoCode } from './promo-codes.service.ts';

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

const url = '/api/v1/invoices';
const line = (overrides: Record<string, unknown> = {}) => ({
  description: 'Pose de pneus',
  quantity: '1',
  unit_price_cents: 100_00,
  ...overrides,
});

function asRole(role: Role | undefined, clientOf = customerId) {
  return role === 'client' ? { as: role, customerId: clientOf } : { as: role };
}

async function createDraft(payload: Record<string, unknown> = {}, forCustomer = customerId) {
  const response = await t.request({
    method: 'POST',
    url,
    as: 'staff',
    payload: { customer_id: forCustomer, lines: [line()], ...payload },
  });
  if (response.statusCode !== 201)
    throw new Error(`create answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

function finalize(id: string, as: Role = 'staff', payload: Record<string, unknown> = {}) {
  return t.request({ method: 'POST', url: `${url}/${id}/finalize`, as, payload });
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

describe('totals', () => {
  it('stores what computeTotals gives: 100.00 taxable → GST 5.00, QST 9.98, total 114.98', async () => {
    const invoice = await createDraft();
    expect(invoice).toMatchObject({
      status: 'draft',
      number: null,
      currency: 'CAD',
      subtotal_cents: 100_00,
      taxable_cents: 100_00,
      taxes: [
        { code: 'GST', rate_ppm: 50_000, amount_cents: 5_00 },
        { code: 'QST', rate_ppm: 99_750, amount_cents: 9_98 },
      ],
      total_cents: 114_98,
      amount_paid_cents: 0,
      balance_due_cents: 114_98,
      is_overdue: false,
    });
    expect(invoice.lines).toEqual([
      expect.objectContaining({
        position: 1,
        quantity: '1.000',
        unit_price_cents: 100_00,
        line_total_cents: 100_00,
      }),
    ]);
  });

  it('matches computeTotals for mixed lines, discounts and shipping', async () => {
    const lines = [
      line({ quantity: '1.5', unit_price_cents: 85_33, discount_cents: 2_01 }),
      line({ description: 'Frais non taxables', quantity: '3', unit_price_cents: 4_99, taxable: false }),
    ];
    const invoice = await createDraft({ lines, invoice_discount_cents: 10_00, shipping_cents: 12_50 });
    const expected = computeTotals({
      lines: lines.map((l) => ({ discount_cents: 0, taxable: true, ...l })) as never,
      invoice_discount_cents: 10_00,
      promo: null,
      shipping_cents: 12_50,
      shipping_taxable: true,
      tax_profile: DEFAULT_TAX_PROFILE,
      tax_exempt: false,
    });
    expect(invoice).toMatchObject({
      subtotal_cents: expected.subtotal_cents,
      discount_cents: expected.discount_cents,
      taxable_cents: expected.taxable_cents,
      total_cents: expected.total_cents,
      taxes: expected.taxes,
    });
  });

  it('charges no tax to a tax-exempt customer', async () => {
    const exempt = (await createTestCustomer(t.ctx, { tax_exempt: true })).id;
    const invoice = await createDraft({}, exempt);
    expect(invoice).toMatchObject({ tax_exempt: true, taxes: [], total_cents: 100_00 });
  });
});

describe('bad input', () => {
  it.each([
    ['lines.0.unit_price_cents', { lines: [line({ unit_price_cents: -1 })] }],
    ['lines.0.unit_price_cents', { lines: [line({ unit_price_cents: 10.5 })] }],
    ['lines.0.quantity', { lines: [line({ quantity: '0' })] }],
    ['lines.0.quantity', { lines: [line({ quantity: '-2' })] }],
    ['lines.0.quantity', { lines: [line({ quantity: 1.5 })] }],
    ['lines.0.discount_cents', { lines: [line({ discount_cents: 100_01 })] }],
    ['invoice_discount_cents', { invoice_discount_cents: 100_01 }],
    ['shipping_cents', { shipping_cents: -5 }],
    ['currency', { currency: 'ZZZ' }],
    ['customer_id', { customer_id: '01900000-0000-7000-8000-000000000000' }],
  ])('400 naming %s', async (path, payload) => {
    const response = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: { customer_id: customerId, lines: [line()], ...payload },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses to finalize an invoice with no line (422) and a PATCH after finalize (409)', async () => {
    const empty = await createDraft({ lines: [] });
    const refused = await finalize(empty.id);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().code).toBe('invoice.no_lines');

    const invoice = await createDraft();
    expect((await finalize(invoice.id)).statusCode).toBe(200);
    const patched = await t.request({
      method: 'PATCH',
      url: `${url}/${invoice.id}`,
      as: 'staff',
      payload: { notes: 'trop tard' },
    });
    expect(patched.statusCode).toBe(409);
    expect(patched.json().code).toBe('invoice.not_draft');
    const deleted = await t.request({ method: 'DELETE', url: `${url}/${invoice.id}`, as: 'admin' });
    expect(deleted.statusCode).toBe(409);
    const again = await finalize(invoice.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('invoice.already_finalized');
  });
});

describe('editing a draft', () => {
  it('PATCH recomputes the totals; DELETE removes it', async () => {
    const invoice = await createDraft();
    const patched = await t.request({
      method: 'PATCH',
      url: `${url}/${invoice.id}`,
      as: 'staff',
      payload: { lines: [line({ quantity: '2' })], shipping_cents: 10_00, shipping_taxable: false },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ subtotal_cents: 200_00, total_cents: 200_00 + 10_00 + 29_95 });
    const deleted = await t.request({ method: 'DELETE', url: `${url}/${invoice.id}`, as: 'staff' });
    expect(deleted.statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: `${url}/${invoice.id}`, as: 'staff' })).statusCode).toBe(
      404,
    );
  });
});

describe('finalizing', () => {
  it('assigns the number, due date from the payment terms, ledger, timeline, audit and event', async () => {
    const customer = await newCustomer({ payment_terms: 'net_30' });
    const invoice = await createDraft({}, customer);
    const response = await finalize(invoice.id);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      status: 'open',
      issued_on: '2026-05-04',
      due_on: '2026-06-03',
      is_overdue: false,
    });
    expect(body.number).toMatch(/^INV-\d{6}$/);
    const { rows } = await t.database.db.execute<{ n: number }>(sql`
      select (select count(*)::int from customer_balance_history where reference_id = ${invoice.id} and amount_cents = 11498) +
             (select count(*)::int from customer_activity where reference_id = ${invoice.id} and activity_type = 'invoice') +
             (select count(*)::int from audit_log where entity_id = ${invoice.id} and action = 'invoice.finalized') +
             (select count(*)::int from domain_events where entity_id = ${invoice.id} and type = 'invoice.finalized') as n`);
    expect(rows[0]!.n).toBe(4);
  });

  it('due_on_receipt: due the day it is issued', async () => {
    const invoice = await createDraft({}, await newCustomer({ payment_terms: 'due_on_receipt' }));
    expect((await finalize(invoice.id)).json()).toMatchObject({ due_on: '2026-05-04' });
  });

  it('credit limit: 422 over it; staff may not override (403); an admin may, audited', async () => {
    const customer = await newCustomer({ credit_limit_cents: 100_00 });
    const invoice = await createDraft({}, customer);
    const refused = await finalize(invoice.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('invoice.credit_limit_exceeded');
    expect((await finalize(invoice.id, 'staff', { override_credit_limit: true })).statusCode).toBe(403);
    const overridden = await finalize(invoice.id, 'admin', { override_credit_limit: true });
    expect(overridden.statusCode, overridden.body).toBe(200);
    const { rows } = await t.database.db.execute<{ metadata: Record<string, unknown> }>(
      sql`select metadata from audit_log where entity_id = ${invoice.id} and action = 'invoice.finalized'`,
    );
    expect(JSON.stringify(rows[0]?.metadata)).toContain('credit_limit_overridden');
  });

  it('a promo code exhausted at finalize: 422 promo.exhausted, still a draft, no number used', async () => {
    await createPromoCode(t.ctx, {
      code: 'UNEFOIS',
      discount_type: 'percentage',
      percent_basis_points: 1_000,
      min_amount_cents: 0,
      max_uses: 1,
      once_per_customer: false,
      is_active: true,
    });
    const first = await createDraft({ promo_code: 'unefois' });
    const second = await createDraft({ promo_code: 'UNEFOIS' });
    // Previewed on the draft while it applies; nothing counted yet.
    expect(second).toMatchObject({ promo_code: 'UNEFOIS', discount_cents: 10_00, total_cents: 103_48 });
    const ok = await finalize(first.id);
    expect(ok.statusCode, ok.body).toBe(200);
    // 10 % off 100.00 → 90.00 + GST 4.50 + QST 8.98
    expect(ok.json()).toMatchObject({ promo_code: 'UNEFOIS', discount_cents: 10_00, total_cents: 103_48 });
    const refused = await finalize(second.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('promo.exhausted');
    const after = await t.request({ method: 'GET', url: `${url}/${second.id}`, as: 'staff' });
    expect(after.json()).toMatchObject({ status: 'draft', number: null });
    // The next finalization takes the number right after the first one's.
    const next = await finalize((await createDraft()).id);
    const seq = (n: string) => Number(n.slice(4));
    expect(seq(next.json().number)).toBe(seq(ok.json().number) + 1);
  });
});

describe('overdue, and the Finances view', () => {
  it('an open invoice past its due date is overdue; the Finances view ages it', async () => {
    const customer = await newCustomer({ payment_terms: 'net_15' });
    const invoice = await createDraft({}, customer);
    expect((await finalize(invoice.id)).json()).toMatchObject({ due_on: '2026-05-19' });
    const finances = () =>
      t.request({ method: 'GET', url: `/api/v1/customers/${customer}/finances`, as: 'staff' });
    expect((await finances()).json()).toMatchObject({
      balance_cents: 114_98,
      overdue_cents: 0,
      aging: { current: 114_98, '1_30': 0 },
    });
    const saved = now;
    // 20:30 on the due date in Montréal (already the 20th in UTC) is not yet overdue.
    now = new Date('2026-05-20T00:30:00Z');
    expect(
      (await t.request({ method: 'GET', url: `${url}/${invoice.id}`, as: 'staff' })).json().is_overdue,
    ).toBe(false);
    now = new Date('2026-06-10T14:00:00Z');
    try {
      expect(
        (await t.request({ method: 'GET', url: `${url}/${invoice.id}`, as: 'staff' })).json().is_overdue,
      ).toBe(true);
      const overdue = await t.request({
        method: 'GET',
        url: `${url}?overdue=true&customer_id=${customer}`,
        as: 'staff',
      });
      expect(overdue.json().data.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
      expect((await finances()).json()).toMatchObject({
        overdue_cents: 114_98,
        aging: { current: 0, '1_30': 114_98 },
      });
    } finally {
      now = saved;
    }
  });
});

describe('product lines', () => {
  it('counts a sale per product line at finalization, not before; an unknown product is 400', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/products',
      as: 'staff',
      payload: { sku: 'INV-TEST-1', name: 'Alignement', price_cents: 89_00 },
    });
    const productId = created.json().id as string;
    const timesSold = async () =>
      (await t.request({ method: 'GET', url: `/api/v1/products/${productId}`, as: 'staff' })).json()
        .times_sold;
    const invoice = await createDraft({
      lines: [line({ product_id: productId }), line({ product_id: productId }), line()],
    });
    expect(await timesSold()).toBe(0);
    expect((await finalize(invoice.id)).statusCode).toBe(200);
    expect(await timesSold()).toBe(2);

    const unknown = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: {
        customer_id: customerId,
        lines: [line(), line({ product_id: '01900000-0000-7000-8000-000000000000' })],
      },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('lines.1.product_id');
  });

  it('fills a product line from the catalog at the customer’s price level; a free line needs its own', async () => {
    const product = await t.request({
      method: 'POST',
      url: '/api/v1/products',
      as: 'admin',
      payload: {
        sku: 'INV-FILL-1',
        name: 'Permis de conduire — examen',
        price_cents: 120_00,
        taxable: false,
        prices: { flotte: 99_50 },
      },
    });
    expect(product.statusCode, product.body).toBe(201);
    const productId = product.json().id as string;
    const fleet = await newCustomer({ price_level: 'flotte' });
    const invoice = await createDraft(
      {
        lines: [
          { quantity: '2', product_id: productId },
          { quantity: '1', product_id: productId, unit_price_cents: 1_00, description: 'Rabais' },
        ],
      },
      fleet,
    );
    expect(invoice.lines).toMatchObject([
      {
        description: 'Permis de conduire — examen',
        unit_price_cents: 99_50,
        taxable: false,
        line_total_cents: 199_00,
      },
      { description: 'Rabais', unit_price_cents: 1_00, taxable: false },
    ]);
    expect(invoice.taxes.every((tax: { amount_cents: number }) => tax.amount_cents === 0)).toBe(true);

    const free = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: { customer_id: customerId, lines: [{ quantity: '1' }] },
    });
    expect(free.statusCode).toBe(400);
    expect(
      free
        .json()
        .errors.map((error: { path: string }) => error.path)
        .sort(),
    ).toEqual(['lines.0.description', 'lines.0.unit_price_cents']);
  });

  it('an invoice in another currency than the customer’s ledger is refused at finalization, still a draft', async () => {
    const invoice = await createDraft({ currency: 'USD' }, await newCustomer());
    const refused = await finalize(invoice.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('ledger.currency_mismatch');
    expect(
      (await t.request({ method: 'GET', url: `${url}/${invoice.id}`, as: 'staff' })).json(),
    ).toMatchObject({
      status: 'draft',
      number: null,
    });
  });
});

describe('roles', () => {
  it('advisor reads, may not write; client reads only their own issued invoices', async () => {
    const draft = await createDraft();
    const issued = await createDraft();
    await finalize(issued.id);
    const others = await createDraft({}, otherCustomerId);
    await finalize(others.id);

    expect(
      (await t.request({ method: 'GET', url: `${url}/${draft.id}`, ...asRole('advisor') })).statusCode,
    ).toBe(200);
    for (const role of ['advisor', 'client'] as const) {
      const post = await t.request({
        method: 'POST',
        url,
        ...asRole(role),
        payload: { customer_id: customerId },
      });
      expect(post.statusCode).toBe(403);
      expect((await finalize(draft.id, role)).statusCode).toBe(403);
    }
    expect((await t.request({ method: 'GET', url })).statusCode).toBe(401);

    const get = (id: string) => t.request({ method: 'GET', url: `${url}/${id}`, ...asRole('client') });
    expect((await get(issued.id)).statusCode).toBe(200);
    expect((await get(draft.id)).statusCode).toBe(404);
    expect((await get(others.id)).statusCode).toBe(404);
    const list = await t.request({ method: 'GET', url: `${url}?per_page=100`, ...asRole('client') });
    const ids = list.json().data.map((i: { id: string }) => i.id);
    expect(ids).toContain(issued.id);
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(others.id);
  });

  it('filters the list by customer, status, number and overdue', async () => {
    const customer = await newCustomer();
    const invoice = await createDraft({}, customer);
    const number = (await finalize(invoice.id)).json().number as string;
    const list = async (query: string) =>
      (await t.request({ method: 'GET', url: `${url}?${query}`, as: 'staff' })).json();
    expect((await list(`customer_id=${customer}&status=open`)).data).toHaveLength(1);
    expect((await list(`customer_id=${customer}&status=draft`)).data).toHaveLength(0);
    expect((await list(`q=${number}`)).data.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
    expect((await list(`customer_id=${customer}&overdue=true`)).data).toHaveLength(0);
    expect((await list(`customer_id=${customer}&from=2026-05-04&to=2026-05-04`)).data).toHaveLength(1);
    expect((await list(`customer_id=${customer}&from=2026-05-05`)).data).toHaveLength(0);
    const bad = await t.request({ method: 'GET', url: `${url}?status=late`, as: 'staff' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('concurrency', () => {
  it('the same invoice finalized twice at once: one 200, one 409', async () => {
    const invoice = await createDraft();
    const codes = (await Promise.all([finalize(invoice.id), finalize(invoice.id)])).map((r) => r.statusCode);
    expect(codes.sort()).toEqual([200, 409]);
  });

  it('20 concurrent finalizations: consecutive numbers, no gap, no duplicate; ledger = sum of totals', {
    timeout: 60_000,
  }, async () => {
    const customers = [await newCustomer(), await newCustomer()];
    const drafts = [];
    for (let i = 0; i < 20; i += 1) {
      drafts.push(await createDraft({ lines: [line({ unit_price_cents: 10_00 + i })] }, customers[i % 2]));
    }
    const responses = await Promise.all(drafts.map((draft) => finalize(draft.id)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const numbers = responses.map((r) => Number(r.json().number.slice(4))).sort((a, b) => a - b);
    const first = numbers[0]!;
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => first + i));
    for (const customer of customers) {
      const { rows } = await t.database.db.execute<{ ledger: string; invoiced: string }>(sql`
        select (select coalesce(sum(amount_cents), 0) from customer_balance_history where customer_id = ${customer}) as ledger,
               (select coalesce(sum(total_cents), 0) from invoices where customer_id = ${customer} and status <> 'draft') as invoiced`);
      expect(Number(rows[0]!.ledger)).toBe(Number(rows[0]!.invoiced));
      expect(Number(rows[0]!.ledger)).toBeGreaterThan(0);
    }
    // Over the whole file, numbers 1..max with none missing.
    const { rows } = await t.database.db.execute<{ count: number; max: string }>(
      sql`select count(*)::int as count, max(number) as max from invoices where number is not null`,
    );
    expect(Number(rows[0]!.max.slice(4))).toBe(rows[0]!.count);
  });

  it('connections killed in the middle of finalizations: no number used twice or lost', {
    timeout: 90_000,
  }, async () => {
    const customers = [await newCustomer(), await newCustomer(), await newCustomer()];
    const drafts: { id: string }[] = [];
    for (let i = 0; i < 30; i += 1) drafts.push(await createDraft({}, customers[i % 3]));
    const finalizedCount = async () =>
      Number(
        (
          await t.database.db.execute<{ n: number }>(
            sql`select count(*)::int as n from invoices where id in ${sql.raw(`('${drafts.map((d) => d.id).join("','")}')`)} and number is not null`,
          )
        ).rows[0]!.n,
      );
    const running = Promise.all(drafts.map((draft) => finalize(draft.id)));
    // As a server dying would: every connection busy with a finalization goes, mid-transaction.
    while ((await finalizedCount()) < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await t.database.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
    );
    const first = await running;
    expect(first.some((response) => response.statusCode !== 200)).toBe(true);
    // What did not finish is still a draft, with no number; finalizing it again works.
    for (const [index, response] of first.entries()) {
      if (response.statusCode === 200) continue;
      const again = await finalize(drafts[index]!.id);
      expect([200, 409]).toContain(again.statusCode);
    }
    expect(await finalizedCount()).toBe(30);
    const { rows } = await t.database.db.execute<{
      count: number;
      distinct: number;
      max: string;
      counter: number;
    }>(
      sql`select count(*)::int as count, count(distinct number)::int as distinct, max(number) as max,
            (select last_number from document_counters where kind = 'INV') as counter
          from invoices where number like 'INV-%'`,
    );
    const all = rows[0]!;
    expect(all.distinct).toBe(all.count);
    expect(Number(all.max.slice(4))).toBe(all.count);
    expect(all.counter).toBe(all.count);
    // Each issued invoice booked once on the ledger, each draft not at all.
    const { rows: ledger } = await t.database.db.execute<{ unbooked: number; twice: number }>(
      sql`select
            (select count(*)::int from invoices i where i.number is not null and i.total_cents > 0 and not exists (
               select 1 from customer_balance_history h where h.reference_id = i.id and h.entry_type = 'invoice')) as unbooked,
            (select count(*)::int from (select reference_id from customer_balance_history where entry_type = 'invoice'
               group by reference_id having count(*) > 1) d) as twice`,
    );
    expect(ledger[0]).toEqual({ unbooked: 0, twice: 0 });
  });
});
