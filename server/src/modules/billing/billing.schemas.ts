import { z } from 'zod';

/** The largest amount a field takes: ten billion dollars, far inside a safe integer. */
export const maxCents = 1_000_000_000_000;

/** An amount in integer cents, 0 or more: never a float, never negative. */
export const centsSchema = z
  .number({ error: 'Must be a whole number of cents' })
  .int('Must be a whole number of cents')
  .min(0, 'Must be 0 or more')
  .max(maxCents, 'Too large');

/** An amount in cents in a query string: digits only (no sign, no decimal point). */
export const centsQuerySchema = z
  .string()
  .regex(/^\d{1,13}$/, 'Must be a whole number of cents, 0 or more')
  .transform(Number)
  .pipe(z.number().max(maxCents, 'Too large'));

const currencies = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 currency code (CAD), upper case. */
export const currencySchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => currencies.has(value), { message: 'Unknown currency (ISO 4217, e.g. CAD)' });
