import { and, desc, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { startsWith } from '../../core/db.ts';
import { searchTokens } from '../../core/validation.ts';
import { widened } from './customers.search.ts';
import { auditConfidentialReads, findCustomers, visibleCustomers } from './customers.service.ts';
import { customer_contacts, customer_vehicles, customers } from './customers.tables.ts';

const perKind = 10;

/** GET /api/v1/search: the best customers, contacts and vehicles for one query, for a search box. */
export async function searchEverything(ctx: Ctx, q: string) {
  const words = searchTokens(q).slice(0, 5);
  const compact = q.toUpperCase().replace(/[\s-]/g, '');
  const visible = and(visibleCustomers(ctx.actor), isNull(customers.archived_at));
  const owner = {
    id: customers.id,
    display_name: customers.display_name,
    privacy_level: customers.privacy_level,
  };

  const contactMatch: SQL[] = words.map(
    (word) => sql`${customer_contacts.search_tokens} && ${widened(word)}`,
  );
  if (q.includes('@'))
    contactMatch.splice(
      0,
      contactMatch.length,
      startsWith(sql`${customer_contacts.email}`, q.trim().toLowerCase()),
    );

  const vehicleMatch =
    compact.length >= 3 && /^[A-Z0-9]+$/.test(compact)
      ? or(
          startsWith(sql`${customer_vehicles.plate}`, compact),
          startsWith(sql`${customer_vehicles.vin}`, compact),
        )
      : undefined;

  const [found, contacts, vehicles] = await Promise.all([
    findCustomers(ctx, { q, page: 1, per_page: perKind, archived: 'exclude' }),
    (async () => {
      if (!contactMatch.length) return [];
      return ctx.db
        .select({
          id: customer_contacts.id,
          customer_id: customer_contacts.customer_id,
          first_name: customer_contacts.first_name,
          last_name: customer_contacts.last_name,
          email: customer_contacts.email,
          phone: customer_contacts.phone,
          role: customer_contacts.role,
          customer: owner,
        })
        .from(customer_contacts)
        .innerJoin(customers, eq(customers.id, customer_contacts.customer_id))
        .where(and(visible, ...contactMatch))
        .orderBy(customer_contacts.last_name, customer_contacts.first_name)
        .limit(perKind);
    })(),
    (async () => {
      if (!vehicleMatch) return [];
      return ctx.db
        .select({
          id: customer_vehicles.id,
          customer_id: customer_vehicles.customer_id,
          vin: customer_vehicles.vin,
          plate: customer_vehicles.plate,
          make: customer_vehicles.make,
          model: customer_vehicles.model,
          year: customer_vehicles.year,
          customer: owner,
        })
        .from(customer_vehicles)
        .innerJoin(customers, eq(customers.id, customer_vehicles.customer_id))
        .where(and(visible, vehicleMatch))
        .orderBy(desc(customer_vehicles.created_at))
        .limit(perKind);
    })(),
  ]);
  await auditConfidentialReads(
    ctx,
    [...contacts, ...vehicles].map((row) => row.customer),
    'search',
  );
  const strip = <T extends { customer: { id: string; display_name: string; privacy_level: string } }>(
    row: T,
  ) => ({
    ...row,
    customer: { id: row.customer.id, display_name: row.customer.display_name },
  });
  return { customers: found.rows, contacts: contacts.map(strip), vehicles: vehicles.map(strip) };
}
