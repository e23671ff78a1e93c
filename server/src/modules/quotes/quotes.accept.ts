import { eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { newId } from '../../core/ids.ts';
import { formatCents } from '../../core/money.ts';
import { nextInSeries } from '../../core/numbering.ts';
import {
  createInvoice,
  finalizeInvoice,
  invoicePaymentUrl,
  type PaymentSettings,
  redeemPromoCode,
  sendInvoiceEmail,
} from '../billing/index.ts';
import { recordChange } from '../changes/index.ts';
import type { Customer } from '../customers/index.ts';
import { depositSplit, documentNumber } from './quotes.rules.ts';
import type { QuoteAcceptance } from './quotes.schemas.ts';
import { assertOpen } from './quotes.send.ts';
import { type QuoteRow, quoteLinesOf, today, withQuoteLocked } from './quotes.service.ts';
import type { QuoteSignatureStep } from './quotes.signature.ts';
import { order_invoices, order_lines, orders, quotes } from './quotes.tables.ts';

/** Who recorded the acceptance: staff, the customer on the quote's page, or an e-signature request. */
export type AcceptedVia = 'staff' | 'public' | 'signature';

export interface AcceptanceDeps {
  signature: QuoteSignatureStep;
  payments: PaymentSettings;
  origin: string | null;
}

function isEnglish(customer: Customer): boolean {
  return customer.language_code.toLowerCase().startsWith('en');
}

/** "Acompte 30 % — devis Q-000001" / "Deposit 30% — quote Q-000001". */
export function depositDescription(english: boolean, percent: number, quoteNumber: string): string {
  return english
    ? `Deposit ${percent}% — quote ${quoteNumber}`
    : `Acompte ${percent} % — devis ${quoteNumber}`;
}

/** The deposit invoice's lines: one per tax treatment the quote has (usually one, taxable). */
function depositLines(row: QuoteRow, english: boolean) {
  const split = depositSplit(row);
  const description = depositDescription(english, row.deposit_percent, row.number ?? '');
  const lines = [];
  if (split.taxable_cents > 0) {
    lines.push({ description, quantity: '1', unit_price_cents: split.taxable_cents, taxable: true });
  }
  if (split.other_cents > 0) {
    lines.push({
      description: `${description} (${english ? 'non-taxable part' : 'partie non taxable'})`,
      quantity: '1',
      unit_price_cents: split.other_cents,
      taxable: false,
    });
  }
  return { split, lines: lines.map((line) => ({ ...line, discount_cents: 0, product_id: null })) };
}

function acceptedTitle(quoteNumber: string, via: AcceptedVia, name: string): string {
  if (via === 'public') return `Devis ${quoteNumber} accepté en ligne par le client`;
  if (via === 'signature') return `Devis ${quoteNumber} accepté par signature électronique (${name})`;
  return `Devis ${quoteNumber} accepté (enregistré par l’équipe)`;
}

/**
 * Accepts a quote, in ONE transaction (customer then quote locked, so a second acceptance
 * waits and then finds it accepted: 409): the signature step, the promo code redeemed, the
 * order CMD-000001 with the quote's lines, the deposit invoice created and finalized (due on
 * receipt), the acceptance evidence kept. Any refusal (promo used up, expired…) undoes it all.
 */
export async function acceptQuote(
  ctx: Ctx,
  id: string,
  input: {
    name: string;
    signature?: string | undefined;
    via: AcceptedVia;
    /** Where the signer signed, when not this request (an e-signature completed earlier). */
    evidence?: { ip: string | null; user_agent: string | null } | undefined;
  },
  deps: AcceptanceDeps,
): Promise<QuoteAcceptance> {
  const now = ctx.clock.now();
  const accepted = await withQuoteLocked(ctx, id, async (txCtx, row, customer) => {
    assertOpen(row, today(ctx), 'accepted');
    const evidence = await deps.signature.beforeAccept(txCtx, {
      quote_id: id,
      customer_id: customer.id,
      signer_name: input.name,
      signature: input.signature ?? null,
      via: input.via,
    });
    if (row.promo_code) {
      await redeemPromoCode(txCtx, {
        code: row.promo_code,
        customer_id: customer.id,
        cart_total_cents: row.subtotal_cents - row.invoice_discount_cents,
        reference_id: row.id,
      });
    }
    const quoteNumber = row.number ?? '';
    const orderId = newId();
    const lines = (await quoteLinesOf(txCtx, [id])).get(id) ?? [];
    const english = isEnglish(customer);
    const { split, lines: depositInvoiceLines } = depositLines(row, english);
    const orderNumber = documentNumber('CMD', await nextInSeries(txCtx, 'CMD'));
    await txCtx.db.insert(orders).values({
      id: orderId,
      number: orderNumber,
      customer_id: customer.id,
      quote_id: row.id,
      status: 'open',
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
      taxes: row.taxes,
      total_cents: row.total_cents,
      deposit_percent: row.deposit_percent,
      deposit_base_cents: split.base_cents,
      notes: row.notes,
      created_by: ctx.actor.id,
      created_at: now,
      updated_at: now,
    });
    if (lines.length) {
      await txCtx.db
        .insert(order_lines)
        .values(lines.map(({ quote_id: _quote, ...line }) => ({ ...line, order_id: orderId })));
    }
    let deposit: { id: string; number: string | null; total_cents: number; emailed: boolean } | null = null;
    if (depositInvoiceLines.length) {
      const draft = await createInvoice(txCtx, {
        customer_id: customer.id,
        currency: row.currency,
        lines: depositInvoiceLines,
        invoice_discount_cents: 0,
        promo_code: null,
        shipping_cents: 0,
        shipping_taxable: true,
        notes: english
          ? `Deposit on order ${orderNumber} (quote ${quoteNumber}), deducted from the final invoice.`
          : `Acompte sur la commande ${orderNumber} (devis ${quoteNumber}), déduit de la facture finale.`,
        order_id: orderId,
      });
      const invoice = await finalizeInvoice(txCtx, draft.id, {
        override_credit_limit: false,
        prepayment: true,
      });
      // The deposit invoice goes to the customer at once (PDF and pay-online link), as billing
      // sends any invoice: recorded `suppressed` when their choices forbid email.
      const email = customer.email
        ? await sendInvoiceEmail(txCtx, deps.payments, invoice.id, {}, deps.origin)
        : null;
      deposit = {
        id: invoice.id,
        number: invoice.number,
        total_cents: invoice.total_cents,
        emailed: email?.status === 'queued',
      };
      await txCtx.db.insert(order_invoices).values({
        order_id: orderId,
        invoice_id: invoice.id,
        kind: 'deposit',
        created_at: now,
      });
      await txCtx.db.update(orders).set({ deposit_invoice_id: invoice.id }).where(eq(orders.id, orderId));
    }
    await txCtx.db
      .update(quotes)
      .set({
        status: 'accepted',
        accepted_at: now,
        accepted_by_name: input.name,
        accepted_ip: input.evidence ? input.evidence.ip : input.via === 'public' ? ctx.actor.ip : null,
        accepted_user_agent: input.evidence
          ? input.evidence.user_agent
          : input.via === 'public'
            ? ctx.actor.user_agent
            : null,
        accepted_via: input.via,
        signature_reference: evidence.signature_reference,
        order_id: orderId,
        updated_at: now,
      })
      .where(eq(quotes.id, id));
    await recordChange(txCtx, {
      event: 'quote.accepted',
      entity: 'quote',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: ['status', 'accepted_at', 'accepted_by_name', 'order_id'],
      activity: {
        activity_type: 'quote',
        title: acceptedTitle(quoteNumber, input.via, input.name),
        reference_table: 'quotes',
        reference_id: id,
        metadata: { number: quoteNumber, order_id: orderId, order_number: orderNumber, via: input.via },
      },
      payload: { quote_id: id, number: quoteNumber, order_id: orderId, via: input.via },
      audit_metadata: { via: input.via, signature_reference: evidence.signature_reference },
    });
    await recordChange(txCtx, {
      event: 'order.created',
      entity: 'order',
      entity_id: orderId,
      customer_id: customer.id,
      changed_fields: ['status'],
      activity: {
        activity_type: 'order',
        title: deposit
          ? `Commande ${orderNumber} (devis ${quoteNumber}) — acompte ${deposit.number} de ${formatCents(deposit.total_cents, row.currency, 'fr-CA')}`
          : `Commande ${orderNumber} (devis ${quoteNumber})`,
        reference_table: 'orders',
        reference_id: orderId,
        metadata: { number: orderNumber, quote_id: id, deposit_invoice_id: deposit?.id ?? null },
      },
      payload: {
        order_id: orderId,
        number: orderNumber,
        quote_id: id,
        deposit_invoice_id: deposit?.id ?? null,
      },
    });
    return { orderId, orderNumber, deposit };
  });
  return {
    order_id: accepted.orderId,
    order_number: accepted.orderNumber,
    deposit_invoice_id: accepted.deposit?.id ?? null,
    deposit_invoice_number: accepted.deposit?.number ?? null,
    deposit_total_cents: accepted.deposit?.total_cents ?? 0,
    deposit_invoice_emailed: accepted.deposit?.emailed ?? false,
    payment_url: accepted.deposit ? invoicePaymentUrl(deps.payments, accepted.deposit.id, deps.origin) : null,
  };
}

/** Declines a sent quote (staff recording the customer's answer, or the customer on their page). */
export async function declineQuote(
  ctx: Ctx,
  id: string,
  input: { reason: string | null; via: AcceptedVia },
): Promise<void> {
  const now = ctx.clock.now();
  await withQuoteLocked(ctx, id, async (txCtx, row, customer) => {
    assertOpen(row, today(ctx), 'declined');
    await txCtx.db
      .update(quotes)
      .set({ status: 'declined', declined_at: now, decline_reason: input.reason, updated_at: now })
      .where(eq(quotes.id, id));
    await recordChange(txCtx, {
      event: 'quote.declined',
      entity: 'quote',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: ['status', 'declined_at', 'decline_reason'],
      activity: {
        activity_type: 'quote',
        title:
          input.via === 'public'
            ? `Devis ${row.number} refusé en ligne par le client`
            : input.via === 'signature'
              ? `Devis ${row.number} refusé à la signature électronique`
              : `Devis ${row.number} refusé`,
        reference_table: 'quotes',
        reference_id: id,
        metadata: { number: row.number, via: input.via },
      },
      payload: { quote_id: id, number: row.number, via: input.via },
    });
  });
}
