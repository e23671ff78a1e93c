import { eq, sql } from 'drizzle-orm';
import { type EventHandler, onEvent } from '../../core/events.ts';
import type { JobDefinition } from '../../core/jobs.ts';
import { recordChange } from '../changes/index.ts';
import { type MailDelivery, sendQueuedEmails } from './mail.delivery.ts';
import { email_outbox } from './mail.tables.ts';

/** The sender: every minute, what is queued and due goes out (a no-op without SMTP). */
export function mailJobs(delivery: MailDelivery): JobDefinition[] {
  return [{ name: 'mail.send-queued', cron: '* * * * *', handler: (ctx) => sendQueuedEmails(ctx, delivery) }];
}

export const mailEventHandlers: EventHandler[] = [
  // Loi 25: an anonymized customer's messages keep what they were (kind, subject, dates: proof
  // an invoice was sent) but lose the address and the body; what was still queued never leaves.
  onEvent('customer.anonymized', 'mail.scrub_outbox', async (ctx, event) => {
    if (!event.customer_id) return;
    const now = ctx.clock.now();
    await ctx.db
      .update(email_outbox)
      .set({
        status: sql`case when ${email_outbox.status} = 'queued' then 'suppressed' else ${email_outbox.status} end`,
        suppressed_reason: sql`case when ${email_outbox.status} = 'queued' then 'anonymized' else ${email_outbox.suppressed_reason} end`,
        to: null,
        html: '',
        text: '',
        updated_at: now,
      })
      .where(eq(email_outbox.customer_id, event.customer_id));
    await recordChange(ctx, {
      event: 'email.scrubbed',
      entity: 'customer',
      entity_id: event.customer_id,
      customer_id: event.customer_id,
      changed_fields: ['to', 'html', 'text'],
      payload: { cause: 'customer.anonymized' },
    });
  }),
];
