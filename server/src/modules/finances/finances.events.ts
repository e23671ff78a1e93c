import { type EventHandler, onEvent } from '../../core/events.ts';
import { recordChange } from '../changes/index.ts';
import { removeAllPaymentMethods } from './payment-methods.service.ts';

/** What finances does after other modules' changes commit (run by the dispatcher, at least once). */
export const financeEventHandlers: EventHandler[] = [
  // An anonymized customer keeps its ledger (accounting) but not the tokens tying it to a provider.
  onEvent('customer.anonymized', 'finances.remove_payment_methods', async (ctx, event) => {
    if (!event.customer_id) return;
    const removed = await removeAllPaymentMethods(ctx, event.customer_id);
    if (removed === 0) return;
    await recordChange(ctx, {
      event: 'payment_method.removed_all',
      entity: 'customer',
      entity_id: event.customer_id,
      customer_id: event.customer_id,
      payload: { removed, cause: 'customer.anonymized' },
    });
  }),
];
