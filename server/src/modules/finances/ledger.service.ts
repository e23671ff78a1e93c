import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { formatCents } from '../../core/money.ts';
import { paginate } from '../../core/schemas.ts';
import { type Change, recordChange } from '../changes/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import {
  type BalanceAdjustment,
  type BalanceHistoryQuery,
  creditProfileDefaults,
  encodeLedgerCursor,
  maxAmountCents,
} from './finances.schemas.ts';
import {
  customer_balance_history,
  customer_balances,
  customer_credit_profiles,
  type LedgerEntryType,
} from './finances.tables.ts';

export type LedgerEntry = typeof customer_balance_history.$inferSelect;

/** What a module books on a customer's ledger, in its own transaction. */
export interface LedgerEntryInput {
  customer_id: string;
  entry_type: LedgerEntryType;
  /** Signed cents: invoice and refund > 0 (the customer owes more), payment and credit_note < 0; adjustment either. */
  amount_cents: number;
  /** The document behind the entry (invoices, payments…); required except for an adjustment. */
  reference_table: string | null;
  reference_id: string | null;
  description?: string | null;
  /** Why: required for an adjustment. */
  reason?: string | null;
  /** The document's currency; refused (422) when it is not the customer's ledger currency. */
  currency?: string;
  /** false when the caller's own recorded change already puts this on the timeline. Default true. */
  timeline?: boolean;
}

const titles: Record<LedgerEntryType, string> = {
  invoice: 'Facture portée au compte',
  payment: 'Paiement reçu',
  credit_note: 'Note de crédit',
  refund: 'Remboursement',
  adjustment: 'Ajustement du solde',
};

type ActivityType = NonNullable<Change['activity']>['activity_type'];

const activityTypes: Record<LedgerEntryType, ActivityType> = {
  invoice: 'invoice',
  credit_note: 'invoice',
  payment: 'payment',
  refund: 'payment',
  adjustment: 'finance',
};

function entryIssues(input: LedgerEntryInput) {
  const { amount_cents: amount, entry_type: type } = input;
  if (!Number.isSafeInteger(amount) || amount === 0 || Math.abs(amount) > maxAmountCents) {
    return [
      {
        path: 'amount_cents',
        message: `Must be a non-zero whole number of cents, at most ${maxAmountCents}`,
      },
    ];
  }
  if ((type === 'invoice' || type === 'refund') && amount < 0) {
    return [{ path: 'amount_cents', message: `A ${type} entry is positive` }];
  }
  if ((type === 'payment' || type === 'credit_note') && amount > 0) {
    return [{ path: 'amount_cents', message: `A ${type} entry is negative` }];
  }
  if (type !== 'adjustment' && (!input.reference_table || !input.reference_id)) {
    return [{ path: 'reference_id', message: 'Only an adjustment may have no reference' }];
  }
  if (type === 'adjustment' && !input.reason?.trim()) {
    return [{ path: 'reason', message: 'An adjustment needs a reason' }];
  }
  return [];
}

/** The currency of a customer's ledger: its balance row's, else its profile's, else CAD. */
async function ledgerCurrency(ctx: Ctx, customerId: string): Promise<{ currency: string; locked: boolean }> {
  const [balance] = await ctx.db
    .select({ currency: customer_balances.currency })
    .from(customer_balances)
    .where(eq(customer_balances.customer_id, customerId));
  if (balance) return { currency: balance.currency, locked: true };
  const [profile] = await ctx.db
    .select({ currency: customer_credit_profiles.currency })
    .from(customer_credit_profiles)
    .where(eq(customer_credit_profiles.customer_id, customerId));
  return { currency: profile?.currency ?? creditProfileDefaults.currency, locked: false };
}

/**
 * Books one entry on a customer's ledger, inside the caller's transaction (`txCtx.db` is
 * one): billing calls it when it finalizes an invoice, records a payment, issues a credit
 * note or a refund. Entries of one customer take turns: the customer row is locked first
 * (as every writer of a customer does, before recording any change: the same order
 * everywhere, so no deadlock), then the balance row is moved by `balance + amount`, which
 * gives this entry its exact `balance_after_cents` and its `entry_number`. The change is
 * recorded (timeline, audit, outbox `ledger.<type>_booked`).
 *
 * Refused: 400 for an amount or sign that does not fit the type; 404 for a customer the
 * actor may not see; 409 `ledger.already_booked` when this (reference_table, reference_id,
 * entry_type) is already on the ledger (a unique key guards it too); 422
 * `ledger.currency_mismatch` for another currency than the ledger's.
 */
