import { asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { order_lines, orders, quote_lines, quotes } from './quotes.tables.ts';

/**
 * The customer's quotes and orders in their access-request export, with the acceptance
 * evidence kept about them (name, IP, user agent). The link's token hash is left out: it is
 * a credential, not information about the person.
 */
export const quotesExportSection = {
  name: 'quotes',
  async read(ctx: Ctx, customerId: string) {
    const quoteRows = await ctx.db
      .select()
      .from(quotes)
      .where(eq(quotes.customer_id, customerId))
      .orderBy(asc(quotes.created_at));
    const quoteLines = quoteRows.length
      ? await ctx.db
          .select()
          .from(quote_lines)
          .where(
            inArray(
              quote_lines.quote_id,
              quoteRows.map((row) => row.id),
            ),
          )
          .orderBy(asc(quote_lines.position))
      : [];
    const orderRows = await ctx.db
      .select()
      .from(orders)
      .where(eq(orders.customer_id, customerId))
      .orderBy(asc(orders.created_at));
    const orderLines = orderRows.length
      ? await ctx.db
          .select()
          .from(order_lines)
          .where(
            inArray(
              order_lines.order_id,
              orderRows.map((row) => row.id),
            ),
          )
          .orderBy(asc(order_lines.position))
      : [];
    return {
      quotes: quoteRows.map(({ public_token_hash: _hash, ...quote }) => ({
        ...quote,
        lines: quoteLines.filter((line) => line.quote_id === quote.id),
      })),
      orders: orderRows.map((order) => ({
        ...order,
        lines: orderLines.filter((line) => line.order_id === order.id),
      })),
    };
  },
};
