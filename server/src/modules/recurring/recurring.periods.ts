/*
 * The periods of a schedule, as calendar dates ('YYYY-MM-DD') in the company's time zone.
 * Period n (0-based) starts `n` steps after the start date, always counted from the start
 * date itself, never from the previous period: a schedule started on Jan 31 runs Feb 28 (29),
 * Mar 31, Apr 30… — the day is clamped to the month's last day, and comes back when it can.
 */

export const frequencies = ['weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof frequencies)[number];

const monthsPerStep: Record<Exclude<Frequency, 'weekly'>, number> = { monthly: 1, quarterly: 3, yearly: 12 };

function parts(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Not a calendar date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' plus whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole months later, the day clamped to the last of a shorter month (Jan 31 + 1 → Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

/** The first day of period `n` (0-based) of a schedule starting on `start`. */
export function periodStart(start: string, frequency: Frequency, n: number): string {
  if (frequency === 'weekly') return addDays(start, 7 * n);
  return addMonths(start, monthsPerStep[frequency] * n);
}

export interface Period {
  /** 0-based: the n-th invoice of the schedule is for period n. */
  index: number;
  start: string;
  /** The last day, inclusive: the day before the next period starts. */
  end: string;
}

export function periodAt(start: string, frequency: Frequency, n: number): Period {
  return {
    index: n,
    start: periodStart(start, frequency, n),
    end: addDays(periodStart(start, frequency, n + 1), -1),
  };
}

export interface ScheduleBounds {
  start_date: string;
  frequency: Frequency;
  /** The last day a period may start on (inclusive), or null. */
  end_date: string | null;
  /** How many invoices in all, or null. */
  count: number | null;
}

/** Whether period `n` exists at all (within the count and the end date). */
export function periodExists(schedule: ScheduleBounds, n: number): boolean {
  if (schedule.count !== null && n >= schedule.count) return false;
  if (
    schedule.end_date !== null &&
    periodStart(schedule.start_date, schedule.frequency, n) > schedule.end_date
  )
    return false;
  return true;
}

/**
 * The periods due as of a day, from period `from` on, in order: each one that exists and has
 * started on or before `asOf`. After missed days this is every period missed, once each.
 */
export function periodsDue(schedule: ScheduleBounds, from: number, asOf: string): Period[] {
  const due: Period[] = [];
  for (let n = from; periodExists(schedule, n); n += 1) {
    const period = periodAt(schedule.start_date, schedule.frequency, n);
    if (period.start > asOf) break;
    due.push(period);
  }
  return due;
}

/** The first period, from `from` on, that starts on or after `day` (resuming: no back-fill). */
export function firstPeriodFrom(schedule: ScheduleBounds, from: number, day: string): number {
  let n = from;
  while (periodExists(schedule, n) && periodStart(schedule.start_date, schedule.frequency, n) < day) n += 1;
  return n;
}

/** When the next invoice is due, or null when the schedule has no period left (it has ended). */
export function nextRunDate(schedule: ScheduleBounds, next: number): string | null {
  return periodExists(schedule, next) ? periodStart(schedule.start_date, schedule.frequency, next) : null;
}
