import { z } from 'zod';
import { type FieldError, invalidFields } from './errors.ts';

/**
 * All money arithmetic (ADR 9). Amounts are integer minor units ("cents", a safe integer
 * `number`); rates are integers: basis points (1 % = 100 bp) for discounts, parts per million
 * (9.975 % = 99_750 ppm) for taxes; quantities are decimal strings with at most 3 decimals.
 * Every product is taken in BigInt and rounded once, half-up, so nothing goes through a float.
 */
export type Cents = number;

const safeMax = BigInt(Number.MAX_SAFE_INTEGER);

// ---- Validation -------------------------------------------------------------------------

/** A non-negative amount in cents: a safe integer (refuses 1.5, -1, NaN, 2^53). */
export const centsSchema = z
  .number({ error: 'Must be an amount in cents' })
  .int({ error: 'Must be a whole number of cents' })
  .min(0, { error: 'Must not be negative' });

/** A signed amount in cents (ledger entries, adjustments). */
export const signedCentsSchema = z
  .number({ error: 'Must be an amount in cents' })
  .int({ error: 'Must be a whole number of cents' });

/** A percentage in basis points, 0 to 100 % (10 000 bp). */
export const basisPointsSchema = z
  .number({ error: 'Must be a rate in basis points' })
  .int({ error: 'Must be a whole number of basis points' })
  .min(0, { error: 'Must not be negative' })
  .max(10_000, { error: 'Must be at most 10000 (100 %)' });

/** A tax rate in parts per million, 0 to 100 % (1 000 000 ppm). */
export const ratePpmSchema = z
  .number({ error: 'Must be a rate in parts per million' })
  .int({ error: 'Must be a whole number of parts per million' })
  .min(0, { error: 'Must not be negative' })
  .max(1_000_000, { error: 'Must be at most 1000000 (100 %)' });

/** Throws a 400 naming `path` unless `value` is a non-negative safe integer. */
export function assertCents(value: unknown, path: string): asserts value is Cents {
  const message = centsIssue(value);
  if (message) throw invalidFields([{ path, message }]);
}

function centsIssue(value: unknown): string | undefined {
  if (typeof value !== 'number' || Number.isNaN(value)) return 'Must be an amount in cents';
  if (!Number.isSafeInteger(value)) return 'Must be a whole number of cents';
  if (value < 0) return 'Must not be negative';
  return undefined;
}

// ---- Currency ---------------------------------------------------------------------------

export const DEFAULT_CURRENCY = 'CAD';

/** ISO 4217 alphabetic codes as the runtime's ICU knows them (162 in Node 24; no XXX, XAU…). */
const currencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(value: string): boolean {
  return /^[A-Z]{3}$/.test(value) && currencies.has(value);
}

/**
 * An ISO 4217 code; `cad` is accepted and becomes `CAD`. Add `.default(DEFAULT_CURRENCY)` where
 * absent means CAD. No transform, so it documents itself in OpenAPI and also serves in responses.
 */
export const currencySchema = z
  .string({ error: 'Must be an ISO 4217 currency code' })
  .trim()
  .regex(/^[A-Za-z]{3}$/, { error: 'Must be an ISO 4217 currency code such as CAD', abort: true })
  .toUpperCase()
  .refine(isCurrency, { error: 'Must be an ISO 4217 currency code such as CAD' })
  .meta({ description: 'ISO 4217 currency code, such as CAD' });

// ---- Quantities -------------------------------------------------------------------------

/** Up to numeric(12,3): 9 digits, then up to 3 decimals; no sign, no exponent, no leading zeros. */
const quantityPattern = /^(0|[1-9]\d{0,8})(\.\d{1,3})?$/;

/** A quantity as integer thousandths ("1.5" → 1500), or undefined when it is not a valid quantity > 0. */
export function quantityToThousandths(value: string): number | undefined {
  const match = quantityPattern.exec(value);
  if (!match) return undefined;
  const thousandths = Number(match[1]) * 1000 + Number((match[2] ?? '.').slice(1).padEnd(3, '0'));
  return thousandths > 0 ? thousandths : undefined;
}

