import { sql } from 'drizzle-orm';
import { boolean, check, customType, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The company's own settings: who issues the documents (name, address, GST and QST
 * registration numbers), the tax profile invoices are charged with, and the default terms
 * and footer printed on documents, in French and English. One row, made by the first PUT:
 * until then the defaults of settings.schemas.ts apply.
 */
export const company_settings = pgTable(
  'company_settings',
  {
    /** Always true: the primary key is what keeps this table to one row. */
    singleton: boolean('singleton').primaryKey().default(true),
    name: text('name').notNull(),
    legal_name: text('legal_name'),
    address_line1: text('address_line1'),
    address_line2: text('address_line2'),
    city: text('city'),
    province: text('province'),
    postal_code: text('postal_code'),
    country: text('country').notNull().default('CA'),
    phone: text('phone'),
    email: text('email'),
    website: text('website'),
    /** GST/HST registration number, compact: 123456789RT0001. */
    gst_number: text('gst_number'),
    /** QST registration number, compact: 1234567890TQ0001. */
    qst_number: text('qst_number'),
    /** A key of core/money's taxProfiles (QC, ON, …, NONE). */
    tax_profile: text('tax_profile').notNull().default('QC'),
    document_terms_fr: text('document_terms_fr'),
    document_terms_en: text('document_terms_en'),
    document_footer_fr: text('document_footer_fr'),
    document_footer_en: text('document_footer_en'),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
    updated_by: uuid('updated_by'),
  },
  (table) => [
    check('company_settings_singleton_check', sql`${table.singleton}`),
    check('company_settings_gst_number_check', sql`${table.gst_number} ~ '^[0-9]{9}RT[0-9]{4}$'`),
    check('company_settings_qst_number_check', sql`${table.qst_number} ~ '^[0-9]{10}TQ[0-9]{4}$'`),
    check('company_settings_tax_profile_check', sql`${table.tax_profile} ~ '^[A-Z][A-Z0-9_]{1,19}$'`),
  ],
);

/** PostgreSQL's bytea, for the logo's bytes (drizzle has no built-in column for it). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * The company's logo, normalised to a PNG of at most 600×200 px. Kept in PostgreSQL rather than
 * the document storage: it is small (tens of kB), read by mail and PDFs in the same database
 * session, backed up with everything else, and has no customer. A table of its own, one row,
 * so that reading the company settings (done by every document) never loads the bytes.
 */
export const company_logo = pgTable(
  'company_logo',
  {
    /** Always true: the primary key is what keeps this table to one row. */
    singleton: boolean('singleton').primaryKey().default(true),
    png: bytea('png').notNull(),
    /** Hex SHA-256 of `png`: the GET's ETag. */
    sha256: text('sha256').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
    updated_by: uuid('updated_by'),
  },
  (table) => [
    check('company_logo_singleton_check', sql`${table.singleton}`),
    check('company_logo_sha256_check', sql`${table.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);
