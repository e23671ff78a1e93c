/**
 * A calendar date ('2025-03-14', no time nor zone) in the language's form. Read as a local
 * date: new Date('2025-03-14') would be midnight UTC, the day before in Montréal.
 */
export function formatCalendarDate(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(year, month - 1, day));
}

/** "$" for CAD in French and English, "€" for EUR: the sign amounts are typed beside. */
export function currencySymbol(currency: string, locale: string): string {
  const parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(0);
  return parts.find((part) => part.type === 'currency')?.value ?? currency;
}
