import type { Ctx } from '../../core/context.ts';
import { newId } from '../../core/ids.ts';
import { recordChange } from '../changes/index.ts';
import { withCustomerLocked } from '../customers/index.ts';
import type { ActivityType } from '../timeline/index.ts';

/** A note, call, email, sms or appointment logged by a person, on the customer's timeline. */
export async function logManualActivity(
  ctx: Ctx,
  customerId: string,
  input: { activity_type: ActivityType; title: string; description?: string | null },
) {
  return withCustomerLocked(ctx, customerId, async (txCtx) => {
    const id = newId();
    const activity = await recordChange(txCtx, {
      event: 'activity.logged',
      entity: 'customer_activity',
      entity_id: id,
      customer_id: customerId,
      changed_fields: ['activity_type', 'title', 'description'],
      activity: {
        id,
        activity_type: input.activity_type,
        title: input.title,
        description: input.description ?? null,
      },
      payload: { activity_type: input.activity_type },
    });
    return activity!;
  });
}
