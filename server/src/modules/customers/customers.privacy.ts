import { asc, eq, getTableColumns } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { customerColumns } from './customers.service.ts';
import { customer_addresses, customer_contacts, customer_vehicles, customers } from './customers.tables.ts';

/** Every record this module keeps about a customer, for a data export (DSAR). */
export async function exportCustomerRecords(ctx: Ctx, customerId: string) {
  const [customer] = await ctx.db.select(customerColumns).from(customers).where(eq(customers.id, customerId));
  const { search_tokens: _tokens, ...contactColumns } = getTableColumns(customer_contacts);
  // Called inside the export's transaction: one connection, so one statement after another.
  const contacts = await ctx.db
    .select(contactColumns)
    .from(customer_contacts)
    .where(eq(customer_contacts.customer_id, customerId))
    .orderBy(asc(customer_contacts.created_at));
  const addresses = await ctx.db
    .select()
    .from(customer_addresses)
    .where(eq(customer_addresses.customer_id, customerId))
    .orderBy(asc(customer_addresses.created_at));
  const vehicles = await ctx.db
    .select()
    .from(customer_vehicles)
    .where(eq(customer_vehicles.customer_id, customerId))
    .orderBy(asc(customer_vehicles.created_at));
  return { customer, contacts, addresses, vehicles };
}

const anonymizedName = 'Client anonymisé';

/**
 * Scrubs what identifies a person (names, email, phone, matricule, street address,
 * coordinates, plate, VIN) and keeps ids and what is not personal (segments, city,
 * region, vehicle make/model/year), so accounting and statistics stay intact.
 * Call inside the anonymization transaction, with the customer row locked.
 */
export async function scrubCustomerPersonalData(ctx: Ctx, customerId: string) {
  const now = ctx.clock.now();
  const [customer] = await ctx.db
    .update(customers)
    .set({
      first_name: null,
      last_name: null,
      company_name: anonymizedName,
      email: null,
      phone: null,
      matricule: null,
      anonymized_at: now,
      updated_at: now,
    })
    .where(eq(customers.id, customerId))
    .returning(customerColumns);
  await ctx.db
    .update(customer_contacts)
    .set({ first_name: 'Anonyme', last_name: null, email: null, phone: null, role: null, updated_at: now })
    .where(eq(customer_contacts.customer_id, customerId));
  await ctx.db
    .update(customer_addresses)
    .set({
      label: null,
      line1: 'Anonymisé',
      line2: null,
      postal_code: null,
      latitude: null,
      longitude: null,
      delivery_windows: [],
      updated_at: now,
    })
    .where(eq(customer_addresses.customer_id, customerId));
  await ctx.db
    .update(customer_vehicles)
    .set({ vin: null, plate: null, updated_at: now })
    .where(eq(customer_vehicles.customer_id, customerId));
  return customer!;
}
