import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { newId } from '../../core/ids.ts';
import { customer_balance_history } from './finances.tables.ts';
import { appendLedgerEntry, type LedgerEntryInput } from './ledger.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const unknownId = '0190a000-0000-7000-8000-000000000000';
const historyUrl = (customerId: string, query = '') =>
  `/api/v1/customers/${customerId}/balance-history${query}`;
const adjustUrl = (customerId: string) => `/api/v1/customers/${customerId}/balance-adjustments`;

/** What billing will do: book an entry inside a transaction of its own. */
function book(
  customerId: string,
  input: Partial<LedgerEntryInput> & Pick<LedgerEntryInput, 'entry_type' | 'amount_cents'>,
) {
  return t.ctx.db.transaction((tx) =>
    appendLedgerEntry(
      { ...t.ctx, db: tx },
      {
        customer_id: customerId,
        reference_table: input.entry_type === 'adjustment' ? null : 'invoices',
        reference_id: input.entry_type === 'adjustment' ? null : newId(),
        reason: input.entry_type === 'adjustment' ? 'correction' : null,
        ...input,
      },
    ),
  );
}

async function history(customerId: string, query = '', as: 'admin' | 'staff' | 'advisor' = 'staff') {
  const response = await t.request({ method: 'GET', url: historyUrl(customerId, query), as });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    data: {
      entry_number: number;
      entry_type: string;
      amount_cents: number;
      balance_after_cents: number;
      reason: string | null;
    }[];
    pagination: { total: number; page: number; pages: number };
    next_cursor: string | null;
  };
}

