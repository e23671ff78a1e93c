import type { Ctx } from '../../../core/context.ts';
import { findAddresses, getCustomerOrThrow } from '../../customers/index.ts';
import { getCompanyLogo, getCompanySettings } from '../../settings/index.ts';
import type { PdfLanguage, PdfParties } from './document.model.ts';
import { pdfLanguageOf } from './labels.ts';
import { addressLines } from './layout.ts';

/** An address labelled for billing ("Facturation", "Billing"), else the first one added. */
function billingAddress<T extends { label: string | null }>(addresses: T[]): T | undefined {
  return addresses.find((address) => /factur|bill/i.test(address.label ?? '')) ?? addresses[0];
}

/**
 * Who a document is from and to: the company's settings and the customer with their billing
 * address. 404 (customer.not_found) when the actor may not see the customer.
 */
export async function documentParties(ctx: Ctx, customerId: string, purpose: string): Promise<PdfParties> {
  const customer = await getCustomerOrThrow(ctx, customerId, { purpose });
  const [company, addresses] = await Promise.all([getCompanySettings(ctx), findAddresses(ctx, customerId)]);
  const address = billingAddress(addresses);
  const logo = await getCompanyLogo(ctx);
  return {
    company,
    logo: logo ? { png: logo.png, width: logo.width, height: logo.height } : null,
    customer: {
      name: customer.display_name,
      address_lines: address ? addressLines(address) : [],
      email: customer.email,
      language_code: customer.language_code,
    },
  };
}

/** The language asked for, else the customer's. */
export function documentLanguage(parties: PdfParties, requested: PdfLanguage | undefined): PdfLanguage {
  return requested ?? pdfLanguageOf(parties.customer.language_code);
}
