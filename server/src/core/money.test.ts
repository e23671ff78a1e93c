import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors.ts';
import {
  allocateCents,
  assertCents,
  centsSchema,
  computeTotals,
  currencySchema,
  DEFAULT_CURRENCY,
  formatCents,
  formatQuantity,
  partsPerMillionOf,
  percentOfCents,
  quantitySchema,
  quantityToThousandths,
  ratePercent,
  roundHalfUp,
  signedCentsSchema,
  type TaxProfile,
  type Totals,
  type TotalsInput,
  type TotalsLineInput,
  taxProfileSchema,
  taxProfiles,
} from './money.ts';

const line = (
  quantity: string,
  unit_price_cents: number,
  extra: Partial<TotalsLineInput> = {},
): TotalsLineInput => ({
  quantity,
  unit_price_cents,
  discount_cents: 0,
  taxable: true,
  ...extra,
});

const invoice = (extra: Partial<TotalsInput> = {}): TotalsInput => ({
  lines: [],
  invoice_discount_cents: 0,
  promo: null,
  shipping_cents: 0,
  shipping_taxable: true,
  tax_profile: taxProfiles.QC,
  tax_exempt: false,
  ...extra,
});

const taxAmounts = (totals: Totals) =>
  Object.fromEntries(totals.taxes.map((tax) => [tax.code, tax.amount_cents]));

/** Runs `run` and returns the paths of the 400 it must throw. */
function invalidPaths(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError).toMatchObject({ code: 'request.invalid', status: 400 });
    return (appError.errors ?? []).map((field) => field.path);
  }
  throw new Error('expected a 400, but nothing was thrown');
}

const big = Math.floor(Number.MAX_SAFE_INTEGER / 1000); // 9 007 199 254 740 cents

