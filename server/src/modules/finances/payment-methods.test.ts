import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { fixedClock } from '../../core/clock.ts';
import type { DomainEvent } from '../../core/events.ts';
import { newId } from '../../core/ids.ts';
import { financeEventHandlers } from './finances.events.ts';
import { isExpired } from './payment-methods.service.ts';

/** Test tokens without digits: a run of them could pass the Luhn check and be refused as a card number. */
function lettersOnly(text: string): string {
  return text.replace(/[0-9]/g, (digit) => 'ghijklmnop'[Number(digit)]!);
}

let t: TestApp;
beforeAll(async () => {
  // March 15, 2026: a card expiring 02/2026 is expired, 03/2026 is not.
  t = await createTestApp({ clock: fixedClock('2026-03-15T14:00:00Z') });
});
afterAll(() => t.close());

const unknownId = '0190a000-0000-7000-8000-000000000000';
const url = (customerId: string, methodId?: string) =>
  `/api/v1/customers/${customerId}/payment-methods${methodId ? `/${methodId}` : ''}`;

let tokens = 0;
function visa(overrides: Record<string, unknown> = {}) {
  tokens += 1;
  return {
    provider: 'stripe',
    token: `pm_1Nabc${tokens}XyZ${Date.now().toString(36)}`,
    brand: 'visa',
    last4: '4242',
    exp_month: 12,
    exp_year: 2030,
    ...overrides,
  };
}

