import { base, Faker, fr, fr_CA } from '@faker-js/faker';
import { eq, inArray, sql } from 'drizzle-orm';
import { fixedClock } from '../../core/clock.ts';
import type { Ctx } from '../../core/context.ts';
import { foldText, isValidVin } from '../../core/validation.ts';
import { createUser, findUserByEmail } from '../auth/index.ts';
import { logManualActivity } from '../customer360/index.ts';
import {
  addressCreateSchema,
  contactCreateSchema,
  createAddress,
  createContact,
  createCustomer,
  createVehicle,
  customerCreateSchema,
  customers,
  vehicleCreateSchema,
} from '../customers/index.ts';
import { seedDemoBilling } from './demo.billing.ts';
import {
  type ActivityTemplate,
  cities,
  cityWeights,
  companyPlaces,
  companySuffixes,
  companyTrades,
  contactRoles,
  type DemoCity,
  emailProviders,
  englishActivities,
  englishCompanies,
  englishContactRoles,
  englishFirstNames,
  englishLastNames,
  fleetTrades,
  frenchActivities,
  frenchFirstNames,
  frenchLastNames,
  industrialStreets,
  otherFirstNames,
  otherLastNames,
  streets,
  type VehicleModel,
  vehicleModels,
} from './demo.data.ts';

/** The first demo customer carries this matricule: finding it means the demo is already there. */
export const demoMarkerMatricule = 'DM-000-QC';
export const demoPassword = 'demo-password-123';
export const demoUsers = [
  { email: 'staff@atrium.demo', name: 'Julie Bouchard', role: 'staff' },
  { email: 'advisor@atrium.demo', name: 'Marc-André Côté', role: 'advisor' },
] as const;

const demoSeed = 2026;
// Any constant: two `seed --demo` at once take turns instead of both seeding.
const demoLock = 724_202;
const day = 24 * 60 * 60 * 1000;

export interface DemoSummary {
  created: boolean;
  customers: number;
  individuals: number;
  companies: number;
  contacts: number;
  addresses: number;
  vehicles: number;
  activities: number;
  users: { email: string; role: string; created: boolean }[];
  /** Catalog products and promo codes added (each only when missing). */
  products: number;
  promo_codes: number;
}

/** `atrium seed --demo`: a believable Québec service business, written through the services. */
export async function seedDemo(ctx: Ctx, options: { customers: number }): Promise<string> {
  return formatSummary(await seedDemoData(ctx, options));
}

export async function seedDemoData(ctx: Ctx, options: { customers: number }): Promise<DemoSummary> {
  const count = options.customers;
  if (!Number.isInteger(count) || count < 1 || count > 100_000) {
    throw new Error('--customers must be a whole number from 1 to 100000');
  }
  // One transaction: the demo lands whole or not at all (the services nest as savepoints).
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await tx.execute(sql`select pg_advisory_xact_lock(${demoLock})`);
    const users = await ensureDemoUsers(txCtx);
    const summary: DemoSummary = {
      created: false,
      customers: 0,
      individuals: 0,
      companies: 0,
      contacts: 0,
      addresses: 0,
      vehicles: 0,
      activities: 0,
      users: users.map(({ email, role, created }) => ({ email, role, created })),
      ...(await seedDemoBilling(txCtx)),
    };
    const [marker] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.matricule, demoMarkerMatricule));
    if (marker) return summary;
    const generator = new DemoGenerator(txCtx.clock.now());
    const matricules = await freeMatricules(txCtx, generator.matricules(count));
    const staffId = users.find((user) => user.role === 'staff')!.id;
    const advisorId = users.find((user) => user.role === 'advisor')!.id;
    for (let index = 0; index < count; index++) {
      const plan = generator.customer(index, { staffId, advisorId, matricules });
      await writeCustomer(txCtx, plan, summary);
    }
    summary.created = true;
    return summary;
  });
}

async function ensureDemoUsers(ctx: Ctx) {
  const result = [];
  for (const demoUser of demoUsers) {
    const existing = await findUserByEmail(ctx, demoUser.email);
    if (existing) {
      result.push({ ...demoUser, id: existing.id, created: false });
      continue;
    }
    const user = await createUser(ctx, { ...demoUser, password: demoPassword });
    result.push({ ...demoUser, id: user.id, created: true });
  }
  return result;
}