/** The shortest decimal string of a quantity in thousandths (1500 → "1.5", 2000 → "2"). */
export function formatQuantity(thousandths: number): string {
  const whole = Math.floor(thousandths / 1000);
  const fraction = String(thousandths % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

const quantityMessage = 'Must be a quantity above 0 with at most 3 decimals, as a string such as "1.5"';

/**
 * A quantity as a decimal string ("1.5" hours, "2", "0.333"), never a float. Kept as given
 * (PostgreSQL numeric(12,3) reads back "1.500"; formatQuantity shortens it for display).
 */
export const quantitySchema = z
  .string({ error: quantityMessage })
  .trim()
  .regex(quantityPattern, { error: quantityMessage, abort: true })
  .refine((value) => quantityToThousandths(value) !== undefined, { error: quantityMessage })
  .meta({ description: 'A decimal string above 0 with at most 3 decimals, such as "1.5"' });

// ---- Rounding ---------------------------------------------------------------------------

/**
 * numerator / denominator rounded to the nearest integer, ties away from zero (Java's HALF_UP):
 * 0.5 → 1, -0.5 → -1, so a credit note mirrors the invoice it corrects.
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('roundHalfUp: the denominator must be positive');
  if (numerator < 0n) return -roundHalfUp(-numerator, denominator);
  const quotient = numerator / denominator;
  return 2n * (numerator % denominator) >= denominator ? quotient + 1n : quotient;
}

/** 99_750 ppm → "9.975": the rate as people write it, exact (no float). */
export function ratePercent(ppm: number): string {
  const whole = Math.trunc(ppm / 10_000);
  const fraction = String(ppm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** `basisPoints` of `cents` (signed), half-up to the cent: percentOfCents(1999, 1000) = 200. */
export function percentOfCents(cents: Cents, basisPoints: number): Cents {
  return scale(cents, basisPoints, 10_000n, 'percentOfCents');
}

/** `ppm` parts per million of `cents` (signed), half-up to the cent: partsPerMillionOf(10000, 99750) = 998. */
export function partsPerMillionOf(cents: Cents, ppm: number): Cents {
  return scale(cents, ppm, 1_000_000n, 'partsPerMillionOf');
}

// Below computeTotals, inputs were validated at the edge: a bad one is a bug (RangeError), not a 400.
function scale(cents: Cents, rate: number, denominator: bigint, name: string): Cents {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${name}: cents must be a safe integer`);
  if (!Number.isSafeInteger(rate) || rate < 0)
    throw new RangeError(`${name}: the rate must be an integer ≥ 0`);
  const result = roundHalfUp(BigInt(cents) * BigInt(rate), denominator);
  if (result > safeMax || result < -safeMax)
    throw new RangeError(`${name}: the result is not a safe integer`);
  return Number(result);
}

// ---- Allocation -------------------------------------------------------------------------

/**
 * Splits `total` cents in proportion to `weights` by the largest-remainder method: each part is
 * its exact share rounded down, then the cents left go one each to the largest remainders (ties:
 * the earlier weight). Parts sum to `total` exactly and each is within 1 cent of its exact share;
 * when 0 ≤ total ≤ Σ weights, no part exceeds its weight. A negative total is split as its mirror.
 */
export function allocateCents(total: Cents, weights: readonly number[]): Cents[] {
  if (!Number.isSafeInteger(total)) throw new RangeError('allocateCents: total must be a safe integer');
  if (!weights.every((weight) => Number.isSafeInteger(weight) && weight >= 0)) {
    throw new RangeError('allocateCents: weights must be non-negative safe integers');
  }
  return allocate(BigInt(total), weights.map(BigInt)).map(Number);
}

function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) return allocate(-total, weights).map((part) => -part);
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    if (total === 0n) return weights.map(() => 0n);
    throw new RangeError('allocateCents: cannot split a non-zero total over zero weights');
  }
  const parts = weights.map((weight) => (total * weight) / sum);
  let left = total - parts.reduce((a, b) => a + b, 0n);
  const byRemainder = weights
    .map((weight, index) => ({ index, remainder: (total * weight) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  // `left` is smaller than the number of non-zero remainders, so a share that was exact never gets a cent.
  for (const { index } of byRemainder) {
    if (left === 0n) break;
    parts[index]! += 1n;
    left -= 1n;
  }
  return parts;
}

// ---- Tax profiles -----------------------------------------------------------------------

export interface Tax {
  code: string;
  rate_ppm: number;
}

/** A tax profile is data (it will live in settings): each tax applies to the same taxable base. */
export interface TaxProfile {
  code: string;
  taxes: readonly Tax[];
}

export const taxProfileSchema = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/, { error: 'Must be 2–20 capitals, digits or _' }),
    taxes: z
      .array(
        z.object({
          code: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, { error: 'Must be 2–10 capitals, digits or _' }),
          rate_ppm: ratePpmSchema,
        }),
      )
      .max(4)
      .refine((taxes) => new Set(taxes.map((tax) => tax.code)).size === taxes.length, {
        error: 'Each tax code may appear once',
      }),
  })
  .meta({ id: 'TaxProfile' });

const gst: Tax = { code: 'GST', rate_ppm: 50_000 };
const hst = (rate_ppm: number): Tax => ({ code: 'HST', rate_ppm });

/**
 * Built-in profiles, rates in force in 2025. Québec: GST 5 % and QST 9.975 %, each on the
 * selling price (QST is not charged on GST since 2013). Provinces with a PST that exempts
 * things GST taxes (BC, SK, MB) need a taxable flag per tax, which lines do not have yet.
 */
export const taxProfiles = {
  QC: { code: 'QC', taxes: [gst, { code: 'QST', rate_ppm: 99_750 }] },
  ON: { code: 'ON', taxes: [hst(130_000)] },
  NB: { code: 'NB', taxes: [hst(150_000)] },
  NL: { code: 'NL', taxes: [hst(150_000)] },
  PE: { code: 'PE', taxes: [hst(150_000)] },
  /** 14 % since 2025-04-01 (15 % before). */
  NS: { code: 'NS', taxes: [hst(140_000)] },
  /** Alberta and the territories. */
  GST_ONLY: { code: 'GST_ONLY', taxes: [gst] },
  NONE: { code: 'NONE', taxes: [] },
} as const satisfies Record<string, TaxProfile>;

export const DEFAULT_TAX_PROFILE: TaxProfile = taxProfiles.QC;

// ---- Formatting -------------------------------------------------------------------------

// Building an Intl.NumberFormat costs far more than formatting with one: a PDF formats dozens of amounts.
const currencyFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();

function currencyFormat(currency: string, locale: string) {
  const key = `${locale}|${currency}`;
  let entry = currencyFormats.get(key);
  if (!entry) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    entry = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    // A few locales times a few currencies; bounded anyway, whatever callers pass.
    if (currencyFormats.size < 1_000) currencyFormats.set(key, entry);
  }
  return entry;
}

/** For documents the server writes (PDFs): formatCents(11498, 'CAD', 'fr-CA') = "114,98 $". */
export function formatCents(cents: Cents, currency: string, locale: string): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('formatCents: cents must be a safe integer');
  const { format, digits } = currencyFormat(currency, locale);
  const magnitude = String(Math.abs(cents)).padStart(digits + 1, '0');
  const decimal = digits ? `${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}` : magnitude;
  // A decimal string, not cents / 100: Intl formats it exactly.
  return format.format(`${cents < 0 ? '-' : ''}${decimal}` as Intl.StringNumericLiteral);
}

// ---- Invoice totals ---------------------------------------------------------------------

export type PromoInput =
  | { kind: 'percentage'; basis_points: number }
  | { kind: 'fixed'; amount_cents: Cents };

export interface TotalsLineInput {
  /** A decimal string above 0 with at most 3 decimals ("1.5" hours): see quantitySchema. */
  quantity: string;
  unit_price_cents: Cents;
  /** Taken off this line; at most round_half_up(quantity × unit price). */
  discount_cents: Cents;
  taxable: boolean;
}

export interface TotalsInput {
  lines: readonly TotalsLineInput[];
  /** Off the subtotal (after line discounts); at most the subtotal. */
  invoice_discount_cents: Cents;
  /** Applied after the invoice discount; a fixed amount is capped at what remains. */
  promo: PromoInput | null;
  shipping_cents: Cents;
  shipping_taxable: boolean;
  tax_profile: TaxProfile;
  /** No tax at all: every amount is counted as non-taxable. */
  tax_exempt: boolean;
}

export interface TotalsLine {
  /** round_half_up(quantity × unit_price_cents) */
  gross_cents: Cents;
  discount_cents: Cents;
  /** gross_cents − discount_cents */
  line_total_cents: Cents;
}

export interface TaxAmount extends Tax {
  amount_cents: Cents;
}

/**
 * What an invoice adds up to. Identities that hold exactly (property-tested):
 * - subtotal = Σ lines.line_total = gross − line_discount
 * - discount = line_discount + invoice_discount + promo_discount
 * - taxable + non_taxable = subtotal − invoice_discount − promo_discount + shipping
 * - total = taxable + non_taxable + tax, tax = Σ taxes.amount
 * `taxable_cents` is the tax base (taxable shipping included), what the sales-tax report sums.
 */
export interface Totals {
  lines: TotalsLine[];
  gross_cents: Cents;
  line_discount_cents: Cents;
  subtotal_cents: Cents;
  invoice_discount_cents: Cents;
  promo_discount_cents: Cents;
  discount_cents: Cents;
  shipping_cents: Cents;
  taxable_cents: Cents;
  non_taxable_cents: Cents;
  /** One entry per tax of the profile, in its order; empty when tax-exempt. */
  taxes: TaxAmount[];
  tax_cents: Cents;
  total_cents: Cents;
}

/**
 * Computes an invoice's (or quote's) totals. Bad input throws a 400 naming each field, with
 * paths in this input's terms (`lines.2.discount_cents`, `invoice_discount_cents`, `promo.basis_points`).
 * Order: lines (each rounded to the cent) → invoice discount → promo → shipping → each tax
 * rounded half-up once on the invoice's taxable base. The order-level discounts are split
 * between the taxable and non-taxable amounts in proportion (largest remainder).
 */
export function computeTotals(input: TotalsInput): Totals {
  const quantities = validateTotalsInput(input);
  const issues: FieldError[] = [];

  const lines = input.lines.map((line, index) => {
    const gross = roundHalfUp(BigInt(quantities[index]!) * BigInt(line.unit_price_cents), 1000n);
    const discount = BigInt(line.discount_cents);
    if (discount > gross) {
      issues.push({
        path: `lines.${index}.discount_cents`,
        message: `Must not exceed the line's amount (${gross} cents)`,
      });
    }
    return { gross, discount, total: gross - discount, taxable: line.taxable };
  });
  if (issues.length) throw invalidFields(issues);

  const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
  const taxableLines = sum(lines.filter((line) => line.taxable).map((line) => line.total));
  const otherLines = sum(lines.filter((line) => !line.taxable).map((line) => line.total));
  const subtotal = taxableLines + otherLines;

  const invoiceDiscount = BigInt(input.invoice_discount_cents);
  if (invoiceDiscount > subtotal) {
    throw invalidFields([
      { path: 'invoice_discount_cents', message: `Must not exceed the subtotal (${subtotal} cents)` },
    ]);
  }
  const afterInvoiceDiscount = subtotal - invoiceDiscount;
  const promo = input.promo;
  const promoDiscount = !promo
    ? 0n
    : promo.kind === 'percentage'
      ? roundHalfUp(afterInvoiceDiscount * BigInt(promo.basis_points), 10_000n)
      : bigMin(BigInt(promo.amount_cents), afterInvoiceDiscount);

  const [taxableDiscount = 0n, otherDiscount = 0n] = allocate(invoiceDiscount + promoDiscount, [
    taxableLines,
    otherLines,
  ]);
  const shipping = BigInt(input.shipping_cents);
  let taxable = taxableLines - taxableDiscount + (input.shipping_taxable ? shipping : 0n);
  let nonTaxable = otherLines - otherDiscount + (input.shipping_taxable ? 0n : shipping);
  if (input.tax_exempt) {
    nonTaxable += taxable;
    taxable = 0n;
  }
  const taxes = input.tax_exempt
    ? []
    : input.tax_profile.taxes.map((tax) => ({
        code: tax.code,
        rate_ppm: tax.rate_ppm,
        amount: roundHalfUp(taxable * BigInt(tax.rate_ppm), 1_000_000n),
      }));
  const tax = sum(taxes.map((entry) => entry.amount));
  const lineDiscount = sum(lines.map((line) => line.discount));

  // Every output is at most the gross or the total: once those two fit, all do.
  const gross = sum(lines.map((line) => line.gross));
  const total = taxable + nonTaxable + tax;
  if (gross > safeMax) {
    throw invalidFields([
      { path: 'lines', message: 'The lines add up to more than the largest supported amount' },
    ]);
  }
  if (total > safeMax) {
    throw invalidFields([
      { path: 'total_cents', message: 'The total is more than the largest supported amount' },
    ]);
  }

  return {
    lines: lines.map((line) => ({
      gross_cents: Number(line.gross),
      discount_cents: Number(line.discount),
      line_total_cents: Number(line.total),
    })),
    gross_cents: Number(gross),
    line_discount_cents: Number(lineDiscount),
    subtotal_cents: Number(subtotal),
    invoice_discount_cents: Number(invoiceDiscount),
    promo_discount_cents: Number(promoDiscount),
    discount_cents: Number(lineDiscount + invoiceDiscount + promoDiscount),
    shipping_cents: Number(shipping),
    taxable_cents: Number(taxable),
    non_taxable_cents: Number(nonTaxable),
    taxes: taxes.map((entry) => ({
      code: entry.code,
      rate_ppm: entry.rate_ppm,
      amount_cents: Number(entry.amount),
    })),
    tax_cents: Number(tax),
    total_cents: Number(total),
  };
}

