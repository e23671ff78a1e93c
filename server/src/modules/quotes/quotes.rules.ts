import { partsPerMillionOf, percentOfCents } from '../../core/money.ts';
import type { ChargedTax } from '../billing/index.ts';
import type { QuoteStatus } from './quotes.tables.ts';

/** A sent or viewed quote past its last valid day reads `expired` (nothing is rewritten). */
export function effectiveQuoteStatus(
  row: { status: Exclude<QuoteStatus, 'expired'>; valid_until: string },
  today: string,
): QuoteStatus {
  if ((row.status === 'sent' || row.status === 'viewed') && row.valid_until < today) return 'expired';
  return row.status;
}

export interface DepositSplit {
  /** Before taxes, the part on the quote's taxable amount. */
  taxable_cents: number;
  /** Before taxes, the part on its non-taxable amount. */
  other_cents: number;
  /** taxable + other: what later invoices take off. */
  base_cents: number;
  /** With taxes, at the quote's rates: what the deposit invoice asks. */
  total_cents: number;
}

/**
 * The deposit: `percent` of the quote before taxes, split as the quote is between taxable and
 * non-taxable amounts, then taxed at the quote's rates (ADR 0012). So the deposit invoice is
 * an ordinary taxed invoice (GST/QST are due when a deposit is invoiced), its total is the
 * percent of the quote's total within a cent, and the taxes of the deposit plus the final
 * invoice (which takes the deposit's base off its own) add up to the quote's.
 */
export function depositSplit(quote: {
  taxable_cents: number;
  total_cents: number;
  taxes: ChargedTax[];
  deposit_percent: number;
}): DepositSplit {
  const tax = quote.taxes.reduce((sum, entry) => sum + entry.amount_cents, 0);
  const preTax = quote.total_cents - tax;
  const basisPoints = quote.deposit_percent * 100;
  const taxable = percentOfCents(quote.taxable_cents, basisPoints);
  const other = percentOfCents(preTax - quote.taxable_cents, basisPoints);
  const depositTax = quote.taxes.reduce((sum, entry) => sum + partsPerMillionOf(taxable, entry.rate_ppm), 0);
  return {
    taxable_cents: taxable,
    other_cents: other,
    base_cents: taxable + other,
    total_cents: taxable + other + depositTax,
  };
}

/** "Q-000001", "CMD-000001". */
export function documentNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}