/** Drops generated matricules that a real customer already has. */
async function freeMatricules(ctx: Ctx, candidates: string[]): Promise<string[]> {
  const taken = new Set<string>();
  for (let start = 0; start < candidates.length; start += 5000) {
    const rows = await ctx.db
      .select({ matricule: customers.matricule })
      .from(customers)
      .where(inArray(customers.matricule, candidates.slice(start, start + 5000)));
    for (const row of rows) if (row.matricule) taken.add(row.matricule);
  }
  return candidates.filter((matricule) => !taken.has(matricule));
}

function formatSummary(summary: DemoSummary): string {
  const lines = summary.created
    ? [
        `Demo data created: ${summary.customers} customers (${summary.individuals} individuals, ${summary.companies} companies),`,
        `  ${summary.contacts} contacts, ${summary.addresses} addresses, ${summary.vehicles} vehicles, ${summary.activities} timeline activities.`,
      ]
    : [`Demo data is already there (customer with matricule ${demoMarkerMatricule}): nothing added.`];
  if (summary.products || summary.promo_codes) {
    lines.push(
      `Catalog: ${summary.products} products added; promo codes: ${summary.promo_codes} added (BIENVENUE10, VIP20, PROMO5, FLASH50).`,
    );
  }
  lines.push('Demo users (password for both: demo-password-123):');
  for (const user of summary.users) {
    lines.push(
      `  ${user.email.padEnd(22)} ${user.role.padEnd(8)} ${user.created ? 'created' : 'already there'}`,
    );
  }
  return lines.join('\n');
}

/* ---------------------------------------------------------------- writing */

interface CustomerPlan {
  at: Date;
  customer: Record<string, unknown>;
  contacts: { at: Date; input: Record<string, unknown> }[];
  addresses: { at: Date; input: Record<string, unknown> }[];
  vehicles: { at: Date; input: Record<string, unknown> }[];
  activities: { at: Date; template: ActivityTemplate }[];
}

/** Each step runs with "now" set to when it happened, so the timeline reads like a history. */
function at(ctx: Ctx, instant: Date): Ctx {
  return { ...ctx, clock: fixedClock(instant) };
}

async function writeCustomer(ctx: Ctx, plan: CustomerPlan, summary: DemoSummary) {
  // Parsed by the same schemas as the API, so demo data is exactly what a user could enter.
  const customer = await createCustomer(at(ctx, plan.at), customerCreateSchema.parse(plan.customer));
  summary.customers += 1;
  if (customer.kind === 'company') summary.companies += 1;
  else summary.individuals += 1;
  for (const contact of plan.contacts) {
    await createContact(at(ctx, contact.at), customer.id, contactCreateSchema.parse(contact.input));
    summary.contacts += 1;
  }
  for (const address of plan.addresses) {
    await createAddress(at(ctx, address.at), customer.id, addressCreateSchema.parse(address.input));
    summary.addresses += 1;
  }
  for (const vehicle of plan.vehicles) {
    await createVehicle(at(ctx, vehicle.at), customer.id, vehicleCreateSchema.parse(vehicle.input));
    summary.vehicles += 1;
  }
  for (const activity of plan.activities) {
    await logManualActivity(at(ctx, activity.at), customer.id, {
      activity_type: activity.template.type,
      title: activity.template.title,
      description: activity.template.description ?? null,
    });
    summary.activities += 1;
  }
}

/* ------------------------------------------------------------- generating */

const vinAlphabet = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
// Model year in VIN position 10: 2001–2009 are digits, then letters without I, O, Q, U, Z; a 30-year cycle.
const yearCodes = '123456789ABCDEFGHJKLMNPRSTVWXY';

/** Puts the right ISO 3779 check digit in position 9 of a 17-character VIN. */
export function withVinCheckDigit(vin: string): string {
  for (const digit of '0123456789X') {
    const candidate = `${vin.slice(0, 8)}${digit}${vin.slice(9)}`;
    if (isValidVin(candidate)) return candidate;
  }
  throw new Error(`Not a VIN: ${vin}`);
}

