import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database.ts';
import { buildApp } from '../../app.ts';
import { systemClock } from '../../core/clock.ts';
import { systemActor } from '../../core/context.ts';
import { type AuthConfig, createAuth, createUser } from './index.ts';

/*
 * better-auth refuses a sign-in whose Origin it does not trust (403 "Invalid origin").
 * Without ATRIUM_BASE_URL, the address the browser used is trusted, whatever it is; with
 * it, that address and ATRIUM_TRUSTED_ORIGINS only. Another site is always refused.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const apps: FastifyInstance[] = [];
const email = 'origin@atrium.test';
const password = 'origin-password-1';

beforeAll(async () => {
  database = await createTestDatabase();
  await createUser(
    { db: database.db, actor: systemActor, clock: systemClock },
    { email, password, name: 'Origine', role: 'staff' },
  );
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await database.close();
});

async function appWith(config: Omit<AuthConfig, 'ATRIUM_SECRET'>, trustProxy = false) {
  const auth = createAuth(database.db, { ATRIUM_SECRET: 'o'.repeat(40), ...config });
  const app = await buildApp({
    db: database.db,
    auth,
    logLevel: 'silent',
    webDir: '/nonexistent',
    trustProxy,
  });
  apps.push(app);
  return app;
}

let addressCounter = 0;
async function signIn(app: FastifyInstance, headers: Record<string, string>) {
  addressCounter += 1;
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    remoteAddress: `10.20.0.${addressCounter}`,
    headers,
    payload: { email, password },
  });
  const cookie = response.cookies.map((item) => `${item.name}=${item.value}`).join('; ');
  return { response, cookie };
}

describe('without ATRIUM_BASE_URL', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith({ ATRIUM_BASE_URL: undefined, PORT: 3000 });
  });

  it('signs in through 127.0.0.1 over http, with a session cookie that works there', async () => {
    const { response, cookie } = await signIn(app, {
      host: '127.0.0.1:3000',
      origin: 'http://127.0.0.1:3000',
    });
    expect(response.statusCode).toBe(200);
    const session = response.cookies.find((item) => item.name.endsWith('session_token'));
    // A Secure cookie would never be sent back over http.
    expect(session?.secure).toBeFalsy();
    expect(session?.name).toBe('better-auth.session_token');
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { host: '127.0.0.1:3000', cookie },
    });
    expect(me.json()).toMatchObject({ actor_type: 'user', user: { email } });
  });

  it('signs in through any other name that reaches the server', async () => {
    for (const host of ['crm.garage.local:3000', '192.168.1.20:3000', 'localhost:3000']) {
      const { response } = await signIn(app, { host, origin: `http://${host}` });
      expect(response.statusCode, host).toBe(200);
    }
  });

  it('refuses a page of another site, and an origin on another port or scheme', async () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:8080', 'https://127.0.0.1:3000']) {
      const { response, cookie } = await signIn(app, { host: '127.0.0.1:3000', origin });
      expect(response.statusCode, origin).toBe(403);
      expect(cookie).toBe('');
    }
  });

  it('ignores X-Forwarded-Host when the proxy is not trusted', async () => {
    const { response } = await signIn(app, {
      host: '127.0.0.1:3000',
      'x-forwarded-host': 'evil.example',
      origin: 'http://evil.example',
    });
    expect(response.statusCode).toBe(403);
  });

  it('answers a malformed Host header with 400, not 500', async () => {
    const { response } = await signIn(app, { host: 'bad host', origin: 'http://bad host' });
    expect(response.statusCode).toBe(400);
  });
});

describe('without ATRIUM_BASE_URL, behind a trusted proxy', () => {
  it('takes the address the browser used from X-Forwarded-Host and X-Forwarded-Proto', async () => {
    const app = await appWith({ ATRIUM_BASE_URL: undefined }, true);
    const forwarded = {
      host: '10.0.0.5:3000',
      'x-forwarded-host': 'crm.example.com',
      'x-forwarded-proto': 'https',
    };
    expect((await signIn(app, { ...forwarded, origin: 'https://crm.example.com' })).response.statusCode).toBe(
      200,
    );
    expect((await signIn(app, { ...forwarded, origin: 'http://crm.example.com' })).response.statusCode).toBe(
      403,
    );
    expect((await signIn(app, { ...forwarded, origin: 'http://10.0.0.5:3000' })).response.statusCode).toBe(
      403,
    );
  });
});

describe('with ATRIUM_BASE_URL and ATRIUM_TRUSTED_ORIGINS', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith({
      ATRIUM_BASE_URL: 'https://crm.example.com',
      ATRIUM_TRUSTED_ORIGINS: ['https://portail.example.com'],
    });
  });

  it('accepts its own origin and the listed ones, with Secure cookies', async () => {
    const own = await signIn(app, { host: 'crm.example.com', origin: 'https://crm.example.com' });
    expect(own.response.statusCode).toBe(200);
    expect(own.response.cookies.find((item) => item.name.endsWith('session_token'))?.secure).toBe(true);
    const listed = await signIn(app, { host: 'crm.example.com', origin: 'https://portail.example.com' });
    expect(listed.response.statusCode).toBe(200);
  });

  it('refuses any other origin, even the one matching the Host header', async () => {
    for (const [host, origin] of [
      ['127.0.0.1:3000', 'http://127.0.0.1:3000'],
      ['crm.example.com', 'https://evil.example'],
      ['evil.example', 'https://evil.example'],
    ] as const) {
      expect((await signIn(app, { host, origin })).response.statusCode, origin).toBe(403);
    }
  });
});
