import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import {
  customer_balance_history,
  customer_credit_profiles,
  customer_payment_methods,
} from './finances.tables.ts';

/**
 * The customer's finances in their access-request export (privacy reads it through app.ts):
 * the credit profile, the saved payment methods (brand, last four digits, expiry — never the
 * provider's token, which is Atrium's key to the provider, not information about the person)
 * and every ledger entry.
 */
export const financesExportSection = {
  name: 'finances',
  async read(ctx: Ctx, customerId: string) {
    const [profile] = await ctx.db
      .select()
      .from(customer_credit_profiles)
      .where(eq(customer_credit_profiles.customer_id, customerId));
    const paymentMethods = await ctx.db
      .select({
        id: customer_payment_methods.id,
        provider: customer_payment_methods.provider,
        brand: customer_payment_methods.brand,
        last4: customer_payment_methods.last4,
        exp_month: customer_payment_methods.exp_month,
        exp_year: customer_payment_methods.exp_year,
        nickname: customer_payment_methods.nickname,
        is_default: customer_payment_methods.is_default,
        created_at: customer_payment_methods.created_at,
      })
      .from(customer_payment_methods)
      .where(eq(customer_payment_methods.customer_id, customerId))
      .orderBy(asc(customer_payment_methods.created_at));
    const ledger = await ctx.db
      .select()
      .from(customer_balance_history)
      .where(eq(customer_balance_history.customer_id, customerId))
      .orderBy(asc(customer_balance_history.entry_number));
    return { credit_profile: profile ?? null, payment_methods: paymentMethods, ledger };
  },
};
