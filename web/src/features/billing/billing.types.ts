/** The catalog's and promo codes' API shapes, from the generated API types (server: modules/billing). */
import { type BodyOf, everyValueOf, type QueryOf, type Schema } from '../../lib/api-types';

export type Product = Schema<'Product'>;
export type ProductInput = BodyOf<'createProduct'>;
export type ProductPatch = BodyOf<'updateProduct'>;
export type ProductListParams = Partial<QueryOf<'listProducts'>>;
export type ProductSort = NonNullable<ProductListParams['sort']>;
export type ProductUnit = Product['unit'];
export type ArchivedFilter = NonNullable<ProductListParams['archived']>;

export type PromoCode = Schema<'PromoCode'>;
export type PromoCodeInput = BodyOf<'createPromoCode'>;
export type PromoCodeListParams = Partial<QueryOf<'listPromoCodes'>>;
export type PromoStatus = PromoCode['status'];
export type DiscountType = PromoCode['discount_type'];

// In the order the UI offers them.
export const productSorts = everyValueOf<ProductSort>()(['name', 'price', '-price', 'popularity', 'newest']);
export const productUnits = everyValueOf<ProductUnit>()([
  'each',
  'hour',
  'day',
  'week',
  'month',
  'year',
  'km',
  'm',
  'm2',
  'm3',
  'kg',
  'g',
  'l',
  'ml',
]);
export const archivedFilters = everyValueOf<ArchivedFilter>()(['exclude', 'only', 'include']);
export const promoStatuses = everyValueOf<PromoStatus>()([
  'active',
  'scheduled',
  'inactive',
  'expired',
  'exhausted',
]);
export const discountTypes = everyValueOf<DiscountType>()(['percentage', 'fixed']);
