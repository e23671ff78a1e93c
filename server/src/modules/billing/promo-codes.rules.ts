/*
 * Promo codes' pure rules: whether a code applies to a cart now, its discount, and what the
 * customer is told, in French (Québec) or English.
 */
import { percentOfCents } from '../../core/money.ts';
import type { DiscountType } from './promo-codes.tables.ts';

export interface PromoTerms {
  code: string;
  discount_type: DiscountType;
  percent_basis_points: number | null;
  amount_off_cents: number | null;
  min_amount_cents: number;
  starts_at: Date | null;
  expires_at: Date | null;
  max_uses: number | null;
  uses_count: number;
  is_active: boolean;
}

export const promoStatuses = ['active', 'scheduled', 'inactive', 'expired', 'exhausted'] as const;
export type PromoStatus = (typeof promoStatuses)[number];

export const promoRefusals = [
  'promo.not_found',
  'promo.inactive',
  'promo.not_started',
  'promo.expired',
  'promo.exhausted',
  'promo.below_minimum',
  'promo.already_used',
] as const;
export type PromoRefusal = (typeof promoRefusals)[number];

/** Where a code stands now, whatever the cart; the first reason that applies. */
export function promoStatus(terms: PromoTerms, now: Date): PromoStatus {
  if (!terms.is_active) return 'inactive';
  if (terms.expires_at && terms.expires_at <= now) return 'expired';
  if (terms.max_uses !== null && terms.uses_count >= terms.max_uses) return 'exhausted';
  if (terms.starts_at && terms.starts_at > now) return 'scheduled';
  return 'active';
}

const refusalOfStatus: Record<Exclude<PromoStatus, 'active'>, PromoRefusal> = {
  inactive: 'promo.inactive',
  expired: 'promo.expired',
  exhausted: 'promo.exhausted',
  scheduled: 'promo.not_started',
};

/** Why a code does not apply to this cart now (null: it applies). Use by one customer is checked apart. */
export function promoRefusal(
  terms: PromoTerms | undefined,
  now: Date,
  cartTotalCents: number,
): PromoRefusal | null {
  if (!terms) return 'promo.not_found';
  const status = promoStatus(terms, now);
  if (status !== 'active') return refusalOfStatus[status];
  if (cartTotalCents < terms.min_amount_cents) return 'promo.below_minimum';
  return null;
}

/** The discount on a cart: a percentage rounded half-up to the cent; a fixed amount never above the cart. */
export function promoDiscountCents(terms: PromoTerms, cartTotalCents: number): number {
  if (terms.discount_type === 'percentage') {
    return Math.min(percentOfCents(cartTotalCents, terms.percent_basis_points ?? 0), cartTotalCents);
  }
  return Math.min(terms.amount_off_cents ?? 0, cartTotalCents);
}

export type MessageLanguage = 'fr-CA' | 'en-CA';

/** The caller's language from Accept-Language: English when preferred over French, else French. */
export function languageOf(acceptLanguage: string | undefined): MessageLanguage {
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const quality = parameters.map((parameter) => parameter.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: quality ? Number(quality.slice(2)) : 1, index };
    })
    .filter((range) => range.tag && Number.isFinite(range.q) && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    if (/^fr(-|$)/.test(range.tag)) return 'fr-CA';
    if (/^en(-|$)/.test(range.tag)) return 'en-CA';
  }
  return 'fr-CA';
}

/** Cents as money in the language's form ("15,00 $", "$15.00"), from the exact decimal string. */
export function formatCents(cents: number, language: MessageLanguage): string {
  const magnitude = String(Math.abs(cents)).padStart(3, '0');
  const decimal = `${cents < 0 ? '-' : ''}${magnitude.slice(0, -2)}.${magnitude.slice(-2)}`;
  // A decimal string is formatted exactly (Intl.NumberFormat v3); the cast is for older typings.
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'CAD' }).format(
    decimal as unknown as number,
  );
}

function formatDay(instant: Date, language: MessageLanguage): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'America/Montreal' }).format(
    instant,
  );
}

/** What the customer reads about the code: that it applied and for how much, or why not. */
export function promoMessage(
  language: MessageLanguage,
  outcome: { refusal: PromoRefusal | null; code: string; discount_cents: number; terms?: PromoTerms },
): string {
  const fr = language === 'fr-CA';
  const { terms } = outcome;
  switch (outcome.refusal) {
    case null: {
      const amount = formatCents(outcome.discount_cents, language);
      return fr
        ? `Code ${outcome.code} appliqué : ${amount} de rabais.`
        : `Code ${outcome.code} applied: ${amount} off.`;
    }
    case 'promo.not_found':
      return fr ? 'Ce code promo n’existe pas.' : 'This promo code does not exist.';
    case 'promo.inactive':
      return fr ? 'Ce code promo n’est plus actif.' : 'This promo code is no longer active.';
    case 'promo.not_started': {
      const from = terms?.starts_at ? formatDay(terms.starts_at, language) : '';
      return fr ? `Ce code promo sera valide à partir du ${from}.` : `This promo code is valid from ${from}.`;
    }
    case 'promo.expired':
      return fr ? 'Ce code promo est expiré.' : 'This promo code has expired.';
    case 'promo.exhausted':
      return fr
        ? 'Ce code promo a atteint sa limite d’utilisation.'
        : 'This promo code has reached its usage limit.';
    case 'promo.below_minimum': {
      const minimum = formatCents(terms?.min_amount_cents ?? 0, language);
      return fr
        ? `Ce code promo s’applique à partir de ${minimum} d’achat.`
        : `This promo code applies to purchases of ${minimum} or more.`;
    }
    case 'promo.already_used':
      return fr
        ? 'Ce code promo a déjà été utilisé par ce client.'
        : 'This customer has already used this promo code.';
  }
}
