import { AppError, invalidFields } from '../../core/errors.ts';
import { computeTotals } from '../../core/money.ts';
import type { CreditNoteKind } from './credit-notes.tables.ts';
import type { ChargedTax } from './invoices.tables.ts';

/*
 * What a credit note credits, as pure arithmetic over what the invoice charged and what
 * earlier credit notes credited. An invoice's amounts split into three parts: taxable,
 * non-taxable, and each tax. A credit note never credits more of any part than remains of
 * it, so none ever goes below zero; a full credit takes exactly what remains of each, so an
 * invoice and all its credit notes net to zero, to the cent, tax by tax.
 */

/** The amounts of an invoice or a credit note, as stored. */
export interface ChargedAmounts {
  taxable_cents: number;
  taxes: readonly ChargedTax[];
  total_cents: number;
}

/** What is left to credit of an invoice, part by part. */
export interface Creditable {
  taxable_cents: number;
  non_taxable_cents: number;
  /** One per tax the invoice charged, in its order, at the rate it charged. */
  taxes: ChargedTax[];
  total_cents: number;
}

export interface CreditLineInput {
  description: string;
  quantity: string;
  unit_price_cents: number;
  taxable: boolean;
}

export interface CreditNoteLine extends CreditLineInput {
  line_total_cents: number;
}

export interface CreditNoteAmounts {
  kind: CreditNoteKind;
  lines: CreditNoteLine[];
  subtotal_cents: number;
  taxable_cents: number;
  taxes: ChargedTax[];
  total_cents: number;
}

const sumTaxes = (taxes: readonly ChargedTax[]) => taxes.reduce((sum, tax) => sum + tax.amount_cents, 0);

function nonTaxable(amounts: ChargedAmounts): number {
  return amounts.total_cents - amounts.taxable_cents - sumTaxes(amounts.taxes);
}

/** The invoice's amounts less those of the credit notes already issued against it. */
export function remainingCreditable(
  invoice: ChargedAmounts,
  previous: readonly ChargedAmounts[],
): Creditable {
  const credited = (code: string) =>
    previous.reduce((sum, note) => sum + (note.taxes.find((tax) => tax.code === code)?.amount_cents ?? 0), 0);
  return {
    taxable_cents: invoice.taxable_cents - previous.reduce((sum, note) => sum + note.taxable_cents, 0),
    non_taxable_cents: nonTaxable(invoice) - previous.reduce((sum, note) => sum + nonTaxable(note), 0),
    taxes: invoice.taxes.map((tax) => ({
      code: tax.code,
      rate_ppm: tax.rate_ppm,
      amount_cents: tax.amount_cents - credited(tax.code),
    })),
    total_cents: invoice.total_cents - previous.reduce((sum, note) => sum + note.total_cents, 0),
  };
}

function exceeds(message: string, remaining: Creditable, requested?: Record<string, unknown>): AppError {
  return new AppError('credit_note.exceeds_invoice', message, {
    remaining: {
      taxable_cents: remaining.taxable_cents,
      non_taxable_cents: remaining.non_taxable_cents,
      taxes: remaining.taxes,
      total_cents: remaining.total_cents,
    },
    ...(requested ? { requested } : {}),
  });
}

/** Everything that remains, one line per part (taxable, non-taxable) that has something left. */
function fullCredit(remaining: Creditable, invoiceNumber: string): CreditNoteAmounts {
  const title = `Crédit de la facture ${invoiceNumber}`;
  const parts = [
    { cents: remaining.taxable_cents, taxable: true, label: 'montant taxable' },
    { cents: remaining.non_taxable_cents, taxable: false, label: 'montant non taxable' },
  ].filter((part) => part.cents > 0);
  const lines: CreditNoteLine[] = parts.map((part) => ({
    description: parts.length > 1 ? `${title} (${part.label})` : title,
    quantity: '1',
    unit_price_cents: part.cents,
    taxable: part.taxable,
    line_total_cents: part.cents,
  }));
  if (lines.length === 0) {
    // Only tax is left (an earlier partial credit rounded its tax down): the line says so.
    lines.push({
      description: `${title} (taxes)`,
      quantity: '1',
      unit_price_cents: 0,
      taxable: true,
      line_total_cents: 0,
    });
  }
  return {
    kind: 'full',
    lines,
    subtotal_cents: remaining.taxable_cents + remaining.non_taxable_cents,
    taxable_cents: remaining.taxable_cents,
    taxes: remaining.taxes.map((tax) => ({ ...tax })),
    total_cents: remaining.total_cents,
  };
}

/**
 * These lines, taxed at the invoice's rates on their own taxable amount (half-up, as
 * computeTotals does). A tax that rounds above what remains of it is capped there: the
 * cent came from the invoice's own rounding and is all there is to give back.
 */
function partialCredit(remaining: Creditable, lines: readonly CreditLineInput[]): CreditNoteAmounts {
  const totals = computeTotals({
    lines: lines.map((line) => ({ ...line, discount_cents: 0 })),
    invoice_discount_cents: 0,
    promo: null,
    shipping_cents: 0,
    shipping_taxable: false,
    tax_profile: {
      code: 'INVOICE',
      taxes: remaining.taxes.map((tax) => ({ code: tax.code, rate_ppm: tax.rate_ppm })),
    },
    tax_exempt: false,
  });
  if (totals.subtotal_cents === 0) {
    throw invalidFields([{ path: 'lines', message: 'A credit note must credit an amount above 0' }]);
  }
  const requested = { taxable_cents: totals.taxable_cents, non_taxable_cents: totals.non_taxable_cents };
  if (totals.taxable_cents > remaining.taxable_cents) {
    throw exceeds(
      `The taxable amount credited (${totals.taxable_cents} cents) is more than remains taxable on the invoice (${remaining.taxable_cents} cents)`,
      remaining,
      requested,
    );
  }
  if (totals.non_taxable_cents > remaining.non_taxable_cents) {
    throw exceeds(
      `The non-taxable amount credited (${totals.non_taxable_cents} cents) is more than remains non-taxable on the invoice (${remaining.non_taxable_cents} cents)`,
      remaining,
      requested,
    );
  }
  const taxes = totals.taxes.map((tax, index) => ({
    code: tax.code,
    rate_ppm: tax.rate_ppm,
    amount_cents: Math.min(tax.amount_cents, remaining.taxes[index]!.amount_cents),
  }));
  return {
    kind: 'partial',
    lines: lines.map((line, index) => ({
      description: line.description,
      quantity: line.quantity,
      unit_price_cents: line.unit_price_cents,
      taxable: line.taxable,
      line_total_cents: totals.lines[index]!.line_total_cents,
    })),
    subtotal_cents: totals.subtotal_cents,
    taxable_cents: totals.taxable_cents,
    taxes,
    total_cents: totals.taxable_cents + totals.non_taxable_cents + sumTaxes(taxes),
  };
}

/**
 * A credit note's amounts: a full credit of what remains (`lines` null) or a partial one.
 * 422 `credit_note.exceeds_invoice` when nothing remains or a part would go below zero.
 */
export function creditNoteAmounts(
  invoice: ChargedAmounts & { number: string },
  previous: readonly ChargedAmounts[],
  lines: readonly CreditLineInput[] | null,
): CreditNoteAmounts {
  const remaining = remainingCreditable(invoice, previous);
  if (remaining.total_cents <= 0) {
    throw exceeds('Nothing is left to credit on this invoice', remaining);
  }
  return lines ? partialCredit(remaining, lines) : fullCredit(remaining, invoice.number);
}