async function add(customerId: string, payload: Record<string, unknown> = visa()) {
  const response = await t.request({ method: 'POST', url: url(customerId), as: 'staff', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; token?: string; is_default: boolean; is_expired: boolean };
}

async function list(customerId: string, as: 'admin' | 'staff' | 'advisor' = 'staff') {
  const response = await t.request({ method: 'GET', url: url(customerId), as });
  expect(response.statusCode).toBe(200);
  return response.json().data as { id: string; token?: string; is_default: boolean; is_expired: boolean }[];
}

function paths(body: { errors?: { path: string }[] }) {
  return (body.errors ?? []).map((error) => error.path);
}

describe('isExpired', () => {
  it('is good through the last day of its month in Montréal', () => {
    const card = { exp_month: 3, exp_year: 2026 };
    // 02:00 UTC on April 1st is still March 31st in Montréal.
    expect(isExpired(card, new Date('2026-04-01T02:00:00Z'))).toBe(false);
    expect(isExpired(card, new Date('2026-04-01T05:00:00Z'))).toBe(true);
    expect(isExpired({ exp_month: 12, exp_year: 2025 }, new Date('2026-01-01T12:00:00Z'))).toBe(true);
    expect(isExpired({ exp_month: null, exp_year: null }, new Date())).toBe(false);
  });
});

describe('POST /api/v1/customers/{id}/payment-methods', () => {
  it('saves a token; the first becomes the default; staff see the token, advisors and clients never', async () => {
    const customer = await createTestCustomer(t.ctx);
    const payload = visa({ nickname: 'Carte de la flotte' });
    const created = await add(customer.id, payload);
    expect(created).toMatchObject({
      customer_id: customer.id,
      provider: 'stripe',
      token: payload.token,
      brand: 'visa',
      last4: '4242',
      exp_month: 12,
      exp_year: 2030,
      nickname: 'Carte de la flotte',
      is_default: true,
      is_expired: false,
      created_at: '2026-03-15T14:00:00.000Z',
    });
    expect((await list(customer.id, 'admin'))[0]?.token).toBe(payload.token);
    expect((await list(customer.id, 'advisor'))[0]).not.toHaveProperty('token');
    const asClient = await t.request({
      method: 'GET',
      url: url(customer.id),
      as: 'client',
      customerId: customer.id,
    });
    expect(asClient.statusCode).toBe(200);
    expect(asClient.json().data[0]).not.toHaveProperty('token');
    expect(asClient.json().data[0]).toMatchObject({ last4: '4242', is_default: true });

    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline?type=finance`,
      as: 'staff',
    });
    expect(timeline.json().data[0]).toMatchObject({ title: 'Moyen de paiement ajouté : visa •••• 4242' });
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity_id=${created.id}`,
      as: 'admin',
    });
    expect(audit.json().data[0]).toMatchObject({ action: 'payment_method.added' });
    expect(JSON.stringify(audit.json())).not.toContain(payload.token);
  });

  it('flags an expired card and keeps one without expiry (PayPal) unexpired', async () => {
    const customer = await createTestCustomer(t.ctx);
    expect((await add(customer.id, visa({ exp_month: 2, exp_year: 2026 }))).is_expired).toBe(true);
    expect((await add(customer.id, visa({ exp_month: 3, exp_year: 2026 }))).is_expired).toBe(false);
    const paypal = await add(customer.id, {
      provider: 'paypal',
      token: `B-${lettersOnly(newId())}`,
      brand: null,
      last4: null,
      exp_month: null,
      exp_year: null,
    });
    expect(paypal).toMatchObject({ is_expired: false, brand: null, last4: null });
  });

  it('moves the default flag to a new method marked is_default', async () => {
    const customer = await createTestCustomer(t.ctx);
    const first = await add(customer.id);
    const second = await add(customer.id, visa({ is_default: true }));
    const third = await add(customer.id);
    const methods = await list(customer.id);
    expect(methods.map((method) => [method.id, method.is_default])).toEqual([
      [second.id, true],
      [third.id, false],
      [first.id, false],
    ]);
  });

  it('refuses a token already saved, for this customer or another (409), but not under another provider', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const payload = visa();
    await add(customer.id, payload);
    for (const target of [customer.id, other.id]) {
      const again = await t.request({ method: 'POST', url: url(target), as: 'staff', payload });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'payment_method.token_taken', errors: [{ path: 'token' }] });
    }
    await add(other.id, { ...payload, provider: 'square' });
  });

  it('lets one of two concurrent saves of the same token through; the other gets 409', async () => {
    const [a, b] = [await createTestCustomer(t.ctx), await createTestCustomer(t.ctx)];
    const payload = visa();
    const responses = await Promise.all(
      [a, b, a, b].map((customer) =>
        t.request({ method: 'POST', url: url(customer.id), as: 'staff', payload }),
      ),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const response of responses.filter((response) => response.statusCode === 409)) {
      expect(response.json().code).toBe('payment_method.token_taken');
    }
  });

  it.each([
    ['token', { token: '4242 4242 4242 4242' }],
    ['token', { token: '4242424242424242' }],
    ['token', { token: 'tok_378282246310005' }],
    ['brand', { brand: 'Visa 4242-4242-4242-4242' }],
    ['brand', { brand: '6011111111111117' }],
    ['nickname', { nickname: 'Carte 378282246310005 de Marie' }],
    ['nickname', { nickname: '6011 1111 1111 1117' }],
  ])('refuses a card number in %s (400, naming the field)', async (field, override) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'POST',
      url: url(customer.id),
      as: 'staff',
      payload: visa(override),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toContainEqual(
      expect.objectContaining({ path: field, message: 'A card number can never be stored' }),
    );
    expect(await list(customer.id)).toEqual([]);
  });

  it('accepts 16 digits that fail the Luhn check, and provider tokens', async () => {
    const customer = await createTestCustomer(t.ctx);
    await add(customer.id, visa({ nickname: 'Réf. 1234 5678 9012 3456' }));
    await add(customer.id, visa({ token: `pm_1NabcDEF${lettersOnly(Date.now().toString())}` }));
  });

  it.each([
    ['last4', { last4: '424' }],
    ['last4', { last4: '42424' }],
    ['last4', { last4: 'abcd' }],
    ['last4', { last4: 4242 }],
    ['exp_month', { exp_month: 13 }],
    ['exp_month', { exp_month: 0 }],
    ['exp_month', { exp_month: 1.5 }],
    ['exp_year', { exp_year: 1999 }],
    ['exp_year', { exp_year: 2101 }],
    ['exp_year', { exp_year: null }],
    ['exp_month', { exp_month: null }],
    ['provider', { provider: 'venmo' }],
    ['provider', { provider: undefined }],
    ['token', { token: '' }],
    ['token', { token: 'pm 123' }],
    ['token', { token: 'x'.repeat(256) }],
    ['brand', { brand: 'x'.repeat(41) }],
    ['card_number', { card_number: '4242424242424242' }],
    ['cvc', { cvc: '123' }],
  ])('refuses a bad %s with a 400 naming it', async (field, override) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'POST',
      url: url(customer.id),
      as: 'staff',
      payload: visa(override),
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(paths(response.json())).toContain(field);
  });

  it.each([
    ['admin', 201],
    ['staff', 201],
    ['advisor', 403],
  ] as const)('answers %s with %i', async (role, status) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({ method: 'POST', url: url(customer.id), as: role, payload: visa() });
    expect(response.statusCode).toBe(status);
  });

  it('refuses a client, even for their own customer (403), and a caller without a session (401)', async () => {
    const customer = await createTestCustomer(t.ctx);
    const asClient = await t.request({
      method: 'POST',
      url: url(customer.id),
      as: 'client',
      customerId: customer.id,
      payload: visa(),
    });
    expect(asClient.statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: url(customer.id), payload: visa() })).statusCode).toBe(
      401,
    );
    expect(
      (await t.request({ method: 'POST', url: url(unknownId), as: 'admin', payload: visa() })).statusCode,
    ).toBe(404);
  });
});

describe('GET /api/v1/customers/{id}/payment-methods', () => {
  it("answers 404 to a client reading another customer's methods, and 401 without a session", async () => {
    const own = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    await add(other.id);
    const response = await t.request({ method: 'GET', url: url(other.id), as: 'client', customerId: own.id });
    expect(response.statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: url(own.id) })).statusCode).toBe(401);
  });
});

