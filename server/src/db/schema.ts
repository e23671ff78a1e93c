// Every table, for drizzle-kit. Modules import their own tables directly.
export * from '../core/events.tables.ts';
export * from '../core/rate-limit.tables.ts';
export * from '../modules/audit/audit.tables.ts';
export * from '../modules/auth/auth.tables.ts';
export * from '../modules/billing/credit-notes.tables.ts';
export * from '../modules/billing/invoices.tables.ts';
export * from '../modules/billing/payments.tables.ts';
export * from '../modules/billing/products.tables.ts';
export * from '../modules/billing/promo-codes.tables.ts';
export * from '../modules/customers/customers.tables.ts';
export * from '../modules/dunning/dunning.tables.ts';
export * from '../modules/finances/finances.tables.ts';
export * from '../modules/mail/mail.tables.ts';
export * from '../modules/privacy/incidents.tables.ts';
export * from '../modules/privacy/privacy.tables.ts';
export * from '../modules/settings/settings.tables.ts';
export * from '../modules/timeline/timeline.tables.ts';
