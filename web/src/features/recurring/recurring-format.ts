import { quantityText } from '../billing/invoices/invoice-form';

export { formatCalendarDate } from '../billing/invoices/invoice-format';

/** "1.500" → "1,5" in French. */
export function quantityDisplay(quantity: string, locale: string): string {
  return quantityText(quantity, locale);
}
