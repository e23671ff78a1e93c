import { z } from 'zod';

/** Building blocks shared by every module's request and response schemas. */
export const uuidSchema = z.uuid({ error: 'Must be a UUID' });
export const idParams = z.object({ id: uuidSchema });
/** An instant: a Date in code, an ISO 8601 string on the wire (encoded when the response is serialized). */
export const timestampSchema = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (value) => new Date(value),
  encode: (value) => value.toISOString(),
});

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
};

export const paginationSchema = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    per_page: z.number().int(),
    pages: z.number().int(),
    has_next: z.boolean(),
    has_prev: z.boolean(),
    /** false when `total` is a lower bound: counting a huge list exactly costs more than showing it. */
    total_is_exact: z.boolean().optional(),
  })
  .meta({ id: 'Pagination' });

export type Pagination = z.infer<typeof paginationSchema>;

export function paginate(total: number, page: number, perPage: number): Pagination {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return { total, page, per_page: perPage, pages, has_next: page < pages, has_prev: page > 1 };
}

/** A keyset cursor: opaque to clients, the (created_at, id) of the last row seen. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

const cursorIdSchema = z.uuid();

export const cursorSchema = z
  .string()
  .max(200)
  .transform((value, context) => {
    const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
    const date = at ? new Date(at) : undefined;
    if (!date || Number.isNaN(date.getTime()) || !id || !cursorIdSchema.safeParse(id).success) {
      context.addIssue({ code: 'custom', message: 'Invalid cursor' });
      return z.NEVER;
    }
    return { created_at: date, id };
  });

/** Optional text: trimmed; empty becomes null. */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();
}