/** French amounts are spaced with no-break spaces: compared as plain spaces. */
function plain(text: string) {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

async function balanceOf(customerId: string): Promise<number> {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/customers/${customerId}/finances`,
    as: 'admin',
  });
  return response.json().balance_cents;
}

describe('appendLedgerEntry', () => {
  it('books signed entries with the running balance, on the timeline and in the audit log', async () => {
    const customer = await createTestCustomer(t.ctx);
    const invoiceId = newId();
    const invoice = await book(customer.id, {
      entry_type: 'invoice',
      amount_cents: 114_98,
      reference_id: invoiceId,
      description: 'INV-000001',
    });
    expect(invoice).toMatchObject({
      entry_number: 1,
      amount_cents: 114_98,
      balance_after_cents: 114_98,
      currency: 'CAD',
      reference_table: 'invoices',
      reference_id: invoiceId,
      actor_type: 'system',
    });
    const payment = await book(customer.id, { entry_type: 'payment', amount_cents: -100_00 });
    expect(payment).toMatchObject({ entry_number: 2, balance_after_cents: 14_98 });
    await book(customer.id, { entry_type: 'credit_note', amount_cents: -20_00 });
    await book(customer.id, { entry_type: 'refund', amount_cents: 5_02 });
    expect(await balanceOf(customer.id)).toBe(0);

    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline?type=invoice,payment`,
      as: 'staff',
    });
    const titles = timeline
      .json()
      .data.map((entry: { activity_type: string; title: string }) => [
        entry.activity_type,
        plain(entry.title),
      ]);
    expect(titles).toEqual([
      ['payment', 'Remboursement : 5,02 $ (solde 0,00 $)'],
      ['invoice', 'Note de crédit : -20,00 $ (solde -5,02 $)'],
      ['payment', 'Paiement reçu : -100,00 $ (solde 14,98 $)'],
      ['invoice', 'Facture portée au compte : 114,98 $ (solde 114,98 $)'],
    ]);
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity_id=${invoice.id}`,
      as: 'admin',
    });
    expect(audit.json().data.map((entry: { action: string }) => entry.action)).toEqual([
      'ledger.invoice_booked',
    ]);
  });

  it('books an external effect once: the same reference and type again is 409', async () => {
    const customer = await createTestCustomer(t.ctx);
    const reference_id = newId();
    const first = await book(customer.id, { entry_type: 'payment', amount_cents: -10_00, reference_id });
    await expect(
      book(customer.id, { entry_type: 'payment', amount_cents: -10_00, reference_id }),
    ).rejects.toMatchObject({
      code: 'ledger.already_booked',
      status: 409,
      details: { entry_id: first.id },
    });
    // The same document may carry an entry of another type (a refunded payment).
    await book(customer.id, { entry_type: 'refund', amount_cents: 10_00, reference_id });
    expect(await balanceOf(customer.id)).toBe(0);
  });

  it('refuses an amount whose sign does not fit its type, a zero or fractional amount, and a missing reference', async () => {
    const customer = await createTestCustomer(t.ctx);
    for (const input of [
      { entry_type: 'invoice', amount_cents: -1 },
      { entry_type: 'refund', amount_cents: -1 },
      { entry_type: 'payment', amount_cents: 1 },
      { entry_type: 'credit_note', amount_cents: 1 },
      { entry_type: 'adjustment', amount_cents: 0 },
      { entry_type: 'payment', amount_cents: -10.5 },
      { entry_type: 'payment', amount_cents: -100_000_000_001 },
    ] as const) {
      await expect(book(customer.id, input), JSON.stringify(input)).rejects.toMatchObject({
        status: 400,
        errors: [{ path: 'amount_cents' }],
      });
    }
    await expect(
      book(customer.id, { entry_type: 'payment', amount_cents: -1, reference_id: null }),
    ).rejects.toMatchObject({
      errors: [{ path: 'reference_id' }],
    });
    await expect(
      book(customer.id, { entry_type: 'adjustment', amount_cents: 1, reason: ' ' }),
    ).rejects.toMatchObject({
      errors: [{ path: 'reason' }],
    });
    expect(await balanceOf(customer.id)).toBe(0);
  });

  it("refuses an entry in another currency than the customer's ledger (422)", async () => {
    const customer = await createTestCustomer(t.ctx);
    await expect(
      book(customer.id, { entry_type: 'invoice', amount_cents: 100, currency: 'USD' }),
    ).rejects.toMatchObject({ code: 'ledger.currency_mismatch', status: 422 });
    await book(customer.id, { entry_type: 'invoice', amount_cents: 100, currency: 'CAD' });
  });

  it('answers 404 for a customer the actor may not see', async () => {
    const other = await createTestCustomer(t.ctx);
    const own = await createTestCustomer(t.ctx);
    const client = {
      type: 'user',
      id: newId(),
      role: 'client',
      customer_id: own.id,
      ip: null,
      user_agent: null,
    } as const;
    await expect(
      t.ctx.db.transaction((tx) =>
        appendLedgerEntry(
          { ...t.ctx, db: tx, actor: client },
          {
            customer_id: other.id,
            entry_type: 'payment',
            amount_cents: -1,
            reference_table: 'payments',
            reference_id: newId(),
          },
        ),
      ),
    ).rejects.toMatchObject({ code: 'customer.not_found' });
  });

  it('keeps the balance equal to the sum of the entries under 50 concurrent appends', async () => {
    const customer = await createTestCustomer(t.ctx);
    const amounts = Array.from({ length: 50 }, (_, index) =>
      index % 2 === 0 ? -(index + 1) * 100 : (index - 25) * 37 || 1,
    );
    const results = await Promise.allSettled(
      amounts.map((amount, index) =>
        index % 2 === 0
          ? book(customer.id, { entry_type: 'payment', amount_cents: amount })
          : t.request({
              method: 'POST',
              url: adjustUrl(customer.id),
              as: 'admin',
              payload: { amount_cents: amount, reason: `concurrent ${index}` },
            }),
      ),
    );
    for (const result of results) {
      expect(result.status).toBe('fulfilled');
      if (result.status === 'fulfilled' && 'statusCode' in result.value)
        expect(result.value.statusCode).toBe(201);
    }
    const expected = amounts.reduce((sum, amount) => sum + amount, 0);
    expect(await balanceOf(customer.id)).toBe(expected);

    const entries = await t.ctx.db
      .select()
      .from(customer_balance_history)
      .where(sql`${customer_balance_history.customer_id} = ${customer.id}`)
      .orderBy(customer_balance_history.entry_number);
    expect(entries.map((entry) => entry.entry_number)).toEqual(amounts.map((_, index) => index + 1));
    let running = 0;
    for (const entry of entries) {
      running += entry.amount_cents;
      expect(entry.balance_after_cents).toBe(running);
    }
    expect(running).toBe(expected);
    expect([...entries.map((entry) => entry.amount_cents)].sort()).toEqual([...amounts].sort());
  });

  it('is append-only: the database refuses to change or remove an entry', async () => {
    const customer = await createTestCustomer(t.ctx);
    const entry = await book(customer.id, { entry_type: 'invoice', amount_cents: 500 });
    const refused = { cause: { message: expect.stringMatching(/append-only/) } };
    await expect(
      t.ctx.db.execute(sql`update customer_balance_history set amount_cents = 1 where id = ${entry.id}`),
    ).rejects.toMatchObject(refused);
    await expect(
      t.ctx.db.execute(sql`delete from customer_balance_history where id = ${entry.id}`),
    ).rejects.toMatchObject(refused);
  });

  it('refuses, in the database, an entry that does not continue the running total', async () => {
    const customer = await createTestCustomer(t.ctx);
    await book(customer.id, { entry_type: 'invoice', amount_cents: 500 });
    await expect(
      t.ctx.db.insert(customer_balance_history).values({
        id: newId(),
        customer_id: customer.id,
        entry_number: 2,
        entry_type: 'invoice',
        amount_cents: 100,
        balance_after_cents: 100,
        currency: 'CAD',
        reference_table: 'invoices',
        reference_id: newId(),
        actor_type: 'system',
        created_at: new Date(),
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/500 \+ 100 is not 100/) } });
  });
});

describe('GET /api/v1/customers/{id}/balance-history', () => {
  it('pages newest first, by page or by cursor', async () => {
    const customer = await createTestCustomer(t.ctx);
    for (let index = 1; index <= 5; index += 1)
      await book(customer.id, { entry_type: 'invoice', amount_cents: index });
    const first = await history(customer.id, '?per_page=2');
    expect(first.data.map((entry) => entry.entry_number)).toEqual([5, 4]);
    expect(first.pagination).toMatchObject({ total: 5, page: 1, pages: 3 });
    expect(first.data[0]?.balance_after_cents).toBe(15);
    const second = await history(customer.id, `?per_page=2&cursor=${first.next_cursor}`);
    expect(second.data.map((entry) => entry.entry_number)).toEqual([3, 2]);
    const third = await history(customer.id, `?per_page=2&cursor=${second.next_cursor}`);
    expect(third.data.map((entry) => entry.entry_number)).toEqual([1]);
    expect(third.next_cursor).toBeNull();
    const page3 = await history(customer.id, '?per_page=2&page=3');
    expect(page3.data.map((entry) => entry.entry_number)).toEqual([1]);
  });

  it('answers an empty page for a customer without entries', async () => {
    const customer = await createTestCustomer(t.ctx);
    const empty = await history(customer.id);
    expect(empty).toEqual({
      data: [],
      pagination: { total: 0, page: 1, per_page: 20, pages: 1, has_next: false, has_prev: false },
      next_cursor: null,
    });
  });

  it.each([
    ['cursor', '?cursor=nonsense'],
    ['cursor', `?cursor=${Buffer.from('ledger:-1').toString('base64url')}`],
    ['per_page', '?per_page=101'],
    ['page', '?page=0'],
    ['sort', '?sort=amount'],
  ])('refuses a bad %s with a 400 naming it', async (field, query) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({ method: 'GET', url: historyUrl(customer.id, query), as: 'staff' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it("shows a client their own ledger without the business's reasons, and 404 for another's", async () => {
    const own = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    await book(own.id, { entry_type: 'adjustment', amount_cents: -5_00, reason: 'geste commercial' });
    const mine = await t.request({
      method: 'GET',
      url: historyUrl(own.id),
      as: 'client',
      customerId: own.id,
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().data[0]).toMatchObject({ amount_cents: -5_00, reason: null, actor_id: null });
    expect((await history(own.id, '', 'advisor')).data[0]?.reason).toBe('geste commercial');
    const theirs = await t.request({
      method: 'GET',
      url: historyUrl(other.id),
      as: 'client',
      customerId: own.id,
    });
    expect(theirs.statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: historyUrl(own.id) })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: historyUrl(unknownId), as: 'admin' })).statusCode).toBe(
      404,
    );
  });
});

describe('POST /api/v1/customers/{id}/balance-adjustments', () => {
  it('books an admin adjustment with its reason (201) on the timeline as finance', async () => {
    const customer = await createTestCustomer(t.ctx);
    await book(customer.id, { entry_type: 'invoice', amount_cents: 100_00 });
    const response = await t.request({
      method: 'POST',
      url: adjustUrl(customer.id),
      as: 'admin',
      payload: { amount_cents: -25_50, reason: '  Geste commercial  ', description: 'Retard de livraison' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      entry_type: 'adjustment',
      amount_cents: -25_50,
      balance_after_cents: 74_50,
      reason: 'Geste commercial',
      description: 'Retard de livraison',
      reference_table: null,
      actor_type: 'api_key',
    });
    expect(await balanceOf(customer.id)).toBe(74_50);
    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline?type=finance`,
      as: 'staff',
    });
    expect(plain(timeline.json().data[0].title)).toBe('Ajustement du solde : -25,50 $ (solde 74,50 $)');
    expect(timeline.json().data[0]).toMatchObject({
      metadata: { event: 'ledger.adjustment_booked', amount_cents: -25_50, balance_after_cents: 74_50 },
    });
  });

  it.each([
    ['amount_cents', { amount_cents: 0, reason: 'x x x' }],
    ['amount_cents', { amount_cents: 10.5, reason: 'x x x' }],
    ['amount_cents', { amount_cents: '1000', reason: 'x x x' }],
    ['amount_cents', { amount_cents: 100_000_000_001, reason: 'x x x' }],
    ['amount_cents', { reason: 'x x x' }],
    ['reason', { amount_cents: 100 }],
    ['reason', { amount_cents: 100, reason: '   ' }],
    ['reason', { amount_cents: 100, reason: 'x'.repeat(501) }],
    ['balance_after_cents', { amount_cents: 100, reason: 'x x x', balance_after_cents: 0 }],
  ])('refuses a bad %s with a 400 naming it', async (field, payload) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({ method: 'POST', url: adjustUrl(customer.id), as: 'admin', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
    expect(await balanceOf(customer.id)).toBe(0);
  });

  it.each(['staff', 'advisor'] as const)('refuses %s (403)', async (role) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'POST',
      url: adjustUrl(customer.id),
      as: role,
      payload: { amount_cents: 100, reason: 'x x x' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('refuses a client (403) and a caller without a session (401); 404 for an unknown customer', async () => {
    const customer = await createTestCustomer(t.ctx);
    const payload = { amount_cents: 100, reason: 'x x x' };
    const asClient = await t.request({
      method: 'POST',
      url: adjustUrl(customer.id),
      as: 'client',
      customerId: customer.id,
      payload,
    });
    expect(asClient.statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: adjustUrl(customer.id), payload })).statusCode).toBe(401);
    expect(
      (await t.request({ method: 'POST', url: adjustUrl(unknownId), as: 'admin', payload })).statusCode,
    ).toBe(404);
    expect(await balanceOf(customer.id)).toBe(0);
  });
});
