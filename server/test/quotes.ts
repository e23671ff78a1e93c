import { sql } from 'drizzle-orm';
import { revealSecrets } from '../src/modules/mail/index.ts';
import type { TestApp } from './app.ts';

/** A quote of one taxable line of 1 000.00 by default, created as staff; returns it as the API reads it. */
export async function createTestQuote(t: TestApp, customerId: string, payload: Record<string, unknown> = {}) {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/quotes',
    as: 'staff',
    payload: {
      customer_id: customerId,
      lines: [{ description: 'Remplacement des freins', quantity: '2', unit_price_cents: 500_00 }],
      ...payload,
    },
  });
  if (response.statusCode !== 201)
    throw new Error(`create answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

/** Sends it as staff; returns the quote and the token of the link the email carries. */
export async function sendTestQuote(t: TestApp, quoteId: string) {
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/quotes/${quoteId}/send`,
    as: 'staff',
    payload: {},
  });
  if (response.statusCode !== 200) throw new Error(`send answered ${response.statusCode}: ${response.body}`);
  const { rows } = await t.database.db.execute<{ text: string; secrets: string[] | null }>(
    sql`select text, secrets from email_outbox where quote_id = ${quoteId} order by created_at desc, id desc limit 1`,
  );
  // What the email carries: the stored text holds a marker, the link's token waits beside it.
  const token = /\/q\/([A-Za-z0-9_-]+)/.exec(revealSecrets(rows[0]!.text, rows[0]!.secrets))?.[1];
  if (!token) throw new Error('no link in the quote email');
  return { quote: response.json().quote, email: response.json().email, token };
}
