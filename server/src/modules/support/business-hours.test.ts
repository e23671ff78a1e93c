import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessSeconds,
  type BusinessHours,
  businessDeadline,
  businessSecondsBetween,
  businessSecondsRunning,
  defaultBusinessHours,
  localTimeToInstant,
} from './business-hours.ts';

const hours = defaultBusinessHours;
const at = (iso: string) => new Date(iso);
const hour = 3600;

describe('business hours, Monday to Friday 9:00–17:00 in Montréal', () => {
  it('counts only the working part of a span', () => {
    // Tuesday 2026-02-10: 9:00 EST is 14:00Z, 17:00 EST is 22:00Z.
    expect(businessSecondsBetween(at('2026-02-10T14:00:00Z'), at('2026-02-10T22:00:00Z'), hours)).toBe(
      8 * hour,
    );
    expect(businessSecondsBetween(at('2026-02-10T12:00:00Z'), at('2026-02-10T15:30:00Z'), hours)).toBe(
      1.5 * hour,
    );
    expect(businessSecondsBetween(at('2026-02-10T23:00:00Z'), at('2026-02-11T13:00:00Z'), hours)).toBe(0);
    expect(businessSecondsBetween(at('2026-02-10T16:00:00Z'), at('2026-02-10T15:00:00Z'), hours)).toBe(0);
  });

  it('skips the weekend: Friday 16:00 plus two hours is Monday 10:00', () => {
    const friday = at('2026-02-13T21:00:00Z'); // Friday 16:00 EST
    expect(addBusinessSeconds(friday, 2 * hour, hours)).toEqual(at('2026-02-16T15:00:00Z'));
    expect(businessSecondsBetween(friday, at('2026-02-16T15:00:00Z'), hours)).toBe(2 * hour);
  });

  it('starts the clock at 9:00 when a request arrives at night or on a Saturday', () => {
    expect(addBusinessSeconds(at('2026-02-11T03:00:00Z'), hour, hours)).toEqual(at('2026-02-11T15:00:00Z'));
    expect(addBusinessSeconds(at('2026-02-14T15:00:00Z'), hour, hours)).toEqual(at('2026-02-16T15:00:00Z'));
  });

  it('ends a deadline that uses up a day at 17:00 that day, not 9:00 the next', () => {
    expect(addBusinessSeconds(at('2026-02-10T14:00:00Z'), 8 * hour, hours)).toEqual(
      at('2026-02-10T22:00:00Z'),
    );
  });

  it('keeps 9:00–17:00 local across the spring-forward weekend (EST → EDT)', () => {
    // Friday 2026-03-06 16:00 EST (21:00Z); clocks go forward Sunday 8 March; Monday 9:00 EDT is 13:00Z.
    const friday = at('2026-03-06T21:00:00Z');
    expect(addBusinessSeconds(friday, 2 * hour, hours)).toEqual(at('2026-03-09T14:00:00Z'));
    expect(businessSecondsBetween(friday, at('2026-03-09T14:00:00Z'), hours)).toBe(2 * hour);
    // A whole Monday after the change is still eight hours.
    expect(businessSecondsBetween(at('2026-03-09T00:00:00Z'), at('2026-03-10T00:00:00Z'), hours)).toBe(
      8 * hour,
    );
  });

  it('keeps 9:00–17:00 local across the fall-back weekend (EDT → EST)', () => {
    // Friday 2026-10-30 16:00 EDT (20:00Z); clocks go back Sunday 1 November; Monday 9:00 EST is 14:00Z.
    expect(addBusinessSeconds(at('2026-10-30T20:00:00Z'), 2 * hour, hours)).toEqual(
      at('2026-11-02T15:00:00Z'),
    );
  });

  it('counts the real length of a day whose clock changes inside the window', () => {
    const allDay: BusinessHours = {
      time_zone: 'America/Montreal',
      days: [7],
      start_minute: 0,
      end_minute: 1440,
    };
    const springSunday = at('2026-03-08T05:00:00Z'); // midnight EST
    expect(businessSecondsBetween(springSunday, at('2026-03-09T04:00:00Z'), allDay)).toBe(23 * hour);
    const fallSunday = at('2026-11-01T04:00:00Z'); // midnight EDT
    expect(businessSecondsBetween(fallSunday, at('2026-11-02T05:00:00Z'), allDay)).toBe(25 * hour);
  });

  it('reads a wall-clock time skipped by spring-forward as just after the gap, a repeated one as its first', () => {
    const sunday = { year: 2026, month: 3, day: 8 };
    expect(new Date(localTimeToInstant(sunday, 150, 'America/Montreal'))).toEqual(at('2026-03-08T07:30:00Z'));
    const fallSunday = { year: 2026, month: 11, day: 1 };
    expect(new Date(localTimeToInstant(fallSunday, 90, 'America/Montreal'))).toEqual(
      at('2026-11-01T05:30:00Z'),
    );
  });

  it('refuses a schedule with no working time rather than searching forever', () => {
    expect(() => addBusinessSeconds(at('2026-02-10T14:00:00Z'), hour, { ...hours, days: [] })).toThrow(
      RangeError,
    );
    expect(() =>
      businessSecondsBetween(at('2026-02-10T14:00:00Z'), at('2026-02-11T14:00:00Z'), {
        ...hours,
        start_minute: 600,
        end_minute: 540,
      }),
    ).toThrow(RangeError);
  });

  it('agrees with itself: adding the working time between two instants lands on or before the later one', () => {
    const instant = fc.date({
      min: at('2025-01-01T00:00:00Z'),
      max: at('2027-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 * hour }), (from, seconds) => {
        const end = addBusinessSeconds(from, seconds, hours);
        expect(businessSecondsBetween(from, end, hours)).toBe(seconds);
      }),
      { numRuns: 200 },
    );
  });
});

