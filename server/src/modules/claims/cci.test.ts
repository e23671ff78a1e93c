import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CciInput, computeCci, escalationThreshold, findDistressWords } from './cci.ts';
import { claimTypes } from './claims.tables.ts';

const base: CciInput = {
  type: 'auto',
  estimated_amount_cents: null,
  injuries: 'none',
  urgent: false,
  text: 'Accrochage dans un stationnement.',
  recent_claims: 0,
};

describe('computeCci', () => {
  it('scores a small fender-bender low, with the type as its only factor', () => {
    expect(computeCci(base)).toEqual({ score: 10, factors: [{ code: 'type', points: 10, detail: 'auto' }] });
  });

  it.each([
    [null, 0],
    [99_999, 0],
    [100_000, 5],
    [499_999, 5],
    [500_000, 10],
    [2_000_000, 15],
    [5_000_000, 20],
    [10_000_000, 25],
    [900_000_000, 25],
  ])('gives an estimate of %s cents %i points', (cents, points) => {
    const cci = computeCci({ ...base, estimated_amount_cents: cents });
    expect(cci.score).toBe(10 + points);
    expect(cci.factors.find((factor) => factor.code === 'amount')?.points ?? 0).toBe(points);
  });

  it('sends serious injuries with distress and urgency above the threshold, money alone never', () => {
    const injured = computeCci({
      ...base,
      injuries: 'serious',
      urgent: true,
      text: 'J’ai PEUR, mon fils est à l’hôpital, c’est URGENT',
    });
    expect(injured.score).toBe(10 + 35 + 10 + 10);
    expect(injured.score).toBeGreaterThan(escalationThreshold);
    expect(injured.factors.map((factor) => factor.code)).toEqual(['type', 'injuries', 'urgency', 'distress']);
    const rich = computeCci({ ...base, type: 'health', estimated_amount_cents: 1_000_000_000 });
    expect(rich.score).toBe(40);
  });

  it('counts repeated claims 5 points each up to 15', () => {
    expect(computeCci({ ...base, recent_claims: 1 }).score).toBe(15);
    expect(computeCci({ ...base, recent_claims: 2 }).score).toBe(20);
    expect(computeCci({ ...base, recent_claims: 7 }).score).toBe(25);
  });

  it('finds distress words whatever the accents and case, in French and English, each once', () => {
    expect(findDistressWords('DÉSESPÉRÉ, désespéré! Au secours')).toEqual(['desespere', 'au secours']);
    expect(findDistressWords('I am so scared, HELP')).toEqual(['help', 'scared']);
    // Whole words only: "urgentiste" is not "urgent".
    expect(findDistressWords('Un urgentiste est venu')).toEqual([]);
  });

  it('caps the score at 100', () => {
    const cci = computeCci({
      type: 'health',
      estimated_amount_cents: 50_000_000,
      injuries: 'serious',
      urgent: true,
      text: 'urgence panique peur désespéré',
      recent_claims: 5,
    });
    expect(cci.score).toBe(100);
    expect(cci.factors.reduce((sum, factor) => sum + factor.points, 0)).toBeGreaterThan(100);
  });
});

const injuryLevels = ['none', 'minor', 'serious'] as const;
const inputs = fc.record({
  type: fc.constantFrom(...claimTypes),
  estimated_amount_cents: fc.option(fc.integer({ min: 0, max: 100_000_000_000 }), { nil: null }),
  injuries: fc.constantFrom(...injuryLevels),
  urgent: fc.boolean(),
  text: fc.string({ maxLength: 200 }),
  recent_claims: fc.integer({ min: 0, max: 50 }),
});

describe('computeCci properties', () => {
  it('stays within 0–100 and equals its factors capped', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const cci = computeCci(input);
        expect(cci.score).toBeGreaterThanOrEqual(0);
        expect(cci.score).toBeLessThanOrEqual(100);
        expect(cci.score).toBe(
          Math.min(
            100,
            cci.factors.reduce((sum, factor) => sum + factor.points, 0),
          ),
        );
      }),
    );
  });

  it('never falls when the amount grows', () => {
    fc.assert(
      fc.property(inputs, fc.integer({ min: 0, max: 100_000_000_000 }), (input, more) => {
        const amount = input.estimated_amount_cents ?? 0;
        const higher = computeCci({ ...input, estimated_amount_cents: amount + more });
        expect(higher.score).toBeGreaterThanOrEqual(
          computeCci({ ...input, estimated_amount_cents: amount }).score,
        );
      }),
    );
  });

  it('never falls when injuries get worse', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom(0, 1, 2), fc.constantFrom(0, 1, 2), (input, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lower = computeCci({ ...input, injuries: injuryLevels[low]! });
        const worse = computeCci({ ...input, injuries: injuryLevels[high]! });
        expect(worse.score).toBeGreaterThanOrEqual(lower.score);
      }),
    );
  });
});
