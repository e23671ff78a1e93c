/*
 * Calendar dates ('2026-05-14': no time, no zone) as the API takes them, counted in the
 * viewer's own days: toISOString() would give tomorrow's date in the evening in Montréal.
 */

const pad = (value: number) => String(value).padStart(2, '0');

/** A local date as YYYY-MM-DD. */
export function calendarDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Today, YYYY-MM-DD. */
export function today(now = new Date()): string {
  return calendarDate(now);
}

/** Whether text is a real date written YYYY-MM-DD. */
export function isCalendarDate(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
}

/** The first and last day of this month. */
export function thisMonth(now = new Date()): { from: string; to: string } {
  return {
    from: calendarDate(new Date(now.getFullYear(), now.getMonth(), 1)),
    to: calendarDate(new Date(now.getFullYear(), now.getMonth() + 1, 0)),
  };
}

/** The calendar quarter before this one (a GST/QST filing period), first to last day. */
export function lastQuarter(now = new Date()): { from: string; to: string } {
  const startMonth = Math.floor(now.getMonth() / 3) * 3 - 3;
  return {
    from: calendarDate(new Date(now.getFullYear(), startMonth, 1)),
    to: calendarDate(new Date(now.getFullYear(), startMonth + 3, 0)),
  };
}

/** '2026-05' → "mai 2026" / "May 2026". */
export function formatMonth(month: string, locale: string, style: 'long' | 'short' = 'long'): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: style, year: 'numeric' }).format(
    new Date(year, index - 1, 1),
  );
}
