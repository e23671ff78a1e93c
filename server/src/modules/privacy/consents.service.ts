import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { recordChange } from '../changes/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { type ConsentInput, type ConsentState, type ConsentType, consentTypes } from './privacy.schemas.ts';
import { customer_consents } from './privacy.tables.ts';

type ConsentRecord = typeof customer_consents.$inferSelect;

function isValidAt(record: Pick<ConsentRecord, 'is_granted' | 'expires_at'> | undefined, at: Date): boolean {
  return !!record && record.is_granted && (!record.expires_at || record.expires_at > at);
}

const consentLabels: Record<ConsentType, string> = {
  marketing_email: 'courriels marketing',
  marketing_sms: 'SMS marketing',
  analytics: 'analytique',
  profiling: 'profilage',
  data_sharing: 'partage des données',
  service_notifications: 'avis de service',
};

/**
 * Grants or revokes a consent: a new version, never an overwrite. The customer row is
 * locked so that two simultaneous changes get consecutive versions.
 */
export async function recordConsent(
  ctx: Ctx,
  customerId: string,
  input: ConsentInput,
): Promise<ConsentRecord> {
  const now = ctx.clock.now();
  if (input.expires_at && input.expires_at <= now) {
    throw invalidFields([{ path: 'expires_at', message: 'Must be in the future' }]);
  }
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await getCustomerOrThrow(txCtx, customerId, { forUpdate: true, writable: true });
    const [latest] = await tx
      .select({ version: customer_consents.version })
      .from(customer_consents)
      .where(
        and(
          eq(customer_consents.customer_id, customerId),
          eq(customer_consents.consent_type, input.consent_type),
        ),
      )
      .orderBy(desc(customer_consents.version))
      .limit(1);
    const [record] = await tx
      .insert(customer_consents)
      .values({
        id: newId(),
        customer_id: customerId,
        consent_type: input.consent_type,
        is_granted: input.is_granted,
        source: input.source,
        ip_address: ctx.actor.ip,
        collected_by: ctx.actor.id,
        collected_by_type: ctx.actor.type,
        version: (latest?.version ?? 0) + 1,
        granted_at: input.is_granted ? now : null,
        revoked_at: input.is_granted ? null : now,
        expires_at: input.expires_at ?? null,
        created_at: now,
      })
      .returning();
    const event = input.is_granted ? 'consent.granted' : 'consent.revoked';
    await recordChange(txCtx, {
      event: event,
      entity: 'customer_consent',
      entity_id: record!.id,
      customer_id: customerId,
      changed_fields: ['is_granted', 'source', ...(input.expires_at ? ['expires_at'] : [])],
      activity: {
        activity_type: 'consent',
        title: `${input.is_granted ? 'Consentement accordé' : 'Consentement retiré'} : ${consentLabels[input.consent_type]}`,
        reference_table: 'customer_consents',
        metadata: { consent_type: input.consent_type, version: record!.version, source: input.source },
      },
      payload: { consent_type: input.consent_type, version: record!.version },
      audit_metadata: { consent_type: input.consent_type, version: record!.version },
    });
    return record!;
  });
}

export async function consentHistory(db: Db, customerId: string): Promise<ConsentRecord[]> {
  return db
    .select()
    .from(customer_consents)
    .where(eq(customer_consents.customer_id, customerId))
    .orderBy(desc(customer_consents.created_at), desc(customer_consents.version));
}

/** The state of every consent type, from the history (newest version wins). */
type ConsentFacts = Pick<
  ConsentRecord,
  | 'consent_type'
  | 'is_granted'
  | 'version'
  | 'source'
  | 'granted_at'
  | 'revoked_at'
  | 'expires_at'
  | 'created_at'
>;

export function currentConsentStates(history: ConsentFacts[], at: Date): ConsentState[] {
  const latestByType = new Map<string, ConsentFacts>();
  for (const record of history) {
    const best = latestByType.get(record.consent_type);
    if (!best || record.version > best.version) latestByType.set(record.consent_type, record);
  }
  return consentTypes.map((consent_type) => {
    const latest = latestByType.get(consent_type);
    return {
      consent_type,
      is_granted: latest?.is_granted ?? false,
      is_valid: isValidAt(latest, at),
      version: latest?.version ?? 0,
      source: latest?.source ?? null,
      granted_at: latest?.granted_at ?? null,
      revoked_at: latest?.revoked_at ?? null,
      expires_at: latest?.expires_at ?? null,
      recorded_at: latest?.created_at ?? null,
    };
  });
}

/**
 * Whether the customer's latest word on this consent is a grant that has not expired.
 * Every module asks this before contacting a customer (marketing email, SMS, ...).
 */
export async function hasValidConsent(ctx: Pick<Ctx, 'db' | 'clock'>, customerId: string, type: ConsentType) {
  const [latest] = await ctx.db
    .select({ is_granted: customer_consents.is_granted, expires_at: customer_consents.expires_at })
    .from(customer_consents)
    .where(and(eq(customer_consents.customer_id, customerId), eq(customer_consents.consent_type, type)))
    .orderBy(desc(customer_consents.version))
    .limit(1);
  return isValidAt(latest, ctx.clock.now());
}

/** Of these customers, those whose latest consent of this type is valid now (one query, for a batch). */
export async function customersWithValidConsent(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  customerIds: readonly string[],
  type: ConsentType,
): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await ctx.db
    .selectDistinctOn([customer_consents.customer_id], {
      customer_id: customer_consents.customer_id,
      is_granted: customer_consents.is_granted,
      expires_at: customer_consents.expires_at,
    })
    .from(customer_consents)
    .where(
      and(inArray(customer_consents.customer_id, [...customerIds]), eq(customer_consents.consent_type, type)),
    )
    .orderBy(customer_consents.customer_id, desc(customer_consents.version));
  const now = ctx.clock.now();
  return new Set(rows.filter((row) => isValidAt(row, now)).map((row) => row.customer_id));
}

/** The latest version of each consent type as a JSON array, for read models that compose one query. */
export function latestConsentsJsonSql(customerId: ReturnType<typeof sql>) {
  return sql`(select coalesce(json_agg(latest), '[]'::json) from (
      select distinct on (consent_type) consent_type, is_granted, version, source, granted_at, revoked_at, expires_at, created_at
      from customer_consents where customer_id = ${customerId}
      order by consent_type, version desc) latest)`;
}
