import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import { newId } from '../../core/ids.ts';
import { createPromoCode, redeemPromoCode } from './promo-codes.service.ts';

let now = new Date('2026-06-10T16:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let customerId: string;
beforeAll(async () => {
  t = await createTestApp({ clock });
  customerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(() => t.close());
beforeEach(() => {
  now = new Date('2026-06-10T16:00:00Z');
});

const url = '/api/v1/promo-codes';
let sequence = 0;

function promo(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return { code: `ESSAI${sequence}`, discount_type: 'percentage', percent_basis_points: 1_000, ...overrides };
}

async function create(overrides: Record<string, unknown> = {}) {
  const response = await t.request({ method: 'POST', url, as: 'admin', payload: promo(overrides) });
  if (response.statusCode !== 201)
    throw new Error(`create answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

function asRole(role: Role | undefined) {
  return role === 'client' ? { as: role, customerId } : { as: role };
}

function redeem(code: string, overrides: Partial<Parameters<typeof redeemPromoCode>[1]> = {}) {
  return t.ctx.db.transaction((tx) =>
    redeemPromoCode(
      { ...t.ctx, db: tx },
      { code, customer_id: customerId, cart_total_cents: 10_000, reference_id: newId(), ...overrides },
    ),
  );
}

describe('creating a promo code', () => {
  it('stores a percentage code upper case with its defaults, and records the change', async () => {
    const response = await t.request({
      method: 'POST',
      url,
      as: 'admin',
      payload: {
        code: ' bienvenue10 ',
        discount_type: 'percentage',
        percent_basis_points: 1_000,
        min_amount_cents: 2_000,
        max_uses: 100,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      code: 'BIENVENUE10',
      discount_type: 'percentage',
      percent_basis_points: 1_000,
      amount_off_cents: null,
      min_amount_cents: 2_000,
      max_uses: 100,
      uses_count: 0,
      once_per_customer: false,
      is_active: true,
      starts_at: null,
      expires_at: null,
      status: 'active',
    });
    const { rows } = await t.database.db.execute(
      sql`select action, customer_id from audit_log where entity_id = ${created.id}`,
    );
    expect(rows).toEqual([{ action: 'promo_code.created', customer_id: null }]);
  });

  it('stores a fixed amount with dates; one not started yet is scheduled', async () => {
    const created = await create({
      discount_type: 'fixed',
      percent_basis_points: undefined,
      amount_off_cents: 500,
      starts_at: '2026-07-01T00:00:00-04:00',
      expires_at: '2026-08-01T00:00:00-04:00',
    });
    expect(created).toMatchObject({
      amount_off_cents: 500,
      percent_basis_points: null,
      starts_at: '2026-07-01T04:00:00.000Z',
      status: 'scheduled',
    });
  });

  it.each([
    ['0 basis points', { percent_basis_points: 0 }, 'percent_basis_points'],
    ['more than 100 %', { percent_basis_points: 10_001 }, 'percent_basis_points'],
    ['fractional basis points', { percent_basis_points: 12.5 }, 'percent_basis_points'],
    ['a percentage without its rate', { percent_basis_points: undefined }, 'percent_basis_points'],
    ['an amount on a percentage', { amount_off_cents: 500 }, 'amount_off_cents'],
    [
      'a fixed discount without amount',
      { discount_type: 'fixed', percent_basis_points: undefined },
      'amount_off_cents',
    ],
    [
      'negative cents',
      { discount_type: 'fixed', percent_basis_points: undefined, amount_off_cents: -5 },
      'amount_off_cents',
    ],
    [
      'fractional cents',
      { discount_type: 'fixed', percent_basis_points: undefined, amount_off_cents: 4.5 },
      'amount_off_cents',
    ],
    ['a negative minimum', { min_amount_cents: -1 }, 'min_amount_cents'],
    [
      'expiry before start',
      { starts_at: '2026-07-01T00:00:00Z', expires_at: '2026-06-30T00:00:00Z' },
      'expires_at',
    ],
    ['an expiry that is not a date', { expires_at: 'demain' }, 'expires_at'],
    ['a code too short', { code: 'AB' }, 'code'],
    ['a code with spaces', { code: 'PROMO 5' }, 'code'],
    ['0 uses', { max_uses: 0 }, 'max_uses'],
    ['an unknown type', { discount_type: 'bogo' }, 'discount_type'],
  ])('refuses %s (400 naming the field)', async (_label, overrides, field) => {
    const response = await t.request({ method: 'POST', url, as: 'admin', payload: promo(overrides) });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('refuses a code that exists, in any case (409 promo_code.code_taken)', async () => {
    await create({ code: 'DOUBLON' });
    const again = await t.request({ method: 'POST', url, as: 'admin', payload: promo({ code: 'doublon' }) });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('promo_code.code_taken');
  });

  it.each([
    ['admin', 201],
    ['staff', 403],
    ['advisor', 403],
    ['client', 403],
    [undefined, 401],
  ] as const)('as %s answers %i', async (role, status) => {
    const response = await t.request({ method: 'POST', url, payload: promo(), ...asRole(role) });
    expect(response.statusCode).toBe(status);
  });
});

describe('reading, listing, deactivating and deleting', () => {
  it('reads a code whatever its case, and answers 404 for an unknown one', async () => {
    const { code } = await create();
    const response = await t.request({ method: 'GET', url: `${url}/${code.toLowerCase()}`, as: 'admin' });
    expect(response.statusCode).toBe(200);
    expect(response.json().code).toBe(code);
    const missing = await t.request({ method: 'GET', url: `${url}/NOPE-NOPE`, as: 'admin' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('promo_code.not_found');
  });

  it('lists newest first, filtered by part of the code and by status', async () => {
    now = new Date('2026-06-11T10:00:00Z');
    const listed = await create({ code: 'LISTE-ACTIF' });
    now = new Date('2026-06-11T10:01:00Z');
    const ended = await create({ code: 'LISTE-FINI', expires_at: '2026-06-11T10:05:00Z' });
    now = new Date('2026-06-11T11:00:00Z');
    const response = await t.request({ method: 'GET', url: `${url}?q=liste`, as: 'admin' });
    expect(response.json().data.map((item: { code: string }) => item.code)).toEqual([
      ended.code,
      listed.code,
    ]);
    expect(response.json().data[0].status).toBe('expired');
    const expired = await t.request({ method: 'GET', url: `${url}?q=liste&status=expired`, as: 'admin' });
    expect(expired.json().data.map((item: { code: string }) => item.code)).toEqual(['LISTE-FINI']);
    const active = await t.request({
      method: 'GET',
      url: `${url}?q=liste&status=active&per_page=1`,
      as: 'admin',
    });
    expect(active.json()).toMatchObject({ data: [{ code: 'LISTE-ACTIF' }], pagination: { total: 1 } });
    const bad = await t.request({ method: 'GET', url: `${url}?status=sleeping`, as: 'admin' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('status');
  });

  it('deactivates a code: it stops applying, its count stays, the change is recorded once', async () => {
    const { code, id } = await create();
    await redeem(code);
    const response = await t.request({ method: 'PATCH', url: `${url}/${code}/deactivate`, as: 'admin' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ is_active: false, status: 'inactive', uses_count: 1 });
    await t.request({ method: 'PATCH', url: `${url}/${code}/deactivate`, as: 'admin' });
    const { rows } = await t.database.db.execute(
      sql`select action from audit_log where entity_id = ${id} and action = 'promo_code.deactivated'`,
    );
    expect(rows).toHaveLength(1);
    await expect(redeem(code)).rejects.toMatchObject({ code: 'promo.inactive', status: 422 });
    expect(
      (await t.request({ method: 'PATCH', url: `${url}/NOPE-NOPE/deactivate`, as: 'admin' })).statusCode,
    ).toBe(404);
  });

  it('deletes a code never redeemed, and refuses one redeemed (409): deactivate it instead', async () => {
    const unused = await create();
    const deleted = await t.request({ method: 'DELETE', url: `${url}/${unused.code}`, as: 'admin' });
    expect(deleted.statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: `${url}/${unused.code}`, as: 'admin' })).statusCode).toBe(
      404,
    );
    const used = await create();
    await redeem(used.code);
    const refused = await t.request({ method: 'DELETE', url: `${url}/${used.code}`, as: 'admin' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('promo_code.redeemed');
    expect((await t.request({ method: 'DELETE', url: `${url}/NOPE-NOPE`, as: 'admin' })).statusCode).toBe(
      404,
    );
  });

  it.each([
    ['admin', [200, 200, 200, 204]],
    ['staff', [403, 403, 403, 403]],
    ['advisor', [403, 403, 403, 403]],
    ['client', [403, 403, 403, 403]],
    [undefined, [401, 401, 401, 401]],
  ] as const)('as %s: list, read, deactivate, delete answer %j', async (role, statuses) => {
    const { code } = await create();
    const answers = [];
    for (const [method, path] of [
      ['GET', url],
      ['GET', `${url}/${code}`],
      ['PATCH', `${url}/${code}/deactivate`],
      ['DELETE', `${url}/${code}`],
    ] as const) {
      answers.push((await t.request({ method, url: path, ...asRole(role) })).statusCode);
    }
    expect(answers).toEqual(statuses);
  });
});

describe('redeeming a code (invoice finalization)', () => {
  it('counts one use, records the redemption and its change, and gives the discount (half-up)', async () => {
    const { code, id } = await create({ percent_basis_points: 1_000 });
    const referenceId = newId();
    const redemption = await redeem(code.toLowerCase(), {
      cart_total_cents: 5_005,
      reference_id: referenceId,
    });
    expect(redemption).toMatchObject({ code, promo_code_id: id, discount_cents: 501 });
    const { rows } = await t.database.db.execute(
      sql`select customer_id, reference_id, cart_total_cents, discount_cents from promo_code_redemptions where promo_code_id = ${id}`,
    );
    expect(rows).toEqual([
      { customer_id: customerId, reference_id: referenceId, cart_total_cents: 5_005, discount_cents: 501 },
    ]);
    const events = await t.database.db.execute<{ payload: Record<string, unknown> }>(
      sql`select payload from domain_events where entity_id = ${id} and type = 'promo_code.redeemed'`,
    );
    expect(events.rows[0]?.payload).toMatchObject({
      code,
      reference_id: referenceId,
      discount_cents: 501,
      uses_count: 1,
    });
    // The same invoice again: the first redemption, counted once.
    expect((await redeem(code, { reference_id: referenceId })).redemption_id).toBe(redemption.redemption_id);
    const read = await t.request({ method: 'GET', url: `${url}/${code}`, as: 'admin' });
    expect(read.json().uses_count).toBe(1);
  });

  it('caps a fixed discount at the cart total', async () => {
    const { code } = await create({
      discount_type: 'fixed',
      percent_basis_points: undefined,
      amount_off_cents: 2_500,
    });
    expect((await redeem(code, { cart_total_cents: 1_999 })).discount_cents).toBe(1_999);
  });

  it.each([
    ['promo.not_found', async () => 'INCONNU'],
    ['promo.inactive', async () => (await create({ is_active: false })).code],
    ['promo.not_started', async () => (await create({ starts_at: '2026-06-11T00:00:00Z' })).code],
    ['promo.expired', async () => (await create({ expires_at: '2026-06-10T16:00:00Z' })).code],
    ['promo.below_minimum', async () => (await create({ min_amount_cents: 10_001 })).code],
    [
      'promo.exhausted',
      async () => {
        const { code } = await create({ max_uses: 1 });
        await redeem(code);
        return code;
      },
    ],
    [
      'promo.already_used',
      async () => {
        const { code } = await create({ once_per_customer: true });
        await redeem(code);
        return code;
      },
    ],
  ])('refuses with 422 %s and counts nothing', async (reason, arrange) => {
    const code = await arrange();
    const before = await t.database.db.execute<{ uses: number }>(
      sql`select coalesce(sum(uses_count), 0)::int as uses from promo_codes`,
    );
    await expect(redeem(code)).rejects.toMatchObject({ code: reason, status: 422 });
    const after = await t.database.db.execute<{ uses: number }>(
      sql`select coalesce(sum(uses_count), 0)::int as uses from promo_codes`,
    );
    expect(after.rows[0]!.uses).toBe(before.rows[0]!.uses);
  });

  it('leaves no count behind when the caller catches a refusal and commits', async () => {
    const { code, id } = await create({ max_uses: 5 });
    const customer = await createTestCustomer(t.ctx);
    await t.ctx.db.transaction(async (tx) => {
      await redeemPromoCode(
        { ...t.ctx, db: tx },
        { code, customer_id: customer.id, cart_total_cents: 1_000, reference_id: newId() },
      );
      const sameReference = newId();
      await redeemPromoCode(
        { ...t.ctx, db: tx },
        { code, customer_id: customer.id, cart_total_cents: 1_000, reference_id: sameReference },
      );
      // Fails after counting (the customer row does not exist): the savepoint takes the count back.
      await redeemPromoCode(
        { ...t.ctx, db: tx },
        { code, customer_id: newId(), cart_total_cents: 1_000, reference_id: newId() },
      ).catch(() => undefined);
    });
    const { rows } = await t.database.db.execute<{ uses_count: number }>(
      sql`select uses_count from promo_codes where id = ${id}`,
    );
    expect(rows[0]!.uses_count).toBe(2);
  });

  it('the database refuses a count past max_uses, whatever writes it', async () => {
    const { id } = await create({ max_uses: 1 });
    await expect(
      t.database.db.execute(sql`update promo_codes set uses_count = 2 where id = ${id}`),
    ).rejects.toThrow();
  });

  it('createPromoCode through the service gives the same row as the API', async () => {
    const created = await createPromoCode(t.ctx, {
      code: 'SERVICE-1',
      discount_type: 'fixed',
      amount_off_cents: 100,
      min_amount_cents: 0,
      max_uses: null,
      once_per_customer: false,
      is_active: true,
    });
    expect(created).toMatchObject({ code: 'SERVICE-1', status: 'active', amount_off_cents: 100 });
  });
});
