import { z } from 'zod';
import { optionalText, pageQuery, paginationSchema, timestampSchema } from '../../core/schemas.ts';
import { centsQuerySchema, centsSchema, currencySchema } from './billing.schemas.ts';
import { productUnits } from './products.tables.ts';

export { productUnits };

export const productSorts = ['name', 'price', '-price', 'popularity', 'newest'] as const;
export type ProductSort = (typeof productSorts)[number];

/** A customer price level, as finances' credit profile writes it: `standard`, `wholesale`, `vip`. */
export const priceLevelSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,29}$/, 'A price level is lower-case letters, digits, - and _');

const maxPriceLevels = 20;

const fields = {
  sku: z
    .string()
    .trim()
    .min(1, 'Required')
    .max(64)
    .regex(/^[\p{L}\p{N}][\p{L}\p{N}._/-]*$/u, 'Letters, digits and . _ / - only, no spaces'),
  name: z.string().trim().min(1, 'Required').max(200),
  description: optionalText(5_000),
  category: optionalText(80),
  price_cents: centsSchema,
  currency: currencySchema,
  taxable: z.boolean(),
  unit: z.enum(productUnits, { error: 'Unknown unit' }),
  /** Prices that differ from `price_cents` for some customer price levels; replaced whole. */
  prices: z
    .record(priceLevelSchema, centsSchema)
    .refine((prices) => Object.keys(prices).length <= maxPriceLevels, {
      message: `At most ${maxPriceLevels} price levels`,
    }),
};

export const productCreateSchema = z
  .strictObject({
    ...fields,
    currency: fields.currency.default('CAD'),
    taxable: fields.taxable.default(true),
    unit: fields.unit.default('each'),
    prices: fields.prices.default({}),
  })
  .meta({ id: 'ProductCreate' });

export type ProductCreate = z.infer<typeof productCreateSchema>;

export const productPatchSchema = z
  .strictObject({
    sku: fields.sku.optional(),
    name: fields.name.optional(),
    description: fields.description,
    category: fields.category,
    price_cents: fields.price_cents.optional(),
    currency: fields.currency.optional(),
    taxable: fields.taxable.optional(),
    unit: fields.unit.optional(),
    prices: fields.prices.optional(),
  })
  .meta({ id: 'ProductPatch' });

export type ProductPatch = z.infer<typeof productPatchSchema>;

export const productSchema = z
  .object({
    id: z.string(),
    sku: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    category: z.string().nullable(),
    price_cents: z.number().int(),
    currency: z.string(),
    taxable: z.boolean(),
    unit: z.enum(productUnits),
    prices: z.record(z.string(), z.number().int()),
    /** Invoice lines that sold it: what sort=popularity orders by. */
    times_sold: z.number().int(),
    archived_at: timestampSchema.nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Product' });

export type Product = z.infer<typeof productSchema>;

export const productListQuery = z
  .strictObject({
    /** Words found anywhere in the SKU, name or description, whatever their accents or case. */
    q: z.string().trim().max(200).optional(),
    category: z.string().trim().min(1).max(80).optional(),
    /** In cents. */
    min_price: centsQuerySchema.optional(),
    /** In cents. */
    max_price: centsQuerySchema.optional(),
    sort: z.enum(productSorts, { error: `One of ${productSorts.join(', ')}` }).default('name'),
    archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
    ...pageQuery,
  })
  .refine(
    (query) =>
      query.min_price === undefined || query.max_price === undefined || query.min_price <= query.max_price,
    {
      path: ['max_price'],
      message: 'Must not be less than min_price',
    },
  );

export type ProductListQuery = z.infer<typeof productListQuery>;

export const productListSchema = z.object({ data: z.array(productSchema), pagination: paginationSchema });

export const productCategoriesSchema = z
  .object({
    data: z.array(z.object({ category: z.string(), count: z.number().int() })),
  })
  .meta({ id: 'ProductCategories' });
