import { and, desc, eq, ne } from 'drizzle-orm';
import type { Actor, Ctx } from '../../core/context.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { pgCodes, pgErrorOf } from '../../core/pg-errors.ts';
import { recordChange } from '../changes/index.ts';
import { getCustomerOrThrow, withCustomerLocked } from '../customers/index.ts';
import { calendarDateIn, companyTimeZone } from './calendar.ts';
import { customer_payment_methods } from './finances.tables.ts';
import {
  expiryIssues,
  type PaymentMethodCreate,
  type PaymentMethodPatch,
} from './payment-methods.schemas.ts';

export type PaymentMethodRow = typeof customer_payment_methods.$inferSelect;
export type PaymentMethod = Omit<PaymentMethodRow, 'token'> & { token?: string; is_expired: boolean };

/** A card is good through the last day of its expiry month, in the company's time zone. */
export function isExpired(
  method: Pick<PaymentMethodRow, 'exp_month' | 'exp_year'>,
  now: Date,
  timeZone = companyTimeZone,
): boolean {
  if (method.exp_month === null || method.exp_year === null) return false;
  const [year, month] = calendarDateIn(now, timeZone).split('-').map(Number) as [number, number];
  return year * 12 + month > method.exp_year * 12 + method.exp_month;
}

/** Staff who keep the methods see the provider's token; a client or an advisor never does. */
function seesToken(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'staff' || actor.role === 'system';
}

function present(ctx: Ctx, row: PaymentMethodRow): PaymentMethod {
  const { token, ...rest } = row;
  return {
    ...rest,
    ...(seesToken(ctx.actor) ? { token } : {}),
    is_expired: isExpired(row, ctx.clock.now()),
  };
}

/** "Visa •••• 4242", else the provider's name: how the timeline names a method. */
export function describePaymentMethod(
  method: Pick<PaymentMethodRow, 'provider' | 'brand' | 'last4'>,
): string {
  return [method.brand ?? method.provider, method.last4 ? `•••• ${method.last4}` : null]
    .filter(Boolean)
    .join(' ');
}

function tokenTaken(): AppError {
  return new AppError('payment_method.token_taken', 'This provider token is already saved', undefined, [
    { path: 'token', message: 'This provider token is already saved' },
  ]);
}

/** Two requests saving one token at once both pass the check: the unique key answers the second. */
function translateWriteError(error: unknown): never {
  const pgError = pgErrorOf(error);
  if (
    pgError?.code === pgCodes.uniqueViolation &&
    pgError.constraint === 'customer_payment_methods_provider_token_key'
  ) {
    throw tokenTaken();
  }
  throw error;
}

/** The default first, then newest first. */
export async function findPaymentMethods(ctx: Ctx, customerId: string): Promise<PaymentMethod[]> {
  await getCustomerOrThrow(ctx, customerId, { purpose: 'payment_methods' });
  const rows = await ctx.db
    .select()
    .from(customer_payment_methods)
    .where(eq(customer_payment_methods.customer_id, customerId))
    .orderBy(
      desc(customer_payment_methods.is_default),
      desc(customer_payment_methods.created_at),
      desc(customer_payment_methods.id),
    );
  return rows.map((row) => present(ctx, row));
}

async function getPaymentMethodOrThrow(ctx: Ctx, customerId: string, id: string): Promise<PaymentMethodRow> {
  const [method] = await ctx.db
    .select()
    .from(customer_payment_methods)
    .where(and(eq(customer_payment_methods.id, id), eq(customer_payment_methods.customer_id, customerId)));
  if (!method)
    throw new AppError('payment_method.not_found', 'No such payment method', { payment_method_id: id });
  return method;
}

/** Takes the default flag from every other method (under the customer's lock). */
async function clearDefault(ctx: Ctx, customerId: string, exceptId: string) {
  await ctx.db
    .update(customer_payment_methods)
    .set({ is_default: false, updated_at: ctx.clock.now() })
    .where(
      and(
        eq(customer_payment_methods.customer_id, customerId),
        eq(customer_payment_methods.is_default, true),
        ne(customer_payment_methods.id, exceptId),
      ),
    );
}

