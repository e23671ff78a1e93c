import { formatCents } from '../../../core/money.ts';
import type { MailLanguage } from './layout.ts';

/** Money in the message's language: "1 234,56 $" / "$1,234.56". */
export function money(cents: number, currency: string, language: MailLanguage): string {
  return formatCents(cents, currency, language);
}

const dateFormats = new Map<MailLanguage, Intl.DateTimeFormat>();

/** '2026-05-04' → "4 mai 2026" / "May 4, 2026" (a calendar date: no time zone shift). */
export function longDate(date: string, language: MailLanguage): string {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(language, format);
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return format.format(new Date(Date.UTC(y, m - 1, d)));
}

/** "1 jour" / "12 jours", "1 day" / "12 days". */
export function days(count: number, language: MailLanguage): string {
  if (language === 'fr-CA') return `${count} jour${count > 1 ? 's' : ''}`;
  return `${count} day${count === 1 ? '' : 's'}`;
}
