import { and, count, desc, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { formatCents } from '../../core/money.ts';
import { paginate } from '../../core/schemas.ts';
import { recordChange } from '../changes/index.ts';
import { appendLedgerEntry, calendarDateIn, companyTimeZone } from '../finances/index.ts';
import type { Invoice } from './invoices.schemas.ts';
import { draftFor, getInvoice, visibleRow, withInvoiceCustomer } from './invoices.service.ts';
import { applyToInvoice } from './invoices.settlement.ts';
import type { invoices } from './invoices.tables.ts';
import type { Payment, PaymentCreate, PaymentListQuery } from './payments.schemas.ts';
import { type PaymentProviderId, payments } from './payments.tables.ts';

type InvoiceRow = typeof invoices.$inferSelect;
type PaymentRow = typeof payments.$inferSelect;

export function toPayment(row: PaymentRow): Payment {
  const { idempotency_key: _key, ...rest } = row;
  return { ...rest, unapplied_cents: row.amount_cents - row.applied_cents };
}

/** Only an issued invoice takes money; checked before anything is written. */
export function assertPayable(row: InvoiceRow) {
  if (row.status === 'draft' || row.status === 'void') {
    throw new AppError('invoice.not_payable', `A ${row.status} invoice takes no payment`, {
      invoice_id: row.id,
      status: row.status,
    });
  }
}

export function exceedsBalance(row: InvoiceRow, amountCents: number, hint: string): AppError {
  const balance = formatCents(row.balance_due_cents, row.currency, 'en-CA');
  return new AppError(
    'payment.exceeds_balance',
    `${formatCents(amountCents, row.currency, 'en-CA')} is more than the balance due of ${balance}${hint}`,
    { invoice_id: row.id, balance_due_cents: row.balance_due_cents, amount_cents: amountCents },
    [{ path: 'amount_cents', message: `At most the balance due, ${row.balance_due_cents} cents${hint}` }],
  );
}

export interface PaymentInput {
  provider: PaymentProviderId;
  method: string;
  amount_cents: number;
  currency: string;
  received_on: string;
  reference: string | null;
  note: string | null;
  external_id: string | null;
  idempotency_key?: string | null;
}

/**
 * Books money received for `row` (read FOR UPDATE under the customer lock, in the caller's
 * transaction): the payment row, what fits on the invoice (its balance at most; nothing on an
 * invoice that takes no payment any more), the whole amount on the ledger (the rest is a
 * credit), and the recorded change with its timeline entry. Returns the payment's id.
 */
export async function settlePayment(txCtx: Ctx, row: InvoiceRow, input: PaymentInput): Promise<string> {
  const payable = row.status !== 'draft' && row.status !== 'void';
  const applied = payable ? Math.min(input.amount_cents, row.balance_due_cents) : 0;
  const id = newId();
  await txCtx.db.insert(payments).values({
    id,
    invoice_id: row.id,
    customer_id: row.customer_id,
    ...input,
    applied_cents: applied,
    created_by: txCtx.actor.type === 'system' ? null : txCtx.actor.id,
    created_at: txCtx.clock.now(),
  });
  const updated =
    applied > 0
      ? await applyToInvoice(txCtx, row, {
          kind: 'payment',
          paid_cents: applied,
          occurred_on: input.received_on,
          reference_table: 'payments',
          reference_id: id,
        })
      : row;
  await appendLedgerEntry(txCtx, {
    customer_id: row.customer_id,
    entry_type: 'payment',
    amount_cents: -input.amount_cents,
    reference_table: 'payments',
    reference_id: id,
    description: `Paiement ${row.number}`,
    currency: row.currency,
    timeline: false,
  });
  const amount = formatCents(input.amount_cents, row.currency, 'fr-CA');
  const credit = input.amount_cents - applied;
  await recordChange(txCtx, {
    event: 'invoice.payment_recorded',
    entity: 'payment',
    entity_id: id,
    customer_id: row.customer_id,
    changed_fields: ['amount_paid_cents', 'balance_due_cents', 'status'],
    activity: {
      activity_type: 'payment',
      title:
        credit > 0
          ? `Paiement reçu : ${amount} — facture ${row.number} (${formatCents(credit, row.currency, 'fr-CA')} en crédit)`
          : `Paiement reçu : ${amount} — facture ${row.number}`,
      reference_table: 'invoices',
      reference_id: row.id,
      metadata: {
        payment_id: id,
        number: row.number,
        amount_cents: input.amount_cents,
        applied_cents: applied,
        credit_cents: credit,
        currency: row.currency,
        provider: input.provider,
        method: input.method,
        balance_due_cents: updated.balance_due_cents,
      },
    },
    payload: {
      invoice_id: row.id,
      payment_id: id,
      number: row.number,
      amount_cents: input.amount_cents,
      applied_cents: applied,
      provider: input.provider,
      method: input.method,
    },
  });
  return id;
}

async function paymentById(ctx: Ctx, id: string): Promise<PaymentRow> {
  const [row] = await ctx.db.select().from(payments).where(eq(payments.id, id));
  if (!row) throw new Error(`payment ${id} vanished`);
  return row;
}

/**
 * A payment recorded by hand (cash, cheque, Interac, card terminal), partial or whole. More
 * than the balance due needs `allow_overpayment`: the invoice then takes its balance and the
 * customer's ledger the whole amount, the rest being a credit.
 */
export async function recordManualPayment(
  ctx: Ctx,
  invoiceId: string,
  input: PaymentCreate,
  idempotencyKey: string | null = null,
): Promise<{ payment: Payment; invoice: Invoice; replayed: boolean }> {
  const today = calendarDateIn(ctx.clock.now(), companyTimeZone);
  const receivedOn = input.received_on ?? today;
  if (receivedOn > today) {
    throw invalidFields([{ path: 'received_on', message: `May not be in the future (today is ${today})` }]);
  }
  const before = await visibleRow(ctx, invoiceId);
  let replayed = false;
  const id = await withInvoiceCustomer(ctx, before.customer_id, async (txCtx, customer) => {
    const row = await draftFor(txCtx, invoiceId, customer.id);
    if (idempotencyKey) {
      // Read under the customer lock: a concurrent submission of the same form waits for the
      // first, then finds its payment here.
      const [earlier] = await txCtx.db
        .select({ id: payments.id, amount_cents: payments.amount_cents })
        .from(payments)
        .where(and(eq(payments.invoice_id, invoiceId), eq(payments.idempotency_key, idempotencyKey)));
      if (earlier) {
        if (earlier.amount_cents !== input.amount_cents) {
          throw new AppError(
            'payment.idempotency_key_reused',
            'This Idempotency-Key was used for another payment of this invoice',
            { payment_id: earlier.id },
          );
        }
        replayed = true;
        return earlier.id;
      }
    }
    assertPayable(row);
    if (input.amount_cents > row.balance_due_cents && !input.allow_overpayment) {
      throw exceedsBalance(
        row,
        input.amount_cents,
        ' (send allow_overpayment: true to keep the rest as a credit)',
      );
    }
    return settlePayment(txCtx, row, {
      provider: 'manual',
      method: input.method,
      amount_cents: input.amount_cents,
      currency: row.currency,
      received_on: receivedOn,
      reference: input.reference ?? null,
      note: input.note ?? null,
      external_id: null,
      idempotency_key: idempotencyKey,
    });
  });
  return {
    payment: toPayment(await paymentById(ctx, id)),
    invoice: await getInvoice(ctx, invoiceId),
    replayed,
  };
}

/**
 * The payments of an invoice the actor may see (a client: their own issued invoices), newest
 * first. A client does not see the staff's note nor who recorded it.
 */
export async function listPayments(ctx: Ctx, invoiceId: string, query: PaymentListQuery) {
  await visibleRow(ctx, invoiceId);
  const where = eq(payments.invoice_id, invoiceId);
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(payments).where(where);
  const rows = await ctx.db
    .select()
    .from(payments)
    .where(where)
    .orderBy(desc(payments.created_at), desc(payments.id))
    .limit(query.per_page)
    .offset((query.page - 1) * query.per_page);
  const forClient = ctx.actor.role === 'client';
  return {
    data: rows.map((row) => toPayment(forClient ? { ...row, note: null, created_by: null } : row)),
    pagination: paginate(total, query.page, query.per_page),
  };
}
