import type { Ctx } from '../../core/context.ts';
import { retryEvent } from '../../core/events.ts';
import { recordAudit } from '../audit/index.ts';

/** An admin puts a dead-lettered event back in the queue; who did it is audited. */
export async function retryFailedEvent(ctx: Ctx, eventId: string) {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const event = await retryEvent(txCtx, eventId);
    await recordAudit(txCtx, {
      action: 'event.retried',
      entity: 'domain_event',
      entity_id: eventId,
      customer_id: event.customer_id,
      changed_fields: ['status', 'attempts'],
      metadata: { type: event.type },
    });
    return event;
  });
}
