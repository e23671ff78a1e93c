import { useTranslation } from 'react-i18next';
import { formatCents } from '../../lib/money';

/** Formats cents in the user's language: "1 234,56 $" or "$1,234.56". */
export function useMoney() {
  const { i18n } = useTranslation();
  return (cents: number, currency: string) => formatCents(cents, currency, i18n.language);
}
