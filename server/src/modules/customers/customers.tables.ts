import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/*
 * atrium_fold() and atrium_tokens() are immutable SQL functions from migration 0000:
 * lower-case, accents removed, split into words. Search matches on those words.
 */
export const customerKinds = ['individual', 'company'] as const;
export const privacyLevels = ['normal', 'restreint', 'confidentiel'] as const;
export const contactChannels = ['email', 'sms', 'phone', 'none'] as const;

const displayNameSql = sql`coalesce(nullif(company_name, ''), btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')))`;

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: customerKinds }).notNull().default('individual'),
    first_name: text('first_name'),
    last_name: text('last_name'),
    company_name: text('company_name'),
    display_name: text('display_name').notNull().generatedAlwaysAs(displayNameSql),
    sort_name: text('sort_name').notNull().generatedAlwaysAs(sql`atrium_fold(${displayNameSql})`),
    email: text('email'),
    phone: text('phone'),
    matricule: text('matricule'),
    language_code: text('language_code').notNull().default('fr-CA'),
    timezone: text('timezone').notNull().default('America/Montreal'),
    segments: text('segments').array().notNull().default([]),
    privacy_level: text('privacy_level', { enum: privacyLevels }).notNull().default('normal'),
    preferred_contact_channel: text('preferred_contact_channel', { enum: contactChannels })
      .notNull()
      .default('email'),
    tax_exempt: boolean('tax_exempt').notNull().default(false),
    /** The staff member responsible: the only non-admin who may see a `confidentiel` customer. */
    assigned_user_id: uuid('assigned_user_id'),
    search_tokens: text('search_tokens')
      .array()
      .notNull()
      .generatedAlwaysAs(sql`atrium_tokens(first_name, last_name, company_name)`),
    archived_at: timestamp('archived_at', { withTimezone: true }),
    anonymized_at: timestamp('anonymized_at', { withTimezone: true }),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('customers_kind_check', sql`${table.kind} in ('individual', 'company')`),
    check(
      'customers_privacy_level_check',
      sql`${table.privacy_level} in ('normal', 'restreint', 'confidentiel')`,
    ),
    check(
      'customers_preferred_contact_channel_check',
      sql`${table.preferred_contact_channel} in ('email', 'sms', 'phone', 'none')`,
    ),
    uniqueIndex('customers_matricule_key').on(table.matricule),
    index('customers_email_idx').on(sql`${table.email} text_pattern_ops`),
    index('customers_phone_idx').on(sql`${table.phone} text_pattern_ops`),
    index('customers_matricule_pattern_idx').on(sql`${table.matricule} text_pattern_ops`),
    index('customers_segments_idx').using('gin', table.segments),
    index('customers_sort_name_idx').on(table.sort_name, table.id),
    index('customers_privacy_level_idx').on(table.privacy_level),
    index('customers_assigned_user_id_idx').on(table.assigned_user_id),
    index('customers_created_at_idx').on(table.created_at, table.id),
  ],
);

export const customer_contacts = pgTable(
  'customer_contacts',
  {
    id: uuid('id').primaryKey(),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    first_name: text('first_name').notNull(),
    last_name: text('last_name'),
    email: text('email'),
    phone: text('phone'),
    role: text('role'),
    is_primary: boolean('is_primary').notNull().default(false),
    preferred_contact_channel: text('preferred_contact_channel', { enum: contactChannels })
      .notNull()
      .default('email'),
    search_tokens: text('search_tokens')
      .array()
      .notNull()
      .generatedAlwaysAs(sql`atrium_tokens(first_name, last_name)`),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check(
      'customer_contacts_preferred_contact_channel_check',
      sql`${table.preferred_contact_channel} in ('email', 'sms', 'phone', 'none')`,
    ),
    index('customer_contacts_customer_id_idx').on(table.customer_id),
    uniqueIndex('customer_contacts_one_primary_idx').on(table.customer_id).where(sql`${table.is_primary}`),
    index('customer_contacts_search_tokens_idx').using('gin', table.search_tokens),
    index('customer_contacts_email_idx').on(sql`${table.email} text_pattern_ops`),
    index('customer_contacts_phone_idx').on(sql`${table.phone} text_pattern_ops`),
  ],
);

export interface DeliveryWindow {
  day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  from: string;
  to: string;
}

export const customer_addresses = pgTable(
  'customer_addresses',
  {
    id: uuid('id').primaryKey(),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    label: text('label'),
    line1: text('line1').notNull(),
    line2: text('line2'),
    city: text('city').notNull(),
    region: text('region'),
    postal_code: text('postal_code'),
    country: text('country').notNull().default('CA'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    delivery_windows: jsonb('delivery_windows').$type<DeliveryWindow[]>().notNull().default([]),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('customer_addresses_customer_id_idx').on(table.customer_id)],
);

export const customer_vehicles = pgTable(
  'customer_vehicles',
  {
    id: uuid('id').primaryKey(),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    vin: text('vin'),
    plate: text('plate'),
    make: text('make'),
    model: text('model'),
    year: integer('year'),
    mileage: integer('mileage'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('customer_vehicles_customer_id_idx').on(table.customer_id),
    index('customer_vehicles_vin_idx').on(sql`${table.vin} text_pattern_ops`),
    index('customer_vehicles_plate_idx').on(sql`${table.plate} text_pattern_ops`),
  ],
);

/** Every distinct search word: typo-tolerant matching runs on this small table, not on customers. */
export const search_terms = pgTable(
  'search_terms',
  {
    term: text('term').primaryKey(),
  },
  (table) => [index('search_terms_trgm_idx').using('gin', sql`${table.term} gin_trgm_ops`)],
);
