import { eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, type FieldError, invalidFields } from '../../core/errors.ts';
import { formatCents, formatQuantity, roundHalfUp } from '../../core/money.ts';
import { createCreditNote, createInvoice, finalizeInvoice, withInvoiceCustomer } from '../billing/index.ts';
import { recordChange } from '../changes/index.ts';
import { billedByLine, getOrder, orderInvoicesOf, thousandths, visibleOrder } from './orders.service.ts';
import type { Order, OrderInvoiceCreate } from './quotes.schemas.ts';
import { order_invoice_lines, order_invoices, order_lines, orders, quotes } from './quotes.tables.ts';

/*
 * Billing an order after its deposit. Billing's invoices have no negative line (core/money
 * refuses negative amounts, a property-tested invariant), so the deposit is taken off a later
 * invoice as part of its invoice-level discount, before taxes, with a note naming the deposit
 * invoice (ADR 0012): the deposit invoice charged taxes on that base already, so the taxes of
 * the deposit and of the later invoices add up to the order's. It is taken off whether or not
 * the deposit invoice is paid yet: an unpaid deposit invoice stays due on its own, and the
 * two together never ask more than the order.
 */

function english(languageCode: string) {
  return languageCode.toLowerCase().startsWith('en');
}

/** `part` of `whole` applied to `amount`, half-up: a line's discount for the quantity billed. */
function share(amount: number, part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Number(roundHalfUp(BigInt(amount) * BigInt(part), BigInt(whole)));
}

export async function invoiceOrder(ctx: Ctx, id: string, input: OrderInvoiceCreate): Promise<Order> {
  const { row: before } = await visibleOrder(ctx, id);
  const now = ctx.clock.now();
  await withInvoiceCustomer(ctx, before.customer_id, async (txCtx, customer) => {
    const { row: order } = await visibleOrder(txCtx, id, { forUpdate: true });
    if (order.status === 'cancelled') {
      throw new AppError('order.cancelled', 'A cancelled order is not invoiced', { order_id: id });
    }
    const lines = await txCtx.db
      .select()
      .from(order_lines)
      .where(eq(order_lines.order_id, id))
      .orderBy(order_lines.position);
    const billed = await billedByLine(txCtx, id);
    const remaining = new Map(
      lines.map((line) => [
        line.position,
        thousandths(line.quantity) - (billed.get(line.position)?.quantity ?? 0),
      ]),
    );
    const requested =
      input.lines?.map((line) => ({ position: line.position, quantity: thousandths(line.quantity) })) ??
      lines
        .filter((line) => (remaining.get(line.position) ?? 0) > 0)
        .map((line) => ({ position: line.position, quantity: remaining.get(line.position)! }));
    if (requested.length === 0) {
      throw new AppError('order.fully_invoiced', 'Everything on this order is invoiced already', {
        order_id: id,
      });
    }
    const unknown: FieldError[] = [];
    const seen = new Set<number>();
    requested.forEach((line, index) => {
      if (!remaining.has(line.position))
        unknown.push({ path: `lines.${index}.position`, message: 'No such line on this order' });
      else if (seen.has(line.position))
        unknown.push({ path: `lines.${index}.position`, message: 'This line is given twice' });
      seen.add(line.position);
    });
    if (unknown.length) throw invalidFields(unknown);
    const over = requested.flatMap((line, index) => {
      const left = remaining.get(line.position)!;
      return line.quantity > left
        ? [
            {
              path: `lines.${index}.quantity`,
              message: `Line ${line.position}: at most ${formatQuantity(Math.max(0, left))} left to invoice`,
              position: line.position,
              remaining: formatQuantity(Math.max(0, left)),
            },
          ]
        : [];
    });
    if (over.length) {
      throw new AppError(
        'order.quantity_exceeded',
        over.map((issue) => issue.message).join('; '),
        { order_id: id, lines: over.map(({ position, remaining: left }) => ({ position, remaining: left })) },
        over.map(({ path, message }) => ({ path, message })),
      );
    }

    const byPosition = new Map(lines.map((line) => [line.position, line]));
    const invoiceLines = requested.map((request) => {
      const line = byPosition.get(request.position)!;
      const ordered = thousandths(line.quantity);
      const isLast = request.quantity === remaining.get(request.position);
      // The last part of a line takes what its discount has left, so the parts add up exactly.
      const discount = isLast
        ? line.discount_cents - (billed.get(line.position)?.discount_cents ?? 0)
        : share(line.discount_cents, request.quantity, ordered);
      const gross = Number(roundHalfUp(BigInt(request.quantity) * BigInt(line.unit_price_cents), 1000n));
      return { line, quantity: request.quantity, discount, amount: gross - discount };
    });
    const completes = lines.every(
      (line) =>
        (remaining.get(line.position) ?? 0) -
          (requested.find((request) => request.position === line.position)?.quantity ?? 0) <=
        0,
    );
    const previous = (await orderInvoicesOf(txCtx, id)).filter((invoice) => invoice.status !== 'void');
    const subtotal = invoiceLines.reduce((sum, line) => sum + line.amount, 0);
    const orderDiscount = order.invoice_discount_cents + order.promo_discount_cents;
    const discountLeft =
      orderDiscount - previous.reduce((sum, invoice) => sum + invoice.order_discount_cents, 0);
    const discountShare = Math.max(
      0,
      Math.min(
        subtotal,
        discountLeft,
        completes ? discountLeft : share(orderDiscount, subtotal, order.subtotal_cents),
      ),
    );
    const shipping = completes
      ? Math.max(0, order.shipping_cents - previous.reduce((sum, invoice) => sum + invoice.shipping_cents, 0))
      : 0;
    const depositInvoice = previous.find((invoice) => invoice.kind === 'deposit');
    const depositLeft = depositInvoice
      ? order.deposit_base_cents - previous.reduce((sum, invoice) => sum + invoice.deposit_deducted_cents, 0)
      : 0;
    const deducted = Math.max(0, Math.min(depositLeft, subtotal - discountShare));

    const [quote] = await txCtx.db
      .select({ number: quotes.number })
      .from(quotes)
      .where(eq(quotes.id, order.quote_id));
    const en = english(customer.language_code);
    const money = (cents: number) => formatCents(cents, order.currency, en ? 'en-CA' : 'fr-CA');
    const notes = [
      en
        ? `Order ${order.number} (quote ${quote?.number ?? ''}).`
        : `Commande ${order.number} (devis ${quote?.number ?? ''}).`,
      ...(deducted > 0
        ? [
            en
              ? `Deposit deducted: ${money(deducted)} before taxes (invoice ${depositInvoice?.number}), included in the discount.`
              : `Acompte déduit : ${money(deducted)} avant taxes (facture ${depositInvoice?.number}), compris dans la remise.`,
          ]
        : []),
    ].join('\n');

    const draft = await createInvoice(txCtx, {
      customer_id: customer.id,
      currency: order.currency,
      lines: invoiceLines.map(({ line, quantity, discount }) => ({
        description: line.description,
        quantity: formatQuantity(quantity),
        unit_price_cents: line.unit_price_cents,
        discount_cents: discount,
        taxable: line.taxable,
        product_id: line.product_id,
      })),
      invoice_discount_cents: discountShare + deducted,
      promo_code: null,
      shipping_cents: shipping,
      shipping_taxable: order.shipping_taxable,
      notes,
      order_id: id,
    });
    const invoice = await finalizeInvoice(txCtx, draft.id, { override_credit_limit: false });
    await txCtx.db.insert(order_invoices).values({
      order_id: id,
      invoice_id: invoice.id,
      kind: 'progress',
      order_discount_cents: discountShare,
      deposit_deducted_cents: deducted,
      shipping_cents: shipping,
      created_at: now,
    });
    await txCtx.db.insert(order_invoice_lines).values(
      invoiceLines.map(({ line, quantity, discount }) => ({
        invoice_id: invoice.id,
        order_id: id,
        position: line.position,
        quantity: formatQuantity(quantity),
        discount_cents: discount,
      })),
    );
    await txCtx.db
      .update(orders)
      .set({ status: completes ? 'invoiced' : 'open', updated_at: now })
      .where(eq(orders.id, id));
    await recordChange(txCtx, {
      event: 'order.invoiced',
      entity: 'order',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: completes ? ['status'] : [],
      activity: {
        activity_type: 'order',
        title: `Commande ${order.number} facturée : ${invoice.number}${completes ? ' (solde)' : ''}`,
        reference_table: 'orders',
        reference_id: id,
        metadata: {
          invoice_id: invoice.id,
          invoice_number: invoice.number,
          deposit_deducted_cents: deducted,
        },
      },
      payload: { order_id: id, invoice_id: invoice.id, completes },
    });
  });
  return getOrder(ctx, id);
}

