import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { type Clock, systemClock } from '../src/core/clock.ts';
import { type Ctx, type Role, systemActor } from '../src/core/context.ts';
import type { Database } from '../src/core/db.ts';
import { createApiKey, createAuth } from '../src/modules/auth/index.ts';
import { createTestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: Database & { url: string };
  /** A system context on the test database, for arranging data directly through services. */
  ctx: Ctx;
  /** Authorization headers of an API key with this role (a client's key is tied to a customer). */
  as(role: Role, customerId?: string): Promise<Record<string, string>>;
  request(options: InjectOptions & { as?: Role; customerId?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const testSecret = 'test-secret-test-secret-test-secret-0123';

/** The real app on a fresh database; requests go through app.inject(). */
export async function createTestApp(options: { clock?: Clock } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = options.clock ?? systemClock;
  const auth = createAuth(database.db, {
    ATRIUM_BASE_URL: 'http://localhost:3000',
    ATRIUM_SECRET: testSecret,
  });
  const app = await buildApp({
    db: database.db,
    auth,
    clock,
    logLevel: process.env.TEST_LOG ?? 'silent',
    webDir: '/nonexistent',
  });
  await app.ready();
  const ctx: Ctx = { db: database.db, actor: systemActor, clock };
  const keys = new Map<string, string>();
  const as = async (role: Role, customerId?: string) => {
    const cacheKey = `${role}:${customerId ?? ''}`;
    let key = keys.get(cacheKey);
    if (!key) {
      key = (await createApiKey(ctx, { name: `test ${role}`, role, customer_id: customerId ?? null })).key;
      keys.set(cacheKey, key);
    }
    return { authorization: `Bearer ${key}` };
  };
  return {
    app,
    database,
    ctx,
    as,
    async request({ as: role, customerId, headers, ...rest }) {
      const auth = role ? await as(role, customerId) : {};
      return app.inject({ ...rest, headers: { ...auth, ...headers } });
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
