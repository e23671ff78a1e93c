import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type AppDeps, buildApp } from '../src/app.ts';
import { type Clock, systemClock } from '../src/core/clock.ts';
import { type Ctx, type Role, systemActor } from '../src/core/context.ts';
import type { Database } from '../src/core/db.ts';
import { createApiKey, createAuth, createUser } from '../src/modules/auth/index.ts';
import { createTestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: Database & { url: string };
  /** A system context on the test database, for arranging data directly through services. */
  ctx: Ctx;
  /** Authorization headers of an API key with this role (a client's key is tied to a customer). */
  as(role: Role, customerId?: string): Promise<Record<string, string>>;
  request(options: InjectOptions & { as?: Role; customerId?: string }): Promise<LightMyRequestResponse>;
  /** Creates a user with this role and signs them in; returns their id and session cookie header. */
  signInNewUser(
    role: Role,
    customerId?: string,
  ): Promise<{ id: string; email: string; headers: Record<string, string> }>;
  close(): Promise<void>;
}

export const testSecret = 'test-secret-test-secret-test-secret-0123';

/** The real app on a fresh database; requests go through app.inject(). */
export async function createTestApp(
  options: { clock?: Clock } & Pick<
    AppDeps,
    'openItems' | 'payments' | 'documents' | 'mailConfigured' | 'quoteSignature'
  > = {},
): Promise<TestApp> {
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
    openItems: options.openItems,
    payments: options.payments,
    documents: options.documents,
    mailConfigured: options.mailConfigured,
    quoteSignature: options.quoteSignature,
  });
  await app.ready();
  const ctx: Ctx = { db: database.db, actor: systemActor, clock };
  const keys = new Map<string, string>();
  let userCount = 0;
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
    async signInNewUser(role, customerId) {
      userCount += 1;
      const email = `${role}${userCount}.${Date.now()}@atrium.test`;
      const password = `password-${userCount}-long-enough`;
      const user = await createUser(ctx, {
        email,
        password,
        name: `${role} ${userCount}`,
        role,
        customer_id: customerId ?? null,
      });
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        remoteAddress: `10.99.${Math.floor(userCount / 250)}.${(userCount % 250) + 1}`,
        payload: { email, password },
      });
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
      const cookie = response.cookies.map((item) => `${item.name}=${item.value}`).join('; ');
      return { id: user.id, email, headers: { cookie } };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Adds contacts, addresses or vehicles to a customer through the API, as staff; each must answer 201. */
export async function postCustomerParts(
  t: TestApp,
  customerId: string,
  parts: readonly (readonly ['contacts' | 'addresses' | 'vehicles', Record<string, unknown>])[],
) {
  for (const [path, payload] of parts) {
    const created = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customerId}/${path}`,
      as: 'staff',
      payload,
    });
    if (created.statusCode !== 201) {
      throw new Error(`POST ${path} answered ${created.statusCode}: ${created.body}`);
    }
  }
}
