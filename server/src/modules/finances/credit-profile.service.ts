import { eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { recordChange } from '../changes/index.ts';
import { getCustomerOrThrow, withCustomerLocked } from '../customers/index.ts';
import { companyTimeZone } from './calendar.ts';
import { agingBuckets, creditFactors, creditScore, overdueCents } from './credit.ts';
import { type CreditProfilePut, type CustomerFinances, creditProfileDefaults } from './finances.schemas.ts';
import { customer_balances, customer_credit_profiles } from './finances.tables.ts';
import { getBalance } from './ledger.service.ts';
import type { OpenItemsProvider } from './open-items.ts';

export type CreditProfile = typeof customer_credit_profiles.$inferSelect;

const profileFields = ['credit_limit_cents', 'payment_terms', 'price_level', 'currency'] as const;

const fieldLabels: Record<(typeof profileFields)[number], string> = {
  credit_limit_cents: 'limite de crédit',
  payment_terms: 'modalités de paiement',
  price_level: 'niveau de prix',
  currency: 'devise',
};

async function findProfile(ctx: Ctx, customerId: string): Promise<CreditProfile | undefined> {
  const [profile] = await ctx.db
    .select()
    .from(customer_credit_profiles)
    .where(eq(customer_credit_profiles.customer_id, customerId));
  return profile;
}

/**
 * The Finances view of a customer: the credit profile (the defaults until one is saved), the
 * ledger's balance, and — once `provider` knows open invoices — aging, overdue and the credit
 * score. Clients see their own, without the score (an internal assessment).
 */
export async function getCustomerFinances(
  ctx: Ctx,
  customerId: string,
  provider: OpenItemsProvider,
): Promise<CustomerFinances> {
  await getCustomerOrThrow(ctx, customerId, { purpose: 'finances' });
  const profile = await findProfile(ctx, customerId);
  const balance = await getBalance(ctx, customerId);
  const values = profile ?? creditProfileDefaults;
  const openItems = await provider.openItems(ctx, customerId);
  const asOf = ctx.clock.now();
  const aging = openItems === null ? null : agingBuckets(openItems, asOf, companyTimeZone);
  let score: CustomerFinances['credit_score'] = null;
  if (openItems !== null && ctx.actor.role !== 'client') {
    const settled = provider.settledRecord ? await provider.settledRecord(ctx, customerId) : null;
    score = creditScore(
      creditFactors(
        {
          open_items: openItems,
          settled,
          balance_cents: balance.balance_cents,
          credit_limit_cents: values.credit_limit_cents,
          first_entry_at: balance.first_entry_at,
        },
        asOf,
        companyTimeZone,
      ),
    );
  }
  return {
    customer_id: customerId,
    credit_limit_cents: values.credit_limit_cents,
    payment_terms: values.payment_terms,
    price_level: values.price_level,
    currency: values.currency,
    is_set: profile !== undefined,
    updated_at: profile?.updated_at ?? null,
    balance_cents: balance.balance_cents,
    available_credit_cents:
      values.credit_limit_cents === null ? null : values.credit_limit_cents - balance.balance_cents,
    overdue_cents: aging ? overdueCents(aging) : null,
    aging,
    credit_score: score,
  };
}

/**
 * Saves the credit profile (made by the first call): the fields given change, the others keep
 * their value. The currency is the ledger's: it may not change once the ledger has entries.
 */
export async function updateCreditProfile(
  ctx: Ctx,
  customerId: string,
  input: CreditProfilePut,
): Promise<void> {
  await withCustomerLocked(ctx, customerId, async (txCtx) => {
    const before = await findProfile(txCtx, customerId);
    const current = before ?? creditProfileDefaults;
    const next = {
      credit_limit_cents:
        input.credit_limit_cents === undefined ? current.credit_limit_cents : input.credit_limit_cents,
      payment_terms: input.payment_terms ?? current.payment_terms,
      price_level: input.price_level ?? current.price_level,
      currency: input.currency ?? current.currency,
    };
    const changed = profileFields.filter((field) => next[field] !== current[field]);
    if (before && changed.length === 0) return;
    if (changed.includes('currency')) {
      const [ledger] = await txCtx.db
        .select({ currency: customer_balances.currency })
        .from(customer_balances)
        .where(eq(customer_balances.customer_id, customerId));
      if (ledger && ledger.currency !== next.currency) {
        throw new AppError(
          'finances.currency_locked',
          `The ledger already has entries in ${ledger.currency}: its currency can no longer change`,
          { ledger_currency: ledger.currency },
          [{ path: 'currency', message: `The ledger is in ${ledger.currency}` }],
        );
      }
    }
    const now = txCtx.clock.now();
    await txCtx.db
      .insert(customer_credit_profiles)
      .values({ customer_id: customerId, ...next, created_at: now, updated_at: now })
      .onConflictDoUpdate({
        target: customer_credit_profiles.customer_id,
        set: { ...next, updated_at: now },
      });
    const pick = (source: typeof next) => Object.fromEntries(changed.map((field) => [field, source[field]]));
    await recordChange(txCtx, {
      event: before ? 'credit_profile.updated' : 'credit_profile.created',
      entity: 'customer_credit_profile',
      entity_id: customerId,
      customer_id: customerId,
      changed_fields: changed,
      activity: {
        activity_type: 'finance',
        title: changed.length
          ? `Profil de crédit modifié : ${changed.map((field) => fieldLabels[field]).join(', ')}`
          : 'Profil de crédit enregistré',
        reference_table: 'customer_credit_profiles',
        metadata: { fields: changed },
      },
      // Credit terms are business facts, not personal data: who raised a limit, from what to what.
      audit_metadata: { before: pick(current), after: pick(next) },
      payload: { fields: changed },
    });
  });
}
