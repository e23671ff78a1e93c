import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { onEvent } from '../../core/events.ts';
import type { PaymentSettings } from '../billing/index.ts';
import { recordChange } from '../changes/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { storeGeneratedDocument } from '../documents/index.ts';
import { calendarDateIn, companyTimeZone } from '../finances/index.ts';
import {
  acceptSignedQuote,
  declineSignedQuote,
  getQuote,
  quoteOpenForSignature,
  quotePdf,
  type SignedQuoteOutcome,
} from '../quotes/index.ts';
import { listRequests, signersOf } from './signatures.read.ts';
import type { QuoteSignatureRequestCreate } from './signatures.schemas.ts';
import { cancelSignatureRequest, createSignatureRequest } from './signatures.service.ts';
import type { SignatureSettings } from './signatures.settings.ts';
import { signature_requests } from './signatures.tables.ts';

const hourMs = 3_600_000;

/** The first instant after `day` (YYYY-MM-DD) in the company's time zone: when a quote valid until then expires. */
export function endOfCompanyDay(day: string): Date {
  let instant = Date.parse(`${day}T00:00:00Z`) + 24 * hourMs;
  while (calendarDateIn(new Date(instant), companyTimeZone) <= day) instant += hourMs;
  // Back to the exact local midnight (offsets are whole hours or halves here; minutes settle it).
  while (calendarDateIn(new Date(instant - 15 * 60_000), companyTimeZone) > day) instant -= 15 * 60_000;
  return new Date(instant);
}

/**
 * Sends a quote for signature: its PDF (quotes' renderer) becomes a document of the customer
 * (category `quote`, visible to the client) and a request is made on it, linked to the quote,
 * in one transaction. Only an open quote (sent or viewed, not expired) with no request already
 * waiting; the signer defaults to the customer, the expiry to the end of the quote's validity.
 */
export async function createQuoteSignatureRequest(
  ctx: Ctx,
  settings: SignatureSettings,
  quoteId: string,
  input: QuoteSignatureRequestCreate,
) {
  const quote = await quoteOpenForSignature(ctx, quoteId);
  const validEnd = endOfCompanyDay(quote.valid_until);
  if (input.expires_at && input.expires_at > validEnd) {
    throw invalidFields([{ path: 'expires_at', message: `The quote is valid until ${quote.valid_until}` }]);
  }
  let signers = input.signers;
  if (!signers) {
    const customer = await getCustomerOrThrow(ctx, quote.customer_id, { purpose: 'quote' });
    if (!customer.email) {
      throw invalidFields([
        { path: 'signers', message: 'The customer has no email address: name the signer' },
      ]);
    }
    signers = [{ name: customer.display_name, email: customer.email }];
  }
  const { filename, pdf } = await quotePdf(ctx, quoteId);
  const title = input.title ?? `Devis ${quote.number ?? ''}`.trim();
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    // The customer's lock first (as accepting a quote takes it): concurrent sends of one quote
    // wait here, then the second finds the first's request, or the quote accepted meanwhile.
    await getCustomerOrThrow(txCtx, quote.customer_id, { forUpdate: true, writable: true });
    await quoteOpenForSignature(txCtx, quoteId);
    // One waiting request per quote: two signed copies would accept it twice over.
    const [pending] = await tx
      .select({ id: signature_requests.id })
      .from(signature_requests)
      .where(
        and(
          eq(signature_requests.quote_id, quoteId),
          inArray(signature_requests.status, ['pending', 'viewed']),
          gt(signature_requests.expires_at, ctx.clock.now()),
        ),
      );
    if (pending) {
      throw new AppError('signature_request.quote_pending', 'This quote is already out for signature', {
        quote_id: quoteId,
        request_id: pending.id,
      });
    }
    const document = await storeGeneratedDocument(
      txCtx,
      settings.documents,
      quote.customer_id,
      { title, category: 'quote', access_level: 'client' },
      pdf,
      filename,
    );
    return createSignatureRequest(
      txCtx,
      settings,
      document.id,
      {
        title,
        message: input.message ?? null,
        signers,
        routing: input.routing,
        fields: input.fields,
        expires_at: input.expires_at ?? validEnd,
        require_email_code: input.require_email_code,
      },
      { quote_id: quoteId },
    );
  });
}

/** A quote's signature requests, newest first (the quote must be visible to the actor). */
export async function findQuoteSignatureRequests(
  ctx: Ctx,
  quoteId: string,
  query: { page: number; per_page: number },
) {
  await getQuote(ctx, quoteId);
  return listRequests(ctx, eq(signature_requests.quote_id, quoteId), query);
}

const notAcceptedReasons: Record<string, string> = {
  'quote.expired': 'le devis a expiré',
  'quote.already_accepted': 'le devis était déjà accepté',
  'quote.declined': 'le devis avait été refusé',
  'promo.exhausted': 'le code promo est épuisé',
  'promo.expired': 'le code promo a expiré',
};

