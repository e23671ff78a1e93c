import { z } from 'zod';
import { pageQuery, paginationSchema, timestampSchema, uuidSchema } from '../../core/schemas.ts';
import {
  auditEventTypes,
  fieldTypes,
  quoteOutcomes,
  routings,
  signatureStatuses,
} from './signatures.tables.ts';

const fraction = z.number().min(0, 'At least 0').max(1, 'At most 1');

export const signerInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'Required').max(120, 'At most 120 characters'),
  email: z.email({ error: 'Must be an email address' }).max(320),
  /** Sequential routing: lower signs first (equal orders sign in parallel). Default: the signer's position. */
  order: z.number().int().min(1).max(100).optional(),
  /** The language of their emails and page; default the customer's. */
  language: z.enum(['fr-CA', 'en-CA']).optional(),
});

/**
 * A field on a page, in relative units: x, y, width, height are fractions of the page's width
 * and height from its top-left corner (so a click on a page drawn at any scale maps directly).
 */
export const fieldInputSchema = z
  .strictObject({
    type: z.enum(fieldTypes),
    signer_index: z.number().int().min(0).max(19),
    page: z.number().int().min(1).max(10_000),
    x: fraction,
    y: fraction,
    width: z.number().min(0.01, 'At least 0.01').max(1),
    height: z.number().min(0.01, 'At least 0.01').max(1),
    required: z.boolean().default(true),
    label: z.string().trim().max(80).nullable().optional(),
  })
  .refine((field) => field.x + field.width <= 1.0001, {
    message: 'x + width must be at most 1',
    path: ['width'],
  })
  .refine((field) => field.y + field.height <= 1.0001, {
    message: 'y + height must be at most 1',
    path: ['height'],
  });

export const signatureRequestCreateSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    message: z.string().trim().max(2000).nullable().optional(),
    signers: z.array(signerInputSchema).min(1, 'At least one signer').max(20, 'At most 20 signers'),
    routing: z.enum(routings).default('parallel'),
    fields: z.array(fieldInputSchema).max(200).default([]),
    /** Default: 30 days from now. */
    expires_at: timestampSchema.optional(),
    require_email_code: z.boolean().default(false),
  })
  .meta({ id: 'SignatureRequestCreate' });

export type SignatureRequestCreate = z.infer<typeof signatureRequestCreateSchema>;

/** A quote sent for signature: as a document's, but the signers default to the customer and expiry to the quote's validity. */
export const quoteSignatureRequestCreateSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    message: z.string().trim().max(2000).nullable().optional(),
    /** Default: the customer (name and email). */
    signers: z
      .array(signerInputSchema)
      .min(1, 'At least one signer')
      .max(20, 'At most 20 signers')
      .optional(),
    routing: z.enum(routings).default('parallel'),
    fields: z.array(fieldInputSchema).max(200).default([]),
    /** Default: the end of the quote's last valid day; never later. */
    expires_at: timestampSchema.optional(),
    require_email_code: z.boolean().default(false),
  })
  .meta({ id: 'QuoteSignatureRequestCreate' });

export type QuoteSignatureRequestCreate = z.infer<typeof quoteSignatureRequestCreateSchema>;

export const placedFieldSchema = z
  .object({
    id: uuidSchema,
    type: z.enum(fieldTypes),
    signer_index: z.number().int(),
    page: z.number().int(),
    x: z.number(),
    y: z.number(),
    width: z.number(),
    height: z.number(),
    required: z.boolean(),
    label: z.string().nullable(),
  })
  .meta({ id: 'SignatureField' });

export const signerSchema = z
  .object({
    id: uuidSchema,
    signer_index: z.number().int(),
    name: z.string(),
    email: z.string(),
    signing_order: z.number().int(),
    language: z.string(),
    status: z.enum(signatureStatuses),
    notified_at: timestampSchema.nullable(),
    viewed_at: timestampSchema.nullable(),
    signed_at: timestampSchema.nullable(),
    declined_at: timestampSchema.nullable(),
    decline_reason: z.string().nullable(),
    signature_type: z.enum(['drawn', 'typed']).nullable(),
    /** Only in the answer that made the link (creation, reminder): the link is not kept. */
    signing_url: z.string().optional(),
  })
  .meta({ id: 'Signer' });

export const signatureRequestSchema = z
  .object({
    id: uuidSchema,
    document_id: uuidSchema,
    customer_id: uuidSchema,
    document_version: z.number().int(),
    original_sha256: z.string(),
    title: z.string(),
    message: z.string().nullable(),
    routing: z.enum(routings),
    status: z.enum(signatureStatuses),
    require_email_code: z.boolean(),
    provider: z.string(),
    expires_at: timestampSchema,
    created_by: uuidSchema.nullable(),
    created_at: timestampSchema,
    completed_at: timestampSchema.nullable(),
    cancelled_at: timestampSchema.nullable(),
    declined_at: timestampSchema.nullable(),
    final_audit_hash: z.string().nullable(),
    sealed_document_id: uuidSchema.nullable(),
    sealed_sha256: z.string().nullable(),
    sealed_at: timestampSchema.nullable(),
    /** The quote it signs, if any, and what its completion or decline did to it. */
    quote_id: uuidSchema.nullable(),
    quote_outcome: z.enum(quoteOutcomes).nullable(),
    fields: z.array(placedFieldSchema),
    signers: z.array(signerSchema),
  })
  .meta({ id: 'SignatureRequest' });

