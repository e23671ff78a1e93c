import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import { productListQuery } from './products.schemas.ts';
import {
  createProduct,
  findProducts,
  getProductForPriceLevel,
  recordProductSales,
} from './products.service.ts';

let now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let clientCustomerId: string;
const ids: Record<string, string> = {};

// A garage's catalog; `Atelier` is this file's category, so other rows never get in the way.
const catalog = [
  {
    sku: 'EQ-100',
    name: 'Équilibrage de pneus',
    category: 'Atelier',
    price_cents: 8_000,
    description: 'Quatre roues, masses adhésives',
  },
  {
    sku: 'PNEU-HIV',
    name: 'Pose de pneus d’hiver',
    category: 'Atelier',
    price_cents: 12_000,
    description: null,
  },
  {
    sku: 'HUILE-5W30',
    name: 'Vidange d’huile synthétique',
    category: 'Atelier',
    price_cents: 7_995,
    description: 'Filtre compris',
  },
  {
    sku: 'DIAG-OBD',
    name: 'Diagnostic électronique',
    category: 'Atelier',
    price_cents: 9_500,
    description: 'Lecture des codes OBD-II',
  },
  {
    sku: 'FREIN-AV',
    name: 'Freins avant',
    category: 'Atelier',
    price_cents: 24_900,
    description: 'Plaquettes et disques',
  },
  {
    sku: 'LAVE-GLACE',
    name: 'Lave-glace −40 °C',
    category: 'Pièces',
    price_cents: 599,
    description: 'Cruche de 3,78 L',
  },
];

beforeAll(async () => {
  t = await createTestApp({ clock });
  clientCustomerId = (await createTestCustomer(t.ctx)).id;
  for (const item of catalog) {
    now = new Date(now.getTime() + 60_000);
    const product = await createProduct(t.ctx, {
      ...item,
      currency: 'CAD',
      taxable: true,
      unit: 'each',
      prices: item.sku === 'FREIN-AV' ? { wholesale: 19_900 } : {},
    });
    ids[item.sku] = product.id;
  }
  await recordProductSales(t.ctx, [
    ids['HUILE-5W30']!,
    ids['HUILE-5W30']!,
    ids['HUILE-5W30']!,
    ids['EQ-100']!,
  ]);
});
afterAll(() => t.close());

async function list(query: string, role: Role | 'anonymous' = 'advisor') {
  return t.request({
    method: 'GET',
    url: `/api/v1/products?${query}`,
    ...(role === 'anonymous' ? {} : { as: role }),
    ...(role === 'client' ? { customerId: clientCustomerId } : {}),
  });
}

