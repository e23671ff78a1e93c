import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';

let now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let clientCustomerId: string;
beforeAll(async () => {
  t = await createTestApp({ clock });
  clientCustomerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(() => t.close());

const url = '/api/v1/products';
let skuSequence = 0;

function product(overrides: Record<string, unknown> = {}) {
  skuSequence += 1;
  return {
    sku: `TEST-${skuSequence}`,
    name: `Produit d’essai ${skuSequence}`,
    price_cents: 1000,
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}) {
  // Each product a minute after the last: `newest` has an order to follow.
  now = new Date(now.getTime() + 60_000);
  const response = await t.request({ method: 'POST', url, as: 'staff', payload: product(overrides) });
  if (response.statusCode !== 201)
    throw new Error(`create answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

function asRole(role: Role | undefined) {
  return role === 'client' ? { as: role, customerId: clientCustomerId } : { as: role };
}

async function list(query: string, role: Role = 'staff') {
  return t.request({ method: 'GET', url: `${url}?${query}`, ...asRole(role) });
}

async function skus(query: string): Promise<string[]> {
  const response = await list(query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.map((item: { sku: string }) => item.sku);
}

async function recorded(entityId: string) {
  const { rows } = await t.database.db.execute<{
    action: string;
    customer_id: string | null;
    changed_fields: string[];
  }>(
    sql`select action, customer_id, changed_fields from audit_log where entity_id = ${entityId} order by occurred_at, id`,
  );
  const events = await t.database.db.execute<{ type: string; customer_id: string | null }>(
    sql`select type, customer_id from domain_events where entity_id = ${entityId} order by seq`,
  );
  return { audit: rows, events: events.rows };
}

describe('creating a product', () => {
  it('stores it with its defaults and price levels, and records the change (no customer, no timeline)', async () => {
    const response = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: {
        sku: 'PNEU-POSE-4',
        name: 'Pose de 4 pneus d’hiver',
        description: 'Démontage, montage et équilibrage des quatre roues',
        category: 'Pneus',
        price_cents: 12_000,
        unit: 'each',
        prices: { wholesale: 10_000, vip: 9_500 },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      id: expect.any(String),
      sku: 'PNEU-POSE-4',
      name: 'Pose de 4 pneus d’hiver',
      category: 'Pneus',
      price_cents: 12_000,
      currency: 'CAD',
      taxable: true,
      unit: 'each',
      prices: { vip: 9_500, wholesale: 10_000 },
      times_sold: 0,
      archived_at: null,
      created_at: now.toISOString(),
    });
    const { audit, events } = await recorded(created.id);
    expect(audit).toEqual([
      {
        action: 'product.created',
        customer_id: null,
        changed_fields: expect.arrayContaining(['sku', 'name', 'price_cents', 'prices']),
      },
    ]);
    expect(events).toEqual([{ type: 'product.created', customer_id: null }]);
    const { rows } = await t.database.db.execute(
      sql`select 1 from customer_activity where reference_id = ${created.id}`,
    );
    expect(rows).toHaveLength(0);
  });

  it.each([
    ['admin', 201],
    ['staff', 201],
    ['advisor', 403],
    ['client', 403],
    [undefined, 401],
  ] as const)('as %s answers %i', async (role, status) => {
    const response = await t.request({ method: 'POST', url, payload: product(), ...asRole(role) });
    expect(response.statusCode, response.body).toBe(status);
  });

  it.each([
    ['negative cents', { price_cents: -1 }, 'price_cents'],
    ['fractional cents', { price_cents: 12.5 }, 'price_cents'],
    ['dollars as a string', { price_cents: '12.50' }, 'price_cents'],
    ['too large an amount', { price_cents: 10 ** 13 }, 'price_cents'],
    ['no SKU', { sku: '   ' }, 'sku'],
    ['a SKU with spaces', { sku: 'AB 12' }, 'sku'],
    ['no name', { name: '' }, 'name'],
    ['an unknown unit', { unit: 'bushel' }, 'unit'],
    ['a currency that is not ISO 4217', { currency: 'XYZ' }, 'currency'],
    ['a bad price level', { prices: { 'Gros Client': 100 } }, 'prices.Gros Client'],
    ['a negative level price', { prices: { wholesale: -100 } }, 'prices.wholesale'],
    ['a fractional level price', { prices: { wholesale: 99.5 } }, 'prices.wholesale'],
    ['taxable as text', { taxable: 'yes' }, 'taxable'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('refuses %s (400 naming the field)', async (_label, overrides, field) => {
    const response = await t.request({ method: 'POST', url, as: 'staff', payload: product(overrides) });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('upper-cases the currency it is given', async () => {
    expect((await create({ currency: 'usd' })).currency).toBe('USD');
  });

  it('refuses a SKU another product has, whatever its case, archived or not (409 product.sku_taken)', async () => {
    const first = await create({ sku: 'Huile-5W30' });
    const taken = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: product({ sku: 'HUILE-5w30' }),
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('product.sku_taken');
    await t.request({ method: 'DELETE', url: `${url}/${first.id}`, as: 'staff' });
    const stillTaken = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: product({ sku: 'huile-5w30' }),
    });
    expect(stillTaken.statusCode).toBe(409);
  });

  it('gives a SKU to one of several concurrent creations; the others get 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.request({ method: 'POST', url, as: 'staff', payload: product({ sku: 'RACE-1' }) }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const response of responses.filter((item) => item.statusCode === 409)) {
      expect(response.json().code).toBe('product.sku_taken');
    }
  });
});

describe('reading a product', () => {
  it.each([
    ['admin', 200],
    ['staff', 200],
    ['advisor', 200],
    ['client', 403],
    [undefined, 401],
  ] as const)('as %s answers %i', async (role, status) => {
    const { id } = await create();
    const response = await t.request({ method: 'GET', url: `${url}/${id}`, ...asRole(role) });
    expect(response.statusCode).toBe(status);
    if (status === 200) expect(response.json().id).toBe(id);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const missing = await t.request({
      method: 'GET',
      url: `${url}/0190f5d2-0000-7000-8000-000000000000`,
      as: 'staff',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('product.not_found');
    const malformed = await t.request({ method: 'GET', url: `${url}/not-an-id`, as: 'staff' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].path).toBe('id');
  });
});

describe('changing a product', () => {
  it('changes the fields given, replaces the price levels whole, and records the names of what changed', async () => {
    const { id } = await create({ prices: { wholesale: 800 } });
    now = new Date(now.getTime() + 60_000);
    const response = await t.request({
      method: 'PATCH',
      url: `${url}/${id}`,
      as: 'admin',
      payload: {
        price_cents: 1_250,
        taxable: false,
        prices: { vip: 1_100 },
        description: 'Nouvelle description',
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      price_cents: 1_250,
      taxable: false,
      prices: { vip: 1_100 },
      description: 'Nouvelle description',
      updated_at: now.toISOString(),
    });
    expect(response.json().prices).not.toHaveProperty('wholesale');
    const { audit } = await recorded(id);
    expect(audit[1]).toEqual({
      action: 'product.updated',
      customer_id: null,
      changed_fields: ['description', 'price_cents', 'taxable', 'prices'],
    });
  });

  it('records nothing when nothing changes', async () => {
    const created = await create({ prices: { wholesale: 800 } });
    const response = await t.request({
      method: 'PATCH',
      url: `${url}/${created.id}`,
      as: 'staff',
      payload: { price_cents: created.price_cents, prices: { wholesale: 800 } },
    });
    expect(response.statusCode).toBe(200);
    expect((await recorded(created.id)).audit).toHaveLength(1);
  });

  it('refuses a SKU taken by another product (409), a bad price (400), an unknown product (404)', async () => {
    const first = await create();
    const second = await create();
    const taken = await t.request({
      method: 'PATCH',
      url: `${url}/${second.id}`,
      as: 'staff',
      payload: { sku: first.sku.toLowerCase() },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('product.sku_taken');
    // Its own SKU in another case is no conflict.
    const recased = await t.request({
      method: 'PATCH',
      url: `${url}/${second.id}`,
      as: 'staff',
      payload: { sku: second.sku.toLowerCase() },
    });
    expect(recased.statusCode).toBe(200);
    const negative = await t.request({
      method: 'PATCH',
      url: `${url}/${second.id}`,
      as: 'staff',
      payload: { price_cents: -5 },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].path).toBe('price_cents');
    const missing = await t.request({
      method: 'PATCH',
      url: `${url}/0190f5d2-0000-7000-8000-000000000000`,
      as: 'staff',
      payload: { price_cents: 5 },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses to change an archived product until it is restored (422 product.archived)', async () => {
    const { id } = await create();
    await t.request({ method: 'DELETE', url: `${url}/${id}`, as: 'staff' });
    const refused = await t.request({
      method: 'PATCH',
      url: `${url}/${id}`,
      as: 'staff',
      payload: { price_cents: 5 },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('product.archived');
  });

  it.each([
    ['admin', 200],
    ['staff', 200],
    ['advisor', 403],
    ['client', 403],
    [undefined, 401],
  ] as const)('as %s answers %i', async (role, status) => {
    const { id } = await create();
    const response = await t.request({
      method: 'PATCH',
      url: `${url}/${id}`,
      payload: { name: 'Renommé' },
      ...asRole(role),
    });
    expect(response.statusCode).toBe(status);
  });
});

describe('archiving (DELETE) and restoring', () => {
  it('takes the product out of lists, keeps it readable by id, records it once; restore brings it back', async () => {
    const { id, sku } = await create({ name: 'Produit à archiver unique' });
    const archived = await t.request({ method: 'DELETE', url: `${url}/${id}`, as: 'staff' });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archived_at).toBe(now.toISOString());
    expect(await skus('q=archiver unique')).toEqual([]);
    expect(await skus('q=archiver unique&archived=include')).toEqual([sku]);
    expect(await skus('q=archiver unique&archived=only')).toEqual([sku]);
    expect(
      (await t.request({ method: 'GET', url: `${url}/${id}`, as: 'advisor' })).json().archived_at,
    ).not.toBeNull();
    // Again: nothing more happens.
    expect((await t.request({ method: 'DELETE', url: `${url}/${id}`, as: 'staff' })).statusCode).toBe(200);
    const restored = await t.request({ method: 'POST', url: `${url}/${id}/restore`, as: 'admin' });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().archived_at).toBeNull();
    expect(await skus('q=archiver unique')).toEqual([sku]);
    expect((await recorded(id)).audit.map((entry) => entry.action)).toEqual([
      'product.created',
      'product.archived',
      'product.restored',
    ]);
  });

  it.each([
    ['admin', 200],
    ['staff', 200],
    ['advisor', 403],
    ['client', 403],
    [undefined, 401],
  ] as const)('DELETE as %s answers %i', async (role, status) => {
    const { id } = await create();
    const response = await t.request({ method: 'DELETE', url: `${url}/${id}`, ...asRole(role) });
    expect(response.statusCode).toBe(status);
    const restore = await t.request({ method: 'POST', url: `${url}/${id}/restore`, ...asRole(role) });
    expect(restore.statusCode).toBe(status);
  });

  it('answers 404 for an unknown product', async () => {
    const unknown = '0190f5d2-0000-7000-8000-000000000000';
    expect((await t.request({ method: 'DELETE', url: `${url}/${unknown}`, as: 'staff' })).statusCode).toBe(
      404,
    );
    expect(
      (await t.request({ method: 'POST', url: `${url}/${unknown}/restore`, as: 'staff' })).statusCode,
    ).toBe(404);
  });
});
