import { sql } from 'drizzle-orm';
import type { TestApp } from './app.ts';

/**
 * An invoice of one line of 100.00 by default (114.98 with GST and QST), created and issued
 * through the API as staff; left a draft with `draft`. Returns the invoice as the API reads it.
 */
export async function issueTestInvoice(
  t: TestApp,
  customerId: string,
  options: { draft?: boolean; price?: number } = {},
) {
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/invoices',
    as: 'staff',
    payload: {
      customer_id: customerId,
      lines: [{ description: 'Pose de pneus', quantity: '1', unit_price_cents: options.price ?? 100_00 }],
    },
  });
  if (created.statusCode !== 201) throw new Error(`create answered ${created.statusCode}: ${created.body}`);
  if (options.draft) return created.json();
  const issued = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${created.json().id}/finalize`,
    as: 'staff',
    payload: {},
  });
  if (issued.statusCode !== 200) throw new Error(`finalize answered ${issued.statusCode}: ${issued.body}`);
  return issued.json();
}

/** A customer's ledger: the sum of its entries, the running balance row, and how many entries. */
export async function ledgerOf(t: TestApp, customerId: string) {
  const { rows } = await t.database.db.execute<{ sum: string; balance: string; entries: number }>(sql`
    select (select coalesce(sum(amount_cents), 0) from customer_balance_history where customer_id = ${customerId}) as sum,
           (select coalesce(max(balance_cents), 0) from customer_balances where customer_id = ${customerId}) as balance,
           (select count(*)::int from customer_balance_history where customer_id = ${customerId}) as entries`);
  return { sum: Number(rows[0]!.sum), balance: Number(rows[0]!.balance), entries: rows[0]!.entries };
}
