import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { totpFromUri } from '../../../test/totp.ts';
import { createUser } from './index.ts';
import { purgeSignInThrottles, signInThrottleRules } from './sign-in-throttle.ts';

/*
 * Sign-in is throttled by failures only: per account (locked after 5 in a row, longer each
 * time) and per address (30 a minute). The clock the throttle reads is moved by the tests,
 * never waited for.
 */
let now = Date.now();
const clock = { now: () => new Date(now) };
function advance(seconds: number) {
  now += seconds * 1000;
}

const origin = 'http://localhost:3000';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

let addressCounter = 0;
function freshAddress() {
  addressCounter += 1;
  return `10.30.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}

let userCounter = 0;
async function newUser() {
  userCounter += 1;
  const email = `throttle${userCounter}@atrium.test`;
  const password = `throttle-password-${userCounter}`;
  await createUser(t.ctx, { email, password, name: `Collègue ${userCounter}`, role: 'staff' });
  return { email, password };
}

function signIn(
  email: string,
  password: string,
  remoteAddress: string,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    remoteAddress,
    headers,
    payload: { email, password },
  });
}

function cookieOf(response: { cookies: { name: string; value: string }[] }) {
  return response.cookies.map((item) => `${item.name}=${item.value}`).join('; ');
}

describe('an office behind one address', () => {
  it('signs 20 colleagues in at once, and 20 more, without a refusal', async () => {
    const office = freshAddress();
    const colleagues = await Promise.all(Array.from({ length: 40 }, () => newUser()));
    for (const wave of [colleagues.slice(0, 20), colleagues.slice(20)]) {
      const responses = await Promise.all(wave.map((user) => signIn(user.email, user.password, office)));
      expect(responses.map((response) => response.statusCode)).toEqual(wave.map(() => 200));
    }
    // Mistakes still have their whole budget: successes were not counted.
    const typo = await signIn(colleagues[0]!.email, 'not-my-password', office);
    expect(typo.statusCode).toBe(401);
    // 80 password hashes on two busy cores: a wide margin, not a measure.
  }, 90_000);
});

describe('a password guesser on one account', () => {
  it('is locked out after 5 failures (429 problem with Retry-After); the right password works once the lock is over', async () => {
    const user = await newUser();
    const address = freshAddress();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      statuses.push((await signIn(user.email, `wrong-password-${attempt}`, address)).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);

    const locked = await signIn(user.email, user.password, freshAddress());
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['content-type']).toContain('application/problem+json');
    expect(locked.headers['retry-after']).toBe(String(signInThrottleRules.accountLockSeconds));
    expect(locked.json()).toMatchObject({ status: 429, code: 'auth.rate_limited' });
    expect(locked.cookies).toEqual([]);

    advance(signInThrottleRules.accountLockSeconds - 1);
    expect((await signIn(user.email, user.password, address)).statusCode).toBe(429);
    advance(1);
    const after = await signIn(user.email, user.password, address);
    expect(after.statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(after) } });
    expect(me.json()).toMatchObject({ user: { email: user.email } });

    // The session forgave the failures: four mistakes later, the account is still open.
    for (let attempt = 0; attempt < 4; attempt++) {
      expect((await signIn(user.email, 'wrong-again-123', address)).statusCode).toBe(401);
    }
    expect((await signIn(user.email, user.password, address)).statusCode).toBe(200);
  });

  it('locks for twice as long after each failure past the first lock', async () => {
    const user = await newUser();
    for (let attempt = 0; attempt < 5; attempt++)
      await signIn(user.email, 'wrong-password-1', freshAddress());
    advance(60);
    expect((await signIn(user.email, 'wrong-password-1', freshAddress())).statusCode).toBe(401);
    const locked = await signIn(user.email, user.password, freshAddress());
    expect(locked.headers['retry-after']).toBe('120');
    advance(119);
    expect((await signIn(user.email, user.password, freshAddress())).statusCode).toBe(429);
    advance(1);
    expect((await signIn(user.email, user.password, freshAddress())).statusCode).toBe(200);
  });

  it('is locked the same for an address that has no account', async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      statuses.push((await signIn('nobody@atrium.test', `wrong-password-${attempt}`, address)).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('cannot slip past the lock with concurrent guesses from many addresses', async () => {
    const user = await newUser();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => signIn(user.email, `guess-number-${index}`, freshAddress())),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
  });
});

describe('a guesser trying many accounts from one address', () => {
  it('is stopped after 30 failures a minute, whatever X-Forwarded-For says; others are not', async () => {
    const user = await newUser();
    const address = freshAddress();
    for (let attempt = 0; attempt < signInThrottleRules.addressFailures; attempt++) {
      const response = await signIn(`spray${attempt}@atrium.test`, 'Password123456', address);
      expect(response.statusCode).toBe(401);
    }
    const blocked = await signIn(user.email, user.password, address);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(
      signInThrottleRules.addressWindowSeconds,
    );
    const spoofed = await signIn(user.email, user.password, address, { 'x-forwarded-for': '203.0.113.9' });
    expect(spoofed.statusCode).toBe(429);
    expect((await signIn(user.email, user.password, freshAddress())).statusCode).toBe(200);

    advance(signInThrottleRules.addressWindowSeconds);
    expect((await signIn(user.email, user.password, address)).statusCode).toBe(200);
  });
});

describe('second-factor codes', () => {
  /** A user with TOTP on; returns what an authenticator app would hold. */
  async function userWithTotp() {
    const user = await newUser();
    const first = await signIn(user.email, user.password, freshAddress());
    const cookie = cookieOf(first);
    const enable = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/enable',
      headers: { cookie, origin },
      payload: { password: user.password },
    });
    const { totpURI } = enable.json() as { totpURI: string };
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      headers: { cookie, origin },
      payload: { code: totpFromUri(totpURI) },
    });
    expect(confirm.statusCode).toBe(200);
    return { ...user, totpURI };
  }

  function wrongCode(uri: string) {
    const valid = [-30_000, 0, 30_000].map((offset) => totpFromUri(uri, Date.now() + offset));
    return ['000000', '111111', '222222', '333333'].find((code) => !valid.includes(code))!;
  }

  async function challenge(email: string, password: string) {
    const response = await signIn(email, password, freshAddress());
    expect(response.json()).toMatchObject({ twoFactorRedirect: true });
    return cookieOf(response);
  }

  function verify(cookie: string, code: string) {
    return t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      remoteAddress: freshAddress(),
      headers: { cookie, origin },
      payload: { code },
    });
  }

  it('count against the account: a right password does not forgive wrong codes, a session does', async () => {
    const user = await userWithTotp();
    let cookie = await challenge(user.email, user.password);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await verify(cookie, wrongCode(user.totpURI))).statusCode).toBe(401);
    }
    // A new challenge (the right password again) starts no new count.
    cookie = await challenge(user.email, user.password);
    expect((await verify(cookie, wrongCode(user.totpURI))).statusCode).toBe(401);
    expect((await verify(cookie, wrongCode(user.totpURI))).statusCode).toBe(401);
    const locked = await verify(cookie, totpFromUri(user.totpURI));
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe(String(signInThrottleRules.accountLockSeconds));
    expect((await signIn(user.email, user.password, freshAddress())).statusCode).toBe(429);

    advance(signInThrottleRules.accountLockSeconds);
    cookie = await challenge(user.email, user.password);
    const verified = await verify(cookie, totpFromUri(user.totpURI));
    expect(verified.statusCode).toBe(200);
    // The session cleared the count: five more mistakes are needed for a lock.
    cookie = await challenge(user.email, user.password);
    for (let attempt = 0; attempt < 4; attempt++) {
      expect((await verify(cookie, wrongCode(user.totpURI))).statusCode).toBe(401);
    }
  });
});

describe('purging', () => {
  it('forgets finished windows and cleared accounts, keeps a lock that still counts', async () => {
    const user = await newUser();
    const address = freshAddress();
    for (let attempt = 0; attempt < 5; attempt++) await signIn(user.email, 'wrong-password-1', address);
    const other = await newUser();
    await signIn(other.email, other.password, freshAddress());
    advance(signInThrottleRules.addressWindowSeconds + 1);
    await purgeSignInThrottles(t.ctx);
    const keys = [`account:${user.email}`, `account:${other.email}`, `address:${address}`];
    const { rows } = await t.database.db.execute<{ key: string }>(
      sql`select key from sign_in_throttles where key in ${keys}`,
    );
    expect(rows.map((row) => row.key)).toEqual([`account:${user.email}`]);
    advance(24 * 60 * 60);
    await purgeSignInThrottles(t.ctx);
    const { rows: left } = await t.database.db.execute(sql`select key from sign_in_throttles`);
    expect(left).toEqual([]);
  });
});