/**
 * Cancels an order: every invoice of it that is not void is credited in full for what remains
 * creditable (billing's credit notes; what was paid becomes a credit on the customer's
 * account). Refunding a card payment through Stripe is left to the payments screen.
 */
export async function cancelOrder(ctx: Ctx, id: string, input: { reason: string }): Promise<Order> {
  const { row: before } = await visibleOrder(ctx, id);
  const now = ctx.clock.now();
  await withInvoiceCustomer(ctx, before.customer_id, async (txCtx, customer) => {
    const { row: order } = await visibleOrder(txCtx, id, { forUpdate: true });
    if (order.status === 'cancelled') {
      throw new AppError('order.cancelled', 'This order is already cancelled', { order_id: id });
    }
    const linked = await orderInvoicesOf(txCtx, id);
    const credited: string[] = [];
    for (const invoice of linked) {
      if (invoice.status === 'void' || invoice.status === 'draft') continue;
      const note = await creditNoteIfCreditable(txCtx, invoice.id, order.number, input.reason);
      if (note) credited.push(note);
    }
    await txCtx.db
      .update(orders)
      .set({ status: 'cancelled', cancelled_at: now, cancel_reason: input.reason, updated_at: now })
      .where(eq(orders.id, id));
    await recordChange(txCtx, {
      event: 'order.cancelled',
      entity: 'order',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: ['status', 'cancelled_at', 'cancel_reason'],
      activity: {
        activity_type: 'order',
        title: `Commande ${order.number} annulée${credited.length ? ` — notes de crédit ${credited.join(', ')}` : ''}`,
        reference_table: 'orders',
        reference_id: id,
        metadata: { credit_notes: credited },
      },
      payload: { order_id: id, credit_notes: credited },
    });
  });
  return getOrder(ctx, id);
}

async function creditNoteIfCreditable(txCtx: Ctx, invoiceId: string, orderNumber: string, reason: string) {
  try {
    const note = await createCreditNote(txCtx, invoiceId, {
      reason: `Commande ${orderNumber} annulée : ${reason}`.slice(0, 500),
    });
    return note.number;
  } catch (error) {
    // Already credited in full: nothing left to credit on this one.
    if (error instanceof AppError && error.code === 'credit_note.exceeds_invoice') return null;
    throw error;
  }
}
