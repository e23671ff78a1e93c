import { describe, expect, it } from 'vitest';
import { canMoveClaim, checkClaimTransition, claimTransitions, formatClaimNumber } from './claims.rules.ts';
import { claimStatuses } from './claims.tables.ts';

describe('claim numbers', () => {
  it('are SIN, the year and six digits', () => {
    expect(formatClaimNumber(2026, 1)).toBe('SIN-2026-000001');
    expect(formatClaimNumber(2027, 123456)).toBe('SIN-2027-123456');
  });
});

describe('claim status transitions', () => {
  const table: [string, string, boolean][] = [
    ['ouvert', 'en_cours', true],
    ['ouvert', 'escalade', true],
    ['en_cours', 'en_attente_documents', true],
    ['en_attente_documents', 'en_cours', true],
    ['escalade', 'approuve', true],
    ['approuve', 'rembourse', true],
    ['rembourse', 'ferme', true],
    ['refuse', 'en_cours', true],
    ['refuse', 'ferme', true],
    ['ouvert', 'rembourse', false],
    ['en_cours', 'ouvert', false],
    ['en_cours', 'ferme', false],
    ['approuve', 'refuse', false],
    ['rembourse', 'en_cours', false],
    ['ferme', 'en_cours', false],
    ['ferme', 'ouvert', false],
  ];
  it.each(table)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canMoveClaim(from as never, to as never)).toBe(allowed);
  });

  it('covers every status, never moves to itself or back to ouvert, and ends at ferme', () => {
    expect(Object.keys(claimTransitions).sort()).toEqual([...claimStatuses].sort());
    for (const [from, targets] of Object.entries(claimTransitions)) {
      expect(targets).not.toContain(from);
      expect(targets).not.toContain('ouvert');
    }
    expect(claimTransitions.ferme).toEqual([]);
    // Every status can reach ferme.
    for (const start of claimStatuses) {
      const seen = new Set([start]);
      const stack = [start];
      while (stack.length) {
        for (const next of claimTransitions[stack.pop()!]) {
          if (seen.has(next)) continue;
          seen.add(next);
          stack.push(next);
        }
      }
      expect(seen.has('ferme')).toBe(true);
    }
  });

  it('refuses a forbidden move with claim.invalid_transition naming status_dossier', () => {
    expect(() => checkClaimTransition('SIN-2026-000001', 'ferme', 'en_cours')).toThrow(
      expect.objectContaining({ code: 'claim.invalid_transition', status: 409 }),
    );
  });
});
