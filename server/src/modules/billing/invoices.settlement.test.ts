import { describe, expect, it } from 'vitest';
import { settlementStatus } from './invoices.settlement.ts';

describe('settlementStatus', () => {
  it('is open while nothing was received or credited', () => {
    expect(settlementStatus(11_498, 0, 0)).toBe('open');
  });
  it('is partially paid once something was received or credited', () => {
    expect(settlementStatus(11_498, 1, 0)).toBe('partially_paid');
    expect(settlementStatus(11_498, 0, 1_000)).toBe('partially_paid');
  });
  it('is paid when nothing is due, whether paid or credited', () => {
    expect(settlementStatus(11_498, 11_498, 0)).toBe('paid');
    expect(settlementStatus(11_498, 5_000, 6_498)).toBe('paid');
    expect(settlementStatus(11_498, 0, 11_498)).toBe('paid');
  });
});
