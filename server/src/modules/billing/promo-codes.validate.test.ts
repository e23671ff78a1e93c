import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import { newId } from '../../core/ids.ts';
import { promoValidateRateLimit } from './promo-codes.routes.ts';
import { formatCents, languageOf } from './promo-codes.rules.ts';
import { createPromoCode, redeemPromoCode } from './promo-codes.service.ts';

let now = new Date('2026-06-10T16:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let customerId: string;
// Each test asks from an address of its own: the limit counts per address.
let addressCount = 0;
const nextAddress = () => `198.51.100.${++addressCount}`;

const base = { min_amount_cents: 0, max_uses: null, once_per_customer: false, is_active: true } as const;

beforeAll(async () => {
  t = await createTestApp({ clock });
  customerId = (await createTestCustomer(t.ctx)).id;
  await createPromoCode(t.ctx, {
    ...base,
    code: 'BIENVENUE10',
    discount_type: 'percentage',
    percent_basis_points: 1_000,
  });
  await createPromoCode(t.ctx, {
    ...base,
    code: 'PROMO5',
    discount_type: 'fixed',
    amount_off_cents: 500,
    min_amount_cents: 1_500,
  });
  await createPromoCode(t.ctx, {
    ...base,
    code: 'FINI',
    discount_type: 'fixed',
    amount_off_cents: 500,
    expires_at: new Date('2026-06-01T00:00:00Z'),
  });
  await createPromoCode(t.ctx, {
    ...base,
    code: 'BIENTOT',
    discount_type: 'fixed',
    amount_off_cents: 500,
    starts_at: new Date('2026-07-01T04:00:00Z'),
  });
  await createPromoCode(t.ctx, {
    ...base,
    code: 'ARRETE',
    discount_type: 'fixed',
    amount_off_cents: 500,
    is_active: false,
  });
  await createPromoCode(t.ctx, {
    ...base,
    code: 'UNEFOIS',
    discount_type: 'percentage',
    percent_basis_points: 2_000,
    once_per_customer: true,
  });
  await createPromoCode(t.ctx, {
    ...base,
    code: 'EPUISE',
    discount_type: 'fixed',
    amount_off_cents: 500,
    max_uses: 1,
  });
  for (const code of ['UNEFOIS', 'EPUISE']) {
    await t.ctx.db.transaction((tx) =>
      redeemPromoCode(
        { ...t.ctx, db: tx },
        { code, customer_id: customerId, cart_total_cents: 5_000, reference_id: newId() },
      ),
    );
  }
});
afterAll(() => t.close());

function validate(
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
  remoteAddress = nextAddress(),
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/promo-codes/validate',
    payload,
    headers,
    remoteAddress,
  });
}

