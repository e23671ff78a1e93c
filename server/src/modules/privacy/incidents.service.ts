import { and, asc, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, type FieldError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { paginate } from '../../core/schemas.ts';
import { recordAudit } from '../audit/index.ts';
import { recordChange } from '../changes/index.ts';
import { type Customer, getCustomerOrThrow } from '../customers/index.ts';
import {
  companyYear,
  informationTypeLabels,
  localDateTime,
  riskLabels,
  statusLabels,
  toCsv,
} from './incidents.csv.ts';
import { checkIncident, formatIncidentNumber } from './incidents.rules.ts';
import type { Incident, IncidentCreate, IncidentListQuery, IncidentPatch } from './incidents.schemas.ts';
import {
  privacy_incident_counters,
  privacy_incident_customers,
  privacy_incidents,
} from './incidents.tables.ts';

type IncidentRow = typeof privacy_incidents.$inferSelect;

/**
 * The next number of the year, gap-free: the counter row stays locked by this transaction
 * until it commits, and a rollback gives the number back.
 */
async function nextIncidentNumber(ctx: Ctx, year: number): Promise<string> {
  const [counter] = await ctx.db
    .insert(privacy_incident_counters)
    .values({ year, last_number: 1 })
    .onConflictDoUpdate({
      target: privacy_incident_counters.year,
      set: { last_number: sql`${privacy_incident_counters.last_number} + 1` },
    })
    .returning({ last_number: privacy_incident_counters.last_number });
  return formatIncidentNumber(year, counter!.last_number);
}

/**
 * The customers to link, locked in id order (two writers linking the same customers cannot
 * deadlock); any that does not exist is a 400 naming its place in `customer_ids`.
 */
async function lockCustomersToLink(ctx: Ctx, requested: string[], ids: string[]): Promise<Customer[]> {
  const found: Customer[] = [];
  const issues: FieldError[] = [];
  for (const id of [...ids].sort()) {
    try {
      found.push(await getCustomerOrThrow(ctx, id, { forUpdate: true }));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'customer.not_found') throw error;
      issues.push({ path: `customer_ids.${requested.indexOf(id)}`, message: 'No such customer' });
    }
  }
  if (issues.length) throw invalidFields(issues);
  return found;
}

async function recordCustomerLinks(ctx: Ctx, incident: IncidentRow, linked: string[], unlinked: string[]) {
  // In id order, as the locks were taken.
  for (const [customerId, event, title] of [
    ...linked.map(
      (id) => [id, 'privacy_incident.customer_linked', 'Lié à l’incident de confidentialité'] as const,
    ),
    ...unlinked.map(
      (id) => [id, 'privacy_incident.customer_unlinked', 'Retiré de l’incident de confidentialité'] as const,
    ),
  ].sort((a, b) => a[0].localeCompare(b[0]))) {
    await recordChange(ctx, {
      event,
      entity: 'privacy_incident',
      entity_id: incident.id,
      customer_id: customerId,
      changed_fields: ['customer_ids'],
      activity: {
        activity_type: 'privacy',
        title: `${title} : ${incident.number}`,
        reference_table: 'privacy_incidents',
        reference_id: incident.id,
        metadata: { number: incident.number },
      },
      payload: { number: incident.number, incident_id: incident.id },
    });
  }
}

async function linkedCustomerIds(ctx: Ctx, incidentIds: string[]): Promise<Map<string, string[]>> {
  const byIncident = new Map<string, string[]>(incidentIds.map((id) => [id, []]));
  if (incidentIds.length === 0) return byIncident;
  const links = await ctx.db
    .select({
      incident_id: privacy_incident_customers.incident_id,
      customer_id: privacy_incident_customers.customer_id,
    })
    .from(privacy_incident_customers)
    .where(inArray(privacy_incident_customers.incident_id, incidentIds))
    .orderBy(asc(privacy_incident_customers.linked_at), asc(privacy_incident_customers.customer_id));
  for (const link of links) byIncident.get(link.incident_id)?.push(link.customer_id);
  return byIncident;
}

