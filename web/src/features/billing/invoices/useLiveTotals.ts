import { useTranslation } from 'react-i18next';
import type { Totals } from '../../../lib/totals';
import { useCompanyTaxProfile } from '../../settings/settings.api';
import {
  type DraftBody,
  draftTotals,
  type FieldMessages,
  fieldMessage,
  formPath,
  type InvoiceValues,
  readDraft,
} from './invoice-form';
import { type PromoCheck, usePromoCheck } from './usePromoCheck';

export interface LiveTotals {
  /** What a save sends, and for each line sent the row it came from (blank rows are left out). */
  body: DraftBody;
  lineIndexes: number[];
  /** What is wrong, by form path, found as the server would find it. */
  errors: FieldMessages;
  /** null while something is wrong. */
  totals: Totals | null;
  /** Each row's amount after its discount (null: blank, or not computable yet). */
  rowTotals: (number | null)[];
  promo: PromoCheck;
}

/**
 * The form read as the API would read it, added up with the server's own computeTotals at every
 * render: first without the promo code (its cart is the subtotal after the invoice discount),
 * then with the discount its validation answered, as invoices.service.ts does for a draft.
 */
export function useLiveTotals(
  values: InvoiceValues,
  options: { taxExempt: boolean; customerId: string | null; currency: string },
): LiveTotals {
  const { t } = useTranslation();
  const taxProfile = useCompanyTaxProfile();
  const draft = readDraft(values, t);
  const errors: FieldMessages = { ...draft.errors };
  let totals: Totals | null = null;
  if (Object.keys(draft.errors).length === 0) {
    const result = draftTotals(draft.body, options.taxExempt, null, taxProfile);
    if (result.ok) totals = result.totals;
    else {
      for (const error of result.errors) {
        errors[formPath(error.path, draft.lineIndexes)] ??= fieldMessage(error.message, t);
      }
    }
  }
  const promo = usePromoCheck(
    draft.body.promo_code,
    totals ? totals.subtotal_cents - totals.invoice_discount_cents : null,
    options.customerId,
    options.currency,
  );
  if (totals && promo.discountCents !== null) {
    const withPromo = draftTotals(draft.body, options.taxExempt, promo.discountCents, taxProfile);
    if (withPromo.ok) totals = withPromo.totals;
  }
  const rowTotals: (number | null)[] = values.lines.map(() => null);
  draft.lineIndexes.forEach((row, index) => {
    rowTotals[row] = totals?.lines[index]?.line_total_cents ?? null;
  });
  return { body: draft.body, lineIndexes: draft.lineIndexes, errors, totals, rowTotals, promo };
}
