/*
 * A credit note's form values and what they become. Amounts and quantities hold the text typed
 * ("12,50", "1,5"); a partial credit is previewed with the rates the invoice charged, as the
 * server computes it (credit-notes.totals.ts: computeTotals at the invoice's rates).
 */
import type { TFunction } from 'i18next';
import { centsToInput, parseDollars } from '../../../lib/money';
import { quantityToThousandths, type Totals, tryComputeTotals } from '../../../lib/totals';
import { quantityText } from '../invoices/invoice-form';
import type { Invoice, InvoiceLine } from '../invoices/invoices.types';
import type { CreditNoteLineInput } from './credit-notes.api';

export interface CreditLineValues {
  key: string;
  description: string;
  quantity: string;
  unit_price_cents: string;
  taxable: boolean;
}

export interface CreditNoteValues {
  kind: 'full' | 'partial';
  reason: string;
  lines: CreditLineValues[];
}

let lastKey = 0;

export function creditLine(overrides: Partial<CreditLineValues> = {}): CreditLineValues {
  return {
    key: `credit-line-${++lastKey}`,
    description: '',
    quantity: '1',
    unit_price_cents: '',
    taxable: true,
    ...overrides,
  };
}

/**
 * An invoice line as a credit line: its quantity and unit price when it had no discount, else
 * one unit of what it came to, so what is credited is never more than what was charged for it.
 */
export function creditLineFrom(line: InvoiceLine, locale: string): CreditLineValues {
  const discounted = line.discount_cents > 0;
  return creditLine({
    description: line.description,
    quantity: discounted ? '1' : quantityText(line.quantity, locale),
    unit_price_cents: centsToInput(discounted ? line.line_total_cents : line.unit_price_cents, locale),
    taxable: line.taxable,
  });
}

/** What is left to credit on the invoice, taxes included. */
export function remainingCreditable(invoice: Pick<Invoice, 'total_cents' | 'credited_total_cents'>): number {
  return Math.max(0, invoice.total_cents - invoice.credited_total_cents);
}

/** The partial lines as the API takes them, or the message for each field that is wrong. */
export function readCreditLines(
  lines: readonly CreditLineValues[],
  t: TFunction,
): { lines: CreditNoteLineInput[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const body: CreditNoteLineInput[] = lines.map((line, index) => {
    const path = `lines.${index}`;
    if (!line.description.trim()) errors[`${path}.description`] = t('invoices.errors.required');
    const quantity = line.quantity.trim().replace(',', '.');
    if (quantityToThousandths(quantity) === undefined)
      errors[`${path}.quantity`] = t('invoices.errors.quantity');
    const price = parseDollars(line.unit_price_cents);
    if (!line.unit_price_cents.trim()) errors[`${path}.unit_price_cents`] = t('invoices.errors.required');
    else if (!price.ok)
      errors[`${path}.unit_price_cents`] =
        price.reason === 'too_large' ? t('invoices.errors.tooLarge') : t('catalog.errors.amount');
    return {
      description: line.description.trim(),
      quantity,
      unit_price_cents: price.ok ? price.cents : 0,
      taxable: line.taxable,
    };
  });
  return { lines: body, errors };
}

/** The partial credit's totals at the invoice's rates; null while a line cannot be added up. */
export function previewCredit(
  lines: readonly CreditNoteLineInput[],
  invoice: Pick<Invoice, 'taxes'>,
): Totals | null {
  const result = tryComputeTotals({
    lines: lines.map((line) => ({ ...line, taxable: line.taxable ?? true, discount_cents: 0 })),
    invoice_discount_cents: 0,
    promo: null,
    shipping_cents: 0,
    shipping_taxable: false,
    tax_profile: {
      code: 'INVOICE',
      taxes: invoice.taxes.map((tax) => ({ code: tax.code, rate_ppm: tax.rate_ppm })),
    },
    tax_exempt: false,
  });
  return result.ok ? result.totals : null;
}
