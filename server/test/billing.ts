import type { Ctx } from '../src/core/context.ts';
import { newId } from '../src/core/ids.ts';
import { draftFor, visibleRow, withInvoiceCustomer } from '../src/modules/billing/invoices.service.ts';
import { applyToInvoice } from '../src/modules/billing/invoices.settlement.ts';
import { appendLedgerEntry } from '../src/modules/finances/index.ts';
import type { TestApp } from './app.ts';

/** A line for an invoice draft: 100.00 taxable unless told otherwise. */
export function invoiceLine(overrides: Record<string, unknown> = {}) {
  return { description: 'Pose de pneus', quantity: '1', unit_price_cents: 100_00, ...overrides };
}

/** Creates a draft through the API (as staff unless told) and finalizes it; returns the issued invoice. */
export async function issueInvoice(
  t: TestApp,
  customerId: string,
  payload: Record<string, unknown> = {},
  as: 'staff' | 'admin' = 'staff',
): Promise<{ id: string; number: string; total_cents: number; [key: string]: unknown }> {
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/invoices',
    as,
    payload: { customer_id: customerId, lines: [invoiceLine()], ...payload },
  });
  if (created.statusCode !== 201) throw new Error(`create answered ${created.statusCode}: ${created.body}`);
  const finalized = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${created.json().id}/finalize`,
    as,
    payload: {},
  });
  if (finalized.statusCode !== 200) {
    throw new Error(`finalize answered ${finalized.statusCode}: ${finalized.body}`);
  }
  return finalized.json();
}

/**
 * A payment as the payments slice books one (the invoice settled through applyToInvoice, the
 * ledger credited), for tests that need money received without the payments API.
 * Pays at most the balance due; `cents` above it is booked on the ledger only (a credit).
 */
export async function recordTestPayment(ctx: Ctx, invoiceId: string, cents: number): Promise<void> {
  const { customer_id } = await visibleRow(ctx, invoiceId);
  await withInvoiceCustomer(ctx, customer_id, async (txCtx, customer) => {
    const invoice = await draftFor(txCtx, invoiceId, customer.id);
    const paymentId = newId();
    await applyToInvoice(txCtx, invoice, {
      kind: 'payment',
      paid_cents: Math.min(cents, invoice.balance_due_cents),
      reference_table: 'payments',
      reference_id: paymentId,
    });
    await appendLedgerEntry(txCtx, {
      customer_id: customer.id,
      entry_type: 'payment',
      amount_cents: -cents,
      reference_table: 'payments',
      reference_id: paymentId,
      currency: invoice.currency,
      timeline: false,
    });
  });
}

/** RFC 4180 back to rows (the byte-order mark must be there, and is dropped), to check an export. */
export function parseCsv(text: string): string[][] {
  if (!text.startsWith('\uFEFF')) throw new Error('the CSV does not start with a byte-order mark');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += char;
    }
  }
  if (cell !== '' || row.length) throw new Error('the CSV does not end with CRLF');
  return rows;
}