describe('deadlines with the clock stopped while waiting', () => {
  const created = at('2026-02-10T14:00:00Z'); // Tuesday 9:00

  it('without pauses is the plain business-time sum', () => {
    expect(businessDeadline(created, 4 * hour, [], hours)).toEqual(at('2026-02-10T18:00:00Z'));
  });

  it('moves by the working time spent waiting', () => {
    // Waiting from 10:00 to 12:00: a four-hour target ends at 15:00 rather than 13:00.
    const pauses = [{ from: at('2026-02-10T15:00:00Z'), to: at('2026-02-10T17:00:00Z') }];
    expect(businessDeadline(created, 4 * hour, pauses, hours)).toEqual(at('2026-02-10T20:00:00Z'));
    expect(businessSecondsRunning(created, at('2026-02-10T20:00:00Z'), pauses, hours)).toBe(4 * hour);
  });

  it('does not move for waiting outside working hours (a night spent waiting costs nothing)', () => {
    const pauses = [{ from: at('2026-02-10T23:00:00Z'), to: at('2026-02-11T13:00:00Z') }];
    expect(businessDeadline(created, 10 * hour, pauses, hours)).toEqual(at('2026-02-11T16:00:00Z'));
  });

  it('is unknown while a pause that began before the deadline is still open', () => {
    const pauses = [{ from: at('2026-02-10T15:00:00Z'), to: null }];
    expect(businessDeadline(created, 4 * hour, pauses, hours)).toBeNull();
  });

  it('stays where it was when the wait began after the deadline had passed (a breach stays a breach)', () => {
    const pauses = [{ from: at('2026-02-10T20:00:00Z'), to: null }];
    expect(businessDeadline(created, hour, pauses, hours)).toEqual(at('2026-02-10T15:00:00Z'));
    const closed = [{ from: at('2026-02-10T20:00:00Z'), to: at('2026-02-12T20:00:00Z') }];
    expect(businessDeadline(created, hour, closed, hours)).toEqual(at('2026-02-10T15:00:00Z'));
  });

  it('adds up several waits, across a weekend and a DST change', () => {
    const start = at('2026-03-05T14:00:00Z'); // Thursday 9:00 EST
    const pauses = [
      { from: at('2026-03-05T16:00:00Z'), to: at('2026-03-05T18:00:00Z') }, // 11:00–13:00
      { from: at('2026-03-06T20:00:00Z'), to: at('2026-03-09T14:00:00Z') }, // Fri 15:00 → Mon 10:00 EDT
    ];
    // Thursday: 2 h + 4 h = 6 h; Friday 9:00–15:00 = 6 h (12 h); Monday from 10:00 EDT: 4 h more → 14:00 EDT.
    expect(businessDeadline(start, 16 * hour, pauses, hours)).toEqual(at('2026-03-09T18:00:00Z'));
  });
});
