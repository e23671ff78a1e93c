/*
 * The server's own invoice arithmetic (server/src/core/money.ts: pure TypeScript, BigInt, no
 * I/O), so the totals an editor shows while typing are the ones the server stores: one rounding
 * rule, not two that drift. The only place the web imports server code (.dependency-cruiser.mjs).
 */
import {
  computeTotals,
  DEFAULT_TAX_PROFILE,
  formatQuantity,
  type PromoInput,
  quantityToThousandths,
  ratePercent,
  type TaxProfile,
  type Totals,
  type TotalsInput,
} from '../../../server/src/core/money.ts';

export type { PromoInput, TaxProfile, Totals, TotalsInput };
export { DEFAULT_TAX_PROFILE, formatQuantity, quantityToThousandths, ratePercent };

export interface TotalsFieldError {
  path: string;
  message: string;
}

export type TotalsResult = { ok: true; totals: Totals } | { ok: false; errors: TotalsFieldError[] };

/**
 * computeTotals without the throw: bad input comes back as the field errors the server would
 * answer (paths such as `lines.2.discount_cents`), so a form can show them as you type.
 */
export function tryComputeTotals(input: TotalsInput): TotalsResult {
  try {
    return { ok: true, totals: computeTotals(input) };
  } catch (error) {
    const errors = (error as { errors?: unknown }).errors;
    if (Array.isArray(errors)) return { ok: false, errors: errors as TotalsFieldError[] };
    // A RangeError below validation (an amount past 2^53): said on the whole invoice.
    return { ok: false, errors: [{ path: 'total_cents', message: String((error as Error).message) }] };
  }
}