/** Checks every field at once (so a form shows all its errors) and returns each line's quantity in thousandths. */
function validateTotalsInput(input: TotalsInput): number[] {
  const issues: FieldError[] = [];
  const cents = (value: unknown, path: string) => {
    const message = centsIssue(value);
    if (message) issues.push({ path, message });
  };
  const quantities = input.lines.map((line, index) => {
    const thousandths = typeof line.quantity === 'string' ? quantityToThousandths(line.quantity) : undefined;
    if (thousandths === undefined) issues.push({ path: `lines.${index}.quantity`, message: quantityMessage });
    cents(line.unit_price_cents, `lines.${index}.unit_price_cents`);
    cents(line.discount_cents, `lines.${index}.discount_cents`);
    return thousandths ?? 0;
  });
  cents(input.invoice_discount_cents, 'invoice_discount_cents');
  cents(input.shipping_cents, 'shipping_cents');
  const promo = input.promo;
  if (promo?.kind === 'percentage') {
    const parsed = basisPointsSchema.safeParse(promo.basis_points);
    if (!parsed.success)
      issues.push({ path: 'promo.basis_points', message: parsed.error.issues[0]!.message });
  } else if (promo?.kind === 'fixed') {
    cents(promo.amount_cents, 'promo.amount_cents');
  } else if (promo !== null && promo !== undefined) {
    issues.push({ path: 'promo.kind', message: 'Must be percentage or fixed' });
  }
  const profile = taxProfileSchema.safeParse(input.tax_profile);
  if (!profile.success) {
    for (const issue of profile.error.issues) {
      issues.push({ path: ['tax_profile', ...issue.path].join('.'), message: issue.message });
    }
  }
  if (issues.length) throw invalidFields(issues);
  return quantities;
}

function bigMin(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
