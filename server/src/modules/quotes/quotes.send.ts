import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { nextInSeries } from '../../core/numbering.ts';
import { recordChange } from '../changes/index.ts';
import { queueEmail } from '../mail/index.ts';
import { depositSplit, documentNumber } from './quotes.rules.ts';
import type { Quote, QuoteSend } from './quotes.schemas.ts';
import { getQuote, type QuoteRow, quoteLinesOf, today, withQuoteLocked } from './quotes.service.ts';
import { quotes } from './quotes.tables.ts';

/** 256 random bits, URL-safe: the customer's link. Only its SHA-256 is stored. */
export function newQuoteToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashQuoteToken(token: string): string {
  return createHash('sha256').update(`quote-link:${token}`).digest('hex');
}

/** Where the customer's page is: the server's public address, else the request's origin. */
export function quotePageUrl(baseUrl: string | null, requestOrigin: string | null, token: string): string {
  const base = (baseUrl ?? requestOrigin ?? '').replace(/\/+$/, '');
  return `${base}/q/${token}`;
}

/** Refuses what a quote's state forbids for accepting, declining or sending (409 / 422). */
export function assertOpen(row: QuoteRow, day: string, action: 'accepted' | 'declined' | 'sent') {
  if (row.status === 'accepted') {
    throw new AppError('quote.already_accepted', 'This quote is already accepted', {
      quote_id: row.id,
      order_id: row.order_id,
    });
  }
  if (row.status === 'declined') {
    throw new AppError('quote.declined', 'This quote was declined; duplicate it to propose it again', {
      quote_id: row.id,
    });
  }
  if (action !== 'sent' && row.status === 'draft') {
    throw new AppError('quote.not_sent', `A draft quote is sent before it is ${action}`, {
      quote_id: row.id,
    });
  }
  if (row.valid_until < day) {
    throw new AppError(
      'quote.expired',
      row.status === 'draft'
        ? `Its validity ended ${row.valid_until}: change valid_until first`
        : `This quote expired after ${row.valid_until}; duplicate it`,
      { quote_id: row.id, valid_until: row.valid_until },
    );
  }
}

/**
 * Sends a quote by email: the first send draws its number (Q-000001) and it becomes `sent`;
 * each send makes a new link (only the hash is kept, so the old one stops working). The
 * message carries the link to `/q/{token}` and the quote as a PDF.
 */
export async function sendQuote(
  ctx: Ctx,
  id: string,
  input: QuoteSend,
  link: { base_url: string | null; origin: string | null },
): Promise<{ quote: Quote; email: { id: string; status: string; suppressed_reason: string | null } }> {
  const now = ctx.clock.now();
  const email = await withQuoteLocked(ctx, id, async (txCtx, row, customer) => {
    assertOpen(row, today(ctx), 'sent');
    const lines = (await quoteLinesOf(txCtx, [id])).get(id) ?? [];
    if (lines.length === 0) {
      throw new AppError('quote.no_lines', 'A quote needs at least one line to be sent', { quote_id: id });
    }
    const to = input.to ?? customer.email;
    if (!to) {
      throw new AppError('quote.no_email', 'The customer has no email address: give `to`', {
        quote_id: id,
        customer_id: customer.id,
      });
    }
    const token = newQuoteToken();
    const number = row.number ?? documentNumber('Q', await nextInSeries(txCtx, 'Q'));
    await txCtx.db
      .update(quotes)
      .set({
        number,
        status: row.status === 'draft' ? 'sent' : row.status,
        public_token_hash: hashQuoteToken(token),
        sent_at: now,
        updated_at: now,
      })
      .where(eq(quotes.id, id));
    const queued = await queueEmail(txCtx, {
      kind: 'quote',
      customer_id: customer.id,
      to,
      quote_id: id,
      data: {
        customer_name: customer.display_name,
        quote_number: number,
        valid_until: row.valid_until,
        currency: row.currency,
        total_cents: row.total_cents,
        deposit_percent: row.deposit_percent,
        deposit_cents: depositSplit(row).total_cents,
        url: quotePageUrl(link.base_url, link.origin, token),
        message: input.message ?? null,
      },
      attachments: [{ kind: 'quote_pdf', id }],
      // The link accepts the quote in the customer's name: staff reading the outbox see dots.
      secrets: [token],
    });
    await recordChange(txCtx, {
      event: 'quote.sent',
      entity: 'quote',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: ['status', 'number', 'sent_at'],
      activity: {
        activity_type: 'quote',
        title: `Devis ${number} envoyé par courriel`,
        reference_table: 'quotes',
        reference_id: id,
        metadata: { number, total_cents: row.total_cents, email_id: queued.id, email_status: queued.status },
      },
      payload: { quote_id: id, number, email_id: queued.id },
    });
    return queued;
  });
  return {
    quote: await getQuote(ctx, id),
    email: { id: email.id, status: email.status, suppressed_reason: email.suppressed_reason },
  };
}
