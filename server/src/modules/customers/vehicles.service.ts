import { and, desc, eq, ne } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, type FieldError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { recordChange } from '../changes/index.ts';
import { changedFields, withCustomerLocked } from './customer-parts.service.ts';
import { getCustomerOrThrow } from './customers.service.ts';
import { customer_vehicles } from './customers.tables.ts';
import type { VehicleCreate, VehiclePatch } from './vehicles.schemas.ts';

export type Vehicle = typeof customer_vehicles.$inferSelect;

/** Next year's models are on sale this year; one more year of margin, as the contract says (1900..next year + 1). */
export function latestModelYear(now: Date): number {
  return now.getUTCFullYear() + 2;
}

/** "Toyota Corolla 2019", else the plate or the VIN. */
export function describeVehicle(vehicle: Pick<Vehicle, 'make' | 'model' | 'year' | 'plate' | 'vin'>): string {
  const name = [vehicle.make, vehicle.model, vehicle.year].filter(Boolean).join(' ');
  return name || vehicle.plate || vehicle.vin || 'véhicule';
}

function vehicleIssues(vehicle: VehiclePatch, now: Date): FieldError[] {
  const issues: FieldError[] = [];
  if (!vehicle.vin && !vehicle.plate && !vehicle.make && !vehicle.model) {
    issues.push({ path: 'vin', message: 'A vehicle needs at least a VIN, a plate, a make or a model' });
  }
  if (vehicle.year && vehicle.year > latestModelYear(now)) {
    issues.push({ path: 'year', message: `Must be at most ${latestModelYear(now)}` });
  }
  return issues;
}

function throwIssues(issues: FieldError[]) {
  if (!issues.length) return;
  throw invalidFields(issues);
}

/** The same VIN twice on one customer is a mistake; across customers it is a vehicle that changed hands. */
async function refuseDuplicateVin(ctx: Ctx, customerId: string, vin: string, exceptId?: string) {
  const [duplicate] = await ctx.db
    .select({ id: customer_vehicles.id })
    .from(customer_vehicles)
    .where(
      and(
        eq(customer_vehicles.customer_id, customerId),
        eq(customer_vehicles.vin, vin),
        exceptId ? ne(customer_vehicles.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (duplicate) {
    throw new AppError('vehicle.vin_taken', 'This customer already has a vehicle with this VIN', {
      vehicle_id: duplicate.id,
    });
  }
}

/** Newest first. */
export async function findVehicles(ctx: Ctx, customerId: string): Promise<Vehicle[]> {
  await getCustomerOrThrow(ctx, customerId, { purpose: 'vehicles' });
  return ctx.db
    .select()
    .from(customer_vehicles)
    .where(eq(customer_vehicles.customer_id, customerId))
    .orderBy(desc(customer_vehicles.created_at), desc(customer_vehicles.id));
}

async function getVehicleOrThrow(ctx: Ctx, customerId: string, vehicleId: string): Promise<Vehicle> {
  const [vehicle] = await ctx.db
    .select()
    .from(customer_vehicles)
    .where(and(eq(customer_vehicles.id, vehicleId), eq(customer_vehicles.customer_id, customerId)));
  if (!vehicle) throw new AppError('vehicle.not_found', 'No such vehicle', { vehicle_id: vehicleId });
  return vehicle;
}

export async function createVehicle(ctx: Ctx, customerId: string, input: VehicleCreate): Promise<Vehicle> {
  throwIssues(vehicleIssues(input, ctx.clock.now()));
  return withCustomerLocked(ctx, customerId, async (txCtx) => {
    if (input.vin) await refuseDuplicateVin(txCtx, customerId, input.vin);
    const id = newId();
    const now = ctx.clock.now();
    const [vehicle] = await txCtx.db
      .insert(customer_vehicles)
      .values({ ...input, id, customer_id: customerId, created_at: now, updated_at: now })
      .returning();
    await recordChange(txCtx, {
      event: 'vehicle.added',
      entity: 'customer_vehicle',
      entity_id: id,
      customer_id: customerId,
      changed_fields: Object.keys(input),
      activity: {
        activity_type: 'vehicle_added',
        title: `Véhicule ajouté : ${describeVehicle(vehicle!)}`,
        reference_table: 'customer_vehicles',
      },
    });
    return vehicle!;
  });
}

export async function updateVehicle(
  ctx: Ctx,
  customerId: string,
  vehicleId: string,
  patch: VehiclePatch,
): Promise<Vehicle> {
  return withCustomerLocked(ctx, customerId, async (txCtx) => {
    const before = await getVehicleOrThrow(txCtx, customerId, vehicleId);
    throwIssues(vehicleIssues({ ...before, ...patch }, ctx.clock.now()));
    const fields = changedFields(before, patch);
    if (!fields.length) return before;
    if (patch.vin && fields.includes('vin'))
      await refuseDuplicateVin(txCtx, customerId, patch.vin, vehicleId);
    const [vehicle] = await txCtx.db
      .update(customer_vehicles)
      .set({ ...patch, updated_at: ctx.clock.now() })
      .where(eq(customer_vehicles.id, vehicleId))
      .returning();
    await recordChange(txCtx, {
      event: 'vehicle.updated',
      entity: 'customer_vehicle',
      entity_id: vehicleId,
      customer_id: customerId,
      changed_fields: fields,
      activity: {
        activity_type: 'vehicle',
        title: `Véhicule modifié : ${describeVehicle(vehicle!)}`,
        reference_table: 'customer_vehicles',
        metadata: { fields },
      },
    });
    return vehicle!;
  });
}

/** Deletes the vehicle; the timeline and the audit log keep that it existed. */
export async function deleteVehicle(ctx: Ctx, customerId: string, vehicleId: string): Promise<void> {
  await withCustomerLocked(ctx, customerId, async (txCtx) => {
    const vehicle = await getVehicleOrThrow(txCtx, customerId, vehicleId);
    await txCtx.db.delete(customer_vehicles).where(eq(customer_vehicles.id, vehicleId));
    await recordChange(txCtx, {
      event: 'vehicle.removed',
      entity: 'customer_vehicle',
      entity_id: vehicleId,
      customer_id: customerId,
      activity: {
        activity_type: 'vehicle',
        title: `Véhicule retiré : ${describeVehicle(vehicle)}`,
        reference_table: 'customer_vehicles',
      },
    });
  });
}