export type SignatureRequestOut = z.infer<typeof signatureRequestSchema>;

export const signatureRequestListQuery = z.strictObject({ ...pageQuery });

export const signatureRequestListSchema = z
  .object({ data: z.array(signatureRequestSchema), pagination: paginationSchema })
  .meta({ id: 'SignatureRequestList' });

export const remindBodySchema = z
  .strictObject({
    /** Only this signer; default every signer whose turn it is and who has not signed. */
    signer_id: uuidSchema.optional(),
  })
  .meta({ id: 'SignatureReminder' });

export const auditEventSchema = z
  .object({
    seq: z.number().int(),
    event: z.enum(auditEventTypes),
    signer_id: uuidSchema.nullable(),
    actor_id: uuidSchema.nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    at: timestampSchema,
    data: z.record(z.string(), z.unknown()),
    prev_hash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'SignatureAuditEvent' });

export const auditTrailSchema = z
  .object({
    request_id: uuidSchema,
    chain_valid: z.boolean(),
    /** The first event that does not hold, when the chain is broken. */
    broken_at: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
    final_hash: z.string().nullable(),
    events: z.array(auditEventSchema),
  })
  .meta({ id: 'SignatureAuditTrail' });

// The signer's side (no account: the token in the path is the credential).

export const tokenParams = z.object({
  token: z
    .string()
    .min(20)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'Not a signing token'),
});

export const signerViewSchema = z
  .object({
    request: z.object({
      id: uuidSchema,
      title: z.string(),
      message: z.string().nullable(),
      routing: z.enum(routings),
      status: z.enum(signatureStatuses),
      expires_at: timestampSchema,
      require_email_code: z.boolean(),
      company_name: z.string(),
    }),
    signer: z.object({
      id: uuidSchema,
      name: z.string(),
      email: z.string(),
      language: z.string(),
      status: z.enum(signatureStatuses),
      code_verified: z.boolean(),
      code_locked: z.boolean(),
      /** False while earlier signers (sequential routing) have not signed. */
      can_sign: z.boolean(),
    }),
    fields: z.array(placedFieldSchema),
    document: z.object({
      sha256: z.string(),
      file_name: z.string(),
      page_count: z.number().int(),
      /** GET it with the same token. */
      url: z.string(),
    }),
  })
  .meta({ id: 'SignerView' });

export const codeVerifySchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'Six digits'),
  })
  .meta({ id: 'SignatureCodeVerify' });

export const codeSentSchema = z
  .object({ sent: z.literal(true), expires_at: timestampSchema, attempts_left: z.number().int() })
  .meta({ id: 'SignatureCodeSent' });

export const codeVerifiedSchema = z
  .object({ verified: z.literal(true) })
  .meta({ id: 'SignatureCodeVerified' });

export const signBodySchema = z
  .strictObject({
    consent: z.literal(true, { error: 'Consent to sign electronically is required' }),
    signature: z.discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('drawn'),
        /** A PNG (what signature_pad's toDataURL gives, with or without the data: prefix). */
        png_base64: z.string().min(1, 'Required').max(1_500_000, 'Image too large'),
      }),
      z.strictObject({ type: z.literal('typed'), name: z.string().trim().min(1, 'Required').max(120) }),
    ]),
    /** Values of the signer's initials and text fields, by field id (date fields fill themselves). */
    fields: z.record(z.string(), z.string().trim().max(500)).default({}),
  })
  .meta({ id: 'SignatureSubmit' });

export type SignBody = z.infer<typeof signBodySchema>;

export const signResultSchema = z
  .object({
    status: z.enum(signatureStatuses),
    request_status: z.enum(signatureStatuses),
    signed_at: timestampSchema,
  })
  .meta({ id: 'SignatureSubmitted' });

export const declineBodySchema = z
  .strictObject({ reason: z.string().trim().min(1, 'Required').max(1000) })
  .meta({ id: 'SignatureDecline' });

export const declineResultSchema = z
  .object({ status: z.literal('declined'), declined_at: timestampSchema })
  .meta({ id: 'SignatureDeclined' });

// Public verification of a sealed PDF (minimal disclosure: no emails, no addresses).

export const verifyParams = z.object({
  sha256: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, 'A SHA-256 in hexadecimal (64 characters)'),
});

export const verifyResultSchema = z
  .object({
    sealed_by_atrium: z.boolean(),
    sha256: z.string(),
    document: z
      .object({
        title: z.string(),
        request_id: uuidSchema,
        original_sha256: z.string(),
        completed_at: timestampSchema,
        sealed_at: timestampSchema,
        final_audit_hash: z.string(),
        company_name: z.string(),
        signers: z.array(z.object({ name: z.string(), signed_at: timestampSchema })),
      })
      .nullable(),
  })
  .meta({ id: 'SealedPdfVerification' });
