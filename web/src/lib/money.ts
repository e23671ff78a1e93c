/*
 * Money in the UI: typed in dollars, sent as integer cents. Parsing works on the text itself
 * (digits before and after the separator), never through a float, so 0.29 $ is 29 cents.
 */

export type CentsParse = { ok: true; cents: number } | { ok: false; reason: 'format' | 'too_large' };

/** The largest amount the billing API takes (ten billion dollars); finances takes less. */
const defaultMaxCents = 1_000_000_000_000;

/**
 * Dollars as people type them, in French or English: "1234.5", "1 234,56", "1,234.56",
 * "12,50 $", "-25" (with `allowNegative`). At most two decimals; the last , or . followed by
 * one or two digits is the decimal mark, the others group thousands.
 */
export function parseDollars(
  text: string,
  { allowNegative = false, maxCents = defaultMaxCents } = {},
): CentsParse {
  let value = text.replace(/[\s\u00a0\u202f$]/g, '').replace(/\u2212/g, '-');
  const negative = value.startsWith('-');
  if (negative) {
    if (!allowNegative) return { ok: false, reason: 'format' };
    value = value.slice(1);
  }
  const match = /^(\d{1,3}(?:[,.]?\d{3})*|\d+)(?:[.,](\d{1,2}))?$/.exec(value);
  if (!match) return { ok: false, reason: 'format' };
  const units = match[1]!.replace(/[,.]/g, '');
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const digits = `${units}${fraction}`.replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return { ok: false, reason: 'too_large' };
  const cents = Number(digits);
  if (cents > maxCents) return { ok: false, reason: 'too_large' };
  return { ok: true, cents: negative ? -cents : cents };
}

/** A non-negative amount typed in dollars, in cents; null when it is not one. */
export function parseDollarsToCents(text: string): number | null {
  const parsed = parseDollars(text);
  return parsed.ok ? parsed.cents : null;
}

/** Cents as the decimal text of dollars ("1250" → "12.50"), exact. */
function decimalOf(cents: number): string {
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Cents as money in the language's form: "1 234,56 $" or "$1,234.56", exact (no float). */
export function formatCents(cents: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  // A decimal string is formatted exactly (Intl.NumberFormat v3).
  return formatter.format(decimalOf(cents) as unknown as number);
}

/** Cents as an input's text, in the language's decimal separator, without grouping: "12,50". */
export function centsToInput(cents: number | null | undefined, locale: string): string {
  if (cents === null || cents === undefined) return '';
  const text = decimalOf(cents);
  return locale.startsWith('fr') ? text.replace('.', ',') : text;
}

/** "12,5" or "12.5" (percent) → 1250 basis points; null when not 0.01 to 100 with two decimals at most. */
export function parsePercentToBasisPoints(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.');
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(compact);
  if (!match) return null;
  const basisPoints = Number(`${match[1]}${(match[2] ?? '').padEnd(2, '0')}`);
  return basisPoints >= 1 && basisPoints <= 10_000 ? basisPoints : null;
}

/** Basis points as a percentage in the language's form: 1250 → "12,5 %" or "12.5%". */
export function formatBasisPoints(basisPoints: number, locale: string): string {
  const digits = String(basisPoints).padStart(3, '0');
  const decimal = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    `${decimal}E-2` as unknown as number,
  );
}

/** Cents as a rounded, compact amount for a chart's axis: "12 k $", "$1.2K". The figures beside it are exact. */
export function formatCompactCents(cents: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(cents / 100);
}
