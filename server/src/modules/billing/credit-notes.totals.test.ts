import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { computeTotals, taxProfiles } from '../../core/money.ts';
import {
  type ChargedAmounts,
  type CreditLineInput,
  type CreditNoteAmounts,
  creditNoteAmounts,
} from './credit-notes.totals.ts';

const line: fc.Arbitrary<CreditLineInput> = fc.record({
  description: fc.constant('Article'),
  quantity: fc.integer({ min: 1, max: 20_000 }).map((n) => (n / 1000).toString()),
  unit_price_cents: fc.integer({ min: 0, max: 500_000 }),
  taxable: fc.boolean(),
});

/** Small amounts, where rounding each credit note's tax on its own matters most. */
const smallLine: fc.Arbitrary<CreditLineInput> = fc.record({
  description: fc.constant('Article'),
  quantity: fc.constant('1'),
  unit_price_cents: fc.integer({ min: 1, max: 300 }),
  taxable: fc.boolean(),
});

/** Any invoice computeTotals can produce: discounts, promo, shipping, any profile, exempt or not. */
const invoice = fc
  .record({
    lines: fc.oneof(
      fc.array(line, { minLength: 1, maxLength: 6 }),
      fc.array(smallLine, { minLength: 1, maxLength: 2 }),
    ),
    discountShare: fc.integer({ min: 0, max: 100 }),
    promoBp: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
    shipping: fc.integer({ min: 0, max: 5_000 }),
    shippingTaxable: fc.boolean(),
    profile: fc.constantFrom(...Object.values(taxProfiles)),
    exempt: fc.boolean(),
  })
  .map((input) => {
    const lines = input.lines.map((l) => ({ ...l, discount_cents: 0 }));
    const base = computeTotals({
      lines,
      invoice_discount_cents: 0,
      promo: null,
      shipping_cents: 0,
      shipping_taxable: true,
      tax_profile: input.profile,
      tax_exempt: input.exempt,
    });
    const totals = computeTotals({
      lines,
      invoice_discount_cents: Math.floor((base.subtotal_cents * input.discountShare) / 200),
      promo: input.promoBp === null ? null : { kind: 'percentage', basis_points: input.promoBp },
      shipping_cents: input.shipping,
      shipping_taxable: input.shippingTaxable,
      tax_profile: input.profile,
      tax_exempt: input.exempt,
    });
    return {
      number: 'INV-000001',
      taxable_cents: totals.taxable_cents,
      taxes: totals.taxes,
      total_cents: totals.total_cents,
    };
  });

function issue(
  issued: ChargedAmounts & { number: string },
  notes: CreditNoteAmounts[],
  lines: CreditLineInput[] | null,
) {
  try {
    const note = creditNoteAmounts(issued, notes, lines);
    notes.push(note);
    return note;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'credit_note.exceeds_invoice' || error.status === 400)) {
      return null;
    }
    throw error;
  }
}

