import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstPeriodFrom,
  nextRunDate,
  periodAt,
  periodStart,
  periodsDue,
  type ScheduleBounds,
} from './recurring.periods.ts';

const monthly = (start: string, extra: Partial<ScheduleBounds> = {}): ScheduleBounds => ({
  start_date: start,
  frequency: 'monthly',
  end_date: null,
  count: null,
  ...extra,
});

describe('periods', () => {
  it('keeps a month-end start on month ends: Jan 31 → Feb 28 → Mar 31 → Apr 30', () => {
    expect([0, 1, 2, 3].map((n) => periodStart('2026-01-31', 'monthly', n))).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
  });

  it('lands on Feb 29 in a leap year, and a yearly Feb 29 start on Feb 28 until the next leap year', () => {
    expect(periodStart('2028-01-31', 'monthly', 1)).toBe('2028-02-29');
    expect([0, 1, 4].map((n) => periodStart('2028-02-29', 'yearly', n))).toEqual([
      '2028-02-29',
      '2029-02-28',
      '2032-02-29',
    ]);
  });

  it('steps weeks by seven days and quarters by three months, across years', () => {
    expect(periodStart('2026-12-29', 'weekly', 1)).toBe('2027-01-05');
    expect([1, 2, 4].map((n) => periodStart('2026-11-30', 'quarterly', n))).toEqual([
      '2027-02-28',
      '2027-05-30',
      '2027-11-30',
    ]);
  });

  it('ends a period the day before the next one starts', () => {
    expect(periodAt('2026-01-31', 'monthly', 0)).toEqual({
      index: 0,
      start: '2026-01-31',
      end: '2026-02-27',
    });
    expect(periodAt('2026-01-31', 'monthly', 1)).toEqual({
      index: 1,
      start: '2026-02-28',
      end: '2026-03-30',
    });
  });

  it('lists every period missed, in order, up to the day, within the count or the end date', () => {
    expect(periodsDue(monthly('2026-01-15'), 1, '2026-04-20').map((p) => p.start)).toEqual([
      '2026-02-15',
      '2026-03-15',
      '2026-04-15',
    ]);
    expect(periodsDue(monthly('2026-01-15', { count: 2 }), 0, '2026-12-31').map((p) => p.start)).toEqual([
      '2026-01-15',
      '2026-02-15',
    ]);
    expect(
      periodsDue(monthly('2026-01-15', { end_date: '2026-03-14' }), 0, '2026-12-31').map((p) => p.start),
    ).toEqual(['2026-01-15', '2026-02-15']);
    expect(periodsDue(monthly('2026-01-15'), 0, '2026-01-14')).toEqual([]);
  });

  it('has no next run once the count or the end date is reached', () => {
    expect(nextRunDate(monthly('2026-01-15', { count: 2 }), 1)).toBe('2026-02-15');
    expect(nextRunDate(monthly('2026-01-15', { count: 2 }), 2)).toBeNull();
    expect(nextRunDate(monthly('2026-01-15', { end_date: '2026-02-15' }), 1)).toBe('2026-02-15');
    expect(nextRunDate(monthly('2026-01-15', { end_date: '2026-02-14' }), 1)).toBeNull();
  });

  it('resumes at the first period starting on or after the day: no back-fill', () => {
    expect(firstPeriodFrom(monthly('2026-01-15'), 1, '2026-04-15')).toBe(3);
    expect(firstPeriodFrom(monthly('2026-01-15'), 1, '2026-04-16')).toBe(4);
    expect(firstPeriodFrom(monthly('2026-01-15'), 5, '2026-01-01')).toBe(5);
  });
});

const dateArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe('period properties', () => {
  it('keeps the start day when the month has it, else the month’s last day; periods never overlap nor leave gaps', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 240 }),
        fc.constantFrom('monthly', 'quarterly', 'yearly' as const),
        (start, n, frequency) => {
          const a = periodAt(start, frequency, n);
          const b = periodAt(start, frequency, n + 1);
          const startDay = Number(start.slice(8));
          const day = Number(a.start.slice(8));
          const [y, m] = a.start.split('-').map(Number) as [number, number];
          const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
          expect(day).toBe(Math.min(startDay, last));
          expect(a.start < b.start).toBe(true);
          // Contiguous: the day after a period's end is the next one's start.
          expect(new Date(`${a.end}T00:00:00Z`).getTime() + 86_400_000).toBe(
            new Date(`${b.start}T00:00:00Z`).getTime(),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('bills every period exactly once however the days between runs fall', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.constantFrom('weekly', 'monthly', 'quarterly', 'yearly' as const),
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 20 }),
        (start, frequency, gaps) => {
          const schedule: ScheduleBounds = { start_date: start, frequency, end_date: null, count: 30 };
          const billed: string[] = [];
          let next = 0;
          let day = start;
          for (const gap of gaps) {
            day = new Date(new Date(`${day}T00:00:00Z`).getTime() + gap * 86_400_000)
              .toISOString()
              .slice(0, 10);
            const due = periodsDue(schedule, next, day);
            billed.push(...due.map((p) => p.start));
            next += due.length;
          }
          const expected = periodsDue(schedule, 0, day).map((p) => p.start);
          expect(billed).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
