import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import {
  allocateCents,
  computeTotals,
  formatQuantity,
  partsPerMillionOf,
  percentOfCents,
  type TaxProfile,
  type Totals,
  type TotalsInput,
  type TotalsLineInput,
  taxProfiles,
} from './money.ts';

/** Property tests: what must hold for every invoice, not just the ones we thought of. */

const runs = { numRuns: 2000 };

const priceArb = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 100_000 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 1_000_000_000 }), weight: 1 },
);
const thousandthsArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 10_000 }), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 1_000_000 }), weight: 1 },
);
const permilleArb = fc.oneof(fc.constant(0), fc.constant(1000), fc.integer({ min: 0, max: 1000 }));

/** A line whose discount is at most its amount (a share of ⌊quantity × price⌋). */
const lineArb = fc
  .record({ thousandths: thousandthsArb, price: priceArb, taxable: fc.boolean(), discount: permilleArb })
  .map(({ thousandths, price, taxable, discount }): TotalsLineInput => {
    const floorGross = (BigInt(thousandths) * BigInt(price)) / 1000n;
    return {
      quantity: formatQuantity(thousandths),
      unit_price_cents: price,
      discount_cents: Number((floorGross * BigInt(discount)) / 1000n),
      taxable,
    };
  });

const profileArb: fc.Arbitrary<TaxProfile> = fc.oneof(
  fc.constantFrom(...Object.values(taxProfiles)),
  fc
    .uniqueArray(
      fc.record({
        code: fc.constantFrom('GST', 'QST', 'HST', 'PST', 'RST'),
        rate_ppm: fc.integer({ min: 0, max: 1_000_000 }),
      }),
      { selector: (tax) => tax.code, maxLength: 4 },
    )
    .map((taxes) => ({ code: 'CUSTOM', taxes })),
);

const promoArb = fc.option(
  fc.oneof(
    fc.record({
      kind: fc.constant('percentage' as const),
      basis_points: fc.integer({ min: 0, max: 10_000 }),
    }),
    fc.record({ kind: fc.constant('fixed' as const), amount_cents: priceArb }),
  ),
  { nil: null },
);

/** A valid invoice: the invoice discount is a share of a lower bound of the subtotal. */
const invoiceArb = fc
  .record({
    lines: fc.array(lineArb, { maxLength: 12 }),
    discount: permilleArb,
    promo: promoArb,
    shipping_cents: fc.oneof(fc.constant(0), priceArb),
    shipping_taxable: fc.boolean(),
    tax_profile: profileArb,
    tax_exempt: fc.boolean(),
  })
  .map(({ discount, ...rest }): TotalsInput => {
    const lowerSubtotal = rest.lines.reduce(
      (sum, line) => sum + floorGross(line) - BigInt(line.discount_cents),
      0n,
    );
    return { ...rest, invoice_discount_cents: Number((lowerSubtotal * BigInt(discount)) / 1000n) };
  });

function thousandthsOf(quantity: string): bigint {
  const [whole = '0', fraction = ''] = quantity.split('.');
  return BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, '0'));
}

