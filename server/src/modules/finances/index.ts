export { calendarDateIn, companyTimeZone, daysBetween } from './calendar.ts';
export { containsCardNumber } from './card-numbers.ts';
export {
  type Aging,
  type AgingBucket,
  agingBucketKeys,
  agingBucketOf,
  agingBuckets,
  type CreditFactors,
  type CreditScore,
  creditFactors,
  creditScore,
  daysPastDue,
  type OpenItem,
  overdueCents,
} from './credit.ts';
export { getCustomerFinances } from './credit-profile.service.ts';
export { financeEventHandlers } from './finances.events.ts';
export { financesExportSection } from './finances.export.ts';
export { type FinanceRoutesOptions, financeRoutes } from './finances.routes.ts';
export { maxAmountCents } from './finances.schemas.ts';
export {
  type LedgerEntryType,
  ledgerEntryTypes,
  type PaymentTerms,
  paymentTerms,
} from './finances.tables.ts';
export {
  appendLedgerEntry,
  type Balance,
  getBalance,
  type LedgerEntry,
  type LedgerEntryInput,
} from './ledger.service.ts';
export { getLedgerPeriod, type LedgerPeriod, maxPeriodEntries } from './ledger-period.service.ts';
export { noOpenItemsProvider, type OpenItemsProvider } from './open-items.ts';
export { isExpired } from './payment-methods.service.ts';
