import { calendarDateIn, daysBetween, monthsBetween } from './calendar.ts';

/*
 * Aging and the credit score: pure functions over integers (cents, days, months, basis points;
 * 1 % = 100 bp), so the same inputs always give the same figures. The score's formula is
 * explained in docs/adr/0010-credit-score.md; this comment is its reference.
 *
 *   score = on-time points (0–40) + days-past-due points (0–30)
 *         + utilization points (0–20) + history points (0–10)            → 0–100
 *
 *   on_time_ratio         settled invoices paid by their due date, in bp of all settled.
 *                         40 × ratio, half-up. None settled yet: 20 (neutral).
 *   days_past_due         amount-weighted average days past due of the open items (an item
 *                         not yet due counts 0). 0 days: 30; 90 days or more: 0; linear
 *                         between, half-up. Nothing open: 30.
 *   utilization           balance in bp of the credit limit. Up to 30 %: 20; from 30 % to
 *                         100 %: 20 down to 5, linear, half-up; over the limit: 0. No limit
 *                         set: 10 (neutral). A credit balance is 0 %.
 *   history_months        whole months since the customer's first ledger entry. 10 × months
 *                         / 24, rounded down, at most 10. No entry yet: 0.
 *
 * Days are calendar days in the company's time zone: an invoice due on the 31st is one day
 * late on the 1st in Montréal, whatever the server's clock zone.
 */

/** What a customer still has to pay on one document (an open invoice), with its due date. */
export interface OpenItem {
  reference_table: string;
  reference_id: string;
  /** 'YYYY-MM-DD', a calendar date in the company's time zone. */
  due_on: string;
  /** What remains to pay, in cents (a positive integer). */
  open_cents: number;
}

export const agingBucketKeys = ['current', '1_30', '31_60', '61_90', 'over_90'] as const;
export type AgingBucket = (typeof agingBucketKeys)[number];
/** Cents open in each bucket of days past due. */
export type Aging = Record<AgingBucket, number>;