function floorGross(line: TotalsLineInput): bigint {
  return (thousandthsOf(line.quantity) * BigInt(line.unit_price_cents)) / 1000n;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Every number anywhere in the result. */
function numbersIn(totals: Totals): number[] {
  return [
    ...Object.values(totals).filter((value) => typeof value === 'number'),
    ...totals.lines.flatMap((line) => Object.values(line)),
    ...totals.taxes.map((tax) => tax.amount_cents),
  ];
}

describe('computeTotals, for any valid invoice', () => {
  it('never drifts by a cent: every identity holds exactly, in non-negative safe integers', () => {
    fc.assert(
      fc.property(invoiceArb, (input) => {
        const totals = computeTotals(input);
        for (const value of numbersIn(totals)) expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
        expect(sum(totals.lines.map((line) => line.line_total_cents))).toBe(totals.subtotal_cents);
        expect(totals.gross_cents - totals.line_discount_cents).toBe(totals.subtotal_cents);
        expect(totals.discount_cents).toBe(
          totals.line_discount_cents + totals.invoice_discount_cents + totals.promo_discount_cents,
        );
        expect(totals.taxable_cents + totals.non_taxable_cents).toBe(
          totals.subtotal_cents -
            totals.invoice_discount_cents -
            totals.promo_discount_cents +
            input.shipping_cents,
        );
        expect(totals.tax_cents).toBe(sum(totals.taxes.map((tax) => tax.amount_cents)));
        expect(totals.total_cents).toBe(totals.taxable_cents + totals.non_taxable_cents + totals.tax_cents);
        expect(totals.total_cents).toBe(
          totals.gross_cents - totals.discount_cents + totals.shipping_cents + totals.tax_cents,
        );
      }),
      runs,
    );
  });

  it('rounds each line and each tax once, half-up, from the exact product', () => {
    fc.assert(
      fc.property(invoiceArb, (input) => {
        const totals = computeTotals(input);
        input.lines.forEach((line, index) => {
          // gross − exact ∈ (−½, ½], in thousandths of a cent
          const error =
            BigInt(totals.lines[index]!.gross_cents) * 1000n -
            thousandthsOf(line.quantity) * BigInt(line.unit_price_cents);
          expect(error > -500n && error <= 500n).toBe(true);
          expect(totals.lines[index]!.discount_cents).toBe(line.discount_cents);
        });
        if (input.tax_exempt) {
          expect(totals.taxes).toEqual([]);
          expect(totals.taxable_cents).toBe(0);
        } else {
          expect(totals.taxes.map(({ code, rate_ppm }) => ({ code, rate_ppm }))).toEqual(
            input.tax_profile.taxes,
          );
        }
        for (const tax of totals.taxes) {
          const error =
            BigInt(tax.amount_cents) * 1_000_000n - BigInt(totals.taxable_cents) * BigInt(tax.rate_ppm);
          expect(error > -500_000n && error <= 500_000n).toBe(true);
        }
      }),
      runs,
    );
  });

  it('applies the promo after the invoice discount, and splits both within a cent of the exact proportion', () => {
    fc.assert(
      fc.property(invoiceArb, (input) => {
        const totals = computeTotals(input);
        const remaining = totals.subtotal_cents - totals.invoice_discount_cents;
        const promo = input.promo;
        const expectedPromo = !promo
          ? 0
          : promo.kind === 'fixed'
            ? Math.min(promo.amount_cents, remaining)
            : percentOfCents(remaining, promo.basis_points);
        expect(totals.promo_discount_cents).toBe(expectedPromo);

        if (input.tax_exempt) return; // the split is not visible once everything is non-taxable
        const taxableLines = sum(
          totals.lines.filter((_, index) => input.lines[index]!.taxable).map((line) => line.line_total_cents),
        );
        const shipping = input.shipping_taxable ? input.shipping_cents : 0;
        const taxableDiscount = BigInt(taxableLines - (totals.taxable_cents - shipping));
        const orderDiscount = BigInt(totals.invoice_discount_cents + totals.promo_discount_cents);
        // |taxableDiscount − orderDiscount × taxableLines / subtotal| < 1
        const subtotal = BigInt(totals.subtotal_cents);
        const error = taxableDiscount * subtotal - orderDiscount * BigInt(taxableLines);
        expect(subtotal === 0n ? taxableDiscount === 0n : error > -subtotal && error < subtotal).toBe(true);
      }),
      runs,
    );
  });
});

const badCentsArb = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: -1 }),
  fc.double({ noInteger: true }),
  fc.constantFrom(2 ** 53, -(2 ** 53), Number.NaN, Number.POSITIVE_INFINITY),
);
const badQuantityArb = fc.oneof(
  fc.constantFrom('0', '0.0', '0.000', '-1', '1.2345', '1e2', '', ' 1', '1,5', 'NaN', '1000000000'),
  fc.integer({ max: 0 }).map(String),
  fc
    .double({ noInteger: true, min: 0.0001, max: 1000 })
    .map(String)
    .filter((text) => !/^\d+\.\d{1,3}$/.test(text)),
);

type Corruption = { path: string; apply: (input: TotalsInput, valid: Totals) => TotalsInput };

const withLine = (input: TotalsInput, index: number, change: Partial<TotalsLineInput>): TotalsInput => ({
  ...input,
  lines: input.lines.map((line, at) => (at === index ? { ...line, ...change } : line)),
});

