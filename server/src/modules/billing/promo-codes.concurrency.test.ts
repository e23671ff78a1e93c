import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { createPromoCode, redeemPromoCode } from './promo-codes.service.ts';

let t: TestApp;
let customerIds: string[];
beforeAll(async () => {
  t = await createTestApp();
  customerIds = [];
  for (let index = 0; index < 20; index++) customerIds.push((await createTestCustomer(t.ctx)).id);
});
afterAll(() => t.close());

/** One finalization: its own transaction, through the service, on the app's pool (10 connections). */
async function finalize(code: string, customerId: string) {
  try {
    return await t.ctx.db.transaction((tx) =>
      redeemPromoCode(
        { ...t.ctx, db: tx },
        { code, customer_id: customerId, cart_total_cents: 10_000, reference_id: newId() },
      ),
    );
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

function tally(outcomes: unknown[]) {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = typeof outcome === 'string' ? outcome : 'redeemed';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('redeeming under concurrency', () => {
  it('max_uses = 100 and 1 000 concurrent finalizations: exactly 100 succeed, uses_count = 100', {
    timeout: 120_000,
  }, async () => {
    const promo = await createPromoCode(t.ctx, {
      code: 'CENT',
      discount_type: 'percentage',
      percent_basis_points: 1_000,
      min_amount_cents: 0,
      max_uses: 100,
      once_per_customer: false,
      is_active: true,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 1_000 }, (_, index) => finalize('CENT', customerIds[index % customerIds.length]!)),
    );
    expect(tally(outcomes)).toEqual({ redeemed: 100, 'promo.exhausted': 900 });
    const { rows } = await t.database.db.execute<{
      uses_count: number;
      redemptions: number;
      events: number;
    }>(sql`
      select uses_count,
        (select count(*)::int from promo_code_redemptions where promo_code_id = ${promo.id}) as redemptions,
        (select count(*)::int from domain_events where entity_id = ${promo.id} and type = 'promo_code.redeemed') as events
      from promo_codes where id = ${promo.id}`);
    expect(rows[0]).toEqual({ uses_count: 100, redemptions: 100, events: 100 });
  });

  it('a once-per-customer code redeemed concurrently by one customer: one succeeds', async () => {
    await createPromoCode(t.ctx, {
      code: 'UNE-FOIS',
      discount_type: 'fixed',
      amount_off_cents: 1_000,
      min_amount_cents: 0,
      max_uses: null,
      once_per_customer: true,
      is_active: true,
    });
    const [first, second] = customerIds as [string, string];
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, index) => finalize('UNE-FOIS', index % 2 ? first : second)),
    );
    expect(tally(outcomes)).toEqual({ redeemed: 2, 'promo.already_used': 58 });
    const { rows } = await t.database.db.execute<{ customer_id: string; uses: number }>(sql`
      select r.customer_id, count(*)::int as uses from promo_code_redemptions r
        join promo_codes p on p.id = r.promo_code_id where p.code = 'UNE-FOIS' group by r.customer_id`);
    expect(rows.map((row) => row.uses)).toEqual([1, 1]);
  });
});
