import type { Ctx } from '../../core/context.ts';
import { appendDomainEvent, appendDomainEvents } from '../../core/events.ts';
import { recordAudit, recordAudits } from '../audit/index.ts';
import { type ActivityType, appendActivities, appendActivity } from '../timeline/index.ts';

/** What a service says about one change it made; the timeline, audit and outbox entries derive from it. */
export interface Change {
  /** `contact.added`: the outbox event's type and the audit entry's action. */
  event: string;
  entity: string;
  entity_id: string | null;
  customer_id: string | null;
  /** Names of the fields that changed, never their values (the audit log outlives anonymization). */
  changed_fields?: string[];
  /** The customer's timeline entry, for people to read; none for a change they need not see. */
  activity?: {
    id?: string;
    activity_type: ActivityType;
    title: string;
    description?: string | null;
    reference_table?: string | null;
    reference_id?: string | null;
    metadata?: Record<string, unknown>;
  } | null;
  /** What handlers of the event need: identifiers and numbers, not personal data. */
  payload?: Record<string, unknown>;
  audit_metadata?: Record<string, unknown>;
}

/**
 * Records a change inside the caller's transaction: its timeline entry (when it has one),
 * its audit entry and its outbox event commit with the change or not at all. Returns the
 * timeline entry.
 */
export async function recordChange(ctx: Ctx, change: Change) {
  const activity =
    change.activity && change.customer_id
      ? await appendActivity(ctx, {
          id: change.activity.id,
          customer_id: change.customer_id,
          activity_type: change.activity.activity_type,
          title: change.activity.title,
          description: change.activity.description ?? null,
          reference_table: change.activity.reference_table ?? null,
          reference_id: change.activity.reference_id ?? change.entity_id,
          metadata: { event: change.event, ...change.activity.metadata },
        })
      : null;
  await recordAudit(ctx, {
    action: change.event,
    entity: change.entity,
    entity_id: change.entity_id,
    customer_id: change.customer_id,
    changed_fields: change.changed_fields ?? [],
    metadata: change.audit_metadata ?? {},
  });
  await appendDomainEvent(ctx, {
    type: change.event,
    customer_id: change.customer_id,
    entity: change.entity,
    entity_id: change.entity_id,
    payload: {
      ...change.payload,
      ...(change.changed_fields ? { changed_fields: change.changed_fields } : {}),
    },
  });
  return activity;
}

/**
 * Several changes recorded at once (a batch job's page of them), in the caller's transaction:
 * the same timeline, audit and outbox entries as recordChange for each, in a few statements.
 */
export async function recordChanges(ctx: Ctx, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  await appendActivities(
    ctx,
    changes.flatMap((change) =>
      change.activity && change.customer_id
        ? [
            {
              id: change.activity.id,
              customer_id: change.customer_id,
              activity_type: change.activity.activity_type,
              title: change.activity.title,
              description: change.activity.description ?? null,
              reference_table: change.activity.reference_table ?? null,
              reference_id: change.activity.reference_id ?? change.entity_id,
              metadata: { event: change.event, ...change.activity.metadata },
            },
          ]
        : [],
    ),
  );
  await recordAudits(
    ctx,
    changes.map((change) => ({
      action: change.event,
      entity: change.entity,
      entity_id: change.entity_id,
      customer_id: change.customer_id,
      changed_fields: change.changed_fields ?? [],
      metadata: change.audit_metadata ?? {},
    })),
  );
  await appendDomainEvents(
    ctx,
    changes.map((change) => ({
      type: change.event,
      customer_id: change.customer_id,
      entity: change.entity,
      entity_id: change.entity_id,
      payload: {
        ...change.payload,
        ...(change.changed_fields ? { changed_fields: change.changed_fields } : {}),
      },
    })),
  );
}
