/*
 * Money in the UI: typed in dollars, sent as integer cents. Parsing works on the text itself
 * (digits before and after the separator), never through a float, so 0.29 $ is 29 cents.
 */

/** The largest amount the API takes (core billing schemas): ten billion dollars. */
const maxCents = 1_000_000_000_000;

/**
 * "12,50", "12.5", "1 234,56 $", "$1,234.56", "15" → cents; null when it is not an amount
 * (negative, more than two decimals, letters). A single separator followed by exactly three
 * digits groups thousands ("1,234" is 1 234 $); otherwise the last separator is the decimal one.
 */
export function parseDollarsToCents(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f$]/g, '');
  if (!/^\d[\d.,]*$/.test(compact) && !/^[.,]\d{1,2}$/.test(compact)) return null;
  const separators = [...compact.matchAll(/[.,]/g)].map((match) => match.index);
  let whole = compact;
  let fraction = '';
  const last = separators.at(-1);
  if (last !== undefined) {
    const after = compact.slice(last + 1);
    const groupsOnly = separators.length === 1 && after.length === 3;
    if (!groupsOnly) {
      if (after.length > 2 || after.length === 0) return null;
      whole = compact.slice(0, last);
      fraction = after;
    }
  }
  // What is left of the whole part may only group thousands.
  if (whole.includes('.') && whole.includes(',')) return null;
  const digits = whole.replace(/[.,](?=\d{3}(?:[.,]|$))/g, '');
  if (!/^\d*$/.test(digits)) return null;
  const cents = Number(`${digits || '0'}${fraction.padEnd(2, '0')}`);
  return Number.isSafeInteger(cents) && cents <= maxCents ? cents : null;
}

/** Cents as the decimal text of dollars ("1250" → "12.50"), exact. */
function decimalOf(cents: number): string {
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Cents as money in the language's form: 12,50 $ or $12.50. */
export function formatCents(cents: number, locale: string, currency = 'CAD'): string {
  // A decimal string is formatted exactly (Intl.NumberFormat v3).
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
    decimalOf(cents) as unknown as number,
  );
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
