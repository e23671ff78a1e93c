import type { Ctx } from '../../core/context.ts';
import { recordChange } from '../changes/index.ts';
import { type BusinessHours, defaultBusinessHours } from './business-hours.ts';
import { defaultSlaTargets, type SlaTarget } from './sla.ts';
import type { SlaTargetsPut } from './tickets.schemas.ts';
import { support_sla_targets, type TicketPriority, ticketPriorities } from './tickets.tables.ts';

/**
 * The hours the SLA clock runs: Monday to Friday, 9:00–17:00, Montréal. One place to read them,
 * so that company settings can supply them later without touching the arithmetic.
 */
export function supportBusinessHours(): BusinessHours {
  return defaultBusinessHours;
}

/** Every priority's targets: the admin's where set, the defaults elsewhere. */
export async function getSlaTargets(ctx: Ctx): Promise<Record<TicketPriority, SlaTarget>> {
  const rows = await ctx.db.select().from(support_sla_targets);
  const targets = { ...defaultSlaTargets };
  for (const row of rows) {
    targets[row.priority] = {
      first_response_minutes: row.first_response_minutes,
      resolution_minutes: row.resolution_minutes,
    };
  }
  return targets;
}

export async function getSlaSettings(ctx: Ctx) {
  const hours = supportBusinessHours();
  return { targets: await getSlaTargets(ctx), business_hours: { ...hours, days: [...hours.days] } };
}

/**
 * Sets the targets of the priorities given (admin). Open tickets take them at their next change
 * (reply, status, priority); deadlines already met stand as they were judged.
 */
export async function updateSlaTargets(ctx: Ctx, input: SlaTargetsPut) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const changed: TicketPriority[] = [];
    for (const priority of ticketPriorities) {
      const target = input[priority];
      if (!target) continue;
      changed.push(priority);
      await tx
        .insert(support_sla_targets)
        .values({ priority, ...target, updated_by: ctx.actor.id, updated_at: now })
        .onConflictDoUpdate({
          target: support_sla_targets.priority,
          set: { ...target, updated_by: ctx.actor.id, updated_at: now },
        });
    }
    if (changed.length) {
      await recordChange(txCtx, {
        event: 'support.sla_targets_updated',
        entity: 'support_sla_targets',
        entity_id: null,
        customer_id: null,
        changed_fields: changed,
        payload: { priorities: changed },
      });
    }
    return getSlaSettings(txCtx);
  });
}
