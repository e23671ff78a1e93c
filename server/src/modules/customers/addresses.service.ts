import { and, asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { recordChange } from '../changes/index.ts';
import {
  type AddressCreate,
  type AddressPatch,
  addressIssues,
  normalisePostalCode,
} from './addresses.schemas.ts';
import { changedFields, withCustomerLocked } from './customer-parts.service.ts';
import { getCustomerOrThrow } from './customers.service.ts';
import { customer_addresses } from './customers.tables.ts';

export type Address = typeof customer_addresses.$inferSelect;

/** "Domicile — 12 rue Principale, Lévis", or without the label. */
function describeAddress(address: Pick<Address, 'label' | 'line1' | 'city'>): string {
  const place = `${address.line1}, ${address.city}`;
  return address.label ? `${address.label} — ${place}` : place;
}

/** In the order they were added. */
export async function findAddresses(ctx: Ctx, customerId: string): Promise<Address[]> {
  await getCustomerOrThrow(ctx, customerId, { purpose: 'addresses' });
  return ctx.db
    .select()
    .from(customer_addresses)
    .where(eq(customer_addresses.customer_id, customerId))
    .orderBy(asc(customer_addresses.created_at), asc(customer_addresses.id));
}

async function getAddressOrThrow(ctx: Ctx, customerId: string, addressId: string): Promise<Address> {
  const [address] = await ctx.db
    .select()
    .from(customer_addresses)
    .where(and(eq(customer_addresses.id, addressId), eq(customer_addresses.customer_id, customerId)));
  if (!address) throw new AppError('address.not_found', 'No such address', { address_id: addressId });
  return address;
}

export async function createAddress(ctx: Ctx, customerId: string, input: AddressCreate): Promise<Address> {
  return withCustomerLocked(ctx, customerId, async (txCtx) => {
    const id = newId();
    const now = ctx.clock.now();
    const [address] = await txCtx.db
      .insert(customer_addresses)
      .values({ ...input, id, customer_id: customerId, created_at: now, updated_at: now })
      .returning();
    await recordChange(txCtx, {
      event: 'address.added',
      entity: 'customer_address',
      entity_id: id,
      customer_id: customerId,
      changed_fields: Object.keys(input),
      activity: {
        activity_type: 'address',
        title: `Adresse ajoutée : ${describeAddress(address!)}`,
        reference_table: 'customer_addresses',
      },
    });
    return address!;
  });
}

export async function updateAddress(
  ctx: Ctx,
  customerId: string,
  addressId: string,
  patch: AddressPatch,
): Promise<Address> {
  return withCustomerLocked(ctx, customerId, async (txCtx) => {
    const before = await getAddressOrThrow(txCtx, customerId, addressId);
    const merged = { ...before, ...patch };
    const issues = addressIssues(merged);
    if (issues.length) {
      throw invalidFields(issues);
    }
    const changes = { ...patch };
    if (merged.postal_code && ('postal_code' in patch || 'country' in patch)) {
      changes.postal_code = normalisePostalCode(merged.country, merged.postal_code)!;
    }
    const fields = changedFields(before, changes);
    if (!fields.length) return before;
    const [address] = await txCtx.db
      .update(customer_addresses)
      .set({ ...changes, updated_at: ctx.clock.now() })
      .where(eq(customer_addresses.id, addressId))
      .returning();
    await recordChange(txCtx, {
      event: 'address.updated',
      entity: 'customer_address',
      entity_id: addressId,
      customer_id: customerId,
      changed_fields: fields,
      activity: {
        activity_type: 'address',
        title: `Adresse modifiée : ${describeAddress(address!)}`,
        reference_table: 'customer_addresses',
        metadata: { fields },
      },
    });
    return address!;
  });
}

/** Deletes the address; the timeline and the audit log keep that it existed. */
export async function deleteAddress(ctx: Ctx, customerId: string, addressId: string): Promise<void> {
  await withCustomerLocked(ctx, customerId, async (txCtx) => {
    const address = await getAddressOrThrow(txCtx, customerId, addressId);
    await txCtx.db.delete(customer_addresses).where(eq(customer_addresses.id, addressId));
    await recordChange(txCtx, {
      event: 'address.removed',
      entity: 'customer_address',
      entity_id: addressId,
      customer_id: customerId,
      activity: {
        activity_type: 'address',
        title: `Adresse retirée : ${describeAddress(address)}`,
        reference_table: 'customer_addresses',
      },
    });
  });
}
