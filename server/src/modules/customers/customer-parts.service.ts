import type { Ctx } from '../../core/context.ts';
import { type Customer, getCustomerOrThrow } from './customers.service.ts';

/*
 * What the contacts, addresses and vehicles services share: each change runs in one
 * transaction that first locks the customer row, so changes to one customer's parts
 * (e.g. two contacts made primary at once) take turns instead of racing.
 */

/** Runs `work` in a transaction holding the customer's row lock (404 if the caller may not see it). */
export async function withCustomerLocked<T>(
  ctx: Ctx,
  customerId: string,
  work: (txCtx: Ctx, customer: Customer) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const customer = await getCustomerOrThrow(txCtx, customerId, { forUpdate: true, writable: true });
    return work(txCtx, customer);
  });
}

/** Names of the fields in `patch` whose value differs from `before`. */
export function changedFields(before: Record<string, unknown>, patch: Record<string, unknown>): string[] {
  return Object.keys(patch).filter(
    (key) => patch[key] !== undefined && JSON.stringify(before[key] ?? null) !== JSON.stringify(patch[key]),
  );
}

/** "Marie Roy", or the first name alone. */
export function personName(person: { first_name: string; last_name: string | null }): string {
  return [person.first_name, person.last_name].filter(Boolean).join(' ');
}