async function skus(query: string): Promise<string[]> {
  const response = await list(query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.map((item: { sku: string }) => item.sku);
}

describe('searching the catalog', () => {
  it.each([
    ['equilibrage', ['EQ-100']],
    ['ÉQUILIBRAGE', ['EQ-100']],
    ['quilib', ['EQ-100']],
    ['huile-5w30', ['HUILE-5W30']],
    ['pneus hiver', ['PNEU-HIV']],
    ['hiver pneus', ['PNEU-HIV']],
    ['obd', ['DIAG-OBD']],
    ['av', ['FREIN-AV']],
    ['AV freins', ['FREIN-AV']],
    ['electronique', ['DIAG-OBD']],
    ['pneus', ['EQ-100', 'PNEU-HIV']],
    ['100%', []],
    ['introuvable', []],
  ])('q=%s finds %j (accents, case, words in any order, sku and description)', async (q, expected) => {
    expect(await skus(`category=Atelier&q=${encodeURIComponent(q)}`)).toEqual(expected);
  });

  it('filters by category and price range (cents, inclusive)', async () => {
    expect(await skus('category=Pi%C3%A8ces')).toEqual(['LAVE-GLACE']);
    expect(await skus('category=Atelier&min_price=8000&max_price=12000&sort=price')).toEqual([
      'EQ-100',
      'DIAG-OBD',
      'PNEU-HIV',
    ]);
    expect(await skus('category=Atelier&max_price=7995')).toEqual(['HUILE-5W30']);
  });

  it.each([
    ['name', ['DIAG-OBD', 'EQ-100', 'FREIN-AV', 'PNEU-HIV', 'HUILE-5W30']],
    ['price', ['HUILE-5W30', 'EQ-100', 'DIAG-OBD', 'PNEU-HIV', 'FREIN-AV']],
    ['-price', ['FREIN-AV', 'PNEU-HIV', 'DIAG-OBD', 'EQ-100', 'HUILE-5W30']],
    ['newest', ['FREIN-AV', 'DIAG-OBD', 'HUILE-5W30', 'PNEU-HIV', 'EQ-100']],
  ])('sort=%s orders them', async (sort, expected) => {
    expect(await skus(`category=Atelier&sort=${sort}`)).toEqual(expected);
  });

  it('sort=popularity puts what invoices sold most first', async () => {
    expect((await skus('category=Atelier&sort=popularity')).slice(0, 2)).toEqual(['HUILE-5W30', 'EQ-100']);
    const response = await list('category=Atelier&sort=popularity&per_page=1');
    expect(response.json().data[0].times_sold).toBe(3);
  });

  it('pages through a list', async () => {
    const response = await list('category=Atelier&sort=price&per_page=2&page=2');
    expect(response.json().data.map((item: { sku: string }) => item.sku)).toEqual(['DIAG-OBD', 'PNEU-HIV']);
    expect(response.json().pagination).toEqual({
      total: 5,
      page: 2,
      per_page: 2,
      pages: 3,
      has_next: true,
      has_prev: true,
      total_is_exact: true,
    });
  });

  it('counts a long list up to 1 000 (or the page asked for) and says the total is a lower bound', async () => {
    await t.database.db.execute(sql`
      insert into products (id, sku, name, category, price_cents, created_at, updated_at)
      select gen_random_uuid(), 'MASSE-' || i, 'Masse de plomb ' || i, 'Masses', 100 + i, now(), now()
      from generate_series(1, 1100) as i`);
    const first = (await list('category=Masses&per_page=100')).json().pagination;
    expect(first).toMatchObject({ total: 1_000, pages: 10, has_next: true, total_is_exact: false });
    const far = (await list('category=Masses&per_page=100&page=11')).json();
    expect(far.data).toHaveLength(100);
    expect(far.pagination).toMatchObject({ total: 1_100, pages: 11, has_next: false, total_is_exact: true });
  });

  it.each([
    ['sort=cheapest', 'sort'],
    ['min_price=-1', 'min_price'],
    ['min_price=12.5', 'min_price'],
    ['max_price=abc', 'max_price'],
    ['min_price=5000&max_price=100', 'max_price'],
    ['per_page=500', 'per_page'],
    ['page=0', 'page'],
    ['archived=maybe', 'archived'],
    ['colour=red', 'colour'],
  ])('refuses %s (400 naming the parameter)', async (query, field) => {
    const response = await list(query);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it.each([
    ['admin', 200],
    ['staff', 200],
    ['advisor', 200],
    ['client', 403],
    ['anonymous', 401],
  ] as const)('as %s answers %i', async (role, status) => {
    expect((await list('q=pneus', role)).statusCode).toBe(status);
  });

  it('a search reads the trigram index, not the whole table', async () => {
    const query = productListQuery.parse({ q: 'equilibrage', sort: 'name' });
    await t.database.db.transaction(async (tx) => {
      // On a handful of rows a scan is cheaper; the question is whether the index serves the search.
      await tx.execute(sql`set local enable_seqscan = off`);
      const { rows } = await tx.execute<{ 'QUERY PLAN': string }>(
        sql`explain select id from products where search_text like ('%' || atrium_fold(${query.q}) || '%')`,
      );
      expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('products_search_text_idx');
    });
    expect((await findProducts(t.ctx, query)).data.map((item) => item.sku)).toEqual(['EQ-100']);
  });
});

describe('categories', () => {
  it('lists the categories of products on sale with their counts', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/products/categories', as: 'advisor' });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual(
      expect.arrayContaining([
        { category: 'Atelier', count: 5 },
        { category: 'Pièces', count: 1 },
      ]),
    );
    await t.request({ method: 'DELETE', url: `/api/v1/products/${ids['LAVE-GLACE']}`, as: 'staff' });
    const after = await t.request({ method: 'GET', url: '/api/v1/products/categories', as: 'staff' });
    expect(
      after.json().data.find((item: { category: string }) => item.category === 'Pièces'),
    ).toBeUndefined();
    await t.request({ method: 'POST', url: `/api/v1/products/${ids['LAVE-GLACE']}/restore`, as: 'staff' });
  });

  it.each([
    ['admin', 200],
    ['staff', 200],
    ['advisor', 200],
    ['client', 403],
    [undefined, 401],
  ] as const)('as %s answers %i', async (role, status) => {
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/products/categories',
      as: role,
      ...(role === 'client' ? { customerId: clientCustomerId } : {}),
    });
    expect(response.statusCode).toBe(status);
  });
});

describe('what invoices use', () => {
  it('prices a product for a price level: the level’s price when it has one, else its price', async () => {
    const brakes = ids['FREIN-AV']!;
    expect((await getProductForPriceLevel(t.ctx, brakes, 'wholesale')).unit_price_cents).toBe(19_900);
    expect(await getProductForPriceLevel(t.ctx, brakes, 'vip')).toMatchObject({
      unit_price_cents: 24_900,
      price_level: null,
    });
    expect((await getProductForPriceLevel(t.ctx, brakes, null)).unit_price_cents).toBe(24_900);
  });

  it('refuses an archived product unless asked to allow it, and an unknown one', async () => {
    const id = ids['DIAG-OBD']!;
    await t.request({ method: 'DELETE', url: `/api/v1/products/${id}`, as: 'staff' });
    await expect(getProductForPriceLevel(t.ctx, id, null)).rejects.toMatchObject({
      code: 'product.archived',
    });
    expect((await getProductForPriceLevel(t.ctx, id, null, { allowArchived: true })).sku).toBe('DIAG-OBD');
    await t.request({ method: 'POST', url: `/api/v1/products/${id}/restore`, as: 'staff' });
    await expect(
      getProductForPriceLevel(t.ctx, '0190f5d2-0000-7000-8000-000000000000', null),
    ).rejects.toMatchObject({ code: 'product.not_found' });
  });

  it('counts one sale per invoice line, concurrently without losing any', async () => {
    const id = ids['PNEU-HIV']!;
    await Promise.all(Array.from({ length: 20 }, () => recordProductSales(t.ctx, [id])));
    expect((await getProductForPriceLevel(t.ctx, id, null)).times_sold).toBe(20);
  });
});
