import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { newId } from '../../core/ids.ts';
import { audit_log } from './audit.tables.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entity_id?: string | null;
  customer_id?: string | null;
  changed_fields?: string[];
  metadata?: Record<string, unknown>;
}

/** Writes one audit row with the caller's identity; call it inside the change's transaction. */
export async function recordAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(audit_log).values({
    id: newId(),
    occurred_at: ctx.clock.now(),
    actor_type: ctx.actor.type,
    actor_id: ctx.actor.id,
    role: ctx.actor.role,
    ip: ctx.actor.ip,
    user_agent: ctx.actor.user_agent,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entity_id ?? null,
    customer_id: entry.customer_id ?? null,
    changed_fields: entry.changed_fields ?? [],
    metadata: entry.metadata ?? {},
  });
}

/** Several entries in one statement (a batch job's page), in the caller's transaction. */
export async function recordAudits(ctx: Ctx, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const at = ctx.clock.now();
  await ctx.db.insert(audit_log).values(
    entries.map((entry) => ({
      id: newId(),
      occurred_at: at,
      actor_type: ctx.actor.type,
      actor_id: ctx.actor.id,
      role: ctx.actor.role,
      ip: ctx.actor.ip,
      user_agent: ctx.actor.user_agent,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entity_id ?? null,
      customer_id: entry.customer_id ?? null,
      changed_fields: entry.changed_fields ?? [],
      metadata: entry.metadata ?? {},
    })),
  );
}

export async function findAuditEntries(
  ctx: Ctx,
  filter: { entity?: string; entity_id?: string; customer_id?: string; page: number; per_page: number },
) {
  const conditions: SQL[] = [];
  if (filter.entity) conditions.push(eq(audit_log.entity, filter.entity));
  if (filter.entity_id) conditions.push(eq(audit_log.entity_id, filter.entity_id));
  if (filter.customer_id) conditions.push(eq(audit_log.customer_id, filter.customer_id));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(audit_log)
      .where(where)
      .orderBy(desc(audit_log.occurred_at), desc(audit_log.id))
      .limit(filter.per_page)
      .offset((filter.page - 1) * filter.per_page),
    ctx.db.$count(audit_log, where),
  ]);
  return { rows, total };
}

/**
 * What was done to a customer's records and when, oldest first, for a data export. The
 * staff's own identifiers (their IP, user agent, id) are theirs, not the customer's.
 */
export async function findAuditEntriesForCustomer(ctx: Ctx, customerId: string) {
  return ctx.db
    .select({
      occurred_at: audit_log.occurred_at,
      action: audit_log.action,
      entity: audit_log.entity,
      entity_id: audit_log.entity_id,
      actor_type: audit_log.actor_type,
      role: audit_log.role,
      changed_fields: audit_log.changed_fields,
    })
    .from(audit_log)
    .where(eq(audit_log.customer_id, customerId))
    .orderBy(audit_log.occurred_at, audit_log.id);
}
