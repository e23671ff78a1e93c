import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import type { PaymentSettings } from '../billing/index.ts';
import { acceptQuote, declineQuote } from './quotes.accept.ts';
import type { Quote } from './quotes.schemas.ts';
import { assertOpen } from './quotes.send.ts';
import { getQuote, today, visibleQuote } from './quotes.service.ts';

/**
 * What another module (e-signature) may do with a quote: quotes never imports it; it calls
 * these. Each runs in the caller's transaction when `ctx.db` is one (a savepoint), so a refusal
 * undoes only the quote's part and the caller can record why.
 */

/** A quote that may be sent for signature: sent or viewed, not expired, accepted or declined (409/422 as accepting). */
export async function quoteOpenForSignature(ctx: Ctx, id: string): Promise<Quote> {
  const { row } = await visibleQuote(ctx, id);
  assertOpen(row, today(ctx), 'accepted');
  return getQuote(ctx, id);
}

export type SignedQuoteOutcome =
  | { done: true; order_id: string | null }
  | { done: false; code: string; message: string };

async function outcomeOf(work: () => Promise<string | null>): Promise<SignedQuoteOutcome> {
  try {
    return { done: true, order_id: await work() };
  } catch (error) {
    if (error instanceof AppError) return { done: false, code: error.code, message: error.message };
    throw error;
  }
}

/**
 * Accepts a quote whose signature request completed: as the public accept does (order, deposit
 * invoice, promo redeemed), the signer's name and the request's id kept as the evidence. A quote
 * that cannot be accepted any more (expired, accepted, declined, promo used up) is an outcome,
 * not an error: nothing of the acceptance is kept.
 */
export function acceptSignedQuote(
  ctx: Ctx,
  quoteId: string,
  input: {
    signer_name: string;
    signature_request_id: string;
    ip: string | null;
    user_agent: string | null;
  },
  deps: { payments: PaymentSettings; origin: string | null },
): Promise<SignedQuoteOutcome> {
  const reference = `signature_request:${input.signature_request_id}`;
  return outcomeOf(async () => {
    const accepted = await acceptQuote(
      ctx,
      quoteId,
      {
        name: input.signer_name,
        via: 'signature',
        evidence: { ip: input.ip, user_agent: input.user_agent },
      },
      {
        signature: { beforeAccept: async () => ({ signature_reference: reference }) },
        payments: deps.payments,
        origin: deps.origin,
      },
    );
    return accepted.order_id;
  });
}

/** Declines a quote whose signature request a signer declined, with their reason. */
export function declineSignedQuote(
  ctx: Ctx,
  quoteId: string,
  reason: string | null,
): Promise<SignedQuoteOutcome> {
  return outcomeOf(async () => {
    await declineQuote(ctx, quoteId, { reason, via: 'signature' });
    return null;
  });
}
