/*
 * Atrium stores a payment provider's token, never a card number (PCI DSS keeps card numbers
 * out of systems that need not see them). Every text field of a payment method is checked:
 * a card number typed into a nickname by mistake is refused like one sent as a token.
 */

/** The Luhn check (ISO/IEC 7812-1) every payment card number passes. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return false;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// Runs of digits, each group separated from the next by spaces or dashes: "4242 4242-4242 4242".
const groupedDigits = /\d+(?:[ -]+\d+)*/g;

/**
 * Whether the text carries something that looks like a card number: 13 to 19 digits, read
 * across spaces and dashes, that pass the Luhn check. Within a run of digit groups, every
 * span of whole groups is tried ("4242 4242 4242 4242 12 30" holds a card before its
 * expiry); a single unbroken run is tried whole, so that a long reference number is not
 * refused because some slice of it happens to pass Luhn.
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(groupedDigits)) {
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
