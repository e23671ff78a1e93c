import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsCardNumber, passesLuhn } from './card-numbers.ts';

describe('passesLuhn', () => {
  it.each([
    ['4242424242424242', true],
    ['378282246310005', true],
    ['6011111111111117', true],
    ['4242424242424241', false],
    ['0', true],
    ['', false],
    ['42a2', false],
  ])('%s → %s', (digits, expected) => {
    expect(passesLuhn(digits)).toBe(expected);
  });
});

describe('containsCardNumber', () => {
  it.each([
    '4242 4242 4242 4242',
    '4242424242424242',
    '4242-4242-4242-4242',
    '378282246310005',
    '3782 822463 10005',
    '6011111111111117',
    'carte 4242 4242 4242 4242 exp 12/30',
    '4242 4242 4242 4242 12 30',
    'pm_4242424242424242',
    'Visa de Marie: 4000 0566 5566 5556',
    // 13 and 19 digits, the shortest and longest card numbers.
    '4222222222222',
    '6205500000000000004',
  ])('refuses %s', (text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  it.each([
    // 16 digits that fail the Luhn check.
    '4242424242424241',
    '1234 5678 9012 3456',
    'pm_1NabcXYZ9d8e7f6g5h4i3j2k',
    'tok_1Q2w3E4r5T6y7U8i',
    'Visa perso',
    '4242',
    // 12 digits, too short to be a card, even passing Luhn.
    '424242424242',
    // A 20-digit reference is no card number, even if a slice of it would pass Luhn.
    '42424242424242424242',
    '',
  ])('allows %s', (text) => {
    expect(containsCardNumber(text)).toBe(false);
  });

  it('finds every valid card number however it is spaced or surrounded', () => {
    const cardNumber = fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 })
      .map((body) => {
        // Append the Luhn check digit.
        for (let check = 0; check <= 9; check += 1) {
          const digits = `${body.join('')}${check}`;
          if (passesLuhn(digits)) return digits;
        }
        throw new Error('unreachable');
      });
    const separator = fc.constantFrom('', ' ', '-', '  ');
    fc.assert(
      fc.property(cardNumber, separator, fc.string({ maxLength: 5 }), (digits, sep, prefix) => {
        const spaced = digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
        // A prefix ending in a digit would make the run longer than the card: keep it apart.
        expect(containsCardNumber(`${prefix.replace(/\d/g, 'x')} ${spaced} x`)).toBe(true);
      }),
    );
  });
});