const corruptionArb = (lineCount: number): fc.Arbitrary<Corruption> => {
  const top = [
    badCentsArb.map((bad) => ({
      path: 'invoice_discount_cents',
      apply: (input: TotalsInput) => ({ ...input, invoice_discount_cents: bad }),
    })),
    badCentsArb.map((bad) => ({
      path: 'shipping_cents',
      apply: (input: TotalsInput) => ({ ...input, shipping_cents: bad }),
    })),
    badCentsArb.map((bad) => ({
      path: 'promo.amount_cents',
      apply: (input: TotalsInput) => ({ ...input, promo: { kind: 'fixed' as const, amount_cents: bad } }),
    })),
    fc.oneof(badCentsArb, fc.integer({ min: 10_001 })).map((bad) => ({
      path: 'promo.basis_points',
      apply: (input: TotalsInput) => ({
        ...input,
        promo: { kind: 'percentage' as const, basis_points: bad },
      }),
    })),
    fc.integer({ min: 1, max: 1_000_000 }).map((excess) => ({
      path: 'invoice_discount_cents',
      apply: (input: TotalsInput, valid: Totals) => ({
        ...input,
        invoice_discount_cents: valid.subtotal_cents + excess,
      }),
    })),
  ];
  if (lineCount === 0) return fc.oneof(...top);
  const index = fc.integer({ min: 0, max: lineCount - 1 });
  return fc.oneof(
    ...top,
    fc.tuple(index, badQuantityArb).map(([at, bad]) => ({
      path: `lines.${at}.quantity`,
      apply: (input: TotalsInput) => withLine(input, at, { quantity: bad }),
    })),
    fc.tuple(index, badCentsArb).map(([at, bad]) => ({
      path: `lines.${at}.unit_price_cents`,
      apply: (input: TotalsInput) => withLine(input, at, { unit_price_cents: bad }),
    })),
    fc.tuple(index, badCentsArb).map(([at, bad]) => ({
      path: `lines.${at}.discount_cents`,
      apply: (input: TotalsInput) => withLine(input, at, { discount_cents: bad }),
    })),
    fc.tuple(index, fc.integer({ min: 1, max: 1_000_000 })).map(([at, excess]) => ({
      path: `lines.${at}.discount_cents`,
      apply: (input: TotalsInput, valid: Totals) =>
        withLine(input, at, { discount_cents: valid.lines[at]!.gross_cents + excess }),
    })),
  );
};

describe('computeTotals, for any invalid invoice', () => {
  it('refuses it with a 400 naming exactly the bad field', () => {
    const caseArb = invoiceArb.chain((input) =>
      fc.tuple(fc.constant(input), corruptionArb(input.lines.length)),
    );
    fc.assert(
      fc.property(caseArb, ([input, corruption]) => {
        const bad = corruption.apply(input, computeTotals(input));
        let thrown: unknown;
        try {
          computeTotals(bad);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(AppError);
        expect(thrown).toMatchObject({ status: 400, errors: [{ path: corruption.path }] });
      }),
      runs,
    );
  });
});

describe('allocateCents and rates, for any input', () => {
  const weightsArb = fc
    .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000_000 })), {
      minLength: 1,
      maxLength: 10,
    })
    .filter((weights) => weights.some((weight) => weight > 0));

  it('parts sum to the total, each within a cent of its exact share, never above its weight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
        weightsArb,
        (total, weights) => {
          const parts = allocateCents(total, weights);
          expect(parts).toHaveLength(weights.length);
          expect(sum(parts)).toBe(total);
          const weightSum = BigInt(sum(weights));
          parts.forEach((part, index) => {
            expect(Number.isSafeInteger(part)).toBe(true);
            const error = BigInt(part) * weightSum - BigInt(total) * BigInt(weights[index]!);
            expect(error > -weightSum && error < weightSum).toBe(true);
            if (total >= 0 && BigInt(total) <= weightSum)
              expect(part >= 0 && part <= weights[index]!).toBe(true);
          });
          expect(allocateCents(-total, weights)).toEqual(parts.map((part) => -part || 0));
        },
      ),
      runs,
    );
  });

  it('percentOfCents and partsPerMillionOf round the exact rational half-up, symmetric around zero', () => {
    const centsArb = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });
    fc.assert(
      fc.property(
        centsArb,
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (cents, bp, ppm) => {
          for (const [result, rate, scale] of [
            [percentOfCents(cents, bp), bp, 10_000n],
            [partsPerMillionOf(cents, ppm), ppm, 1_000_000n],
          ] as const) {
            // |result| − |exact| ∈ (−½, ½]: ties go away from zero
            const magnitude = BigInt(Math.abs(result)) * scale - BigInt(Math.abs(cents)) * BigInt(rate);
            expect(magnitude * 2n > -scale && magnitude * 2n <= scale).toBe(true);
            expect(Math.sign(result) === 0 || Math.sign(result) === Math.sign(cents)).toBe(true);
          }
          expect(percentOfCents(-cents, bp)).toBe(-percentOfCents(cents, bp) || 0);
        },
      ),
      runs,
    );
  });
});
