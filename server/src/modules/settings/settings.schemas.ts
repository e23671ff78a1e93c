import { z } from 'zod';
import { taxProfiles } from '../../core/money.ts';
import { optionalText, timestampSchema } from '../../core/schemas.ts';
import { emailSchema, phoneSchema } from '../../core/validation.ts';
import { countrySchema } from '../customers/index.ts';

export type TaxProfileCode = keyof typeof taxProfiles;
export const taxProfileCodes = Object.keys(taxProfiles) as [TaxProfileCode, ...TaxProfileCode[]];

/** Canada's provinces and territories (Canada Post's two-letter codes). */
export const canadianProvinces = [
  'AB',
  'BC',
  'MB',
  'NB',
  'NL',
  'NS',
  'NT',
  'NU',
  'ON',
  'PE',
  'QC',
  'SK',
  'YT',
] as const;

/**
 * A registration number typed however people write it ("123456789 RT 0001", "123456789-rt-0001"),
 * kept compact and upper-case; blank is null.
 */
function registrationNumber(pattern: RegExp, message: string) {
  return z
    .string()
    .max(40, message)
    .transform((value, context) => {
      const compact = value.replace(/[\s-]/g, '').toUpperCase();
      if (compact === '') return null;
      if (!pattern.test(compact)) {
        context.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return compact;
    })
    .nullable()
    .optional();
}

/** GST/HST: the 9-digit business number, RT, a 4-digit account (123456789RT0001). */
export const gstNumberSchema = registrationNumber(
  /^\d{9}RT\d{4}$/,
  'Must be a GST/HST number such as 123456789 RT0001',
);

/** QST (Revenu Québec): 10 digits, TQ, 4 digits (1234567890TQ0001). */
export const qstNumberSchema = registrationNumber(
  /^\d{10}TQ\d{4}$/,
  'Must be a QST number such as 1234567890 TQ0001',
);

/** "123456789RT0001" → "123456789 RT0001", as printed on documents. */
export function formatRegistrationNumber(compact: string): string {
  return compact.replace(/^(\d+)([A-Z]{2}\d{4})$/, '$1 $2');
}

const websiteMessage = 'Must be a web address such as https://www.example.ca';

/** A web address; "www.example.ca" is taken as https://www.example.ca. Blank is null. */
export const websiteSchema = z
  .string()
  .trim()
  .max(200, websiteMessage)
  .transform((value, context) => {
    if (value === '') return null;
    const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
    try {
      const url = new URL(candidate);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.')) {
        return url.href;
      }
    } catch {
      // reported below
    }
    context.addIssue({ code: 'custom', message: websiteMessage });
    return z.NEVER;
  })
  .nullable()
  .optional();

/** PUT: the fields given change, the others keep their value (or their default, the first time); null clears one. */
export const companySettingsPutSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Required').max(200).optional(),
    legal_name: optionalText(200),
    address_line1: optionalText(200),
    address_line2: optionalText(200),
    city: optionalText(100),
    /** In Canada, a province or territory code (QC, ON…); elsewhere free text. */
    province: optionalText(100),
    postal_code: optionalText(20),
    country: countrySchema.optional(),
    phone: phoneSchema.nullable().optional(),
    email: emailSchema.nullable().optional(),
    website: websiteSchema,
    gst_number: gstNumberSchema,
    qst_number: qstNumberSchema,
    tax_profile: z
      .enum(taxProfileCodes, { error: `Must be one of ${taxProfileCodes.join(', ')}` })
      .optional(),
    document_terms_fr: optionalText(2_000),
    document_terms_en: optionalText(2_000),
    document_footer_fr: optionalText(1_000),
    document_footer_en: optionalText(1_000),
  })
  .meta({ id: 'CompanySettingsPut' });

export type CompanySettingsPut = z.infer<typeof companySettingsPutSchema>;

export const companySettingsSchema = z
  .object({
    name: z.string(),
    legal_name: z.string().nullable(),
    address_line1: z.string().nullable(),
    address_line2: z.string().nullable(),
    city: z.string().nullable(),
    province: z.string().nullable(),
    postal_code: z.string().nullable(),
    country: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
    gst_number: z.string().nullable(),
    qst_number: z.string().nullable(),
    tax_profile: z.enum(taxProfileCodes),
    /** The taxes the profile charges, in order: what a new invoice gets. */
    taxes: z.array(
      z.object({
        code: z.string(),
        rate_ppm: z.number().int(),
        rate: z.string().meta({ description: 'Percent as a decimal string, e.g. "9.975"' }),
      }),
    ),
    document_terms_fr: z.string().nullable(),
    document_terms_en: z.string().nullable(),
    document_footer_fr: z.string().nullable(),
    document_footer_en: z.string().nullable(),
    /** false until an admin first saves them: the defaults apply. */
    is_set: z.boolean(),
    /** Whether a logo is set; it is read at GET /settings/company/logo. */
    has_logo: z.boolean(),
    /** SHA-256 (hex) of the logo's PNG, its ETag; null without a logo. */
    logo_sha256: z.string().nullable(),
    updated_at: timestampSchema.nullable(),
  })
  .meta({ id: 'CompanySettings' });

export type CompanySettings = z.infer<typeof companySettingsSchema>;
