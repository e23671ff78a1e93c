/*
 * What the finances forms add to web/src/lib/money.ts: the server's limit, and the card-number
 * check the server also makes.
 */

/** The largest amount the finances API takes (one billion dollars), in cents. */
export const maxAmountCents = 100_000_000_000;

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
