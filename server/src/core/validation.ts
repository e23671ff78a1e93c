import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

/** Field validators shared by every module: each reports its own clear message. */

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: 'Invalid email address' }))
  .transform((value) => value.toLowerCase());

/** Parsed with Canada as the default region, stored as E.164 (+15145551234). */
export const phoneSchema = z
  .string()
  .trim()
  .max(40)
  .transform((value, context) => {
    const phone = parsePhoneNumberFromString(value, 'CA');
    if (!phone?.isValid()) {
      context.addIssue({ code: 'custom', message: 'Invalid phone number' });
      return z.NEVER;
    }
    return phone.number as string;
  });

/** A real IANA time zone name such as America/Montreal. */
export const timezoneSchema = z
  .string()
  .max(64)
  .refine((value) => /^(UTC|[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/.test(value) && isTimeZone(value), {
    message: 'Unknown IANA time zone',
  });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A BCP 47 language tag of the form fr or fr-CA. */
export const languageCodeSchema = z
  .string()
  .max(5)
  .refine((value) => /^[a-z]{2}(-[A-Z]{2})?$/.test(value) && isLocale(value), {
    message: 'Invalid language code',
  });

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** Policyholder number, XX-123-XX. */
export const matriculeSchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}-\d{3}-[A-Z]{2}$/, 'Matricule must look like XX-123-XX'));

const vinValues: Record<string, number> = Object.fromEntries(
  [...'ABCDEFGHJKLMNPRSTUVWXYZ'].map((letter) => [
    letter,
    (
      {
        A: 1,
        B: 2,
        C: 3,
        D: 4,
        E: 5,
        F: 6,
        G: 7,
        H: 8,
        J: 1,
        K: 2,
        L: 3,
        M: 4,
        N: 5,
        P: 7,
        R: 9,
        S: 2,
        T: 3,
        U: 4,
        V: 5,
        W: 6,
        X: 7,
        Y: 8,
        Z: 9,
      } as Record<string, number>
    )[letter] ?? 0,
  ]),
);
const vinWeights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** ISO 3779 check digit (position 9), as used in North America. */
export function isValidVin(vin: string): boolean {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return false;
  let sum = 0;
  for (let index = 0; index < 17; index++) {
    const character = vin[index]!;
    const value = /\d/.test(character) ? Number(character) : (vinValues[character] ?? 0);
    sum += value * vinWeights[index]!;
  }
  const remainder = sum % 11;
  return vin[8] === (remainder === 10 ? 'X' : String(remainder));
}

export const vinSchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine(isValidVin, { message: 'Invalid VIN (17 characters, check digit in position 9)' });

/** Licence plate, kept upper-case without spaces or dashes so that searches match however it was typed. */
export const plateSchema = z
  .string()
  .trim()
  .max(12)
  .transform((value) => value.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[A-Z0-9]{2,10}$/, 'Invalid licence plate'));

/** What the search folds text to: lower-case without accents (matches atrium_fold in SQL). */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

export function searchTokens(value: string): string[] {
  return [
    ...new Set(
      foldText(value)
        .split(/[^a-z0-9]+/)
        .filter(Boolean),
    ),
  ];
}
