import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import {
  createProduct,
  createPromoCode,
  productCreateSchema,
  products,
  promo_codes,
  promoCodeCreateSchema,
} from '../billing/index.ts';

/** A garage's catalog: services by the hour or the job, parts, towing by the km. Prices in cents. */
const demoProducts = [
  {
    sku: 'MO-HEURE',
    name: 'Main-d’œuvre mécanique',
    category: 'Main-d’œuvre',
    price_cents: 12_500,
    unit: 'hour',
    prices: { flotte: 11_000 },
  },
  {
    sku: 'VID-SYN',
    name: 'Vidange d’huile synthétique 5W-30',
    category: 'Entretien',
    price_cents: 8_995,
    description: 'Huile synthétique, filtre et inspection en 20 points',
  },
  { sku: 'VID-CONV', name: 'Vidange d’huile conventionnelle', category: 'Entretien', price_cents: 5_995 },
  {
    sku: 'INSP-SAAQ',
    name: 'Inspection mécanique SAAQ',
    category: 'Entretien',
    price_cents: 14_000,
    description: 'Vérification obligatoire des véhicules lourds et de taxi',
  },
  {
    sku: 'PNEU-POSE',
    name: 'Pose et équilibrage de 4 pneus',
    category: 'Pneus',
    price_cents: 9_900,
    prices: { flotte: 8_500 },
  },
  { sku: 'PNEU-ENTR', name: 'Entreposage de pneus (une saison)', category: 'Pneus', price_cents: 8_000 },
  { sku: 'ALIGN', name: 'Alignement des roues', category: 'Pneus', price_cents: 11_995 },
  {
    sku: 'FREIN-AV',
    name: 'Plaquettes de frein avant (pose comprise)',
    category: 'Freins',
    price_cents: 24_900,
  },
  {
    sku: 'FREIN-AR',
    name: 'Plaquettes de frein arrière (pose comprise)',
    category: 'Freins',
    price_cents: 22_900,
  },
  {
    sku: 'DIAG-OBD',
    name: 'Diagnostic électronique',
    category: 'Diagnostic',
    price_cents: 9_500,
    description: 'Lecture et interprétation des codes OBD-II',
  },
  { sku: 'ANTIROUILLE', name: 'Traitement antirouille annuel', category: 'Carrosserie', price_cents: 14_995 },
  { sku: 'LAVE-GLACE', name: 'Lave-glace −40 °C (3,78 L)', category: 'Pièces', price_cents: 599 },
  { sku: 'BATT-H6', name: 'Batterie H6 (pose comprise)', category: 'Pièces', price_cents: 21_999 },
  { sku: 'ESSUIE-GL', name: 'Balais d’essuie-glace d’hiver (paire)', category: 'Pièces', price_cents: 4_499 },
  {
    sku: 'REMORQ-KM',
    name: 'Remorquage',
    category: 'Remorquage',
    price_cents: 450,
    unit: 'km',
    description: 'Par kilomètre, après les 10 premiers',
  },
  {
    sku: 'COURTOISIE',
    name: 'Véhicule de courtoisie',
    category: 'Location',
    price_cents: 4_500,
    unit: 'day',
  },
  {
    sku: 'FLOTTE-MOIS',
    name: 'Forfait entretien de flotte',
    category: 'Flotte',
    price_cents: 34_900,
    unit: 'month',
    prices: { flotte: 29_900 },
  },
  {
    sku: 'DOC-ADMIN',
    name: 'Frais de dossier',
    category: 'Administration',
    price_cents: 1_500,
    taxable: false,
  },
];

/** The default promo codes, here and nowhere else: a real install starts with none. */
const demoPromoCodes = [
  {
    code: 'BIENVENUE10',
    description: 'Bienvenue : 10 % sur la première visite',
    discount_type: 'percentage',
    percent_basis_points: 1_000,
    min_amount_cents: 2_000,
    max_uses: 100,
  },
  {
    code: 'VIP20',
    description: 'Clients VIP : 20 %',
    discount_type: 'percentage',
    percent_basis_points: 2_000,
    min_amount_cents: 5_000,
    max_uses: 50,
  },
  {
    code: 'PROMO5',
    description: '5 $ de rabais dès 15 $',
    discount_type: 'fixed',
    amount_off_cents: 500,
    min_amount_cents: 1_500,
  },
  {
    code: 'FLASH50',
    description: 'Vente éclair : 50 %',
    discount_type: 'percentage',
    percent_basis_points: 5_000,
    min_amount_cents: 10_000,
    max_uses: 10,
  },
] as const;

/**
 * The catalog and promo codes of the demo, each added when missing (by SKU or code), so a
 * demo seeded before the catalog existed gets it too. Through the services: every row is
 * recorded as a user's would be. Returns how many of each were added.
 */
export async function seedDemoBilling(ctx: Ctx): Promise<{ products: number; promo_codes: number }> {
  const added = { products: 0, promo_codes: 0 };
  for (const product of demoProducts) {
    const [existing] = await ctx.db
      .select({ id: products.id })
      .from(products)
      .where(sql`lower(${products.sku}) = lower(${product.sku})`);
    if (existing) continue;
    await createProduct(ctx, productCreateSchema.parse(product));
    added.products += 1;
  }
  for (const promo of demoPromoCodes) {
    const [existing] = await ctx.db
      .select({ id: promo_codes.id })
      .from(promo_codes)
      .where(eq(promo_codes.code, promo.code));
    if (existing) continue;
    await createPromoCode(ctx, promoCodeCreateSchema.parse(promo));
    added.promo_codes += 1;
  }
  return added;
}
