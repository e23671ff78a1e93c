import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { email_outbox } from './mail.tables.ts';

/**
 * The messages written to the customer in their access-request export (privacy reads it
 * through app.ts): what was sent or held back, to which address, when, and its text.
 */
export const mailExportSection = {
  name: 'emails',
  async read(ctx: Ctx, customerId: string) {
    return ctx.db
      .select({
        id: email_outbox.id,
        kind: email_outbox.kind,
        to: email_outbox.to,
        subject: email_outbox.subject,
        text: email_outbox.text,
        language: email_outbox.language,
        status: email_outbox.status,
        suppressed_reason: email_outbox.suppressed_reason,
        invoice_id: email_outbox.invoice_id,
        created_at: email_outbox.created_at,
        sent_at: email_outbox.sent_at,
      })
      .from(email_outbox)
      .where(eq(email_outbox.customer_id, customerId))
      .orderBy(asc(email_outbox.created_at), asc(email_outbox.id));
  },
};
