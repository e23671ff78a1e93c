import { eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { type FieldError, invalidFields } from '../../core/errors.ts';
import { ratePercent, type TaxProfile, taxProfiles } from '../../core/money.ts';
import { recordChange } from '../changes/index.ts';
import { normalisePostalCode } from '../customers/index.ts';
import { getCompanyLogoSha256 } from './settings.logo.ts';
import {
  type CompanySettings,
  type CompanySettingsPut,
  canadianProvinces,
  type TaxProfileCode,
} from './settings.schemas.ts';
import { company_settings } from './settings.tables.ts';

type Row = typeof company_settings.$inferSelect;
type Values = Omit<Row, 'singleton' | 'updated_at' | 'updated_by'>;

/** What applies until an admin saves the settings: a Québec company. */
export const companySettingsDefaults: Values = {
  name: 'Atrium',
  legal_name: null,
  address_line1: null,
  address_line2: null,
  city: null,
  province: 'QC',
  postal_code: null,
  country: 'CA',
  phone: null,
  email: null,
  website: null,
  gst_number: null,
  qst_number: null,
  tax_profile: 'QC',
  document_terms_fr: null,
  document_terms_en: null,
  document_footer_fr: null,
  document_footer_en: null,
};

const fields = Object.keys(companySettingsDefaults) as (keyof Values)[];

function profileOf(code: string): TaxProfile {
  const profile = taxProfiles[code as TaxProfileCode];
  // The PUT accepts only known codes: an unknown one stored is a bug, never a reason to charge other taxes.
  if (!profile) throw new Error(`Unknown tax profile in company settings: ${code}`);
  return profile;
}

function toSettings(values: Values, row: Row | undefined, logoSha256: string | null): CompanySettings {
  return {
    ...values,
    tax_profile: values.tax_profile as TaxProfileCode,
    taxes: profileOf(values.tax_profile).taxes.map((tax) => ({
      code: tax.code,
      rate_ppm: tax.rate_ppm,
      rate: ratePercent(tax.rate_ppm),
    })),
    is_set: row !== undefined,
    has_logo: logoSha256 !== null,
    logo_sha256: logoSha256,
    updated_at: row?.updated_at ?? null,
  };
}

async function readRow(ctx: Ctx, options: { forUpdate?: boolean } = {}): Promise<Row | undefined> {
  const query = ctx.db.select().from(company_settings).where(eq(company_settings.singleton, true));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

function valuesOf(row: Row | undefined): Values {
  if (!row) return { ...companySettingsDefaults };
  const { singleton: _singleton, updated_at: _at, updated_by: _by, ...values } = row;
  return values;
}

/**
 * The company's settings, or the defaults when never saved. No access check: any module may
 * read them (documents, invoices); the route limits who reads them over HTTP.
 */
export async function getCompanySettings(ctx: Ctx): Promise<CompanySettings> {
  const row = await readRow(ctx);
  return toSettings(valuesOf(row), row, await getCompanyLogoSha256(ctx));
}

/** The tax profile new invoices are charged with (read in the caller's transaction). */
export async function getCompanyTaxProfile(ctx: Ctx): Promise<TaxProfile> {
  const [row] = await ctx.db
    .select({ tax_profile: company_settings.tax_profile })
    .from(company_settings)
    .where(eq(company_settings.singleton, true));
  return profileOf(row?.tax_profile ?? companySettingsDefaults.tax_profile);
}

/** Rules across fields, on the merged settings: a Canadian province code and postal code. */
function crossFieldIssues(values: Values): FieldError[] {
  const issues: FieldError[] = [];
  if (values.country === 'CA' && values.province !== null) {
    if (!(canadianProvinces as readonly string[]).includes(values.province)) {
      issues.push({
        path: 'province',
        message: `Must be a province or territory code: ${canadianProvinces.join(', ')}`,
      });
    }
  }
  if (values.postal_code !== null && normalisePostalCode(values.country, values.postal_code) === undefined) {
    issues.push({ path: 'postal_code', message: 'Invalid Canadian postal code (A1A 1A1)' });
  }
  return issues;
}

/** Saves the fields given (admin); recorded as `settings.company_updated` (audit and outbox, no customer). */
export async function updateCompanySettings(ctx: Ctx, input: CompanySettingsPut): Promise<CompanySettings> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const before = valuesOf(await readRow(txCtx, { forUpdate: true }));
    const next: Values = { ...before };
    for (const field of fields) {
      const value = input[field];
      if (value !== undefined) (next as Record<string, unknown>)[field] = value;
    }
    if (next.province !== null && next.country === 'CA') next.province = next.province.toUpperCase();
    const issues = crossFieldIssues(next);
    if (issues.length) throw invalidFields(issues);
    if (next.postal_code !== null) next.postal_code = normalisePostalCode(next.country, next.postal_code)!;

    const [row] = await tx
      .insert(company_settings)
      .values({ singleton: true, ...next, updated_at: now, updated_by: ctx.actor.id })
      .onConflictDoUpdate({
        target: company_settings.singleton,
        set: { ...next, updated_at: now, updated_by: ctx.actor.id },
      })
      .returning();
    const changed = fields.filter((field) => before[field] !== next[field]);
    await recordChange(txCtx, {
      event: 'settings.company_updated',
      entity: 'company_settings',
      entity_id: null,
      customer_id: null,
      changed_fields: changed,
      activity: null,
      payload: { tax_profile: next.tax_profile },
    });
    return toSettings(next, row, await getCompanyLogoSha256(txCtx));
  });
}