/** One entry of the register, with the names of the customers it concerns. */
export async function getPrivacyIncident(ctx: Ctx, id: string) {
  const [row] = await ctx.db.select().from(privacy_incidents).where(eq(privacy_incidents.id, id));
  if (!row) throw new AppError('incident.not_found', 'No such incident', { incident_id: id });
  const customerIds = (await linkedCustomerIds(ctx, [id])).get(id) ?? [];
  const customers: { id: string; display_name: string }[] = [];
  // Through the customers' one door: a `confidentiel` one shown here is an audited read.
  for (const customerId of customerIds) {
    const customer = await getCustomerOrThrow(ctx, customerId, { purpose: 'privacy_incident' });
    customers.push({ id: customer.id, display_name: customer.display_name });
  }
  return { ...row, customer_ids: customerIds, customers };
}

/**
 * Registers an incident. Its number is drawn from the year it is registered in (the clock's
 * year in America/Montreal), not the year it happened or was found: numbers then follow the
 * order of entry, and a late entry never slips into a year already reported.
 */
export async function createPrivacyIncident(ctx: Ctx, input: IncidentCreate) {
  const now = ctx.clock.now();
  const { customer_ids: customerIds, ...fields } = input;
  const values = {
    ...fields,
    cause: fields.cause ?? null,
    risk_assessment: fields.risk_assessment ?? null,
    measures_taken: fields.measures_taken ?? null,
    cai_notified_at: fields.cai_notified_at ?? null,
    persons_notified_at: fields.persons_notified_at ?? null,
  };
  checkIncident(values, now);
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await lockCustomersToLink(txCtx, customerIds, customerIds);
    const number = await nextIncidentNumber(txCtx, companyYear(now));
    const [incident] = await tx
      .insert(privacy_incidents)
      .values({
        ...values,
        id: newId(),
        number,
        created_by: ctx.actor.id,
        created_at: now,
        updated_at: now,
      })
      .returning();
    if (customerIds.length) {
      await tx.insert(privacy_incident_customers).values(
        customerIds.map((customerId) => ({
          incident_id: incident!.id,
          customer_id: customerId,
          linked_at: now,
        })),
      );
    }
    await recordChange(txCtx, {
      event: 'privacy_incident.created',
      entity: 'privacy_incident',
      entity_id: incident!.id,
      customer_id: null,
      changed_fields: Object.keys(input).filter((key) => key !== 'customer_ids' || customerIds.length > 0),
      payload: { number, serious_injury_risk: incident!.serious_injury_risk, status: incident!.status },
    });
    await recordCustomerLinks(txCtx, incident!, customerIds, []);
    return getPrivacyIncident(txCtx, incident!.id);
  });
}

function sameValue(before: unknown, after: unknown): boolean {
  if (before instanceof Date && after instanceof Date) return before.getTime() === after.getTime();
  return JSON.stringify(before ?? null) === JSON.stringify(after ?? null);
}

