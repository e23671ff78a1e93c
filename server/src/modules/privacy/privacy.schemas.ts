import { z } from 'zod';
import { timestampSchema } from '../../core/schemas.ts';
import { consentTypes } from './privacy.tables.ts';

export { consentTypes };
export type ConsentType = (typeof consentTypes)[number];

export const consentRecordSchema = z
  .object({
    id: z.string(),
    consent_type: z.enum(consentTypes),
    is_granted: z.boolean(),
    source: z.string(),
    ip_address: z.string().nullable(),
    collected_by: z.string().nullable(),
    collected_by_type: z.string(),
    version: z.number().int(),
    granted_at: timestampSchema.nullable(),
    revoked_at: timestampSchema.nullable(),
    expires_at: timestampSchema.nullable(),
    created_at: timestampSchema,
  })
  .meta({ id: 'ConsentRecord' });

export const consentStateSchema = z
  .object({
    consent_type: z.enum(consentTypes),
    is_granted: z.boolean(),
    /** Granted, not revoked since, and not expired now. */
    is_valid: z.boolean(),
    /** 0 when nothing was ever recorded for this type. */
    version: z.number().int(),
    source: z.string().nullable(),
    granted_at: timestampSchema.nullable(),
    revoked_at: timestampSchema.nullable(),
    expires_at: timestampSchema.nullable(),
    recorded_at: timestampSchema.nullable(),
  })
  .meta({ id: 'ConsentState' });

export type ConsentState = z.infer<typeof consentStateSchema>;

export const consentBody = z
  .strictObject({
    consent_type: z.enum(consentTypes),
    is_granted: z.boolean(),
    source: z.string().trim().min(1).max(100),
    expires_at: z.iso
      .datetime({ offset: true })
      .transform((value) => new Date(value))
      .nullable()
      .optional(),
  })
  .refine((value) => value.is_granted || !value.expires_at, {
    path: ['expires_at'],
    message: 'Only a grant can expire',
  });

export type ConsentInput = z.infer<typeof consentBody>;

export const consentsResponse = z.object({
  current: z.array(consentStateSchema),
  history: z.array(consentRecordSchema),
});

export const anonymizeBody = z.strictObject({
  confirm: z.literal(true, { error: 'Anonymization is irreversible: send confirm: true' }),
  reason: z.string().trim().max(500).optional(),
});
