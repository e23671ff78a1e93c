import { z } from 'zod';
import { timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { emailSchema, phoneSchema } from '../../core/validation.ts';
import { nullableText, requiredText } from './customer-parts.schemas.ts';
import { contactChannels } from './customers.tables.ts';

const contactFields = {
  first_name: requiredText(100),
  last_name: nullableText(100),
  email: emailSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  role: nullableText(100),
  is_primary: z.boolean(),
  preferred_contact_channel: z.enum(contactChannels),
};

export const contactCreateSchema = z
  .strictObject(contactFields)
  .partial({ is_primary: true, preferred_contact_channel: true });

export const contactPatchSchema = z.strictObject(contactFields).partial();

export type ContactCreate = z.infer<typeof contactCreateSchema>;
export type ContactPatch = z.infer<typeof contactPatchSchema>;

export const contactParams = z.object({ id: uuidSchema, contact_id: uuidSchema });

export const contactSchema = z
  .object({
    id: z.string(),
    customer_id: z.string(),
    first_name: z.string(),
    last_name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    role: z.string().nullable(),
    is_primary: z.boolean(),
    preferred_contact_channel: z.enum(contactChannels),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'CustomerContact' });

export const contactListSchema = z.object({ data: z.array(contactSchema) });
