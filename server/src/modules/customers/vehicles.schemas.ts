import { z } from 'zod';
import { timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { plateSchema, vinSchema } from '../../core/validation.ts';
import { nullableText } from './customer-parts.schemas.ts';

/** The oldest model year accepted; the newest depends on today (checked by the service against ctx.clock). */
export const oldestModelYear = 1900;
export const maxMileage = 2_000_000;

const vehicleFields = {
  vin: vinSchema.nullable().optional(),
  plate: plateSchema.nullable().optional(),
  make: nullableText(50),
  model: nullableText(80),
  year: z.number().int().min(oldestModelYear).max(9999).nullable().optional(),
  mileage: z.number().int().min(0).max(maxMileage).nullable().optional(),
};

export const vehicleCreateSchema = z.strictObject(vehicleFields);
export const vehiclePatchSchema = z.strictObject(vehicleFields);

export type VehicleCreate = z.infer<typeof vehicleCreateSchema>;
export type VehiclePatch = z.infer<typeof vehiclePatchSchema>;

export const vehicleParams = z.object({ id: uuidSchema, vehicle_id: uuidSchema });

export const vehicleSchema = z
  .object({
    id: z.string(),
    customer_id: z.string(),
    vin: z.string().nullable(),
    plate: z.string().nullable(),
    make: z.string().nullable(),
    model: z.string().nullable(),
    year: z.number().int().nullable(),
    mileage: z.number().int().nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'CustomerVehicle' });

export const vehicleListSchema = z.object({ data: z.array(vehicleSchema) });
