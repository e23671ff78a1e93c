import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { type Db, isoFromPgJson, preparedStatement } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../audit/index.ts';
import {
  canSeeCustomer,
  customer_addresses,
  customer_contacts,
  customer_vehicles,
  customerColumns,
  customers,
} from '../customers/index.ts';
import { currentConsentStates, latestConsentsJsonSql } from '../privacy/index.ts';
import { awaitingSignatureCountSql } from '../signatures/index.ts';
import { activityCountSql, latestActivitiesJsonSql } from '../timeline/index.ts';

const latestActivityCount = 10;

interface ActivityJson {
  id: string;
  customer_id: string;
  activity_type: string;
  reference_id: string | null;
  reference_table: string | null;
  title: string;
  description: string | null;
  metadata: Record<string, unknown>;
  actor_id: string | null;
  actor_type: string;
  created_at: string;
}

interface ConsentJson {
  consent_type: Parameters<typeof currentConsentStates>[0][number]['consent_type'];
  is_granted: boolean;
  version: number;
  source: string;
  granted_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
  created_at: string;
}

const toDate = (value: string | null) => (value === null ? null : new Date(value));

/*
 * Inside a select from one table Drizzle writes columns unqualified ("id"), which in a
 * correlated subquery would name the subquery's own column: name the outer row in full.
 */
const outerCustomerId = sql`"customers"."id"`;

function countOf(table: typeof customer_contacts | typeof customer_addresses | typeof customer_vehicles) {
  return sql<number>`(select count(*) from ${table} where ${table.customer_id} = ${outerCustomerId})`.mapWith(
    Number,
  );
}

/**
 * The Customer 360 in one round trip: the customer, counts, current consents and the
 * latest activities. Each module contributes the SQL for its own part; this read model
 * only composes them, so the page costs one query however many modules feed it.
 */
function prepare360(db: Db) {
  return db
    .select({
      customer: customerColumns,
      contact_count: countOf(customer_contacts),
      address_count: countOf(customer_addresses),
      vehicle_count: countOf(customer_vehicles),
      activity_count: sql<number>`${activityCountSql(outerCustomerId)}`.mapWith(Number),
      awaiting_signature_count: sql<number>`${awaitingSignatureCountSql(outerCustomerId)}`.mapWith(Number),
      consents_json: sql<ConsentJson[]>`${latestConsentsJsonSql(outerCustomerId)}`,
      activities_json: sql<ActivityJson[]>`${latestActivitiesJsonSql(outerCustomerId, latestActivityCount)}`,
    })
    .from(customers)
    .where(eq(customers.id, sql.placeholder('customer_id')))
    .prepare('customer_360');
}

const customer360Statement = preparedStatement(prepare360);

export async function getCustomer360(ctx: Ctx, customerId: string) {
  const [row] = await customer360Statement(ctx.db).execute({ customer_id: customerId });
  if (!row || !canSeeCustomer(ctx.actor, row.customer)) {
    throw new AppError('customer.not_found', 'No such customer', { customer_id: customerId });
  }
  const { customer, consents_json, activities_json } = row;
  if (customer.privacy_level === 'confidentiel') {
    await recordAudit(ctx, {
      action: 'customer.read',
      entity: 'customer',
      entity_id: customerId,
      customer_id: customerId,
      metadata: { purpose: '360' },
    });
  }
  // Fresh from JSON.parse and ours alone: each date is rewritten in place.
  for (const activity of activities_json) activity.created_at = isoFromPgJson(activity.created_at);
  const consentRecords = consents_json.map((consent) => ({
    ...consent,
    granted_at: toDate(consent.granted_at),
    revoked_at: toDate(consent.revoked_at),
    expires_at: toDate(consent.expires_at),
    created_at: new Date(consent.created_at),
  }));
  return {
    customer,
    counts: {
      contacts: row.contact_count,
      addresses: row.address_count,
      vehicles: row.vehicle_count,
      activities: row.activity_count,
      awaiting_signature: row.awaiting_signature_count,
    },
    consents: currentConsentStates(consentRecords, ctx.clock.now()),
    latest_activities: activities_json,
  };
}
