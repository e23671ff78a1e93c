import { useTranslation } from 'react-i18next';

/** Dates and numbers in the chosen language, in the viewer's time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    locale,
    date: (value: string | Date | null | undefined) =>
      value ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(value)) : '—',
    dateTime: (value: string | Date | null | undefined) =>
      value
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value))
        : '—',
    time: (value: string | Date) =>
      new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(value)),
    number: (value: number | null | undefined) =>
      value === null || value === undefined ? '—' : new Intl.NumberFormat(locale).format(value),
    month: (value: Date) =>
      new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit' }).format(value),
    dayHeading: (value: string | Date) =>
      new Intl.DateTimeFormat(locale, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }).format(new Date(value)),
  };
}

/** "+15145551234" → "+1 514-555-1234" for North American numbers; others as stored. */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '—';
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(value);
  return match ? `+1 ${match[1]}-${match[2]}-${match[3]}` : value;
}
