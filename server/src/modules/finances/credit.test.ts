import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDateIn, daysBetween, monthsBetween } from './calendar.ts';
import {
  agingBucketOf,
  agingBuckets,
  creditFactors,
  creditScore,
  daysPastDue,
  type OpenItem,
  overdueCents,
  utilizationBp,
  weightedDaysPastDue,
} from './credit.ts';

const montreal = 'America/Montreal';

function item(due_on: string, open_cents: number): OpenItem {
  return { reference_table: 'invoices', reference_id: `id-${due_on}-${open_cents}`, due_on, open_cents };
}

describe('calendar', () => {
  it('reads the calendar date in the company time zone, not in UTC', () => {
    // 02:30 UTC on April 1st is still March 31st in Montréal (UTC−4 in April).
    expect(calendarDateIn(new Date('2026-04-01T02:30:00Z'), montreal)).toBe('2026-03-31');
    expect(calendarDateIn(new Date('2026-04-01T04:30:00Z'), montreal)).toBe('2026-04-01');
  });

  it('counts whole days across a daylight-saving change', () => {
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2026-03-09', '2026-03-07')).toBe(-2);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('counts a month once its day is reached', () => {
    expect(monthsBetween('2026-01-31', '2026-02-28')).toBe(0);
    expect(monthsBetween('2026-01-15', '2026-02-15')).toBe(1);
    expect(monthsBetween('2024-03-10', '2026-03-09')).toBe(23);
    expect(monthsBetween('2026-03-10', '2026-03-01')).toBe(0);
  });
});

