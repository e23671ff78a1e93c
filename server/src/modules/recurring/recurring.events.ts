import { and, eq, ne } from 'drizzle-orm';
import { type EventHandler, onEvent } from '../../core/events.ts';
import { recordChange } from '../changes/index.ts';
import { recurring_invoices } from './recurring.tables.ts';

/** What recurring invoices do after other modules' changes commit (run by the dispatcher, at least once). */
export const recurringEventHandlers: EventHandler[] = [
  // An anonymized customer is billed no more: their schedules end (a run would be refused every
  // day). Delivered again, it finds them ended and records nothing more.
  onEvent('customer.anonymized', 'recurring.end_schedules', async (ctx, event) => {
    if (!event.customer_id) return;
    const now = ctx.clock.now();
    const ended = await ctx.db
      .update(recurring_invoices)
      .set({ status: 'ended', next_run_date: null, ended_at: now, updated_at: now })
      .where(
        and(eq(recurring_invoices.customer_id, event.customer_id), ne(recurring_invoices.status, 'ended')),
      )
      .returning({ id: recurring_invoices.id });
    if (ended.length === 0) return;
    await recordChange(ctx, {
      event: 'recurring_invoice.ended_all',
      entity: 'customer',
      entity_id: event.customer_id,
      customer_id: event.customer_id,
      payload: { schedules: ended.length, cause: 'customer.anonymized' },
    });
  }),
];