function assertCents(value: number, what: string) {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive integer number of cents, got ${value}`);
  }
}

/** a / b rounded half-up, for non-negative integers. */
function divideHalfUp(a: number, b: number): number {
  return Math.floor((2 * a + b) / (2 * b));
}

/** Calendar days an item due on `dueOn` is late at `asOf` (0 when not yet late). */
export function daysPastDue(dueOn: string, asOf: Date, timeZone: string): number {
  return Math.max(0, daysBetween(dueOn, calendarDateIn(asOf, timeZone)));
}

/** The bucket for a number of days past due: 0 is current, then 1–30, 31–60, 61–90, over 90. */
export function agingBucketOf(days: number): AgingBucket {
  if (days <= 0) return 'current';
  if (days <= 30) return '1_30';
  if (days <= 60) return '31_60';
  if (days <= 90) return '61_90';
  return 'over_90';
}

/** Sums the open items into aging buckets by days past due at `asOf`, counted in `timeZone`. */
export function agingBuckets(openItems: readonly OpenItem[], asOf: Date, timeZone: string): Aging {
  const aging: Aging = { current: 0, '1_30': 0, '31_60': 0, '61_90': 0, over_90: 0 };
  for (const item of openItems) {
    assertCents(item.open_cents, 'open_cents');
    aging[agingBucketOf(daysPastDue(item.due_on, asOf, timeZone))] += item.open_cents;
  }
  return aging;
}

/** Everything open past its due date. */
export function overdueCents(aging: Aging): number {
  return aging['1_30'] + aging['31_60'] + aging['61_90'] + aging.over_90;
}

/** The amount-weighted average days past due of the open items, in whole days (half-up); null if none. */
export function weightedDaysPastDue(
  openItems: readonly OpenItem[],
  asOf: Date,
  timeZone: string,
): number | null {
  let weighted = 0;
  let total = 0;
  for (const item of openItems) {
    assertCents(item.open_cents, 'open_cents');
    weighted += item.open_cents * daysPastDue(item.due_on, asOf, timeZone);
    total += item.open_cents;
  }
  return total === 0 ? null : divideHalfUp(weighted, total);
}

/** The four factors of the score; null means unknown, which scores as the ADR says. */
export interface CreditFactors {
  /** Settled invoices paid on time, in bp of all settled (0–10 000). */
  on_time_ratio_bp: number | null;
  weighted_days_past_due: number | null;
  /** Balance in bp of the credit limit, at most 100 000 (a zero limit with a debt counts as that). */
  utilization_bp: number | null;
  history_months: number | null;
}

export const creditFactorCodes = ['on_time_ratio', 'days_past_due', 'utilization', 'history_length'] as const;
export type CreditFactorCode = (typeof creditFactorCodes)[number];

export interface CreditFactorResult {
  code: CreditFactorCode;
  /** The factor's input value (bp, days or months); null when unknown. */
  value: number | null;
  points: number;
  max_points: number;
  /** i18n key of the sentence that explains the points: `credit_score.<code>.<level>`. */
  explanation_key: string;
}

export interface CreditScore {
  score: number;
  factors: CreditFactorResult[];
}

const maxUtilizationBp = 100_000;

function onTimeFactor(bp: number | null): CreditFactorResult {
  const base = { code: 'on_time_ratio', value: bp, max_points: 40 } as const;
  if (bp === null) return { ...base, points: 20, explanation_key: 'credit_score.on_time_ratio.no_history' };
  const level = bp >= 9_000 ? 'good' : bp >= 7_000 ? 'fair' : 'poor';
  return {
    ...base,
    points: divideHalfUp(40 * bp, 10_000),
    explanation_key: `credit_score.on_time_ratio.${level}`,
  };
}

function daysPastDueFactor(days: number | null): CreditFactorResult {
  const base = { code: 'days_past_due', value: days, max_points: 30 } as const;
  if (days === null)
    return { ...base, points: 30, explanation_key: 'credit_score.days_past_due.nothing_open' };
  const level = days === 0 ? 'on_time' : days <= 30 ? 'slightly_late' : days <= 60 ? 'late' : 'severe';
  const points = days >= 90 ? 0 : divideHalfUp(30 * (90 - days), 90);
  return { ...base, points, explanation_key: `credit_score.days_past_due.${level}` };
}

function utilizationFactor(bp: number | null): CreditFactorResult {
  const base = { code: 'utilization', value: bp, max_points: 20 } as const;
  if (bp === null) return { ...base, points: 10, explanation_key: 'credit_score.utilization.no_limit' };
  if (bp <= 3_000) return { ...base, points: 20, explanation_key: 'credit_score.utilization.low' };
  if (bp > 10_000) return { ...base, points: 0, explanation_key: 'credit_score.utilization.over_limit' };
  const points = 20 - divideHalfUp(15 * (bp - 3_000), 7_000);
  return {
    ...base,
    points,
    explanation_key: `credit_score.utilization.${bp <= 7_000 ? 'moderate' : 'high'}`,
  };
}

function historyFactor(months: number | null): CreditFactorResult {
  const base = { code: 'history_length', value: months, max_points: 10 } as const;
  if (months === null) return { ...base, points: 0, explanation_key: 'credit_score.history_length.none' };
  const level = months >= 24 ? 'established' : months >= 6 ? 'growing' : 'new';
  return {
    ...base,
    points: Math.min(10, Math.floor((10 * months) / 24)),
    explanation_key: `credit_score.history_length.${level}`,
  };
}

function assertFactor(value: number | null, name: string, max: number) {
  if (value !== null && (!Number.isSafeInteger(value) || value < 0 || value > max)) {
    throw new RangeError(`${name} must be an integer from 0 to ${max}, got ${value}`);
  }
}

/** The 0–100 score and the points each factor gave (see the formula at the top of this file). */
export function creditScore(factors: CreditFactors): CreditScore {
  assertFactor(factors.on_time_ratio_bp, 'on_time_ratio_bp', 10_000);
  assertFactor(factors.weighted_days_past_due, 'weighted_days_past_due', Number.MAX_SAFE_INTEGER);
  assertFactor(factors.utilization_bp, 'utilization_bp', maxUtilizationBp);
  assertFactor(factors.history_months, 'history_months', Number.MAX_SAFE_INTEGER);
  const results = [
    onTimeFactor(factors.on_time_ratio_bp),
    daysPastDueFactor(factors.weighted_days_past_due),
    utilizationFactor(factors.utilization_bp),
    historyFactor(factors.history_months),
  ];
  return { score: results.reduce((sum, factor) => sum + factor.points, 0), factors: results };
}

/** Balance in bp of the limit: null without a limit, 0 for a credit balance, capped at 100 000. */
export function utilizationBp(balanceCents: number, creditLimitCents: number | null): number | null {
  if (creditLimitCents === null) return null;
  if (balanceCents <= 0) return 0;
  if (creditLimitCents === 0) return maxUtilizationBp;
  return Math.min(maxUtilizationBp, divideHalfUp(balanceCents * 10_000, creditLimitCents));
}

/** What the score is computed from, in the terms finances and billing know. */
export interface CreditRecord {
  open_items: readonly OpenItem[];
  /** Invoices settled so far, and how many of them by their due date; null when unknown. */
  settled: { settled_count: number; on_time_count: number } | null;
  balance_cents: number;
  credit_limit_cents: number | null;
  /** When the customer's first ledger entry was made; null without one. */
  first_entry_at: Date | null;
}

/** The four factors from a customer's record at `asOf`. */
export function creditFactors(record: CreditRecord, asOf: Date, timeZone: string): CreditFactors {
  const settled = record.settled;
  return {
    on_time_ratio_bp:
      settled && settled.settled_count > 0
        ? divideHalfUp(Math.min(settled.on_time_count, settled.settled_count) * 10_000, settled.settled_count)
        : null,
    weighted_days_past_due: weightedDaysPastDue(record.open_items, asOf, timeZone),
    utilization_bp: utilizationBp(record.balance_cents, record.credit_limit_cents),
    history_months: record.first_entry_at
      ? monthsBetween(calendarDateIn(record.first_entry_at, timeZone), calendarDateIn(asOf, timeZone))
      : null,
  };
}
