import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './app.ts';
import { createTestCustomer } from './factories.ts';

/*
 * Properties over every route of the API, read from the OpenAPI document the server
 * generates: each declares who may call it, none answers 5xx to any input, and
 * without credentials each answers 401.
 */
let t: TestApp;
let operations: { method: string; path: string }[] = [];
let customerId: string;

beforeAll(async () => {
  t = await createTestApp();
  customerId = (await createTestCustomer(t.ctx)).id;
  const document = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
});
afterAll(() => t.close());

function fill(path: string, value: string) {
  return path.replace(/\{[^}]+\}/g, value);
}

describe('every API route', () => {
  it('is in the OpenAPI document', () => {
    const paths = new Set(operations.map((operation) => `${operation.method} ${operation.path}`));
    for (const expected of [
      'GET /api/v1/customers',
      'POST /api/v1/customers',
      'GET /api/v1/customers/{id}/360',
      'GET /api/v1/customers/{id}/timeline',
      'POST /api/v1/customers/{id}/consents',
      'POST /api/v1/customers/{id}/anonymize',
      'GET /api/v1/audit',
      'GET /api/v1/search',
      'GET /api/v1/products',
      'GET /api/v1/products/categories',
      'POST /api/v1/promo-codes/validate',
      'PATCH /api/v1/promo-codes/{code}/deactivate',
    ]) {
      expect(paths, expected).toContain(expected);
    }
  });

  it('must declare who may call it, or the app refuses to start', async () => {
    const { buildApp } = await import('../src/app.ts');
    const { createAuth } = await import('../src/modules/auth/index.ts');
    const app = await buildApp({
      db: t.database.db,
      auth: createAuth(t.database.db, { ATRIUM_BASE_URL: 'http://x', ATRIUM_SECRET: 'x'.repeat(32) }),
      logLevel: 'silent',
    });
    expect(() => app.get('/api/v1/undeclared', async () => ({}))).toThrow(/config.access/);
    await app.close();
  });

  it('answers 403 to every role it does not name, and lets the others through', async () => {
    const roleHeaders = {
      admin: await t.as('admin'),
      staff: await t.as('staff'),
      advisor: await t.as('advisor'),
      client: await t.as('client', customerId),
    };
    for (const operation of operations) {
      const access = t.app.routeAccess.get(
        `${operation.method} ${operation.path.replace(/\{(\w+)\}/g, ':$1')}`,
      );
      expect(access, `${operation.method} ${operation.path}`).toBeDefined();
      for (const [role, headers] of Object.entries(roleHeaders)) {
        const response = await t.app.inject({
          method: operation.method as 'GET',
          url: fill(operation.path, customerId),
          headers,
          ...(operation.method === 'GET' || operation.method === 'DELETE' ? {} : { payload: {} }),
        });
        const allowed = access === 'public' || (access as readonly string[]).includes(role);
        const label = `${role} ${operation.method} ${operation.path} → ${response.statusCode}`;
        if (allowed) expect(response.statusCode, label).not.toBe(403);
        else expect(response.statusCode, label).toBe(403);
        expect(response.statusCode, label).toBeLessThan(500);
      }
    }
  });

  it('answers 401 without credentials, unless it is public', async () => {
    for (const operation of operations) {
      const access = t.app.routeAccess.get(
        `${operation.method} ${operation.path.replace(/\{(\w+)\}/g, ':$1')}`,
      );
      if (access === 'public') continue;
      const response = await t.app.inject({
        method: operation.method as 'GET',
        url: fill(operation.path, customerId),
      });
      expect(response.statusCode, `${operation.method} ${operation.path}`).toBe(401);
    }
  });

  it('never answers 5xx, whatever the body, query or id', async () => {
    const headers = await t.as('admin');
    const ids = fc.oneof(
      fc.constant(customerId),
      fc.uuid(),
      fc.string({ maxLength: 40 }).map(encodeURIComponent),
    );
    const query = fc.dictionary(
      fc.constantFrom(
        'q',
        'page',
        'per_page',
        'cursor',
        'type',
        'from',
        'to',
        'sort',
        'segment',
        'entity_id',
        'archived',
      ),
      fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constant('')),
    );
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(ids, query, fc.jsonValue({ maxDepth: 3 }), async (id, params, body) => {
          const search = new URLSearchParams(params).toString();
          const response = await t.app.inject({
            method: operation.method as 'GET',
            url: `${fill(operation.path, id)}${search ? `?${search}` : ''}`,
            headers,
            ...(operation.method === 'GET' || operation.method === 'DELETE'
              ? {}
              : {
                  payload: JSON.stringify(body),
                  headers: { ...headers, 'content-type': 'application/json' },
                }),
          });
          if (response.statusCode >= 500)
            throw new Error(
              `${operation.method} ${operation.path} → ${response.statusCode}: ${response.body}`,
            );
          if (response.statusCode >= 400) {
            expect(response.headers['content-type']).toMatch(/problem\+json/);
          }
        }),
        { numRuns: 25 },
      );
    }
  });
});