/** Changes an open entry; a closed one is read-only (409). Every change is recorded; nothing is deleted. */
export async function updatePrivacyIncident(ctx: Ctx, id: string, patch: IncidentPatch) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const [before] = await tx
      .select()
      .from(privacy_incidents)
      .where(eq(privacy_incidents.id, id))
      .for('update');
    if (!before) throw new AppError('incident.not_found', 'No such incident', { incident_id: id });
    if (before.status === 'closed') {
      throw new AppError(
        'incident.closed',
        `${before.number} is closed: its register entry can no longer change`,
        {
          incident_id: id,
        },
      );
    }
    const { customer_ids: requestedIds, ...fieldPatch } = patch;
    const set = Object.fromEntries(
      Object.entries(fieldPatch).filter(([, value]) => value !== undefined),
    ) as Partial<IncidentRow>;
    const changed = (Object.keys(set) as (keyof IncidentRow)[]).filter(
      (key) => !sameValue(before[key], set[key]),
    );
    const after: IncidentRow = { ...before, ...set };
    checkIncident(after, now);

    const current = (await linkedCustomerIds(txCtx, [id])).get(id) ?? [];
    const linked = requestedIds ? requestedIds.filter((customerId) => !current.includes(customerId)) : [];
    const unlinked = requestedIds ? current.filter((customerId) => !requestedIds.includes(customerId)) : [];
    const changedFields: string[] = [
      ...changed,
      ...(linked.length || unlinked.length ? ['customer_ids'] : []),
    ];
    if (changedFields.length === 0) return getPrivacyIncident(txCtx, id);

    await lockCustomersToLink(txCtx, requestedIds ?? [], linked);
    const [incident] = await tx
      .update(privacy_incidents)
      .set({ ...set, updated_at: now })
      .where(eq(privacy_incidents.id, id))
      .returning();
    if (linked.length) {
      await tx
        .insert(privacy_incident_customers)
        .values(linked.map((customerId) => ({ incident_id: id, customer_id: customerId, linked_at: now })));
    }
    if (unlinked.length) {
      await tx
        .delete(privacy_incident_customers)
        .where(
          and(
            eq(privacy_incident_customers.incident_id, id),
            inArray(privacy_incident_customers.customer_id, unlinked),
          ),
        );
    }
    await recordChange(txCtx, {
      event: 'privacy_incident.updated',
      entity: 'privacy_incident',
      entity_id: id,
      customer_id: null,
      changed_fields: changedFields,
      payload: {
        number: before.number,
        serious_injury_risk: incident!.serious_injury_risk,
        status: incident!.status,
      },
      audit_metadata:
        before.status === incident!.status ? {} : { status_from: before.status, status_to: incident!.status },
    });
    await recordCustomerLinks(txCtx, incident!, linked, unlinked);
    return getPrivacyIncident(txCtx, id);
  });
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export async function findPrivacyIncidents(ctx: Ctx, query: IncidentListQuery) {
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(privacy_incidents.status, query.status));
  if (query.serious_injury_risk)
    conditions.push(eq(privacy_incidents.serious_injury_risk, query.serious_injury_risk));
  if (query.awaiting_cai_notification !== undefined) {
    const awaiting = and(
      eq(privacy_incidents.serious_injury_risk, 'yes'),
      isNull(privacy_incidents.cai_notified_at),
    )!;
    conditions.push(query.awaiting_cai_notification ? awaiting : sql`not (${awaiting})`);
  }
  if (query.q) {
    const words = `%${escapeLike(query.q)}%`;
    conditions.push(
      or(
        ilike(privacy_incidents.number, `${escapeLike(query.q)}%`),
        ilike(privacy_incidents.description, words),
        ilike(privacy_incidents.cause, words),
      )!,
    );
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(privacy_incidents)
      .where(where)
      .orderBy(desc(privacy_incidents.created_at), desc(privacy_incidents.id))
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page),
    ctx.db.$count(privacy_incidents, where),
  ]);
  const links = await linkedCustomerIds(
    ctx,
    rows.map((row) => row.id),
  );
  const data: Incident[] = rows.map((row) => ({ ...row, customer_ids: links.get(row.id) ?? [] }));
  return { data, pagination: paginate(total, query.page, query.per_page) };
}

const csvHeaders = [
  'Numéro',
  'Date de l’incident (heure de Montréal)',
  'Date de la prise de connaissance',
  'Description de l’incident',
  'Renseignements personnels visés',
  'Nombre de personnes concernées',
  'Cause et circonstances',
  'Risque de préjudice sérieux',
  'Évaluation du risque (sensibilité, conséquences appréhendées, probabilité d’utilisation à des fins préjudiciables)',
  'Mesures prises',
  'Date de l’avis à la Commission d’accès à l’information',
  'Date de l’avis aux personnes concernées',
  'Statut',
  'Date d’inscription au registre',
  'Dernière modification',
];

/** The whole register as CSV, oldest entry first; the export itself is audited. */
export async function exportPrivacyIncidentsCsv(ctx: Ctx): Promise<string> {
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(privacy_incidents)
      .orderBy(asc(privacy_incidents.created_at), asc(privacy_incidents.id));
    await recordAudit(
      { ...ctx, db: tx },
      { action: 'privacy_incident.exported', entity: 'privacy_incident', metadata: { count: rows.length } },
    );
    return toCsv([
      csvHeaders,
      ...rows.map((row) => [
        row.number,
        localDateTime(row.occurred_at),
        localDateTime(row.discovered_at),
        row.description,
        row.personal_information_types.map((type) => informationTypeLabels[type]).join('; '),
        row.persons_count,
        row.cause,
        riskLabels[row.serious_injury_risk],
        row.risk_assessment,
        row.measures_taken,
        localDateTime(row.cai_notified_at),
        localDateTime(row.persons_notified_at),
        statusLabels[row.status],
        localDateTime(row.created_at),
        localDateTime(row.updated_at),
      ]),
    ]);
  });
}