export async function appendLedgerEntry(txCtx: Ctx, input: LedgerEntryInput): Promise<LedgerEntry> {
  const issues = entryIssues(input);
  if (issues.length) throw invalidFields(issues);
  const customerId = input.customer_id;
  await getCustomerOrThrow(txCtx, customerId, { forUpdate: true });
  if (input.reference_table && input.reference_id) {
    const [booked] = await txCtx.db
      .select({ id: customer_balance_history.id })
      .from(customer_balance_history)
      .where(
        and(
          eq(customer_balance_history.reference_table, input.reference_table),
          eq(customer_balance_history.reference_id, input.reference_id),
          eq(customer_balance_history.entry_type, input.entry_type),
        ),
      );
    if (booked) {
      throw new AppError('ledger.already_booked', 'This document is already on the ledger', {
        entry_id: booked.id,
      });
    }
  }
  const { currency } = await ledgerCurrency(txCtx, customerId);
  if (input.currency && input.currency !== currency) {
    throw new AppError('ledger.currency_mismatch', `This customer's ledger is in ${currency}`, {
      ledger_currency: currency,
      currency: input.currency,
    });
  }
  const now = txCtx.clock.now();
  const [moved] = await txCtx.db
    .insert(customer_balances)
    .values({
      customer_id: customerId,
      balance_cents: input.amount_cents,
      currency,
      entry_count: 1,
      updated_at: now,
    })
    .onConflictDoUpdate({
      target: customer_balances.customer_id,
      set: {
        balance_cents: sql`${customer_balances.balance_cents} + ${input.amount_cents}`,
        entry_count: sql`${customer_balances.entry_count} + 1`,
        updated_at: now,
      },
    })
    .returning();
  const id = newId();
  const [entry] = await txCtx.db
    .insert(customer_balance_history)
    .values({
      id,
      customer_id: customerId,
      entry_number: moved!.entry_count,
      entry_type: input.entry_type,
      amount_cents: input.amount_cents,
      balance_after_cents: moved!.balance_cents,
      currency,
      reference_table: input.reference_table,
      reference_id: input.reference_id,
      description: input.description?.trim() || null,
      reason: input.reason?.trim() || null,
      actor_type: txCtx.actor.type,
      actor_id: txCtx.actor.id,
      created_at: now,
    })
    .returning();
  const facts = {
    entry_type: input.entry_type,
    entry_number: entry!.entry_number,
    amount_cents: entry!.amount_cents,
    balance_after_cents: entry!.balance_after_cents,
    currency,
  };
  await recordChange(txCtx, {
    event: `ledger.${input.entry_type}_booked`,
    entity: 'customer_balance_history',
    entity_id: id,
    customer_id: customerId,
    changed_fields: ['balance_cents'],
    activity:
      input.timeline === false
        ? null
        : {
            activity_type: activityTypes[input.entry_type],
            title: `${titles[input.entry_type]} : ${formatCents(entry!.amount_cents, currency, 'fr-CA')} (solde ${formatCents(entry!.balance_after_cents, currency, 'fr-CA')})`,
            reference_table: 'customer_balance_history',
            metadata: facts,
          },
    payload: { ...facts, reference_table: input.reference_table, reference_id: input.reference_id },
  });
  return entry!;
}

/** An admin's correction of the balance, with the reason it was made. */
export async function adjustBalance(
  ctx: Ctx,
  customerId: string,
  input: BalanceAdjustment,
): Promise<LedgerEntry> {
  return ctx.db.transaction(async (tx) =>
    appendLedgerEntry(
      { ...ctx, db: tx },
      {
        customer_id: customerId,
        entry_type: 'adjustment',
        amount_cents: input.amount_cents,
        reference_table: null,
        reference_id: null,
        description: input.description ?? null,
        reason: input.reason,
      },
    ),
  );
}

export interface Balance {
  balance_cents: number;
  currency: string;
  entry_count: number;
  /** The first entry's date: how long the customer has had an account with us. */
  first_entry_at: Date | null;
}

/** The running balance (0 and the profile's currency before any entry). No access check: callers made it. */
export async function getBalance(ctx: Ctx, customerId: string): Promise<Balance> {
  const [row] = await ctx.db
    .select({
      balance_cents: customer_balances.balance_cents,
      currency: customer_balances.currency,
      entry_count: customer_balances.entry_count,
      first_entry_at: customer_balance_history.created_at,
    })
    .from(customer_balances)
    .leftJoin(
      customer_balance_history,
      and(
        eq(customer_balance_history.customer_id, customer_balances.customer_id),
        eq(customer_balance_history.entry_number, 1),
      ),
    )
    .where(eq(customer_balances.customer_id, customerId));
  if (row) return row;
  const { currency } = await ledgerCurrency(ctx, customerId);
  return { balance_cents: 0, currency, entry_count: 0, first_entry_at: null };
}

/** Newest first; `cursor` continues after the last entry seen (keyset), `page` for shallow paging. */
export async function findBalanceHistory(ctx: Ctx, customerId: string, query: BalanceHistoryQuery) {
  await getCustomerOrThrow(ctx, customerId, { purpose: 'balance_history' });
  const { entry_count: total } = await getBalance(ctx, customerId);
  const rows = await ctx.db
    .select()
    .from(customer_balance_history)
    .where(
      and(
        eq(customer_balance_history.customer_id, customerId),
        query.cursor === undefined ? undefined : lt(customer_balance_history.entry_number, query.cursor),
      ),
    )
    .orderBy(desc(customer_balance_history.entry_number))
    .limit(query.per_page)
    .offset(query.cursor === undefined ? (query.page - 1) * query.per_page : 0);
  const last = rows.at(-1);
  const hasMore = last !== undefined && rows.length === query.per_page && last.entry_number > 1;
  return {
    rows,
    pagination: paginate(total, query.page, query.per_page),
    next_cursor: hasMore ? encodeLedgerCursor(last.entry_number) : null,
  };
}
