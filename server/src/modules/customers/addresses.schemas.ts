import { z } from 'zod';
import type { FieldError } from '../../core/errors.ts';
import { timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { nullableText, requiredText } from './customer-parts.schemas.ts';

/**
 * ISO 3166-1 alpha-2 codes officially assigned. Intl.DisplayNames alone is too lenient:
 * it also names retired and reserved codes (SU, YU, EU, UN, XK, ZZ...).
 */
const countryCodes = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
  CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
  GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO
  JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR
  MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
  RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV
  TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/),
);

export const countrySchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => countryCodes.has(value), { message: 'Unknown country (ISO 3166-1 alpha-2, e.g. CA)' });

// Canada Post never uses D, F, I, O, Q, U, nor W or Z in first position.
const canadianPostalCode = /^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])(\d[ABCEGHJ-NPRSTV-Z]\d)$/;

/** A postal code as stored: Canadian ones as "H2X 1Y4"; others trimmed. Undefined when invalid. */
export function normalisePostalCode(country: string, postalCode: string): string | undefined {
  if (country !== 'CA') return postalCode.trim();
  const match = canadianPostalCode.exec(postalCode.toUpperCase().replace(/[\s-]/g, ''));
  return match ? `${match[1]} ${match[2]}` : undefined;
}

/** Rules that span fields, checked on the whole address (after a PATCH too). */
export function addressIssues(address: {
  country: string;
  postal_code?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}): FieldError[] {
  const issues: FieldError[] = [];
  if (address.postal_code && normalisePostalCode(address.country, address.postal_code) === undefined) {
    issues.push({ path: 'postal_code', message: 'Invalid Canadian postal code (A1A 1A1)' });
  }
  const hasLatitude = address.latitude !== null && address.latitude !== undefined;
  const hasLongitude = address.longitude !== null && address.longitude !== undefined;
  if (hasLatitude !== hasLongitude) {
    issues.push({
      path: hasLatitude ? 'longitude' : 'latitude',
      message: 'latitude and longitude go together',
    });
  }
  return issues;
}

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Time must be HH:MM (00:00 to 23:59)');

export const deliveryWindowSchema = z
  .strictObject({ day: z.enum(weekdays), from: timeOfDay, to: timeOfDay })
  .refine((window) => window.from < window.to, { path: ['to'], message: 'to must be after from' });

const addressFields = {
  label: nullableText(50),
  line1: requiredText(200),
  line2: nullableText(200),
  city: requiredText(100),
  region: nullableText(100),
  postal_code: nullableText(20),
  country: countrySchema,
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  delivery_windows: z.array(deliveryWindowSchema).max(50),
};

export const addressCreateSchema = z
  .strictObject({ ...addressFields, country: countrySchema.default('CA') })
  .partial({ delivery_windows: true })
  .transform((value, context) => {
    const issues = addressIssues(value);
    for (const issue of issues)
      context.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
    if (issues.length) return z.NEVER;
    return value.postal_code
      ? { ...value, postal_code: normalisePostalCode(value.country, value.postal_code)! }
      : value;
  });

/** Cross-field rules need the stored address too: the service checks them after merging. */
export const addressPatchSchema = z.strictObject(addressFields).partial();

export type AddressCreate = z.infer<typeof addressCreateSchema>;
export type AddressPatch = z.infer<typeof addressPatchSchema>;

export const addressParams = z.object({ id: uuidSchema, address_id: uuidSchema });

export const addressSchema = z
  .object({
    id: z.string(),
    customer_id: z.string(),
    label: z.string().nullable(),
    line1: z.string(),
    line2: z.string().nullable(),
    city: z.string(),
    region: z.string().nullable(),
    postal_code: z.string().nullable(),
    country: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    delivery_windows: z.array(z.object({ day: z.enum(weekdays), from: z.string(), to: z.string() })),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'CustomerAddress' });

export const addressListSchema = z.object({ data: z.array(addressSchema) });
