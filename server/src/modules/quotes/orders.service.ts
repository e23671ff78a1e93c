import { and, asc, count, desc, eq, ilike, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { formatQuantity, quantityToThousandths, ratePercent } from '../../core/money.ts';
import { paginate } from '../../core/schemas.ts';
import { invoices } from '../billing/index.ts';
import { customers, getCustomerOrThrow } from '../customers/index.ts';
import { depositSplit } from './quotes.rules.ts';
import type { Order, OrderListQuery } from './quotes.schemas.ts';
import { order_invoice_lines, order_invoices, order_lines, orders, quotes } from './quotes.tables.ts';

export type OrderRow = typeof orders.$inferSelect;
type OrderLineRow = typeof order_lines.$inferSelect;

export function orderNotFound(id: string): AppError {
  return new AppError('order.not_found', 'No such order', { order_id: id });
}

/** Quantities as integer thousandths (numeric(12,3) reads back "1.500"). */
export function thousandths(quantity: string): number {
  return quantityToThousandths(quantity) ?? 0;
}

/** Per order line: quantity and discount already billed by invoices that are not void. */
export async function billedByLine(ctx: Ctx, orderId: string) {
  const rows = await ctx.db
    .select({
      position: order_invoice_lines.position,
      quantity: order_invoice_lines.quantity,
      discount_cents: order_invoice_lines.discount_cents,
    })
    .from(order_invoice_lines)
    .innerJoin(invoices, eq(invoices.id, order_invoice_lines.invoice_id))
    .where(and(eq(order_invoice_lines.order_id, orderId), ne(invoices.status, 'void')));
  const billed = new Map<number, { quantity: number; discount_cents: number }>();
  for (const row of rows) {
    const entry = billed.get(row.position) ?? { quantity: 0, discount_cents: 0 };
    entry.quantity += thousandths(row.quantity);
    entry.discount_cents += row.discount_cents;
    billed.set(row.position, entry);
  }
  return billed;
}

/** The order's invoices (deposit first, then by date) with their kind and what each took of the order. */
export async function orderInvoicesOf(ctx: Ctx, orderId: string) {
  return ctx.db
    .select({
      id: invoices.id,
      number: invoices.number,
      kind: order_invoices.kind,
      status: invoices.status,
      issued_on: invoices.issued_on,
      total_cents: invoices.total_cents,
      amount_paid_cents: invoices.amount_paid_cents,
      amount_credited_cents: invoices.amount_credited_cents,
      balance_due_cents: invoices.balance_due_cents,
      order_discount_cents: order_invoices.order_discount_cents,
      deposit_deducted_cents: order_invoices.deposit_deducted_cents,
      shipping_cents: order_invoices.shipping_cents,
    })
    .from(order_invoices)
    .innerJoin(invoices, eq(invoices.id, order_invoices.invoice_id))
    .where(eq(order_invoices.order_id, orderId))
    .orderBy(asc(order_invoices.created_at), asc(invoices.number));
}

/**
 * The order if the actor may see it: a client only their own customer's; staff and advisors
 * those of the customers they can see (404 otherwise, as if it did not exist).
 */
export async function visibleOrder(ctx: Ctx, id: string, options: { forUpdate?: boolean } = {}) {
  const query = ctx.db.select().from(orders).where(eq(orders.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw orderNotFound(id);
  if (ctx.actor.role === 'client' && row.customer_id !== ctx.actor.customer_id) throw orderNotFound(id);
  try {
    return { row, customer: await getCustomerOrThrow(ctx, row.customer_id, { purpose: 'order' }) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') throw orderNotFound(id);
    throw error;
  }
}

async function toOrder(ctx: Ctx, row: OrderRow, customerName: string): Promise<Order> {
  const [lines, billed, linked, [quote]] = await Promise.all([
    ctx.db
      .select()
      .from(order_lines)
      .where(eq(order_lines.order_id, row.id))
      .orderBy(asc(order_lines.position)),
    billedByLine(ctx, row.id),
    orderInvoicesOf(ctx, row.id),
    ctx.db.select({ number: quotes.number }).from(quotes).where(eq(quotes.id, row.quote_id)),
  ]);
  const live = linked.filter((invoice) => invoice.status !== 'void');
  return {
    ...row,
    customer_name: customerName,
    quote_number: quote?.number ?? null,
    taxes: row.taxes.map((tax) => ({ ...tax, rate: ratePercent(tax.rate_ppm) })),
    deposit_cents: depositSplit(row).total_cents,
    lines: lines.map(({ order_id: _order, ...line }: OrderLineRow) => {
      const ordered = thousandths(line.quantity);
      const invoiced = billed.get(line.position)?.quantity ?? 0;
      return {
        ...line,
        invoiced_quantity: formatQuantity(invoiced),
        remaining_quantity: formatQuantity(Math.max(0, ordered - invoiced)),
      };
    }),
    invoices: linked.map(
      ({ order_discount_cents: _d, deposit_deducted_cents: _dd, shipping_cents: _s, ...invoice }) => invoice,
    ),
    amount_invoiced_cents: live.reduce((sum, invoice) => sum + invoice.total_cents, 0),
    amount_paid_cents: live.reduce((sum, invoice) => sum + invoice.amount_paid_cents, 0),
  };
}

export async function getOrder(ctx: Ctx, id: string): Promise<Order> {
  const { row, customer } = await visibleOrder(ctx, id);
  return toOrder(ctx, row, customer.display_name);
}

export async function findOrders(ctx: Ctx, query: OrderListQuery) {
  const where: SQL[] = [];
  const actor = ctx.actor;
  if (actor.role === 'client') {
    where.push(eq(orders.customer_id, actor.customer_id ?? '00000000-0000-0000-0000-000000000000'));
  } else if (actor.role !== 'admin' && actor.role !== 'system') {
    where.push(
      sql`(${customers.privacy_level} <> 'confidentiel' or ${customers.assigned_user_id} = ${actor.id})`,
    );
  }
  if (query.customer_id) where.push(eq(orders.customer_id, query.customer_id));
  if (query.status) where.push(eq(orders.status, query.status));
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
    where.push(or(ilike(orders.number, pattern), ilike(customers.display_name, pattern))!);
  }
  const condition = where.length ? and(...where) : undefined;
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: count() })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customer_id))
    .where(condition);
  const rows = await ctx.db
    .select({ order: orders, customer_name: customers.display_name })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customer_id))
    .where(condition)
    .orderBy(desc(orders.created_at), desc(orders.id))
    .limit(query.per_page)
    .offset((query.page - 1) * query.per_page);
  return {
    data: await Promise.all(rows.map((row) => toOrder(ctx, row.order, row.customer_name))),
    pagination: paginate(total, query.page, query.per_page),
  };
}