function slug(text: string): string {
  return foldText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const postalLetters = 'ABCEGHJKLMNPRSTVWXYZ';

class DemoGenerator {
  private readonly faker = new Faker({ locale: [fr_CA, fr, base] });
  private readonly companyNames = new Set<string>();
  private readonly plates = new Set<string>();
  private readonly weightedCities: { weight: number; value: DemoCity }[];
  private readonly now: Date;

  constructor(now: Date) {
    this.now = now;
    this.faker.seed(demoSeed);
    this.weightedCities = cities.map((city) => ({ weight: cityWeights[city.name] ?? 1, value: city }));
  }

  private pick<T>(values: readonly T[]): T {
    return this.faker.helpers.arrayElement(values);
  }

  private chance(probability: number): boolean {
    return this.faker.datatype.boolean({ probability });
  }

  private int(min: number, max: number): number {
    return this.faker.number.int({ min, max });
  }

  /** Distinct matricules (XX-123-XX) for the policyholders; the first is the demo marker. */
  matricules(count: number): string[] {
    const letters = 'ABCDEFGHJKLMNPRSTVWXYZ';
    const result = new Set<string>([demoMarkerMatricule]);
    while (result.size < Math.min(count, 200_000)) {
      const pair = () => this.pick([...letters]) + this.pick([...letters]);
      result.add(`${pair()}-${String(this.int(0, 999)).padStart(3, '0')}-${pair()}`);
    }
    return [...result];
  }

  /** Fictional numbers: 555-0100 to 555-0199 are reserved for fiction in every North American area code. */
  private phone(city: DemoCity): string {
    return `+1${this.pick(city.areaCodes)}55501${String(this.int(0, 99)).padStart(2, '0')}`;
  }

  private email(first: string, last: string, domain?: string): string {
    const local = `${foldText(first)}.${foldText(last)}`.replace(/[^a-z0-9.]+/g, '');
    if (domain) return `${local}@${domain}`;
    const suffix = this.chance(0.4) ? String(this.int(1, 99)) : '';
    return `${local}${suffix}@${this.pick(emailProviders)}`;
  }

  private person(language: 'fr' | 'en' | 'other') {
    const firstNames =
      language === 'en' ? englishFirstNames : language === 'other' ? otherFirstNames : frenchFirstNames;
    const lastNames =
      language === 'en' ? englishLastNames : language === 'other' ? otherLastNames : frenchLastNames;
    const first = this.pick(firstNames);
    // Québec has had hyphenated surnames for a generation.
    const last = this.chance(0.08)
      ? `${this.pick(lastNames)}-${this.pick(frenchLastNames)}`
      : this.pick(lastNames);
    return { first, last };
  }

  private companyName(): { name: string; core: string; trade: string; english: boolean } {
    for (let attempt = 0; ; attempt++) {
      const english = this.chance(0.12);
      const trade = this.pick(companyTrades);
      const core = english
        ? `${this.pick([...englishLastNames, ...otherLastNames])} ${this.pick(englishCompanies)}`
        : `${trade} ${this.chance(0.5) ? this.pick(frenchLastNames) : this.pick(companyPlaces)}`;
      const name = english ? core : `${core} ${this.pick(companySuffixes)}`;
      const unique = attempt < 20 ? name : `${name} (${attempt})`;
      if (!this.companyNames.has(unique)) {
        this.companyNames.add(unique);
        return {
          name: unique,
          core: attempt < 20 ? core : `${core} ${attempt}`,
          trade: english ? 'Transport' : trade,
          english,
        };
      }
    }
  }

  private postalCode(city: DemoCity): string {
    return `${this.pick(city.fsas)} ${this.int(0, 9)}${this.pick([...postalLetters])}${this.int(0, 9)}`;
  }

  private address(city: DemoCity, label: string, business: boolean) {
    const street = business && this.chance(0.6) ? this.pick(industrialStreets) : this.pick(streets);
    const jitter = () => this.faker.number.float({ min: -0.04, max: 0.04, fractionDigits: 5 });
    const input: Record<string, unknown> = {
      label,
      line1: `${this.int(business ? 100 : 1, business ? 9999 : 4999)} ${street}`,
      city: city.name,
      region: 'QC',
      postal_code: this.postalCode(city),
      country: 'CA',
      latitude: Math.round((city.latitude + jitter()) * 1e5) / 1e5,
      longitude: Math.round((city.longitude + jitter()) * 1e5) / 1e5,
    };
    if (label === 'Domicile' && this.chance(0.3)) input.line2 = `app. ${this.int(1, 24)}`;
    if (business && this.chance(0.3)) input.line2 = `bureau ${this.int(1, 5)}0${this.int(0, 9)}`;
    if (business) {
      const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
      input.delivery_windows = this.chance(0.5)
        ? weekdays.flatMap((weekday) => [
            { day: weekday, from: '08:00', to: '12:00' },
            { day: weekday, from: '13:00', to: '16:30' },
          ])
        : this.faker.helpers.arrayElements(weekdays, { min: 1, max: 3 }).map((weekday) => ({
            day: weekday,
            from: this.pick(['07:00', '07:30', '09:00']),
            to: this.pick(['11:00', '15:00', '17:00']),
          }));
    }
    return input;
  }

  private plate(fleet: boolean): string {
    for (;;) {
      const letter = () => this.pick([...'ABCDEFGHJKLMNPRSTVWXYZ']);
      const digit = () => String(this.int(0, 9));
      const plate = fleet
        ? `F${letter()}${letter()}${digit()}${digit()}${digit()}${digit()}`
        : this.chance(0.5)
          ? `${letter()}${letter()}${letter()} ${digit()}${digit()}${digit()}`
          : `${letter()}${digit()}${digit()} ${letter()}${letter()}${letter()}`;
      if (!this.plates.has(plate)) {
        this.plates.add(plate);
        return plate;
      }
    }
  }

  private vehicle(model: VehicleModel, fleet: boolean) {
    const currentYear = this.now.getUTCFullYear();
    const year = this.int(Math.max(model.from, currentYear - 15), currentYear + (this.chance(0.1) ? 1 : 0));
    const randomVin = (length: number) => Array.from({ length }, () => this.pick([...vinAlphabet])).join('');
    const serial = String(this.int(0, 999_999)).padStart(6, '0');
    const vin = withVinCheckDigit(
      `${this.pick(model.wmis)}${randomVin(5)}0${yearCodes[(year - 2001) % 30]}${randomVin(1)}${serial}`,
    );
    const age = Math.max(0, currentYear - year);
    const perYear = fleet ? this.int(35_000, 80_000) : this.int(12_000, 24_000);
    const mileage = Math.min(1_900_000, Math.round((age * perYear + this.int(0, 15_000)) / 10) * 10);
    return { vin, plate: this.plate(fleet), make: model.make, model: model.model, year, mileage };
  }

  /** Times after `from`, spread until now, in business hours (Montréal is UTC−4/−5). */
  private timesAfter(from: Date, count: number): Date[] {
    const span = this.now.getTime() - from.getTime();
    return Array.from({ length: count }, () => {
      const instant = new Date(from.getTime() + this.faker.number.float({ min: 0.02, max: 0.98 }) * span);
      instant.setUTCHours(this.int(13, 21), this.int(0, 59), this.int(0, 59), 0);
      if (instant < from) return new Date(from.getTime() + this.int(1, 120) * 60_000);
      if (instant > this.now) return new Date(this.now.getTime() - this.int(1, 3600) * 1000);
      return instant;
    }).sort((a, b) => a.getTime() - b.getTime());
  }

  customer(
    index: number,
    context: { staffId: string; advisorId: string; matricules: string[] },
  ): CustomerPlan {
    const since = new Date(this.now.getTime() - this.int(20, 1100) * day);
    const soon = (minutes: number) => new Date(since.getTime() + minutes * 60_000);
    const isCompany = index > 0 && this.chance(0.3);
    const city = this.faker.helpers.weightedArrayElement(this.weightedCities);
    const privacy = this.faker.helpers.weightedArrayElement([
      { weight: 85, value: 'normal' },
      { weight: 11, value: 'restreint' },
      { weight: 4, value: 'confidentiel' },
    ] as const);
    const assigned =
      privacy === 'confidentiel'
        ? context.staffId
        : this.chance(0.3)
          ? this.pick([context.staffId, context.advisorId])
          : null;
    const channel = this.faker.helpers.weightedArrayElement([
      { weight: 50, value: 'email' },
      { weight: 25, value: 'sms' },
      { weight: 20, value: 'phone' },
      { weight: 5, value: 'none' },
    ] as const);
    const plan: CustomerPlan = {
      at: since,
      customer: {},
      contacts: [],
      addresses: [],
      vehicles: [],
      activities: [],
    };
    let english: boolean;
    let fleet = false;
    const segments: string[] = [];

    if (isCompany) {
      const company = this.companyName();
      english = company.english;
      fleet = fleetTrades.has(company.trade) && this.chance(0.8);
      const domain = `${slug(company.core.replace(/ (Inc|Ltd)\.$/, ''))}.example`;
      segments.push('Entreprise');
      if (fleet) segments.push('Flotte');
      if (this.chance(0.15)) segments.push('VIP');
      if (this.chance(0.1)) segments.push('Assurance');
      plan.customer = {
        kind: 'company',
        company_name: company.name,
        email: `${english ? 'info' : this.pick(['info', 'facturation', 'administration'])}@${domain}`,
        phone: this.phone(city),
        language_code: english ? 'en-CA' : 'fr-CA',
      };
      const contactCount = this.int(1, fleet ? 4 : 3);
      for (let contact = 0; contact < contactCount; contact++) {
        const person = this.person(english ? 'en' : this.chance(0.85) ? 'fr' : 'other');
        plan.contacts.push({
          at: soon(5 + contact),
          input: {
            first_name: person.first,
            last_name: person.last,
            email: this.email(person.first, person.last, domain),
            phone: this.chance(0.8) ? this.phone(city) : null,
            role: this.pick(english ? englishContactRoles : contactRoles),
            is_primary: contact === 0,
            preferred_contact_channel: this.pick(['email', 'email', 'phone', 'sms'] as const),
          },
        });
      }
      plan.addresses.push({ at: soon(10), input: this.address(city, 'Siège social', true) });
      if (this.chance(0.4)) {
        const second = this.chance(0.6) ? city : this.faker.helpers.weightedArrayElement(this.weightedCities);
        plan.addresses.push({
          at: soon(11),
          input: this.address(second, fleet ? 'Garage' : 'Entrepôt', true),
        });
      }
    } else {
      const origin = this.faker.helpers.weightedArrayElement([
        { weight: 75, value: 'fr' },
        { weight: 13, value: 'en' },
        { weight: 12, value: 'other' },
      ] as const);
      english = origin === 'en' || (origin === 'other' && this.chance(0.3));
      const person = this.person(origin);
      segments.push('Particulier');
      if (this.chance(0.25)) segments.push('Assurance');
      if (this.chance(0.08)) segments.push('VIP');
      plan.customer = {
        kind: 'individual',
        first_name: person.first,
        last_name: person.last,
        email: this.chance(0.92) ? this.email(person.first, person.last) : null,
        phone: this.chance(0.9) ? this.phone(city) : null,
        language_code: english ? 'en-CA' : 'fr-CA',
      };
      if (this.chance(0.95))
        plan.addresses.push({ at: soon(5), input: this.address(city, 'Domicile', false) });
      if (this.chance(0.1)) {
        const cottage = this.pick(
          cities.filter((place) => ['Mont-Tremblant', 'Magog', 'Saint-Georges'].includes(place.name)),
        );
        plan.addresses.push({ at: soon(6), input: this.address(cottage, 'Chalet', false) });
      }
    }

    // The very first customer is the marker of the demo: always a policyholder.
    if (index === 0 && !segments.includes('Assurance')) segments.push('Assurance');
    const matricule = segments.includes('Assurance') ? context.matricules.shift() : undefined;
    plan.customer = {
      ...plan.customer,
      ...(matricule ? { matricule } : {}),
      segments,
      privacy_level: privacy,
      preferred_contact_channel: channel,
      tax_exempt: isCompany && this.chance(0.04),
      assigned_user_id: assigned,
    };

    const vehicleCount = fleet
      ? this.int(3, 8)
      : isCompany
        ? this.int(0, 2)
        : this.pick([0, 1, 1, 1, 2, 2, 3]);
    const fleetModels = vehicleModels.filter((model) => model.fleet);
    const vehicleTimes = this.timesAfter(soon(30), vehicleCount);
    for (const vehicleAt of vehicleTimes) {
      const model = this.pick(fleet ? fleetModels : vehicleModels);
      plan.vehicles.push({ at: vehicleAt, input: this.vehicle(model, fleet) });
    }

    const templates = (english ? englishActivities : frenchActivities).filter(
      (template) => isCompany || !template.business,
    );
    for (const activityAt of this.timesAfter(soon(60), this.int(2, 8))) {
      plan.activities.push({ at: activityAt, template: this.pick(templates) });
    }
    return plan;
  }
}
