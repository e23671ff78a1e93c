import { z } from 'zod';
import { pageQuery, paginationSchema, timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { accessActions, accessLevels, accessOutcomes, documentCategories } from './documents.tables.ts';

const titleSchema = z.string().trim().min(1, 'Required').max(200, 'At most 200 characters');

/** The text fields of an upload (multipart form fields beside `file`). */
export const documentFieldsSchema = z.strictObject({
  title: titleSchema.optional(),
  category: z.enum(documentCategories).default('other'),
  access_level: z.enum(accessLevels).default('staff'),
});

/** The multipart body, for the OpenAPI document (the route reads the stream itself). */
export const documentUploadSchema = z
  .object({
    file: z
      .string()
      .meta({ format: 'binary', description: 'The file; its type is detected from its content' }),
    title: titleSchema.optional().meta({ description: 'Default: the file name' }),
    category: z.enum(documentCategories).optional(),
    access_level: z.enum(accessLevels).optional(),
  })
  .meta({ id: 'DocumentUpload' });

export const versionUploadSchema = z
  .object({
    file: z.string().meta({ format: 'binary', description: 'The new content' }),
  })
  .meta({ id: 'DocumentVersionUpload' });

export const documentPatchSchema = z
  .strictObject({
    title: titleSchema.optional(),
    category: z.enum(documentCategories).optional(),
    access_level: z.enum(accessLevels).optional(),
    /** Admin only: keeps a deleted document's content past its retention date, and through anonymization. */
    legal_hold: z.boolean().optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'Give title, category, access_level or legal_hold',
  })
  .meta({ id: 'DocumentPatch' });

export type DocumentPatch = z.infer<typeof documentPatchSchema>;

export const documentVersionSchema = z
  .object({
    document_id: uuidSchema,
    version: z.number().int(),
    sha256: z.string(),
    size: z.number().int(),
    mime_type: z.string(),
    file_name: z.string(),
    uploaded_by: uuidSchema.nullable(),
    created_at: timestampSchema,
    verified_at: timestampSchema.nullable(),
    integrity_failed_at: timestampSchema.nullable(),
  })
  .meta({ id: 'DocumentVersion' });

export type DocumentVersion = z.infer<typeof documentVersionSchema>;

export const documentSchema = z
  .object({
    id: uuidSchema,
    customer_id: uuidSchema,
    title: z.string(),
    category: z.enum(documentCategories),
    access_level: z.enum(accessLevels),
    current_version: z.number().int(),
    legal_hold: z.boolean(),
    created_by: uuidSchema.nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
    deleted_at: timestampSchema.nullable(),
    retention_until: timestampSchema.nullable(),
    /** The current version. */
    version: documentVersionSchema,
    /** true when the file was already stored (same SHA-256): kept once. Only on upload. */
    deduplicated: z.boolean().optional(),
  })
  .meta({ id: 'Document' });

export type DocumentOut = z.infer<typeof documentSchema>;

export const documentListQuery = z.strictObject({
  category: z.enum(documentCategories).optional(),
  access_level: z.enum(accessLevels).optional(),
  q: z.string().trim().max(200).optional(),
  ...pageQuery,
});

export type DocumentListQuery = z.infer<typeof documentListQuery>;

export const documentListSchema = z
  .object({ data: z.array(documentSchema), pagination: paginationSchema })
  .meta({ id: 'DocumentList' });

export const documentVersionListSchema = z
  .object({ data: z.array(documentVersionSchema) })
  .meta({ id: 'DocumentVersionList' });

export const accessLogEntrySchema = z
  .object({
    id: uuidSchema,
    document_id: uuidSchema,
    version: z.number().int(),
    action: z.enum(accessActions),
    outcome: z.enum(accessOutcomes),
    user_id: uuidSchema.nullable(),
    user_name: z.string().nullable(),
    actor_type: z.string(),
    role: z.string(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    at: timestampSchema,
  })
  .meta({ id: 'DocumentAccessLogEntry' });

export const accessLogQuery = z.strictObject({ ...pageQuery });

export const accessLogSchema = z
  .object({ data: z.array(accessLogEntrySchema), pagination: paginationSchema })
  .meta({ id: 'DocumentAccessLog' });

export const verifyResultSchema = z
  .object({
    document_id: uuidSchema,
    version: z.number().int(),
    sha256: z.string(),
    valid: z.literal(true),
    verified_at: timestampSchema,
  })
  .meta({ id: 'DocumentVerification' });

export const contentQuery = z.strictObject({
  /** A former version; default the current one. */
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

export const previewQuery = z.strictObject({
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /** A small WebP image (320 px) instead of the file itself. */
  thumbnail: z.stringbool().default(false),
});
