/*
 * Amounts are typed in dollars and sent in cents, converted as text: "1 234,56" becomes
 * 123456 by reading the digits, never by multiplying a float (0.29 × 100 is 28.999…).
 */

export type CentsParse = { ok: true; cents: number } | { ok: false; reason: 'format' | 'too_large' };

/** The largest amount the server takes (one billion dollars), in cents. */
export const maxAmountCents = 100_000_000_000;

/**
 * Dollars as people type them, in French or English: "1234.5", "1 234,56", "1,234.56",
 * "-25", "12,50 $". At most two decimals; `allowNegative` for adjustments.
 */
export function parseDollars(text: string, { allowNegative = false } = {}): CentsParse {
  let value = text.replace(/[\s\u00a0\u202f$]/g, '').replace(/\u2212/g, '-');
  const negative = value.startsWith('-');
  if (negative) {
    if (!allowNegative) return { ok: false, reason: 'format' };
    value = value.slice(1);
  }
  // The last , or . followed by one or two digits is the decimal mark; others group thousands.
  const match = /^(\d{1,3}(?:[,.]?\d{3})*|\d+)(?:[.,](\d{1,2}))?$/.exec(value);
  if (!match) return { ok: false, reason: 'format' };
  const units = match[1]!.replace(/[,.]/g, '');
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const digits = `${units}${fraction}`.replace(/^0+(?=\d)/, '');
  if (digits.length > 12) return { ok: false, reason: 'too_large' };
  const cents = Number(digits);
  if (cents > maxAmountCents) return { ok: false, reason: 'too_large' };
  return { ok: true, cents: negative ? -cents : cents };
}

/** Cents as a plain decimal string for a form field: 123456 → "1234.56" (French: "1234,56"). */
export function centsToInput(cents: number, locale: string): string {
  const abs = Math.abs(cents);
  const text = `${(abs - (abs % 100)) / 100}${locale.startsWith('fr') ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `-${text}` : text;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** "1 234,56 $" or "$1,234.56": formatted from the exact decimal text, never from a float. */
export function formatCents(cents: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  const abs = Math.abs(cents);
  const decimal = `${cents < 0 ? '-' : ''}${(abs - (abs % 100)) / 100}.${String(abs % 100).padStart(2, '0')}`;
  // Intl formats a decimal string exactly (ECMA-402 v3).
  return formatter.format(decimal as unknown as number);
}

/** Whether text carries 13 to 19 digits that pass the Luhn check (the server refuses it too). */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(/\d+(?:[ -]+\d+)*/g)) {
    const groups = match[0].split(/[ -]+/);
    for (let start = 0; start < groups.length; start += 1) {
      let digits = '';
      for (let end = start; end < groups.length; end += 1) {
        digits += groups[end];
        if (digits.length > 19) break;
        if (digits.length >= 13 && passesLuhn(digits)) return true;
      }
    }
  }
  return false;
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
