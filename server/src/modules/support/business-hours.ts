/*
 * Business-hours arithmetic, pure: how much working time lies between two instants, and when a
 * given amount of working time has elapsed. Working days and hours are local to a time zone,
 * so a day's window is found by its local wall-clock times (DST changes its UTC offset, never
 * its 9:00–17:00). Instants are Dates; amounts are whole seconds.
 */

export interface BusinessHours {
  /** IANA zone the hours are read in, e.g. America/Montreal. */
  time_zone: string;
  /** ISO weekdays worked: 1 Monday … 7 Sunday. */
  days: readonly number[];
  /** Start and end of the working day, in minutes after local midnight (9:00 → 540). */
  start_minute: number;
  end_minute: number;
}

/** Monday to Friday, 9:00 to 17:00, Montréal time. */
export const defaultBusinessHours: BusinessHours = {
  time_zone: 'America/Montreal',
  days: [1, 2, 3, 4, 5],
  start_minute: 9 * 60,
  end_minute: 17 * 60,
};

/** A span in which the clock does not run (a ticket waiting for the customer); `to` null: not over yet. */
export interface Pause {
  from: Date;
  to: Date | null;
}

/** Beyond this many calendar days a search stops: a schedule with no working time would never end. */
const maxDays = 366 * 20;

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(instant: number, timeZone: string) {
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local wall-clock time names in a zone. A time skipped by a spring-forward
 * lands just after the gap; a time repeated in the fall is its first occurrence.
 */
export function localTimeToInstant(
  date: { year: number; month: number; day: number },
  minute: number,
  timeZone: string,
): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minute);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (first === second) return first;
  // Around a transition the two guesses differ: keep one that reads back as the wall time, if any.
  const readsBack = (instant: number) => instant + offsetAt(instant, timeZone) === wall;
  if (readsBack(Math.min(first, second))) return Math.min(first, second);
  if (readsBack(Math.max(first, second))) return Math.max(first, second);
  return Math.max(first, second);
}

/** The local calendar date an instant falls on, and the following ones. */
function localDate(instant: number, timeZone: string) {
  const p = partsIn(instant, timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

function nextDate(date: { year: number; month: number; day: number }) {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

function isoWeekday(date: { year: number; month: number; day: number }): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

function checkHours(hours: BusinessHours) {
  if (
    hours.days.length === 0 ||
    hours.start_minute < 0 ||
    hours.end_minute > 24 * 60 ||
    hours.start_minute >= hours.end_minute
  ) {
    throw new RangeError('Business hours need at least one day and a start before the end');
  }
}

/** The working windows [start, end) in ms, day after day, from the local day of `from` on. */
function* windowsFrom(from: number, hours: BusinessHours): Generator<[number, number]> {
  checkHours(hours);
  let date = localDate(from, hours.time_zone);
  for (let index = 0; index < maxDays; index++) {
    if (hours.days.includes(isoWeekday(date))) {
      const start = localTimeToInstant(date, hours.start_minute, hours.time_zone);
      const end = localTimeToInstant(date, hours.end_minute, hours.time_zone);
      if (end > start) yield [start, end];
    }
    date = nextDate(date);
  }
}

/** Working seconds between two instants (0 when `to` is not after `from`). */
export function businessSecondsBetween(from: Date, to: Date, hours: BusinessHours): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  for (const [windowStart, windowEnd] of windowsFrom(start, hours)) {
    if (windowStart >= end) break;
    const overlap = Math.min(windowEnd, end) - Math.max(windowStart, start);
    if (overlap > 0) total += overlap;
  }
  return Math.floor(total / 1000);
}

/** The instant at which `seconds` of working time have passed since `from` (`from` itself for 0). */
export function addBusinessSeconds(from: Date, seconds: number, hours: BusinessHours): Date {
  const start = from.getTime();
  if (seconds <= 0) return new Date(start);
  let remaining = seconds * 1000;
  for (const [windowStart, windowEnd] of windowsFrom(start, hours)) {
    const begin = Math.max(windowStart, start);
    const available = windowEnd - begin;
    if (available <= 0) continue;
    if (remaining <= available) return new Date(begin + remaining);
    remaining -= available;
  }
  throw new RangeError('No working time within twenty years');
}

/**
 * When `target` seconds of working time have run since `start`, the clock stopped during
 * `pauses` (sorted, not overlapping). Null when a pause still open began before the target
 * was reached: the deadline is not known until the clock runs again.
 */
export function businessDeadline(
  start: Date,
  targetSeconds: number,
  pauses: readonly Pause[],
  hours: BusinessHours,
): Date | null {
  let cursor = start;
  let remaining = targetSeconds;
  for (const pause of pauses) {
    if (pause.to !== null && pause.to <= cursor) continue;
    const pauseFrom = new Date(Math.max(pause.from.getTime(), cursor.getTime()));
    const available = businessSecondsBetween(cursor, pauseFrom, hours);
    if (remaining <= available) return addBusinessSeconds(cursor, remaining, hours);
    remaining -= available;
    if (pause.to === null) return null;
    cursor = pause.to;
  }
  return addBusinessSeconds(cursor, remaining, hours);
}

/** Working seconds the clock ran between two instants, pauses left out. */
export function businessSecondsRunning(
  from: Date,
  to: Date,
  pauses: readonly Pause[],
  hours: BusinessHours,
): number {
  let total = businessSecondsBetween(from, to, hours);
  for (const pause of pauses) {
    const pauseFrom = pause.from > from ? pause.from : from;
    const pauseTo = pause.to === null || pause.to > to ? to : pause.to;
    total -= businessSecondsBetween(pauseFrom, pauseTo, hours);
  }
  return Math.max(0, total);
}
