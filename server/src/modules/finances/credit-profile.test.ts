import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { fixedClock } from '../../core/clock.ts';
import type { OpenItem } from './credit.ts';
import { appendLedgerEntry } from './ledger.service.ts';
import type { OpenItemsProvider } from './open-items.ts';

const now = '2026-06-30T16:00:00Z';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock(now) });
});
afterAll(() => t.close());

const unknownId = '0190a000-0000-7000-8000-000000000000';
const url = (customerId: string) => `/api/v1/customers/${customerId}/finances`;

async function put(customerId: string, payload: Record<string, unknown>, as: 'admin' | 'staff' = 'staff') {
  return t.request({ method: 'PUT', url: url(customerId), as, payload });
}

async function auditOf(customerId: string) {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/audit?entity=customer_credit_profile&entity_id=${customerId}`,
    as: 'admin',
  });
  return response.json().data as {
    action: string;
    changed_fields: string[];
    metadata: Record<string, unknown>;
  }[];
}

async function book(
  customerId: string,
  amount: number,
  type: 'invoice' | 'payment' | 'adjustment' = 'adjustment',
) {
  await t.ctx.db.transaction((tx) =>
    appendLedgerEntry(
      { ...t.ctx, db: tx },
      {
        customer_id: customerId,
        entry_type: type,
        amount_cents: amount,
        reference_table: type === 'adjustment' ? null : 'invoices',
        reference_id: type === 'adjustment' ? null : crypto.randomUUID(),
        reason: type === 'adjustment' ? 'test' : null,
      },
    ),
  );
}

describe('GET /api/v1/customers/{id}/finances', () => {
  it('answers the defaults before any profile is saved, nothing open or overdue (no invoices yet)', async () => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({ method: 'GET', url: url(customer.id), as: 'staff' });
    expect(response.statusCode).toBe(200);
    // Billing's open items are wired in by default: no invoice yet is an empty aging, not an unknown one.
    expect(response.json()).toMatchObject({
      customer_id: customer.id,
      credit_limit_cents: null,
      payment_terms: 'net_30',
      price_level: 'standard',
      currency: 'CAD',
      is_set: false,
      updated_at: null,
      balance_cents: 0,
      available_credit_cents: null,
      overdue_cents: 0,
      aging: { current: 0, '1_30': 0, '31_60': 0, '61_90': 0, over_90: 0 },
    });
  });

  it('shows the balance from the ledger and the credit still available', async () => {
    const customer = await createTestCustomer(t.ctx);
    await put(customer.id, { credit_limit_cents: 500_00 });
    await book(customer.id, 114_98, 'invoice');
    await book(customer.id, -50_00, 'payment');
    const body = (await t.request({ method: 'GET', url: url(customer.id), as: 'advisor' })).json();
    expect(body).toMatchObject({
      balance_cents: 64_98,
      credit_limit_cents: 500_00,
      available_credit_cents: 435_02,
    });
  });

  it.each([
    ['admin', 200],
    ['staff', 200],
    ['advisor', 200],
  ] as const)('lets %s read it', async (role, status) => {
    const customer = await createTestCustomer(t.ctx);
    expect((await t.request({ method: 'GET', url: url(customer.id), as: role })).statusCode).toBe(status);
  });

  it("lets a client read their own customer's finances, and answers 404 for another's", async () => {
    const own = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const mine = await t.request({ method: 'GET', url: url(own.id), as: 'client', customerId: own.id });
    expect(mine.statusCode).toBe(200);
    const theirs = await t.request({ method: 'GET', url: url(other.id), as: 'client', customerId: own.id });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('customer.not_found');
  });

  it('answers 401 without a session and 404 for an unknown or hidden customer', async () => {
    const customer = await createTestCustomer(t.ctx);
    expect((await t.request({ method: 'GET', url: url(customer.id) })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: url(unknownId), as: 'admin' })).statusCode).toBe(404);
    const secret = await createTestCustomer(t.ctx, { privacy_level: 'confidentiel' });
    expect((await t.request({ method: 'GET', url: url(secret.id), as: 'staff' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: url(secret.id), as: 'admin' })).statusCode).toBe(200);
  });
});

describe('PUT /api/v1/customers/{id}/finances', () => {
  it('creates the profile on the first call, on the timeline and in the audit log with before and after', async () => {
    const customer = await createTestCustomer(t.ctx);
    const response = await put(customer.id, {
      credit_limit_cents: 2_500_00,
      payment_terms: 'net_15',
      price_level: 'Wholesale',
      currency: 'usd',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      credit_limit_cents: 2_500_00,
      payment_terms: 'net_15',
      price_level: 'wholesale',
      currency: 'USD',
      is_set: true,
      updated_at: '2026-06-30T16:00:00.000Z',
    });
    const [entry] = await auditOf(customer.id);
    expect(entry).toMatchObject({
      action: 'credit_profile.created',
      changed_fields: ['credit_limit_cents', 'payment_terms', 'price_level', 'currency'],
      metadata: {
        before: {
          credit_limit_cents: null,
          payment_terms: 'net_30',
          price_level: 'standard',
          currency: 'CAD',
        },
        after: {
          credit_limit_cents: 2_500_00,
          payment_terms: 'net_15',
          price_level: 'wholesale',
          currency: 'USD',
        },
      },
    });
    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline?type=finance`,
      as: 'staff',
    });
    expect(timeline.json().data[0]).toMatchObject({
      activity_type: 'finance',
      title: 'Profil de crédit modifié : limite de crédit, modalités de paiement, niveau de prix, devise',
    });
  });

  it('changes only the fields given, and records nothing when nothing changes', async () => {
    const customer = await createTestCustomer(t.ctx);
    await put(customer.id, { credit_limit_cents: 1_000_00, payment_terms: 'net_45' });
    const second = await put(customer.id, { payment_terms: 'due_on_receipt' });
    expect(second.json()).toMatchObject({ credit_limit_cents: 1_000_00, payment_terms: 'due_on_receipt' });
    const cleared = await put(customer.id, { credit_limit_cents: null });
    expect(cleared.json()).toMatchObject({ credit_limit_cents: null, payment_terms: 'due_on_receipt' });
    await put(customer.id, { credit_limit_cents: null, payment_terms: 'due_on_receipt' });
    const actions = (await auditOf(customer.id)).map((entry) => entry.action);
    expect(actions).toEqual(['credit_profile.updated', 'credit_profile.updated', 'credit_profile.created']);
  });

  it('saves the defaults as a profile when called with nothing', async () => {
    const customer = await createTestCustomer(t.ctx);
    const response = await put(customer.id, {});
    expect(response.json()).toMatchObject({ is_set: true, payment_terms: 'net_30', currency: 'CAD' });
  });

  it.each([
    ['credit_limit_cents', { credit_limit_cents: 100.5 }],
    ['credit_limit_cents', { credit_limit_cents: -1 }],
    ['credit_limit_cents', { credit_limit_cents: '1000' }],
    ['credit_limit_cents', { credit_limit_cents: 100_000_000_001 }],
    ['credit_limit_cents', { credit_limit_cents: 1e300 }],
    ['payment_terms', { payment_terms: 'net_90' }],
    ['payment_terms', { payment_terms: null }],
    ['currency', { currency: 'XYZ' }],
    ['currency', { currency: 'CA' }],
    ['currency', { currency: 'dollars' }],
    ['currency', { currency: '' }],
    ['price_level', { price_level: 'VIP level!' }],
    ['price_level', { price_level: '' }],
    ['price_level', { price_level: 'x'.repeat(31) }],
    ['credit_limit', { credit_limit: 1000 }],
  ])('refuses a bad %s with a 400 naming it', async (field, payload) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await put(customer.id, payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
    const after = (await t.request({ method: 'GET', url: url(customer.id), as: 'staff' })).json();
    expect(after.is_set).toBe(false);
  });

  it('keeps the currency of a ledger that has entries (422), and accepts the same one', async () => {
    const customer = await createTestCustomer(t.ctx);
    await book(customer.id, 10_00);
    const response = await put(customer.id, { currency: 'EUR' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'finances.currency_locked',
      errors: [{ path: 'currency', message: 'The ledger is in CAD' }],
    });
    expect((await put(customer.id, { currency: 'cad', payment_terms: 'net_60' })).statusCode).toBe(200);
  });

  it.each([
    ['admin', 200],
    ['staff', 200],
    ['advisor', 403],
  ] as const)('answers %s with %i', async (role, status) => {
    const customer = await createTestCustomer(t.ctx);
    expect((await put(customer.id, { payment_terms: 'net_15' }, role as 'admin')).statusCode).toBe(status);
  });

  it('refuses clients (403), even for their own customer, and callers without a session (401)', async () => {
    const customer = await createTestCustomer(t.ctx);
    const asClient = await t.request({
      method: 'PUT',
      url: url(customer.id),
      as: 'client',
      customerId: customer.id,
      payload: { credit_limit_cents: 1 },
    });
    expect(asClient.statusCode).toBe(403);
    const anonymous = await t.request({ method: 'PUT', url: url(customer.id), payload: {} });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers 404 for an unknown customer and 422 for an anonymized one', async () => {
    expect((await put(unknownId, { payment_terms: 'net_15' })).statusCode).toBe(404);
    const customer = await createTestCustomer(t.ctx);
    const anonymized = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/anonymize`,
      as: 'admin',
      payload: { confirm: true },
    });
    expect(anonymized.statusCode).toBe(200);
    const response = await put(customer.id, { payment_terms: 'net_15' });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('customer.anonymized');
  });
});

describe('with open invoices from a provider (billing, next session)', () => {
  let withInvoices: TestApp;
  const items = new Map<string, OpenItem[]>();
  const provider: OpenItemsProvider = {
    openItems: async (_ctx, customerId) => items.get(customerId) ?? [],
    settledRecord: async () => ({ settled_count: 10, on_time_count: 9 }),
  };
  beforeAll(async () => {
    withInvoices = await createTestApp({ clock: fixedClock(now), openItems: provider });
  });
  afterAll(() => withInvoices.close());

  it('adds aging, overdue and the credit score with its factors', async () => {
    const customer = await createTestCustomer(withInvoices.ctx);
    items.set(customer.id, [
      {
        reference_table: 'invoices',
        reference_id: crypto.randomUUID(),
        due_on: '2026-07-15',
        open_cents: 300_00,
      },
      {
        reference_table: 'invoices',
        reference_id: crypto.randomUUID(),
        due_on: '2026-06-20',
        open_cents: 100_00,
      },
      {
        reference_table: 'invoices',
        reference_id: crypto.randomUUID(),
        due_on: '2026-03-01',
        open_cents: 50_00,
      },
    ]);
    const response = await withInvoices.request({ method: 'GET', url: url(customer.id), as: 'staff' });
    const body = response.json();
    expect(body.aging).toEqual({ current: 300_00, '1_30': 100_00, '31_60': 0, '61_90': 0, over_90: 50_00 });
    expect(body.overdue_cents).toBe(150_00);
    // on time 9/10 → 36; (100 × 10 + 50 × 121) / 450 = 15.67 → 16 days → 25; no limit → 10; no ledger entry → 0.
    expect(body.credit_score.score).toBe(71);
    expect(
      body.credit_score.factors.map((factor: { code: string; value: number | null }) => factor.value),
    ).toEqual([9_000, 16, null, null]);
    const asClient = await withInvoices.request({
      method: 'GET',
      url: url(customer.id),
      as: 'client',
      customerId: customer.id,
    });
    expect(asClient.json()).toMatchObject({ overdue_cents: 150_00, credit_score: null });
  });
});