/**
 * What a finished request does to its quote, exactly once: under the request's row lock, a
 * request whose outcome is recorded is left alone (a redelivered event, two dispatchers at
 * once). Completed: the quote is accepted (signer's name, the request's id as evidence);
 * declined: the quote is declined with the signer's reason. A quote that can no longer take
 * it (expired, accepted or declined meanwhile…) is recorded as such on the timeline, and the
 * handler succeeds: retrying would not change the answer.
 */
export async function settleSignedQuote(
  ctx: Ctx,
  deps: { payments: PaymentSettings; origin: string | null },
  requestId: string,
) {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const [request] = await tx
      .select()
      .from(signature_requests)
      .where(eq(signature_requests.id, requestId))
      .for('update');
    if (!request?.quote_id || request.quote_outcome) return request?.quote_outcome ?? null;
    if (request.status !== 'signed' && request.status !== 'declined') return null;
    const signers = await signersOf(txCtx, [requestId]);
    let outcome: SignedQuoteOutcome;
    if (request.status === 'signed') {
      const last = signers.reduce((a, b) => ((b.signed_at ?? 0) > (a.signed_at ?? 0) ? b : a));
      outcome = await acceptSignedQuote(
        txCtx,
        request.quote_id,
        {
          signer_name: signers.map((signer) => signer.typed_name ?? signer.name).join(', '),
          signature_request_id: requestId,
          ip: last.ip,
          user_agent: last.user_agent,
        },
        deps,
      );
    } else {
      const decliner = signers.find((signer) => signer.status === 'declined');
      outcome = await declineSignedQuote(txCtx, request.quote_id, decliner?.decline_reason ?? null);
    }
    const result = outcome.done ? (request.status === 'signed' ? 'accepted' : 'declined') : 'not_accepted';
    await tx
      .update(signature_requests)
      .set({ quote_outcome: result, updated_at: ctx.clock.now() })
      .where(eq(signature_requests.id, requestId));
    if (!outcome.done) {
      const why = notAcceptedReasons[outcome.code] ?? outcome.message;
      await recordChange(txCtx, {
        event: 'signature_request.quote_not_settled',
        entity: 'signature_request',
        entity_id: requestId,
        customer_id: request.customer_id,
        changed_fields: ['quote_outcome'],
        activity: {
          activity_type: 'quote',
          title:
            request.status === 'signed'
              ? `Devis signé mais non accepté (${why}) : ${request.title}`
              : `Signature du devis refusée, devis non modifié (${why}) : ${request.title}`,
          reference_table: 'quotes',
          reference_id: request.quote_id,
          metadata: { request_id: requestId, code: outcome.code },
        },
        payload: { request_id: requestId, quote_id: request.quote_id, code: outcome.code },
      });
    }
    return result;
  });
}

/**
 * A quote accepted or declined some other way (staff, its own page) while out for signature:
 * its waiting request is cancelled, so nobody signs a quote already decided. One signed in the
 * meantime is left as it is (settling records that it did not accept the quote).
 */
export async function closeQuoteRequests(ctx: Ctx, quoteId: string) {
  const open = await ctx.db
    .select({ id: signature_requests.id })
    .from(signature_requests)
    .where(
      and(
        eq(signature_requests.quote_id, quoteId),
        inArray(signature_requests.status, ['pending', 'viewed']),
        gt(signature_requests.expires_at, ctx.clock.now()),
      ),
    );
  for (const request of open) {
    try {
      await cancelSignatureRequest(ctx, request.id);
    } catch (error) {
      // Signed, declined or cancelled since: nothing left to close.
      if (!(error instanceof AppError && error.code === 'signature_request.closed')) throw error;
    }
  }
  return open.length;
}

/** After commit, at least once: a finished request settles its quote; a quote decided otherwise closes its request. */
export function quoteSignatureEventHandlers(settings: SignatureSettings, payments: PaymentSettings) {
  const deps = { payments, origin: settings.base_url };
  const settle = async (ctx: Ctx, payload: unknown) => {
    const { request_id: requestId, quote_id: quoteId } = payload as {
      request_id?: string;
      quote_id?: string;
    };
    if (requestId && quoteId) await settleSignedQuote(ctx, deps, requestId);
  };
  const close = async (ctx: Ctx, payload: unknown) => {
    const { quote_id: quoteId, via } = payload as { quote_id?: string; via?: string };
    if (quoteId && via !== 'signature') await closeQuoteRequests(ctx, quoteId);
  };
  return [
    onEvent('signature_request.completed', 'signatures.accept_quote', (ctx, event) =>
      settle(ctx, event.payload),
    ),
    onEvent('signature_request.declined', 'signatures.decline_quote', (ctx, event) =>
      settle(ctx, event.payload),
    ),
    onEvent('quote.accepted', 'signatures.close_accepted_quote', (ctx, event) => close(ctx, event.payload)),
    onEvent('quote.declined', 'signatures.close_declined_quote', (ctx, event) => close(ctx, event.payload)),
  ];
}