describe('agingBuckets', () => {
  const asOf = new Date('2026-06-30T16:00:00Z');

  it.each([
    [0, 'current'],
    [-10, 'current'],
    [1, '1_30'],
    [30, '1_30'],
    [31, '31_60'],
    [60, '31_60'],
    [61, '61_90'],
    [90, '61_90'],
    [91, 'over_90'],
  ] as const)('puts %i days past due in %s', (days, bucket) => {
    expect(agingBucketOf(days)).toBe(bucket);
  });

  it('sums open items into buckets by days past due', () => {
    const aging = agingBuckets(
      [
        item('2026-07-15', 100_00), // not yet due
        item('2026-06-30', 50_00), // due today: current
        item('2026-06-29', 1), // 1 day
        item('2026-05-31', 2), // 30 days
        item('2026-05-30', 3_00), // 31 days
        item('2026-04-01', 4_00), // 90 days
        item('2026-03-01', 5_00), // 121 days
      ],
      asOf,
      montreal,
    );
    expect(aging).toEqual({ current: 150_00, '1_30': 3, '31_60': 3_00, '61_90': 4_00, over_90: 5_00 });
    expect(overdueCents(aging)).toBe(12_03);
  });

  it('counts days in Montréal: at 23:30 on the due date, an item is not yet late', () => {
    const lateEvening = new Date('2026-07-01T03:30:00Z'); // June 30, 23:30 in Montréal
    expect(daysPastDue('2026-06-30', lateEvening, montreal)).toBe(0);
    expect(daysPastDue('2026-06-30', lateEvening, 'UTC')).toBe(1);
    expect(agingBuckets([item('2026-06-30', 10)], lateEvening, montreal).current).toBe(10);
  });

  it('is all zeros without open items', () => {
    expect(agingBuckets([], asOf, montreal)).toEqual({
      current: 0,
      '1_30': 0,
      '31_60': 0,
      '61_90': 0,
      over_90: 0,
    });
  });

  it('refuses fractional or non-positive cents', () => {
    expect(() => agingBuckets([item('2026-06-01', 10.5)], asOf, montreal)).toThrow(RangeError);
    expect(() => agingBuckets([item('2026-06-01', 0)], asOf, montreal)).toThrow(RangeError);
  });

  it('loses no cent: the buckets always sum to the open total', () => {
    const openItem = fc.record({
      due_on: fc
        .date({ min: new Date('2025-01-01'), max: new Date('2027-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
      open_cents: fc.integer({ min: 1, max: 1_000_000_00 }),
    });
    fc.assert(
      fc.property(fc.array(openItem, { maxLength: 30 }), (items) => {
        const aging = agingBuckets(
          items.map((entry) => item(entry.due_on, entry.open_cents)),
          asOf,
          montreal,
        );
        const total = Object.values(aging).reduce((sum, cents) => sum + cents, 0);
        expect(total).toBe(items.reduce((sum, entry) => sum + entry.open_cents, 0));
      }),
    );
  });
});

describe('weightedDaysPastDue', () => {
  const asOf = new Date('2026-06-30T16:00:00Z');

  it('weights each item by what is open on it; items not yet due count 0 days', () => {
    // (300 × 10 + 100 × 0) / 400 = 7.5 → 8 (half-up)
    expect(weightedDaysPastDue([item('2026-06-20', 300), item('2026-07-10', 100)], asOf, montreal)).toBe(8);
    expect(weightedDaysPastDue([item('2026-06-20', 1)], asOf, montreal)).toBe(10);
  });

  it('is unknown (null) without open items', () => {
    expect(weightedDaysPastDue([], asOf, montreal)).toBeNull();
  });
});

describe('utilizationBp', () => {
  it.each([
    [50_00, null, null],
    [-10_00, 100_00, 0],
    [0, 100_00, 0],
    [25_00, 100_00, 2_500],
    [1, 3, 3_333],
    [2, 3, 6_667],
    [150_00, 100_00, 15_000],
    [1, 0, 100_000],
    [1_000_000_00, 1, 100_000],
  ])('balance %i of limit %s is %s bp', (balance, limit, expected) => {
    expect(utilizationBp(balance, limit)).toBe(expected);
  });
});

describe('creditScore', () => {
  it('gives 100 to a perfect record', () => {
    const result = creditScore({
      on_time_ratio_bp: 10_000,
      weighted_days_past_due: 0,
      utilization_bp: 1_000,
      history_months: 36,
    });
    expect(result.score).toBe(100);
    expect(result.factors).toEqual([
      {
        code: 'on_time_ratio',
        value: 10_000,
        points: 40,
        max_points: 40,
        explanation_key: 'credit_score.on_time_ratio.good',
      },
      {
        code: 'days_past_due',
        value: 0,
        points: 30,
        max_points: 30,
        explanation_key: 'credit_score.days_past_due.on_time',
      },
      {
        code: 'utilization',
        value: 1_000,
        points: 20,
        max_points: 20,
        explanation_key: 'credit_score.utilization.low',
      },
      {
        code: 'history_length',
        value: 36,
        points: 10,
        max_points: 10,
        explanation_key: 'credit_score.history_length.established',
      },
    ]);
  });

  it('gives 0 to the worst record', () => {
    const result = creditScore({
      on_time_ratio_bp: 0,
      weighted_days_past_due: 120,
      utilization_bp: 15_000,
      history_months: 0,
    });
    expect(result.score).toBe(0);
    expect(result.factors.map((factor) => factor.explanation_key)).toEqual([
      'credit_score.on_time_ratio.poor',
      'credit_score.days_past_due.severe',
      'credit_score.utilization.over_limit',
      'credit_score.history_length.new',
    ]);
  });

  it('scores unknown factors as the ADR says: a new customer with nothing yet gets 60', () => {
    const result = creditScore({
      on_time_ratio_bp: null,
      weighted_days_past_due: null,
      utilization_bp: null,
      history_months: null,
    });
    expect(result.factors.map((factor) => [factor.code, factor.points, factor.explanation_key])).toEqual([
      ['on_time_ratio', 20, 'credit_score.on_time_ratio.no_history'],
      ['days_past_due', 30, 'credit_score.days_past_due.nothing_open'],
      ['utilization', 10, 'credit_score.utilization.no_limit'],
      ['history_length', 0, 'credit_score.history_length.none'],
    ]);
    expect(result.score).toBe(60);
  });

  it.each([
    // on-time 85 % → 34; 15 days → 30 × 75/90 = 25; 65 % → 20 − 15 × 35/70 = 12.5 → 20 − 8 = 12; 12 months → 5
    [{ on_time_ratio_bp: 8_500, weighted_days_past_due: 15, utilization_bp: 6_500, history_months: 12 }, 76],
    // 30 % utilization is still low (20); 100 % is the floor of the slope (5)
    [{ on_time_ratio_bp: 9_000, weighted_days_past_due: 45, utilization_bp: 3_000, history_months: 24 }, 81],
    [{ on_time_ratio_bp: 9_000, weighted_days_past_due: 45, utilization_bp: 10_000, history_months: 24 }, 66],
    [{ on_time_ratio_bp: 9_000, weighted_days_past_due: 45, utilization_bp: 10_001, history_months: 24 }, 61],
    // 88 days late still earns a point (30 × 2/90 = 0.67 → 1); 90 earns none
    [{ on_time_ratio_bp: null, weighted_days_past_due: 88, utilization_bp: null, history_months: 5 }, 33],
    [{ on_time_ratio_bp: null, weighted_days_past_due: 90, utilization_bp: null, history_months: 5 }, 32],
  ])('scores %o as %i', (factors, expected) => {
    expect(creditScore(factors).score).toBe(expected);
  });

  it('stays within 0–100, its factors sum to it, and fewer late days never lower it', () => {
    const factor = (max: number) => fc.option(fc.integer({ min: 0, max }), { nil: null });
    fc.assert(
      fc.property(
        factor(10_000),
        factor(400),
        factor(100_000),
        factor(600),
        fc.integer({ min: 1, max: 400 }),
        (onTime, days, utilization, months, fewer) => {
          const factors = {
            on_time_ratio_bp: onTime,
            weighted_days_past_due: days,
            utilization_bp: utilization,
            history_months: months,
          };
          const result = creditScore(factors);
          expect(result.score).toBeGreaterThanOrEqual(0);
          expect(result.score).toBeLessThanOrEqual(100);
          expect(result.factors.reduce((sum, entry) => sum + entry.points, 0)).toBe(result.score);
          for (const entry of result.factors) expect(entry.points).toBeLessThanOrEqual(entry.max_points);
          if (days !== null) {
            const better = creditScore({ ...factors, weighted_days_past_due: Math.max(0, days - fewer) });
            expect(better.score).toBeGreaterThanOrEqual(result.score);
          }
        },
      ),
    );
  });

  it('refuses factors out of range', () => {
    const base = {
      on_time_ratio_bp: null,
      weighted_days_past_due: null,
      utilization_bp: null,
      history_months: null,
    };
    expect(() => creditScore({ ...base, on_time_ratio_bp: 10_001 })).toThrow(RangeError);
    expect(() => creditScore({ ...base, weighted_days_past_due: -1 })).toThrow(RangeError);
    expect(() => creditScore({ ...base, history_months: 1.5 })).toThrow(RangeError);
  });
});

describe('creditFactors', () => {
  it('derives the four factors from a record', () => {
    const asOf = new Date('2026-06-30T16:00:00Z');
    expect(
      creditFactors(
        {
          open_items: [item('2026-06-20', 300), item('2026-07-10', 100)],
          settled: { settled_count: 8, on_time_count: 7 },
          balance_cents: 400,
          credit_limit_cents: 1_000,
          first_entry_at: new Date('2025-06-30T12:00:00Z'),
        },
        asOf,
        montreal,
      ),
    ).toEqual({
      on_time_ratio_bp: 8_750,
      weighted_days_past_due: 8,
      utilization_bp: 4_000,
      history_months: 12,
    });
  });

  it('leaves unknown what is not known', () => {
    expect(
      creditFactors(
        {
          open_items: [],
          settled: { settled_count: 0, on_time_count: 0 },
          balance_cents: 0,
          credit_limit_cents: null,
          first_entry_at: null,
        },
        new Date(),
        montreal,
      ),
    ).toEqual({
      on_time_ratio_bp: null,
      weighted_days_past_due: null,
      utilization_bp: null,
      history_months: null,
    });
  });
});