describe('creditNoteAmounts', () => {
  it('partial credits, then a full one: the invoice and its credit notes net to zero, part by part', () => {
    fc.assert(
      fc.property(
        invoice,
        fc.array(fc.array(fc.oneof(line, smallLine), { minLength: 1, maxLength: 3 }), { maxLength: 40 }),
        (issued, partials) => {
          const notes: CreditNoteAmounts[] = [];
          for (const lines of partials) issue(issued, notes, lines);
          if (issued.total_cents > notes.reduce((sum, note) => sum + note.total_cents, 0)) {
            expect(issue(issued, notes, null)?.kind).toBe('full');
          }
          const credited = (pick: (note: ChargedAmounts) => number) =>
            notes.reduce((sum, note) => sum + pick(note), 0);
          expect(issued.total_cents - credited((note) => note.total_cents)).toBe(0);
          expect(issued.taxable_cents - credited((note) => note.taxable_cents)).toBe(0);
          for (const tax of issued.taxes) {
            const given = credited(
              (note) => note.taxes.find((entry) => entry.code === tax.code)?.amount_cents ?? 0,
            );
            expect(tax.amount_cents - given).toBe(0);
          }
          // No credit note, partial or full, is negative in any part; each adds up.
          for (const note of notes) {
            expect(note.taxable_cents).toBeGreaterThanOrEqual(0);
            expect(note.subtotal_cents).toBeGreaterThanOrEqual(note.taxable_cents);
            for (const tax of note.taxes) expect(tax.amount_cents).toBeGreaterThanOrEqual(0);
            const tax = note.taxes.reduce((sum, entry) => sum + entry.amount_cents, 0);
            expect(note.total_cents).toBe(note.subtotal_cents + tax);
            expect(note.total_cents).toBeGreaterThan(0);
          }
          // Nothing is left: another credit is refused.
          expect(() => creditNoteAmounts(issued, notes, null)).toThrow(/Nothing is left/);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('an invoice credited piece by piece, to the last cent: taxes never credited beyond what was charged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_000 }),
        fc.array(fc.integer({ min: 1, max: 2_999 }), { maxLength: 30 }),
        fc.constantFrom(...Object.values(taxProfiles)),
        (taxable, cuts, profile) => {
          const totals = computeTotals({
            lines: [{ quantity: '1', unit_price_cents: taxable, discount_cents: 0, taxable: true }],
            invoice_discount_cents: 0,
            promo: null,
            shipping_cents: 0,
            shipping_taxable: true,
            tax_profile: profile,
            tax_exempt: false,
          });
          const issued = { number: 'INV-1', ...totals };
          const points = [...new Set(cuts.filter((cut) => cut < taxable))].sort((a, b) => a - b);
          const parts = [...points, taxable].map((point, index) => point - (points[index - 1] ?? 0));
          const notes: CreditNoteAmounts[] = [];
          for (const part of parts) {
            const note = issue(issued, notes, [
              { description: 'x', quantity: '1', unit_price_cents: part, taxable: true },
            ]);
            expect(note).not.toBeNull();
          }
          if (issued.total_cents > notes.reduce((sum, note) => sum + note.total_cents, 0))
            issue(issued, notes, null);
          for (const tax of totals.taxes) {
            const given = notes.map(
              (note) => note.taxes.find((entry) => entry.code === tax.code)!.amount_cents,
            );
            expect(given.every((amount) => amount >= 0)).toBe(true);
            expect(given.reduce((a, b) => a + b, 0)).toBe(tax.amount_cents);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a partial credit is taxed at the invoice’s rates, half-up (40.00 → GST 2.00, QST 3.99)', () => {
    const issued = {
      number: 'INV-1',
      taxable_cents: 100_00,
      total_cents: 114_98,
      taxes: [
        { code: 'GST', rate_ppm: 50_000, amount_cents: 5_00 },
        { code: 'QST', rate_ppm: 99_750, amount_cents: 9_98 },
      ],
    };
    const note = creditNoteAmounts(
      issued,
      [],
      [{ description: 'x', quantity: '1', unit_price_cents: 40_00, taxable: true }],
    );
    expect(note).toMatchObject({ kind: 'partial', taxable_cents: 40_00, total_cents: 45_99 });
    expect(note.taxes.map((tax) => tax.amount_cents)).toEqual([2_00, 3_99]);
  });

  it('caps a tax that rounds above what remains of it (a hundred 0.10 credits of a 10.00 invoice)', () => {
    const issued = {
      number: 'INV-1',
      taxable_cents: 10_00,
      total_cents: 10_50,
      taxes: [{ code: 'GST', rate_ppm: 50_000, amount_cents: 50 }],
    };
    const notes: CreditNoteAmounts[] = [];
    for (let i = 0; i < 100; i += 1) {
      // 0.10 × 5 % = 0.005, rounded half-up to 0.01 each time: 1.00 in all, twice what was charged.
      issue(issued, notes, [{ description: 'x', quantity: '1', unit_price_cents: 10, taxable: true }]);
    }
    expect(notes).toHaveLength(100);
    expect(notes.reduce((sum, note) => sum + note.taxes[0]!.amount_cents, 0)).toBe(50);
    expect(notes.reduce((sum, note) => sum + note.total_cents, 0)).toBe(10_50);
  });
});