describe('validating a code (public)', () => {
  it('gives the discount and a French message by default, without a session', async () => {
    const response = await validate({ code: 'bienvenue10', cart_total_cents: 5_005 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      valid: true,
      code: 'BIENVENUE10',
      discount_cents: 501,
      message: `Code BIENVENUE10 appliqué : ${formatCents(501, 'fr-CA')} de rabais.`,
      reason: null,
    });
    expect(response.json().message).toBe('Code BIENVENUE10 appliqué : 5,01\u00a0$ de rabais.');
  });

  it('answers in English when Accept-Language prefers it', async () => {
    const response = await validate(
      { code: 'PROMO5', cart_total_cents: 1_000 },
      { 'accept-language': 'en-CA,en;q=0.9,fr;q=0.5' },
    );
    expect(response.json()).toMatchObject({
      valid: false,
      discount_cents: 0,
      reason: 'promo.below_minimum',
      message: 'This promo code applies to purchases of $15.00 or more.',
    });
  });

  it.each([
    [
      { code: 'PROMO5', cart_total_cents: 1_000 },
      'promo.below_minimum',
      'Ce code promo s’applique à partir de 15,00\u00a0$ d’achat.',
    ],
    [{ code: 'INCONNU', cart_total_cents: 1_000 }, 'promo.not_found', 'Ce code promo n’existe pas.'],
    [{ code: 'FINI', cart_total_cents: 1_000 }, 'promo.expired', 'Ce code promo est expiré.'],
    [
      { code: 'BIENTOT', cart_total_cents: 1_000 },
      'promo.not_started',
      'Ce code promo sera valide à partir du 1 juillet 2026.',
    ],
    [{ code: 'ARRETE', cart_total_cents: 1_000 }, 'promo.inactive', 'Ce code promo n’est plus actif.'],
    [
      { code: 'EPUISE', cart_total_cents: 1_000 },
      'promo.exhausted',
      'Ce code promo a atteint sa limite d’utilisation.',
    ],
  ])('refuses %j: %s, told in French', async (payload, reason, message) => {
    const response = await validate(payload, { 'accept-language': 'fr-CA' });
    expect(response.json()).toEqual({ valid: false, code: payload.code, discount_cents: 0, reason, message });
  });

  it('refuses a once-per-customer code to a customer who used it, and not to another', async () => {
    const used = await validate({ code: 'UNEFOIS', cart_total_cents: 1_000, customer_id: customerId });
    expect(used.json()).toMatchObject({ valid: false, reason: 'promo.already_used' });
    const other = await validate({ code: 'UNEFOIS', cart_total_cents: 1_000, customer_id: newId() });
    expect(other.json()).toMatchObject({ valid: true, discount_cents: 200 });
  });

  it('caps a fixed discount at the cart total', async () => {
    await createPromoCode(t.ctx, {
      ...base,
      code: 'GROS-RABAIS',
      discount_type: 'fixed',
      amount_off_cents: 50_000,
    });
    expect((await validate({ code: 'GROS-RABAIS', cart_total_cents: 1_234 })).json().discount_cents).toBe(
      1_234,
    );
  });

  it.each([
    ['negative cents', { code: 'PROMO5', cart_total_cents: -1 }, 'cart_total_cents'],
    ['fractional cents', { code: 'PROMO5', cart_total_cents: 19.99 }, 'cart_total_cents'],
    ['dollars as text', { code: 'PROMO5', cart_total_cents: '19.99' }, 'cart_total_cents'],
    ['no code', { code: '  ', cart_total_cents: 100 }, 'code'],
    [
      'a customer id that is not one',
      { code: 'PROMO5', cart_total_cents: 100, customer_id: 'moi' },
      'customer_id',
    ],
  ])('refuses %s (400 naming the field)', async (_label, payload, field) => {
    const response = await validate(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it.each(['admin', 'staff', 'advisor', 'client'] as const)('answers %s too', async (role) => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/promo-codes/validate',
      as: role,
      ...(role === 'client' ? { customerId } : {}),
      payload: { code: 'BIENVENUE10', cart_total_cents: 1_000 },
      remoteAddress: nextAddress(),
    });
    expect(response.json()).toMatchObject({ valid: true, discount_cents: 100 });
  });

  it('limits each address to 20 checks a minute (429 problem+json with Retry-After), counted in PostgreSQL', async () => {
    const address = nextAddress();
    const answers = await Promise.all(
      Array.from({ length: promoValidateRateLimit.limit + 5 }, () =>
        validate({ code: 'INCONNU', cart_total_cents: 100 }, {}, address),
      ),
    );
    const statuses = answers.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(promoValidateRateLimit.limit);
    const limited = answers.filter((response) => response.statusCode === 429);
    expect(limited).toHaveLength(5);
    expect(limited[0]!.headers['content-type']).toMatch(/problem\+json/);
    expect(limited[0]!.json().code).toBe('request.rate_limited');
    expect(Number(limited[0]!.headers['retry-after'])).toBe(60);
    // Another address is not held back; the same one is, until its minute is over.
    expect((await validate({ code: 'INCONNU', cart_total_cents: 100 })).statusCode).toBe(200);
    now = new Date(now.getTime() + 45_000);
    const later = await validate({ code: 'INCONNU', cart_total_cents: 100 }, {}, address);
    expect(later.statusCode).toBe(429);
    expect(later.headers['retry-after']).toBe('15');
    now = new Date(now.getTime() + 15_000);
    expect((await validate({ code: 'INCONNU', cart_total_cents: 100 }, {}, address)).statusCode).toBe(200);
  });

  it('does not count signed-in staff (an invoice editor checks as they type), but counts clients', async () => {
    const address = nextAddress();
    const check = (as: 'staff' | 'client') =>
      t.request({
        as,
        method: 'POST',
        url: '/api/v1/promo-codes/validate',
        payload: { code: 'INCONNU', cart_total_cents: 100 },
        remoteAddress: address,
      });
    const staff = await Promise.all(
      Array.from({ length: promoValidateRateLimit.limit + 5 }, () => check('staff')),
    );
    expect(staff.map((response) => response.statusCode)).toEqual(staff.map(() => 200));
    const clients = await Promise.all(
      Array.from({ length: promoValidateRateLimit.limit + 1 }, () => check('client')),
    );
    expect(clients.filter((response) => response.statusCode === 429)).toHaveLength(1);
  });
});

describe('the caller’s language', () => {
  it.each([
    [undefined, 'fr-CA'],
    ['', 'fr-CA'],
    ['en', 'en-CA'],
    ['en-US,en;q=0.9', 'en-CA'],
    ['fr-CA,fr;q=0.9,en;q=0.8', 'fr-CA'],
    ['de-DE,en;q=0.7,fr;q=0.6', 'en-CA'],
    ['fr;q=0.4,en;q=0.8', 'en-CA'],
    ['en;q=0, fr', 'fr-CA'],
    ['es,de', 'fr-CA'],
    ['english', 'fr-CA'],
  ])('Accept-Language %j → %s', (header, language) => {
    expect(languageOf(header)).toBe(language);
  });
});
