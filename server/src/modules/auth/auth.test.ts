import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { totpFromUri } from '../../../test/totp.ts';
import { createUser, ensureFirstAdmin } from './index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The test app's ATRIUM_BASE_URL: a browser sends it with every POST; better-auth requires it with a cookie. */
const origin = 'http://localhost:3000';

let ipCounter = 0;
/** Each test signs in from its own address so the sign-in rate limit of one does not leak into another. */
function freshIp() {
  ipCounter += 1;
  return `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

async function signIn(email: string, password: string, remoteAddress = freshIp()) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    remoteAddress,
    payload: { email, password },
  });
  const cookie = response.cookies.map((item) => `${item.name}=${item.value}`).join('; ');
  return { response, cookie };
}

describe('first admin', () => {
  it('is created from the environment only while no user exists', async () => {
    const first = await ensureFirstAdmin(t.ctx, 'first-admin@atrium.test', 'first-admin-password');
    expect(first?.role).toBe('admin');
    const second = await ensureFirstAdmin(t.ctx, 'second-admin@atrium.test', 'second-admin-password');
    expect(second).toBeUndefined();
    const { response } = await signIn('first-admin@atrium.test', 'first-admin-password');
    expect(response.statusCode).toBe(200);
  });
});

describe('sign-in with email and password', () => {
  it('opens a session that /api/v1 recognises with its role', async () => {
    await createUser(t.ctx, {
      email: 'marie@atrium.test',
      password: 'marie-password-1',
      name: 'Marie',
      role: 'staff',
    });
    const { response, cookie } = await signIn('Marie@Atrium.test', 'marie-password-1');
    expect(response.statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json()).toMatchObject({
      actor_type: 'user',
      role: 'staff',
      user: { email: 'marie@atrium.test' },
    });
  });

  it('refuses a wrong password and leaves no session', async () => {
    const { response, cookie } = await signIn('marie@atrium.test', 'not-the-password');
    expect(response.statusCode).toBe(401);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });
});

describe('two-factor authentication (TOTP)', () => {
  it('asks for the code after the password once 2FA is on', async () => {
    await createUser(t.ctx, {
      email: 'secure@atrium.test',
      password: 'secure-password-1',
      name: 'Sécure',
      role: 'admin',
    });
    const { cookie } = await signIn('secure@atrium.test', 'secure-password-1');
    const enable = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/enable',
      headers: { cookie, origin },
      payload: { password: 'secure-password-1' },
    });
    expect(enable.statusCode).toBe(200);
    const { totpURI, backupCodes } = enable.json();
    expect(backupCodes.length).toBeGreaterThan(0);
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      headers: { cookie, origin },
      payload: { code: totpFromUri(totpURI) },
    });
    expect(confirm.statusCode).toBe(200);

    const first = await signIn('secure@atrium.test', 'secure-password-1');
    expect(first.response.json()).toMatchObject({ twoFactorRedirect: true });
    const halfway = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: first.cookie },
    });
    expect(halfway.statusCode).toBe(401);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      headers: { cookie: first.cookie, origin },
      payload: { code: '000000' === totpFromUri(totpURI) ? '111111' : '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      headers: { cookie: first.cookie, origin },
      payload: { code: totpFromUri(totpURI) },
    });
    expect(verified.statusCode).toBe(200);
    const sessionCookie = verified.cookies.map((item) => `${item.name}=${item.value}`).join('; ');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: sessionCookie } });
    expect(me.json()).toMatchObject({ role: 'admin', user: { two_factor_enabled: true } });
  });
});

describe('a client user', () => {
  it('reaches only their own customer', async () => {
    const own = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    await createUser(t.ctx, {
      email: 'client@exemple.ca',
      password: 'client-password-1',
      name: 'Client',
      role: 'client',
      customer_id: own.id,
    });
    const { cookie } = await signIn('client@exemple.ca', 'client-password-1');
    const mine = await t.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${own.id}`,
      headers: { cookie },
    });
    expect(mine.statusCode).toBe(200);
    const theirs = await t.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${other.id}`,
      headers: { cookie },
    });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).not.toContain(other.last_name!);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/customers', headers: { cookie } });
    expect(list.json().data.map((row: { id: string }) => row.id)).toEqual([own.id]);
  });
});

describe('users and API keys (admin)', () => {
  it('creates a user; refuses staff; refuses a duplicate email and a client without customer', async () => {
    const payload = {
      email: 'nouveau@atrium.test',
      password: 'nouveau-password',
      name: 'Nouveau',
      role: 'advisor',
    };
    expect((await t.request({ method: 'POST', url: '/api/v1/users', as: 'staff', payload })).statusCode).toBe(
      403,
    );
    const created = await t.request({ method: 'POST', url: '/api/v1/users', as: 'admin', payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).not.toHaveProperty('password');
    const duplicate = await t.request({ method: 'POST', url: '/api/v1/users', as: 'admin', payload });
    expect(duplicate.statusCode).toBe(409);
    const clientWithoutCustomer = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      as: 'admin',
      payload: { ...payload, email: 'c@atrium.test', role: 'client' },
    });
    expect(clientWithoutCustomer.statusCode).toBe(400);
    expect(clientWithoutCustomer.json().errors[0].path).toBe('customer_id');
    const weak = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      as: 'admin',
      payload: { ...payload, password: 'short' },
    });
    expect(weak.json().errors[0].path).toBe('password');
  });

  it('shows a key once, stores only its hash, and stops accepting it once revoked', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/api-keys',
      as: 'admin',
      payload: { name: 'ERP', role: 'staff' },
    });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json();
    const authorization = `Bearer ${key}`;
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/customers', headers: { authorization } }))
        .statusCode,
    ).toBe(200);
    const listed = await t.request({ method: 'GET', url: '/api/v1/api-keys', as: 'admin' });
    expect(listed.body).not.toContain(key);
    expect(listed.body).not.toContain('key_hash');
    expect(listed.json().data[0]).toHaveProperty('key_prefix');
    const revoked = await t.request({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, as: 'admin' });
    expect(revoked.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/customers', headers: { authorization } }))
        .statusCode,
    ).toBe(401);
  });

  it('keeps the audit log for admins only', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/audit', as: 'staff' })).statusCode).toBe(403);
    expect(
      (
        await t.request({
          method: 'GET',
          url: '/api/v1/audit',
          as: 'client',
          customerId: (await createTestCustomer(t.ctx)).id,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/audit?entity_id=nope', as: 'admin' })).statusCode,
    ).toBe(400);
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/audit?per_page=10000', as: 'admin' })).statusCode,
    ).toBe(400);
  });
});
