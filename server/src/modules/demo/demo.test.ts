import { count, eq, sql } from 'drizzle-orm';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/database.ts';
import { fixedClock } from '../../core/clock.ts';
import { systemActor } from '../../core/context.ts';
import { isValidVin } from '../../core/validation.ts';
// Every module's tables, to count what the seed wrote.
import {
  audit_log,
  customer_activity,
  customer_addresses,
  customer_contacts,
  customer_vehicles,
  customers,
  products,
  promo_codes,
  users,
} from '../../db/schema.ts';
import { demoMarkerMatricule, seedDemo, withVinCheckDigit } from './demo.service.ts';

const now = fixedClock('2026-03-15T15:00:00Z');
let t: TestApp;
let firstSummary: string;
let seconds: number;
beforeAll(async () => {
  t = await createTestApp({ clock: now });
  const started = performance.now();
  firstSummary = await seedDemo(t.ctx, { customers: 20 });
  seconds = (performance.now() - started) / 1000;
});
afterAll(() => t.close());

async function total(table: Parameters<TestApp['ctx']['db']['$count']>[0]) {
  return t.ctx.db.$count(table);
}

const quebecAreaCodes = ['514', '438', '450', '579', '418', '581', '819', '873', '367', '354', '263'];

describe('seed --demo', () => {
  it('makes 20 customers with their contacts, addresses, vehicles and history, quickly', async () => {
    expect(firstSummary).toMatch(/Demo data created: 20 customers/);
    expect(seconds).toBeLessThan(15);
    expect(await total(customers)).toBe(20);
    const kinds = await t.ctx.db
      .select({ kind: customers.kind, total: count() })
      .from(customers)
      .groupBy(customers.kind);
    expect(kinds.find((row) => row.kind === 'individual')?.total).toBeGreaterThan(5);
    expect(kinds.find((row) => row.kind === 'company')?.total).toBeGreaterThan(0);
    expect(await total(customer_addresses)).toBeGreaterThanOrEqual(15);
    expect(await total(customer_vehicles)).toBeGreaterThanOrEqual(10);
    expect(await total(customer_contacts)).toBeGreaterThan(0);
    // Every customer: "Client créé" plus at least two hand-logged activities.
    const perCustomer = await t.ctx.db
      .select({ customer_id: customer_activity.customer_id, total: count() })
      .from(customer_activity)
      .groupBy(customer_activity.customer_id);
    expect(perCustomer).toHaveLength(20);
    expect(Math.min(...perCustomer.map((row) => row.total))).toBeGreaterThanOrEqual(3);
    expect(firstSummary).toContain('staff@atrium.demo');
    expect(firstSummary).toContain('advisor@atrium.demo');
  });

  it('writes through the services: every change has its audit entry', async () => {
    const audited = await t.ctx.db
      .select({ action: audit_log.action, total: count() })
      .from(audit_log)
      .groupBy(audit_log.action);
    const byAction = Object.fromEntries(audited.map((row) => [row.action, row.total]));
    expect(byAction['customer.created']).toBe(20);
    expect(byAction['contact.added']).toBe(await total(customer_contacts));
    expect(byAction['address.added']).toBe(await total(customer_addresses));
    expect(byAction['vehicle.added']).toBe(await total(customer_vehicles));
    expect(byAction['user.created']).toBe(2);
  });

  it('gives every vehicle a VIN that passes its check digit, and a plate', async () => {
    const vehicles = await t.ctx.db.select().from(customer_vehicles);
    for (const vehicle of vehicles) {
      expect(isValidVin(vehicle.vin!), vehicle.vin!).toBe(true);
      expect(vehicle.plate).toMatch(/^[A-Z0-9]{6,7}$/);
      expect(vehicle.year).toBeGreaterThanOrEqual(2008);
      expect(vehicle.year).toBeLessThanOrEqual(2027);
      expect(vehicle.make).toBeTruthy();
    }
    expect(new Set(vehicles.map((vehicle) => vehicle.vin)).size).toBe(vehicles.length);
  });

  it('gives valid Québec phone numbers, emails on reserved domains, unique matricules', async () => {
    const people = [
      ...(await t.ctx.db.select({ phone: customers.phone, email: customers.email }).from(customers)),
      ...(await t.ctx.db
        .select({ phone: customer_contacts.phone, email: customer_contacts.email })
        .from(customer_contacts)),
    ];
    const phones = people.map((person) => person.phone).filter((phone) => phone !== null);
    expect(phones.length).toBeGreaterThan(10);
    for (const phone of phones) {
      const parsed = parsePhoneNumberFromString(phone);
      expect(parsed?.isValid(), phone).toBe(true);
      expect(quebecAreaCodes).toContain(phone.slice(2, 5));
    }
    for (const email of people.map((person) => person.email).filter((email) => email !== null)) {
      expect(email).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+\.example$/);
    }
    const matricules = (await t.ctx.db.select({ matricule: customers.matricule }).from(customers))
      .map((row) => row.matricule)
      .filter((matricule) => matricule !== null);
    expect(matricules).toContain(demoMarkerMatricule);
    expect(new Set(matricules).size).toBe(matricules.length);
    for (const matricule of matricules) expect(matricule).toMatch(/^[A-Z]{2}-\d{3}-[A-Z]{2}$/);
  });

  it('uses the business’s segments, privacy levels and real Québec places', async () => {
    const rows = await t.ctx.db.select().from(customers);
    const segments = new Set(rows.flatMap((row) => row.segments));
    for (const segment of segments) {
      expect(['VIP', 'Flotte', 'Entreprise', 'Particulier', 'Assurance']).toContain(segment);
    }
    expect(rows.filter((row) => row.privacy_level === 'normal').length).toBeGreaterThan(10);
    const addresses = await t.ctx.db.select().from(customer_addresses);
    for (const address of addresses) {
      expect(address.postal_code).toMatch(/^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$/);
      expect(address.country).toBe('CA');
      expect(address.latitude).toBeGreaterThan(45);
      expect(address.latitude).toBeLessThan(50);
      expect(address.longitude).toBeGreaterThan(-80);
      expect(address.longitude).toBeLessThan(-68);
    }
    const primaries = await t.ctx.db.execute<{ customer_id: string; primaries: number }>(sql`
      select customer_id, count(*) filter (where is_primary)::int as primaries
      from customer_contacts group by customer_id`);
    for (const row of primaries.rows) expect(row.primaries).toBe(1);
  });

  it('dates the history in the past, in order, with French accents', async () => {
    const [oldest] = await t.ctx.db.select({ at: sql<Date>`min(${customers.created_at})` }).from(customers);
    expect(new Date(oldest!.at).getTime()).toBeLessThan(now.now().getTime() - 20 * 86_400_000);
    const late = await t.ctx.db
      .select({ id: customer_activity.id })
      .from(customer_activity)
      .where(sql`${customer_activity.created_at} > ${now.now().toISOString()}::timestamptz`);
    expect(late).toEqual([]);
    const titles = (await t.ctx.db.select({ title: customer_activity.title }).from(customer_activity)).map(
      (row) => row.title,
    );
    expect(titles.some((title) => /[éèàô]/.test(title))).toBe(true);
  });

  it('creates demo users who can sign in', async () => {
    const demoUsers = await t.ctx.db
      .select({ email: users.email, role: users.role })
      .from(users)
      .orderBy(users.email);
    expect(demoUsers).toEqual([
      { email: 'advisor@atrium.demo', role: 'advisor' },
      { email: 'staff@atrium.demo', role: 'staff' },
    ]);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'staff@atrium.demo', password: 'demo-password-123' },
    });
    expect(signIn.statusCode).toBe(200);
  });

  it('adds a garage’s catalog and the four default promo codes, recorded as changes', async () => {
    expect(firstSummary).toMatch(/Catalog: \d+ products added; promo codes: 4 added/);
    const codes = await t.ctx.db
      .select({ code: promo_codes.code, type: promo_codes.discount_type, uses: promo_codes.max_uses })
      .from(promo_codes)
      .orderBy(promo_codes.code);
    expect(codes).toEqual([
      { code: 'BIENVENUE10', type: 'percentage', uses: 100 },
      { code: 'FLASH50', type: 'percentage', uses: 10 },
      { code: 'PROMO5', type: 'fixed', uses: null },
      { code: 'VIP20', type: 'percentage', uses: 50 },
    ]);
    expect(await total(products)).toBeGreaterThanOrEqual(15);
    const audited = await t.ctx.db.$count(audit_log, sql`${audit_log.action} = 'product.created'`);
    expect(audited).toBe(await total(products));
  });

  it('does nothing the second time, and says so', async () => {
    const before = await Promise.all(
      [customers, customer_contacts, customer_vehicles, users, products, promo_codes].map(total),
    );
    const summary = await seedDemo(t.ctx, { customers: 20 });
    expect(summary).toMatch(/already there/);
    expect(summary).toContain('staff@atrium.demo');
    expect(
      await Promise.all(
        [customers, customer_contacts, customer_vehicles, users, products, promo_codes].map(total),
      ),
    ).toEqual(before);
  });

  it('refuses a customer count that is not a positive whole number', async () => {
    for (const customers of [0, -1, 1.5, Number.NaN]) {
      await expect(seedDemo(t.ctx, { customers })).rejects.toThrow(/--customers/);
    }
  });

  it('makes the same data from the same seed', async () => {
    const other = await createTestDatabase();
    try {
      const ctx = { db: other.db, actor: systemActor, clock: now };
      await seedDemo(ctx, { customers: 20 });
      const names = async (db: typeof ctx.db) =>
        (await db.select({ name: customers.display_name }).from(customers).orderBy(customers.created_at)).map(
          (row) => row.name,
        );
      expect(await names(other.db)).toEqual(await names(t.ctx.db));
      const vins = async (db: typeof ctx.db) =>
        (
          await db
            .select({ vin: customer_vehicles.vin })
            .from(customer_vehicles)
            .orderBy(customer_vehicles.vin)
        ).map((row) => row.vin);
      expect(await vins(other.db)).toEqual(await vins(t.ctx.db));
    } finally {
      await other.close();
    }
  });
});

describe('withVinCheckDigit', () => {
  it('computes the check digit, X included', () => {
    expect(withVinCheckDigit('1HGCM826?3A004352')).toBe('1HGCM82633A004352');
    expect(withVinCheckDigit('1M8GDM9A?KP042788')).toBe('1M8GDM9AXKP042788');
  });
});

describe('confidentiel demo customers', () => {
  it('are assigned to the demo staff member', async () => {
    const [staff] = await t.ctx.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, 'staff@atrium.demo'));
    const secret = await t.ctx.db
      .select({ assigned: customers.assigned_user_id })
      .from(customers)
      .where(eq(customers.privacy_level, 'confidentiel'));
    for (const row of secret) expect(row.assigned).toBe(staff!.id);
  });
});