describe('computeTotals', () => {
  it.each([
    {
      name: 'Québec: 100.00 taxable → GST 5.00, QST 9.98 (9.975 rounded up), 114.98',
      input: invoice({ lines: [line('1', 10_000)] }),
      taxes: { GST: 500, QST: 998 },
      taxable: 10_000,
      total: 11_498,
    },
    {
      name: '10 cents at 5 % is 0.5 cent, rounded up to 1',
      input: invoice({ lines: [line('1', 10)], tax_profile: taxProfiles.GST_ONLY }),
      taxes: { GST: 1 },
      taxable: 10,
      total: 11,
    },
    {
      name: 'a tie on QST rounds up, not to even (60.00 → 5.985)',
      input: invoice({ lines: [line('1', 6000)] }),
      taxes: { GST: 300, QST: 599 },
      taxable: 6000,
      total: 6899,
    },
    {
      name: 'QST is on the selling price, not on the price plus GST',
      input: invoice({ lines: [line('3', 33_333)] }),
      taxes: { GST: 5000, QST: 9975 },
      taxable: 99_999,
      total: 114_974,
    },
    {
      name: 'Ontario HST 13 %',
      input: invoice({ lines: [line('1', 10_000)], tax_profile: taxProfiles.ON }),
      taxes: { HST: 1300 },
      taxable: 10_000,
      total: 11_300,
    },
    {
      name: 'a tax-exempt customer pays no tax, and nothing is counted as taxable',
      input: invoice({ lines: [line('1', 10_000)], shipping_cents: 500, tax_exempt: true }),
      taxes: {},
      taxable: 0,
      total: 10_500,
    },
    {
      name: 'the NONE profile charges nothing',
      input: invoice({ lines: [line('1', 10_000)], tax_profile: taxProfiles.NONE }),
      taxes: {},
      taxable: 10_000,
      total: 10_000,
    },
    {
      name: 'no lines: zero everywhere',
      input: invoice(),
      taxes: { GST: 0, QST: 0 },
      taxable: 0,
      total: 0,
    },
    {
      name: 'no lines, only taxable shipping',
      input: invoice({ shipping_cents: 1000 }),
      taxes: { GST: 50, QST: 100 },
      taxable: 1000,
      total: 1150,
    },
    {
      name: 'taxable shipping is in the tax base',
      input: invoice({ lines: [line('1', 10_000)], shipping_cents: 1500 }),
      taxes: { GST: 575, QST: 1147 },
      taxable: 11_500,
      total: 13_222,
    },
    {
      name: 'non-taxable shipping is added after taxes',
      input: invoice({ lines: [line('1', 10_000)], shipping_cents: 1500, shipping_taxable: false }),
      taxes: { GST: 500, QST: 998 },
      taxable: 10_000,
      total: 12_998,
    },
    {
      name: 'a big amount (MAX_SAFE_INTEGER / 1000) is exact',
      input: invoice({ lines: [line('1', big)] }),
      taxes: { GST: 450_359_962_737, QST: 898_468_125_660 },
      taxable: big,
      total: 10_356_027_343_137,
    },
  ])('$name', ({ input, taxes, taxable, total }) => {
    const totals = computeTotals(input);
    expect(taxAmounts(totals)).toEqual(taxes);
    expect(totals.taxable_cents).toBe(taxable);
    expect(totals.total_cents).toBe(total);
  });

  it.each([
    { quantity: '0.5', price: 1999, gross: 1000 }, // 999.5 → 1000
    { quantity: '1.333', price: 1000, gross: 1333 },
    { quantity: '1.333', price: 2999, gross: 3998 }, // 3997.667
    { quantity: '0.001', price: 499, gross: 0 }, // 0.499
    { quantity: '0.001', price: 500, gross: 1 }, // 0.5
    { quantity: '999999999.999', price: 1, gross: 1_000_000_000 }, // 999 999 999.999
    { quantity: '1.500', price: 8000, gross: 12_000 },
  ])('a line of $quantity × $price cents is $gross cents, rounded half-up', ({ quantity, price, gross }) => {
    const totals = computeTotals(invoice({ lines: [line(quantity, price)] }));
    expect(totals.lines[0]).toEqual({ gross_cents: gross, discount_cents: 0, line_total_cents: gross });
    expect(totals.subtotal_cents).toBe(gross);
  });

  it('takes line discounts off each line, and reports every kind of discount', () => {
    const totals = computeTotals(
      invoice({
        lines: [line('2', 2500, { discount_cents: 500 }), line('1', 5000, { discount_cents: 5000 })],
        invoice_discount_cents: 500,
        promo: { kind: 'fixed', amount_cents: 1000 },
      }),
    );
    expect(totals).toMatchObject({
      lines: [
        { gross_cents: 5000, discount_cents: 500, line_total_cents: 4500 },
        { gross_cents: 5000, discount_cents: 5000, line_total_cents: 0 },
      ],
      gross_cents: 10_000,
      line_discount_cents: 5500,
      subtotal_cents: 4500,
      invoice_discount_cents: 500,
      promo_discount_cents: 1000,
      discount_cents: 7000,
      taxable_cents: 3000,
      tax_cents: 150 + 299, // 299.25
      total_cents: 3449,
    });
  });

  it.each([
    {
      name: 'an invoice discount is split 60/40 between taxable and non-taxable lines',
      lines: [line('1', 6000), line('1', 4000, { taxable: false })],
      invoice_discount_cents: 1000,
      promo: null,
      taxable: 5400,
      nonTaxable: 3600,
    },
    {
      name: 'a cent that cannot be split goes to the larger remainder (1/3 taxable: 0.33 → 0)',
      lines: [line('1', 1), line('1', 2, { taxable: false })],
      invoice_discount_cents: 1,
      promo: null,
      taxable: 1,
      nonTaxable: 1,
    },
    {
      name: 'a percentage promo applies after the invoice discount (10 % of 90.00)',
      lines: [line('1', 10_000)],
      invoice_discount_cents: 1000,
      promo: { kind: 'percentage' as const, basis_points: 1000 },
      taxable: 8100,
      nonTaxable: 0,
    },
    {
      name: 'a percentage promo is rounded half-up (10 % of 99.95 = 9.995)',
      lines: [line('1', 9995)],
      invoice_discount_cents: 0,
      promo: { kind: 'percentage' as const, basis_points: 1000 },
      taxable: 8995,
      nonTaxable: 0,
    },
    {
      name: 'a fixed promo larger than what remains is capped at it',
      lines: [line('1', 500)],
      invoice_discount_cents: 100,
      promo: { kind: 'fixed' as const, amount_cents: 1000 },
      taxable: 0,
      nonTaxable: 0,
    },
    {
      name: 'an invoice discount equal to the subtotal is allowed',
      lines: [line('1', 700), line('1', 300, { taxable: false })],
      invoice_discount_cents: 1000,
      promo: { kind: 'percentage' as const, basis_points: 10_000 },
      taxable: 0,
      nonTaxable: 0,
    },
  ])('$name', ({ lines, invoice_discount_cents, promo, taxable, nonTaxable }) => {
    const totals = computeTotals(invoice({ lines, invoice_discount_cents, promo }));
    expect(totals.taxable_cents).toBe(taxable);
    expect(totals.non_taxable_cents).toBe(nonTaxable);
    expect(totals.total_cents).toBe(taxable + nonTaxable + totals.tax_cents);
  });

  it.each([
    ...['0', '0.000', '-1', '1.2345', '1e3', 'abc', '', ' 1', '01', '.5', '1000000000'].map((quantity) => ({
      name: `quantity "${quantity}"`,
      input: invoice({ lines: [line('1', 100), line(quantity, 100)] }),
      paths: ['lines.1.quantity'],
    })),
    ...[-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53].flatMap((bad) => [
      {
        name: `unit price ${bad}`,
        input: invoice({ lines: [line('1', bad)] }),
        paths: ['lines.0.unit_price_cents'],
      },
      {
        name: `line discount ${bad}`,
        input: invoice({ lines: [line('1', 100, { discount_cents: bad })] }),
        paths: ['lines.0.discount_cents'],
      },
      {
        name: `invoice discount ${bad}`,
        input: invoice({ invoice_discount_cents: bad }),
        paths: ['invoice_discount_cents'],
      },
      { name: `shipping ${bad}`, input: invoice({ shipping_cents: bad }), paths: ['shipping_cents'] },
      {
        name: `fixed promo ${bad}`,
        input: invoice({ promo: { kind: 'fixed', amount_cents: bad } }),
        paths: ['promo.amount_cents'],
      },
    ]),
    ...[-1, 2.5, 10_001].map((basis_points) => ({
      name: `promo of ${basis_points} bp`,
      input: invoice({ promo: { kind: 'percentage', basis_points } }),
      paths: ['promo.basis_points'],
    })),
    {
      name: 'a line discount larger than its line',
      input: invoice({ lines: [line('1.5', 100, { discount_cents: 151 })] }),
      paths: ['lines.0.discount_cents'],
    },
    {
      name: 'an invoice discount larger than the subtotal after line discounts',
      input: invoice({ lines: [line('1', 1000, { discount_cents: 100 })], invoice_discount_cents: 901 }),
      paths: ['invoice_discount_cents'],
    },
    {
      name: 'a tax rate that is not whole parts per million',
      input: invoice({ tax_profile: { code: 'X', taxes: [{ code: 'GST', rate_ppm: 0.5 }] } as TaxProfile }),
      paths: ['tax_profile.code', 'tax_profile.taxes.0.rate_ppm'],
    },
    {
      name: 'several bad fields at once, each named',
      input: invoice({ lines: [line('0', -1)], shipping_cents: 0.5 }),
      paths: ['lines.0.quantity', 'lines.0.unit_price_cents', 'shipping_cents'],
    },
    {
      name: 'lines adding up past the largest safe amount',
      input: invoice({
        lines: [line('1', Number.MAX_SAFE_INTEGER), line('1', 1)],
        tax_profile: taxProfiles.NONE,
      }),
      paths: ['lines'],
    },
    {
      name: 'taxes taking the total past the largest safe amount',
      input: invoice({ lines: [line('1', Number.MAX_SAFE_INTEGER)] }),
      paths: ['total_cents'],
    },
  ])('refuses $name with a 400 naming the field', ({ input, paths }) => {
    expect(invalidPaths(() => computeTotals(input))).toEqual(paths);
  });
});

