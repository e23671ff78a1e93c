/*
 * The invoice editor's values and what they become. Fields are named as the API names them, so
 * a problem's `errors[].path` (`lines.0.quantity`, `shipping_cents`) lands on its field as is;
 * amounts hold the text typed in dollars, quantities the text typed ("1,5" in French).
 */
import type { TFunction } from 'i18next';
import { translateServerMessage } from '../../../i18n';
import { centsToInput, parseDollars } from '../../../lib/money';
import {
  formatQuantity,
  quantityToThousandths,
  type TaxProfile,
  type Totals,
  type TotalsFieldError,
  tryComputeTotals,
} from '../../../lib/totals';
import type { ProductUnit } from '../billing.types';
import type { Invoice, InvoiceLineInput, InvoicePatch } from './invoices.types';

export interface LineValues {
  /** React's key for the row: stays with the line when others are removed. */
  key: string;
  product_id: string | null;
  /** Shown under the description of a line taken from the catalog; not sent. */
  sku: string | null;
  unit: ProductUnit | null;
  description: string;
  quantity: string;
  unit_price_cents: string;
  discount_cents: string;
  taxable: boolean;
}

export interface InvoiceValues {
  customer_id: string | null;
  lines: LineValues[];
  invoice_discount_cents: string;
  promo_code: string;
  shipping_cents: string;
  shipping_taxable: boolean;
  notes: string;
}

/** What the API takes for a draft's content (customer and currency aside). */
export type DraftBody = Required<Pick<InvoicePatch, 'invoice_discount_cents' | 'shipping_cents'>> & {
  lines: InvoiceLineInput[];
  promo_code: string | null;
  shipping_taxable: boolean;
  notes: string | null;
};

let lastKey = 0;
export const newLineKey = () => `line-${++lastKey}`;

export function emptyLine(overrides: Partial<LineValues> = {}): LineValues {
  return {
    key: newLineKey(),
    product_id: null,
    sku: null,
    unit: null,
    description: '',
    quantity: '1',
    unit_price_cents: '',
    discount_cents: '',
    taxable: true,
    ...overrides,
  };
}

export function emptyValues(customerId: string | null): InvoiceValues {
  return {
    customer_id: customerId,
    lines: [],
    invoice_discount_cents: '',
    promo_code: '',
    shipping_cents: '',
    shipping_taxable: true,
    notes: '',
  };
}

/** "1.500" (as PostgreSQL reads it back) → "1,5" in French, "1.5" in English. */
export function quantityText(quantity: string, locale: string): string {
  const thousandths = quantityToThousandths(quantity);
  const text = thousandths === undefined ? quantity : formatQuantity(thousandths);
  return locale.startsWith('fr') ? text.replace('.', ',') : text;
}

const moneyText = (cents: number, locale: string) => (cents ? centsToInput(cents, locale) : '');

/** A saved draft as the editor shows it. */
export function valuesOf(invoice: Invoice, locale: string): InvoiceValues {
  return {
    customer_id: invoice.customer_id,
    lines: invoice.lines.map((line) =>
      emptyLine({
        product_id: line.product_id,
        description: line.description,
        quantity: quantityText(line.quantity, locale),
        unit_price_cents: centsToInput(line.unit_price_cents, locale),
        discount_cents: moneyText(line.discount_cents, locale),
        taxable: line.taxable,
      }),
    ),
    invoice_discount_cents: moneyText(invoice.invoice_discount_cents, locale),
    promo_code: invoice.promo_code ?? '',
    shipping_cents: moneyText(invoice.shipping_cents, locale),
    shipping_taxable: invoice.shipping_taxable,
    notes: invoice.notes ?? '',
  };
}

/** A line nobody has started (no description, no price): left out rather than refused. */
export function isBlankLine(line: LineValues): boolean {
  return !line.description.trim() && !line.unit_price_cents.trim() && !line.product_id;
}

export type FieldMessages = Record<string, string>;

/** The server's (and computeTotals') English messages, in the user's language. */
export function fieldMessage(message: string, t: TFunction): string {
  if (message.startsWith("Must not exceed the line's amount")) return t('invoices.errors.lineDiscount');
  if (message.startsWith('Must not exceed the subtotal')) return t('invoices.errors.invoiceDiscount');
  if (message.startsWith('Must be a quantity above 0')) return t('invoices.errors.quantity');
  return translateServerMessage(message);
}

/**
 * Reads the values as the API would: the body to send, or the errors by path (amounts that are
 * not amounts, a missing description; then computeTotals' own checks). Blank lines are dropped.
 */
export function readDraft(
  values: InvoiceValues,
  t: TFunction,
): { body: DraftBody; errors: FieldMessages; lineIndexes: number[] } {
  const errors: FieldMessages = {};
  const amount = (text: string, path: string, required: boolean): number => {
    if (!text.trim()) {
      if (required) errors[path] = t('invoices.errors.required');
      return 0;
    }
    const parsed = parseDollars(text);
    if (!parsed.ok) {
      errors[path] =
        parsed.reason === 'too_large' ? t('invoices.errors.tooLarge') : t('catalog.errors.amount');
      return 0;
    }
    return parsed.cents;
  };
  // Each kept line remembers its row, so errors name the row the user sees.
  const lineIndexes: number[] = [];
  const lines: InvoiceLineInput[] = [];
  values.lines.forEach((line, index) => {
    if (isBlankLine(line)) return;
    lineIndexes.push(index);
    const path = `lines.${index}`;
    if (!line.description.trim()) errors[`${path}.description`] = t('invoices.errors.required');
    lines.push({
      description: line.description.trim(),
      quantity: line.quantity.trim().replace(',', '.'),
      unit_price_cents: amount(line.unit_price_cents, `${path}.unit_price_cents`, true),
      discount_cents: amount(line.discount_cents, `${path}.discount_cents`, false),
      taxable: line.taxable,
      product_id: line.product_id,
    });
  });
  const body: DraftBody = {
    lines,
    invoice_discount_cents: amount(values.invoice_discount_cents, 'invoice_discount_cents', false),
    promo_code: values.promo_code.trim() ? values.promo_code.trim().toUpperCase() : null,
    shipping_cents: amount(values.shipping_cents, 'shipping_cents', false),
    shipping_taxable: values.shipping_taxable,
    notes: values.notes.trim() ? values.notes.trim() : null,
  };
  return { body, errors, lineIndexes };
}

/** A path of the body sent (lines of the kept ones) as a path of the form (every row). */
export function formPath(path: string, lineIndexes: readonly number[]): string {
  const match = /^lines\.(\d+)(\..*)?$/.exec(path);
  if (!match) return path;
  const row = lineIndexes[Number(match[1])];
  return row === undefined ? path : `lines.${row}${match[2] ?? ''}`;
}

/**
 * The totals exactly as the server computes a draft's (invoices.service.ts totalsOf): the promo
 * code's discount is the fixed amount its validation answered for this cart.
 */
export function draftTotals(
  body: DraftBody,
  taxExempt: boolean,
  promoDiscountCents: number | null,
  /** The company's (settings), as the server charges a draft. */
  taxProfile: TaxProfile,
): { ok: true; totals: Totals } | { ok: false; errors: TotalsFieldError[] } {
  return tryComputeTotals({
    lines: body.lines,
    invoice_discount_cents: body.invoice_discount_cents,
    promo: promoDiscountCents === null ? null : { kind: 'fixed', amount_cents: promoDiscountCents },
    shipping_cents: body.shipping_cents,
    shipping_taxable: body.shipping_taxable,
    tax_profile: taxProfile,
    tax_exempt: taxExempt,
  });
}
