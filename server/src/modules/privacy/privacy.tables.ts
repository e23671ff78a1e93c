import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/index.ts';

export const consentTypes = [
  'marketing_email',
  'marketing_sms',
  'analytics',
  'profiling',
  'data_sharing',
  'service_notifications',
] as const;

/** Versioned: each grant or revocation is a new row; the highest version is the current state. */
export const customer_consents = pgTable(
  'customer_consents',
  {
    id: uuid('id').primaryKey(),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    consent_type: text('consent_type', { enum: consentTypes }).notNull(),
    is_granted: boolean('is_granted').notNull(),
    source: text('source').notNull(),
    ip_address: text('ip_address'),
    collected_by: uuid('collected_by'),
    collected_by_type: text('collected_by_type').notNull(),
    version: integer('version').notNull(),
    granted_at: timestamp('granted_at', { withTimezone: true }),
    revoked_at: timestamp('revoked_at', { withTimezone: true }),
    expires_at: timestamp('expires_at', { withTimezone: true }),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check(
      'customer_consents_type_check',
      sql`${table.consent_type} in ('marketing_email', 'marketing_sms', 'analytics', 'profiling', 'data_sharing', 'service_notifications')`,
    ),
    unique('customer_consents_version_key').on(table.customer_id, table.consent_type, table.version),
    index('customer_consents_customer_idx').on(
      table.customer_id,
      table.consent_type,
      sql`${table.version} desc`,
    ),
  ],
);