describe('rounding', () => {
  it.each([
    [1n, 2n, 1n],
    [-1n, 2n, -1n],
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-2n, 3n, -1n],
    [0n, 7n, 0n],
    [14n, 7n, 2n],
    [499_999n, 1_000_000n, 0n],
    [500_000n, 1_000_000n, 1n],
  ])('roundHalfUp(%s / %s) = %s', (numerator, denominator, expected) => {
    expect(roundHalfUp(numerator, denominator)).toBe(expected);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it.each([
    [1999, 1000, 200],
    [5, 1000, 1],
    [4, 1000, 0],
    [15, 1000, 2],
    [-5, 1000, -1],
    [10_000, 10_000, 10_000],
    [Number.MAX_SAFE_INTEGER, 10_000, Number.MAX_SAFE_INTEGER],
  ])('percentOfCents(%s, %s bp) = %s', (cents, basisPoints, expected) => {
    expect(percentOfCents(cents, basisPoints)).toBe(expected);
  });

  it.each([
    [10_000, 99_750, 998],
    [10, 50_000, 1],
    [9, 50_000, 0],
    [Number.MAX_SAFE_INTEGER, 1_000_000, Number.MAX_SAFE_INTEGER],
  ])('partsPerMillionOf(%s, %s ppm) = %s', (cents, ppm, expected) => {
    expect(partsPerMillionOf(cents, ppm)).toBe(expected);
  });

  it('refuses fractional cents, a fractional or negative rate, and an unsafe result', () => {
    expect(() => percentOfCents(1.5, 100)).toThrow(RangeError);
    expect(() => percentOfCents(100, 1.5)).toThrow(RangeError);
    expect(() => partsPerMillionOf(100, -1)).toThrow(RangeError);
    expect(() => percentOfCents(Number.MAX_SAFE_INTEGER, 20_000)).toThrow(RangeError);
  });
});

describe('allocateCents', () => {
  it.each([
    { total: 100, weights: [1, 1, 1], parts: [34, 33, 33] },
    { total: 100, weights: [1, 2], parts: [33, 67] },
    { total: -100, weights: [1, 1, 1], parts: [-34, -33, -33] },
    { total: 1, weights: [1, 1], parts: [1, 0] },
    { total: 10, weights: [0, 5], parts: [0, 10] },
    { total: 0, weights: [0, 0], parts: [0, 0] },
    { total: 5, weights: [2, 2, 1], parts: [2, 2, 1] },
    { total: 7, weights: [], parts: null },
    { total: 5, weights: [0, 0], parts: null },
    { total: 1.5, weights: [1], parts: null },
    { total: 1, weights: [-1, 2], parts: null },
  ])('splits $total over $weights as $parts', ({ total, weights, parts }) => {
    if (parts) expect(allocateCents(total, weights)).toEqual(parts);
    else expect(() => allocateCents(total, weights)).toThrow(RangeError);
  });
});

describe('validation', () => {
  const body = z.object({ amount_cents: centsSchema, currency: currencySchema.default(DEFAULT_CURRENCY) });
  const issuePath = (input: unknown) =>
    body.safeParse(input).error?.issues.map((issue) => issue.path.join('.'));

  it('accepts whole non-negative cents and refuses anything else, naming the field', () => {
    for (const good of [0, 1, Number.MAX_SAFE_INTEGER])
      expect(issuePath({ amount_cents: good })).toBeUndefined();
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53, '100', null]) {
      expect(issuePath({ amount_cents: bad })).toEqual(['amount_cents']);
    }
    expect(signedCentsSchema.parse(-5)).toBe(-5);
    expect(signedCentsSchema.safeParse(-0.5).success).toBe(false);
  });

  it('accepts ISO 4217 codes in any case, defaults to CAD, and refuses the rest', () => {
    expect(body.parse({ amount_cents: 1 }).currency).toBe('CAD');
    expect(body.parse({ amount_cents: 1, currency: 'usd' }).currency).toBe('USD');
    expect(body.parse({ amount_cents: 1, currency: 'EUR' }).currency).toBe('EUR');
    for (const bad of ['XYZ', 'CA', 'CADD', 'C4D', '', 'XXX', 124]) {
      expect(issuePath({ amount_cents: 1, currency: bad })).toEqual(['currency']);
    }
  });

  it('reads quantities as decimal strings, never numbers, and shortens them for display', () => {
    expect(quantitySchema.parse(' 1.500 ')).toBe('1.500');
    expect(quantitySchema.parse('0.001')).toBe('0.001');
    for (const bad of ['0', '0.000', '-1', '1.2345', '1,5', '1000000000', 1.5]) {
      expect(quantitySchema.safeParse(bad).error?.issues).toHaveLength(1);
    }
    expect(formatQuantity(1_333)).toBe('1.333');
    expect(formatQuantity(1_500)).toBe('1.5');
    expect(formatQuantity(2_000)).toBe('2');
    expect(quantityToThousandths('1.500')).toBe(1_500);
    expect(quantityToThousandths('999999999.999')).toBe(999_999_999_999);
  });

  it('assertCents throws a 400 naming the given path', () => {
    expect(() => assertCents(12, 'amount_cents')).not.toThrow();
    expect(invalidPaths(() => assertCents(-1, 'lines.3.discount_cents'))).toEqual(['lines.3.discount_cents']);
    expect(invalidPaths(() => assertCents('5', 'amount_cents'))).toEqual(['amount_cents']);
  });

  it('every built-in tax profile is valid data, and a tax may appear only once', () => {
    for (const profile of Object.values(taxProfiles))
      expect(taxProfileSchema.parse(profile)).toEqual(profile);
    const twice = { code: 'QC', taxes: [taxProfiles.GST_ONLY.taxes[0], taxProfiles.GST_ONLY.taxes[0]] };
    expect(taxProfileSchema.safeParse(twice).success).toBe(false);
  });
});

describe('formatCents', () => {
  const spaces = (text: string) => text.replace(/\s/g, ' ');

  it.each([
    [11_498, 'CAD', 'fr-CA', '114,98 $'],
    [11_498, 'CAD', 'en-CA', '$114.98'],
    [123_456_789, 'CAD', 'fr-CA', '1 234 567,89 $'],
    [-5, 'CAD', 'fr-CA', '-0,05 $'],
    [Number.MAX_SAFE_INTEGER, 'CAD', 'en-CA', '$90,071,992,547,409.91'],
    [1234, 'JPY', 'en-CA', 'JP¥1,234'],
    [1234, 'BHD', 'en-CA', 'BHD 1.234'],
  ])('formats %s %s in %s as %s', (cents, currency, locale, expected) => {
    expect(spaces(formatCents(cents, currency, locale))).toBe(expected);
  });
});

describe('ratePercent', () => {
  it('writes a rate in parts per million as a percent, exactly', () => {
    expect(ratePercent(99_750)).toBe('9.975');
    expect(ratePercent(50_000)).toBe('5');
    expect(ratePercent(130_000)).toBe('13');
    expect(ratePercent(1)).toBe('0.0001');
  });
});