/** Saves a provider's token; the customer's first method becomes the default unless said otherwise. */
export async function createPaymentMethod(
  ctx: Ctx,
  customerId: string,
  input: PaymentMethodCreate,
): Promise<PaymentMethod> {
  const issues = expiryIssues(input);
  if (issues.length) throw invalidFields(issues);
  try {
    return await withCustomerLocked(ctx, customerId, async (txCtx) => {
      const [taken] = await txCtx.db
        .select({ id: customer_payment_methods.id })
        .from(customer_payment_methods)
        .where(
          and(
            eq(customer_payment_methods.provider, input.provider),
            eq(customer_payment_methods.token, input.token),
          ),
        );
      if (taken) throw tokenTaken();
      const id = newId();
      const [existingDefault] = await txCtx.db
        .select({ id: customer_payment_methods.id })
        .from(customer_payment_methods)
        .where(
          and(
            eq(customer_payment_methods.customer_id, customerId),
            eq(customer_payment_methods.is_default, true),
          ),
        );
      const isDefault = input.is_default ?? !existingDefault;
      if (isDefault) await clearDefault(txCtx, customerId, id);
      const now = txCtx.clock.now();
      const [method] = await txCtx.db
        .insert(customer_payment_methods)
        .values({
          id,
          customer_id: customerId,
          provider: input.provider,
          token: input.token,
          brand: input.brand ?? null,
          last4: input.last4 ?? null,
          exp_month: input.exp_month ?? null,
          exp_year: input.exp_year ?? null,
          nickname: input.nickname ?? null,
          is_default: isDefault,
          created_at: now,
          updated_at: now,
        })
        .returning();
      await recordChange(txCtx, {
        event: 'payment_method.added',
        entity: 'customer_payment_method',
        entity_id: id,
        customer_id: customerId,
        changed_fields: Object.keys(input),
        activity: {
          activity_type: 'finance',
          title: `Moyen de paiement ajouté : ${describePaymentMethod(method!)}`,
          reference_table: 'customer_payment_methods',
        },
        payload: { provider: input.provider, is_default: isDefault },
      });
      return present(txCtx, method!);
    });
  } catch (error) {
    translateWriteError(error);
  }
}

export async function updatePaymentMethod(
  ctx: Ctx,
  customerId: string,
  methodId: string,
  patch: PaymentMethodPatch,
): Promise<PaymentMethod> {
  return withCustomerLocked(ctx, customerId, async (txCtx) => {
    const before = await getPaymentMethodOrThrow(txCtx, customerId, methodId);
    const values = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const issues = expiryIssues({ ...before, ...values });
    if (issues.length) throw invalidFields(issues);
    const fields = Object.keys(values).filter((key) => values[key] !== before[key as keyof PaymentMethodRow]);
    if (!fields.length) return present(txCtx, before);
    if (patch.is_default) await clearDefault(txCtx, customerId, methodId);
    const [method] = await txCtx.db
      .update(customer_payment_methods)
      .set({ ...values, updated_at: txCtx.clock.now() })
      .where(eq(customer_payment_methods.id, methodId))
      .returning();
    await recordChange(txCtx, {
      event: 'payment_method.updated',
      entity: 'customer_payment_method',
      entity_id: methodId,
      customer_id: customerId,
      changed_fields: fields,
      activity: {
        activity_type: 'finance',
        title:
          fields.length === 1 && patch.is_default
            ? `Moyen de paiement par défaut : ${describePaymentMethod(method!)}`
            : `Moyen de paiement modifié : ${describePaymentMethod(method!)}`,
        reference_table: 'customer_payment_methods',
        metadata: { fields },
      },
      payload: { is_default: method!.is_default },
    });
    return present(txCtx, method!);
  });
}

/** Removes the method; the timeline and the audit log keep that it existed (never its token). */
export async function deletePaymentMethod(ctx: Ctx, customerId: string, methodId: string): Promise<void> {
  await withCustomerLocked(ctx, customerId, async (txCtx) => {
    const method = await getPaymentMethodOrThrow(txCtx, customerId, methodId);
    await txCtx.db.delete(customer_payment_methods).where(eq(customer_payment_methods.id, methodId));
    await recordChange(txCtx, {
      event: 'payment_method.removed',
      entity: 'customer_payment_method',
      entity_id: methodId,
      customer_id: customerId,
      activity: {
        activity_type: 'finance',
        title: `Moyen de paiement retiré : ${describePaymentMethod(method)}`,
        reference_table: 'customer_payment_methods',
      },
      payload: { provider: method.provider, was_default: method.is_default },
    });
  });
}

/** On anonymization the saved methods go: they tie a person to a provider's records. */
export async function removeAllPaymentMethods(ctx: Ctx, customerId: string): Promise<number> {
  const removed = await ctx.db
    .delete(customer_payment_methods)
    .where(eq(customer_payment_methods.customer_id, customerId))
    .returning({ id: customer_payment_methods.id });
  return removed.length;
}
