import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { ratePercent } from '../../core/money.ts';
import { recordChange } from '../changes/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { getCompanySettings } from '../settings/index.ts';
import { type AcceptanceDeps, acceptQuote, declineQuote } from './quotes.accept.ts';
import { depositSplit, effectiveQuoteStatus } from './quotes.rules.ts';
import type { QuoteAcceptance } from './quotes.schemas.ts';
import { hashQuoteToken } from './quotes.send.ts';
import { type QuoteRow, quoteLinesOf, today } from './quotes.service.ts';
import { quotes } from './quotes.tables.ts';

/*
 * The customer's side of a quote, reached by the link's token alone (no account). A token
 * opens one quote, for reading, accepting or declining it, while it is open: once accepted
 * or declined, past its validity, replaced by a newer send or never issued, it is a 404 —
 * the same answer as a forged one, so a token's state cannot be probed.
 */

function linkNotFound(): AppError {
  return new AppError('quote.not_found', 'This link is not valid (any more)');
}

async function quoteByToken(ctx: Ctx, token: string): Promise<QuoteRow> {
  const [row] = await ctx.db
    .select()
    .from(quotes)
    .where(eq(quotes.public_token_hash, hashQuoteToken(token)));
  if (!row) throw linkNotFound();
  if (row.status !== 'sent' && row.status !== 'viewed') throw linkNotFound();
  if (effectiveQuoteStatus(row, today(ctx)) === 'expired') throw linkNotFound();
  return row;
}

/** The quote as the customer reads it; the first reading marks it `viewed` (once, recorded). */
export async function getPublicQuote(ctx: Ctx, token: string) {
  let row = await quoteByToken(ctx, token);
  if (row.status === 'sent') {
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      // Only the reading that flips it records it: two at once, or a reload, record nothing more.
      const [viewed] = await tx
        .update(quotes)
        .set({ status: 'viewed', viewed_at: now })
        .where(and(eq(quotes.id, row.id), eq(quotes.status, 'sent')))
        .returning();
      if (!viewed) return;
      row = viewed;
      await recordChange(txCtx, {
        event: 'quote.viewed',
        entity: 'quote',
        entity_id: row.id,
        customer_id: row.customer_id,
        changed_fields: ['status', 'viewed_at'],
        activity: {
          activity_type: 'quote',
          title: `Devis ${row.number} consulté par le client`,
          reference_table: 'quotes',
          reference_id: row.id,
          metadata: { number: row.number },
        },
        payload: { quote_id: row.id, number: row.number },
      });
    });
  }
  const [customer, company, lines] = await Promise.all([
    getCustomerOrThrow(ctx, row.customer_id, { purpose: 'public_quote' }),
    getCompanySettings(ctx),
    quoteLinesOf(ctx, [row.id]),
  ]);
  return {
    number: row.number ?? '',
    status: effectiveQuoteStatus(row, today(ctx)),
    language: customer.language_code.toLowerCase().startsWith('en') ? ('en-CA' as const) : ('fr-CA' as const),
    customer_name: customer.display_name,
    company: { name: company.name, email: company.email ?? null, phone: company.phone ?? null },
    lines: (lines.get(row.id) ?? []).map(({ quote_id: _q, position: _p, product_id: _id, ...line }) => line),
    currency: row.currency,
    invoice_discount_cents: row.invoice_discount_cents,
    promo_code: row.promo_code,
    promo_discount_cents: row.promo_discount_cents,
    shipping_cents: row.shipping_cents,
    shipping_taxable: row.shipping_taxable,
    tax_exempt: row.tax_exempt,
    subtotal_cents: row.subtotal_cents,
    discount_cents: row.discount_cents,
    taxable_cents: row.taxable_cents,
    taxes: row.taxes.map((tax) => ({ ...tax, rate: ratePercent(tax.rate_ppm) })),
    total_cents: row.total_cents,
    deposit_percent: row.deposit_percent,
    deposit_cents: depositSplit(row).total_cents,
    valid_until: row.valid_until,
    notes: row.notes,
    accepted_at: row.accepted_at,
    declined_at: row.declined_at,
  };
}

export async function acceptPublicQuote(
  ctx: Ctx,
  token: string,
  input: { name: string; signature?: string | undefined },
  deps: AcceptanceDeps,
): Promise<QuoteAcceptance> {
  const row = await quoteByToken(ctx, token);
  return acceptQuote(ctx, row.id, { ...input, via: 'public' }, deps);
}

export async function declinePublicQuote(
  ctx: Ctx,
  token: string,
  input: { reason?: string | null | undefined },
) {
  const row = await quoteByToken(ctx, token);
  await declineQuote(ctx, row.id, { reason: input.reason ?? null, via: 'public' });
}