describe('PATCH and DELETE /api/v1/customers/{id}/payment-methods/{pm_id}', () => {
  it('changes the details and the default, keeping one default', async () => {
    const customer = await createTestCustomer(t.ctx);
    const first = await add(customer.id);
    const second = await add(customer.id);
    const response = await t.request({
      method: 'PATCH',
      url: url(customer.id, second.id),
      as: 'staff',
      payload: { is_default: true, exp_month: 1, exp_year: 2026, nickname: 'Perso' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ is_default: true, is_expired: true, nickname: 'Perso' });
    const methods = await list(customer.id);
    expect(methods.filter((method) => method.is_default).map((method) => method.id)).toEqual([second.id]);
    expect(methods.find((method) => method.id === first.id)?.is_default).toBe(false);
  });

  it('keeps exactly one default when two methods are made default at once', async () => {
    const customer = await createTestCustomer(t.ctx);
    const methods = [
      await add(customer.id),
      await add(customer.id),
      await add(customer.id),
      await add(customer.id),
    ];
    const responses = await Promise.all(
      methods.slice(1).map((method) =>
        t.request({
          method: 'PATCH',
          url: url(customer.id, method.id),
          as: 'admin',
          payload: { is_default: true },
        }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    expect((await list(customer.id)).filter((method) => method.is_default)).toHaveLength(1);
  });

  it.each([
    ['brand', { brand: '4242 4242 4242 4242' }],
    ['nickname', { nickname: '378282246310005' }],
    ['exp_month', { exp_month: 13 }],
    ['exp_year', { exp_month: null }],
    ['token', { token: 'pm_new' }],
    ['provider', { provider: 'square' }],
  ])('refuses a bad %s with a 400 naming it', async (field, payload) => {
    const customer = await createTestCustomer(t.ctx);
    const method = await add(customer.id);
    const response = await t.request({
      method: 'PATCH',
      url: url(customer.id, method.id),
      as: 'staff',
      payload,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(
      paths(response.json()).some((path) => path === field || (field === 'exp_year' && path === 'exp_month')),
    ).toBe(true);
  });

  it('deletes a method (204), on the timeline and in the audit log', async () => {
    const customer = await createTestCustomer(t.ctx);
    const method = await add(customer.id);
    const response = await t.request({ method: 'DELETE', url: url(customer.id, method.id), as: 'admin' });
    expect(response.statusCode).toBe(204);
    expect(await list(customer.id)).toEqual([]);
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity_id=${method.id}`,
      as: 'admin',
    });
    expect(audit.json().data.map((entry: { action: string }) => entry.action)).toEqual([
      'payment_method.removed',
      'payment_method.added',
    ]);
    const again = await t.request({ method: 'DELETE', url: url(customer.id, method.id), as: 'admin' });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('payment_method.not_found');
  });

  it("answers 404 for another customer's method reached through this customer", async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const theirs = await add(other.id);
    for (const method of ['PATCH', 'DELETE'] as const) {
      const response = await t.request({
        method,
        url: url(customer.id, theirs.id),
        as: 'staff',
        ...(method === 'PATCH' ? { payload: { nickname: 'x' } } : {}),
      });
      expect(response.statusCode).toBe(404);
    }
    expect(await list(other.id)).toHaveLength(1);
  });

  it.each(['advisor', 'client'] as const)('refuses %s (403)', async (role) => {
    const customer = await createTestCustomer(t.ctx);
    const method = await add(customer.id);
    const patch = await t.request({
      method: 'PATCH',
      url: url(customer.id, method.id),
      as: role,
      customerId: customer.id,
      payload: { nickname: 'x' },
    });
    expect(patch.statusCode).toBe(403);
    const remove = await t.request({
      method: 'DELETE',
      url: url(customer.id, method.id),
      as: role,
      customerId: customer.id,
    });
    expect(remove.statusCode).toBe(403);
    expect((await t.request({ method: 'DELETE', url: url(customer.id, method.id) })).statusCode).toBe(401);
  });
});

describe('when a customer is anonymized', () => {
  it('removes its payment methods (the ledger stays)', async () => {
    const customer = await createTestCustomer(t.ctx);
    await add(customer.id);
    await add(customer.id);
    const handler = financeEventHandlers.find((entry) => entry.type === 'customer.anonymized');
    await t.ctx.db.transaction((tx) =>
      handler!.handle({ ...t.ctx, db: tx }, { customer_id: customer.id } as DomainEvent),
    );
    expect(await list(customer.id)).toEqual([]);
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity_id=${customer.id}`,
      as: 'admin',
    });
    expect(audit.json().data.map((entry: { action: string }) => entry.action)).toContain(
      'payment_method.removed_all',
    );
  });
});
