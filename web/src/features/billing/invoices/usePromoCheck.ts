import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { translateErrorCode } from '../../../i18n';
import { isApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { formatCents } from '../../../lib/money';
import { usePromoValidation } from './invoices.api';

export interface PromoCheck {
  /** The discount to count, in cents, as the server answered for this cart; null: none. */
  discountCents: number | null;
  /** The check is on its way (the code or the cart changed). */
  pending: boolean;
  /** What to say beside the field, and whether it is good news. */
  message: { text: string; valid: boolean } | null;
}

/**
 * Asks the server whether `code` applies to a cart of `cartCents` (subtotal after the invoice
 * discount, as finalizing computes it), once typing pauses: the endpoint allows 20 checks a
 * minute per address. The answer is the fixed discount computeTotals then takes, as the server does.
 */
export function usePromoCheck(
  code: string | null,
  cartCents: number | null,
  customerId: string | null,
  currency: string,
): PromoCheck {
  const { t, i18n } = useTranslation();
  const request =
    code && cartCents !== null
      ? JSON.stringify({
          code,
          cart_total_cents: cartCents,
          ...(customerId ? { customer_id: customerId } : {}),
        })
      : null;
  // Compared as text: the same request made again is the same value, so the pause is not reset.
  const [debounced] = useDebouncedValue(request, 400);
  const query = usePromoValidation(debounced ? JSON.parse(debounced) : null);
  if (!request || !code) return { discountCents: null, pending: false, message: null };

  const pending = request !== debounced || query.isFetching;
  const answer = query.data && query.data.code === code.toUpperCase() ? query.data : undefined;
  if (query.isError && !pending) {
    const text =
      isApiError(query.error) && query.error.status === 429
        ? t('invoices.promo.rateLimited')
        : errorMessage(query.error, t);
    return { discountCents: null, pending, message: { text, valid: false } };
  }
  if (!answer) return { discountCents: null, pending: true, message: null };
  if (!answer.valid) {
    const text = (answer.reason && translateErrorCode(answer.reason)) || answer.message;
    return { discountCents: null, pending, message: { text, valid: false } };
  }
  return {
    discountCents: answer.discount_cents,
    pending,
    message: {
      text: t('invoices.promo.applied', {
        amount: formatCents(answer.discount_cents, currency, i18n.language),
      }),
      valid: true,
    },
  };
}
