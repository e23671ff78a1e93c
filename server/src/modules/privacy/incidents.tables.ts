import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/index.ts';

/** What kind of personal information an incident reached (Loi 25 register, art. 3.8). */
export const personalInformationTypes = [
  'identity',
  'contact',
  'financial',
  'health',
  'government_id',
  'location',
  'credentials',
  'other',
] as const;

export type PersonalInformationType = (typeof personalInformationTypes)[number];

export const seriousInjuryRisks = ['yes', 'no', 'under_assessment'] as const;

export const incidentStatuses = ['open', 'assessed', 'notified', 'closed'] as const;

/**
 * The register of confidentiality incidents (Loi 25). Kept at least five years: a trigger
 * (this table's migration) refuses DELETE and TRUNCATE, and any UPDATE of a closed entry.
 */
export const privacy_incidents = pgTable(
  'privacy_incidents',
  {
    id: uuid('id').primaryKey(),
    /** INC-2026-0001: gap-free per year of registration (America/Montreal). */
    number: text('number').notNull(),
    occurred_at: timestamp('occurred_at', { withTimezone: true }).notNull(),
    discovered_at: timestamp('discovered_at', { withTimezone: true }).notNull(),
    description: text('description').notNull(),
    personal_information_types: text('personal_information_types')
      .array()
      .$type<PersonalInformationType[]>()
      .notNull(),
    persons_count: integer('persons_count').notNull(),
    cause: text('cause'),
    serious_injury_risk: text('serious_injury_risk', { enum: seriousInjuryRisks })
      .notNull()
      .default('under_assessment'),
    risk_assessment: text('risk_assessment'),
    measures_taken: text('measures_taken'),
    cai_notified_at: timestamp('cai_notified_at', { withTimezone: true }),
    persons_notified_at: timestamp('persons_notified_at', { withTimezone: true }),
    status: text('status', { enum: incidentStatuses }).notNull().default('open'),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    unique('privacy_incidents_number_key').on(table.number),
    index('privacy_incidents_created_at_idx').on(table.created_at, table.id),
    index('privacy_incidents_status_idx').on(table.status),
    // The banner's question: a serious risk not yet reported to the CAI.
    index('privacy_incidents_unnotified_idx')
      .on(table.created_at)
      .where(sql`${table.serious_injury_risk} = 'yes' and ${table.cai_notified_at} is null`),
    check('privacy_incidents_dates_check', sql`${table.discovered_at} >= ${table.occurred_at}`),
    check('privacy_incidents_persons_count_check', sql`${table.persons_count} >= 0`),
    check(
      'privacy_incidents_types_check',
      sql`cardinality(${table.personal_information_types}) > 0 and ${table.personal_information_types} <@ array['identity', 'contact', 'financial', 'health', 'government_id', 'location', 'credentials', 'other']::text[]`,
    ),
    check(
      'privacy_incidents_risk_check',
      sql`${table.serious_injury_risk} in ('yes', 'no', 'under_assessment')`,
    ),
    check(
      'privacy_incidents_status_check',
      sql`${table.status} in ('open', 'assessed', 'notified', 'closed')`,
    ),
    // The service says why in a 422; the database keeps the rules whatever writes the row.
    check(
      'privacy_incidents_decided_check',
      sql`${table.status} = 'open' or ${table.serious_injury_risk} <> 'under_assessment'`,
    ),
    check(
      'privacy_incidents_cai_check',
      sql`${table.status} in ('open', 'assessed') or ${table.serious_injury_risk} <> 'yes' or ${table.cai_notified_at} is not null`,
    ),
  ],
);

/** Customers an incident concerns; each link put an entry on that customer's timeline. */
export const privacy_incident_customers = pgTable(
  'privacy_incident_customers',
  {
    incident_id: uuid('incident_id')
      .notNull()
      .references(() => privacy_incidents.id),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    linked_at: timestamp('linked_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.incident_id, table.customer_id] }),
    index('privacy_incident_customers_customer_idx').on(table.customer_id),
  ],
);

/** One row per year of registration, locked by the transaction that draws the next number. */
export const privacy_incident_counters = pgTable('privacy_incident_counters', {
  year: integer('year').primaryKey(),
  last_number: integer('last_number').notNull(),
});
