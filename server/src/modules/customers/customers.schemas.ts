import { z } from 'zod';
import type { FieldError } from '../../core/errors.ts';
import { optionalText, paginationSchema, timestampSchema, uuidSchema } from '../../core/schemas.ts';
import {
  emailSchema,
  languageCodeSchema,
  matriculeSchema,
  phoneSchema,
  timezoneSchema,
} from '../../core/validation.ts';

import { contactChannels, customerKinds, privacyLevels } from './customers.tables.ts';

export { contactChannels, customerKinds, privacyLevels };

const segmentsSchema = z
  .array(z.string().trim().min(1).max(50))
  .max(20)
  .transform((values) => [...new Set(values)]);

/** The profile fields of the seed (GET/PATCH /customers/{id}/profile). */
export const profileFields = {
  language_code: languageCodeSchema,
  timezone: timezoneSchema,
  segments: segmentsSchema,
  privacy_level: z.enum(privacyLevels),
  preferred_contact_channel: z.enum(contactChannels),
  tax_exempt: z.boolean(),
};

const identityFields = {
  kind: z.enum(customerKinds),
  first_name: optionalText(100),
  last_name: optionalText(100),
  company_name: optionalText(200),
  email: emailSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  matricule: matriculeSchema.nullable().optional(),
  assigned_user_id: uuidSchema.nullable().optional(),
};

/** A company is named by company_name, a person by a first or last name: checked on create and on every change. */
export function customerIdentityIssues(value: {
  kind?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  company_name?: string | null;
}): FieldError[] {
  if (value.kind === 'company' && !value.company_name) {
    return [{ path: 'company_name', message: 'A company needs a company_name' }];
  }
  if (value.kind === 'individual' && !value.first_name && !value.last_name) {
    return [{ path: 'last_name', message: 'A person needs a first_name or last_name' }];
  }
  return [];
}

export const profilePatchSchema = z.strictObject(profileFields).partial();

export const customerPatchSchema = z.strictObject({ ...identityFields, ...profileFields }).partial();

export const customerCreateSchema = z
  .strictObject({ ...identityFields, kind: identityFields.kind.default('individual'), ...profileFields })
  .partial({
    language_code: true,
    timezone: true,
    segments: true,
    privacy_level: true,
    preferred_contact_channel: true,
    tax_exempt: true,
  })
  .superRefine((value, context) => {
    for (const issue of customerIdentityIssues(value)) {
      context.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
    }
  });

export type CustomerCreate = z.infer<typeof customerCreateSchema>;
export type CustomerPatch = z.infer<typeof customerPatchSchema>;

export const customerSchema = z
  .object({
    id: z.string(),
    kind: z.enum(customerKinds),
    display_name: z.string(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    company_name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    matricule: z.string().nullable(),
    language_code: z.string(),
    timezone: z.string(),
    segments: z.array(z.string()),
    privacy_level: z.enum(privacyLevels),
    preferred_contact_channel: z.enum(contactChannels),
    tax_exempt: z.boolean(),
    assigned_user_id: z.string().nullable(),
    archived_at: timestampSchema.nullable(),
    anonymized_at: timestampSchema.nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Customer' });

export const profileSchema = z
  .object({
    id: z.string(),
    language_code: z.string(),
    timezone: z.string(),
    segments: z.array(z.string()),
    privacy_level: z.enum(privacyLevels),
    preferred_contact_channel: z.enum(contactChannels),
    tax_exempt: z.boolean(),
  })
  .meta({ id: 'CustomerProfile' });

export const customerSorts = ['name', '-name', 'created_at', '-created_at'] as const;

export const customerListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  segment: z.string().trim().min(1).max(50).optional(),
  privacy_level: z.enum(privacyLevels).optional(),
  kind: z.enum(customerKinds).optional(),
  archived: z.enum(['include', 'only', 'exclude']).default('exclude'),
  sort: z.enum(customerSorts).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
});

export type CustomerListQuery = z.infer<typeof customerListQuery>;

export const customerListSchema = z.object({
  data: z.array(customerSchema),
  pagination: paginationSchema,
  next_cursor: z.string().nullable(),
});
