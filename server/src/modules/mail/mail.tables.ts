import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/index.ts';

export const emailStatuses = ['queued', 'sent', 'failed', 'suppressed'] as const;
export type EmailStatus = (typeof emailStatuses)[number];

/** Why a message was never sent (status `suppressed`). */
export const suppressionReasons = [
  'no_address',
  'contact_channel_none',
  'no_service_consent',
  'no_marketing_consent',
  'anonymized',
] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

/**
 * A file attached when the message is sent, described rather than stored (an invoice PDF is
 * rendered then, in the message's language): `kind` names a renderer the composition root
 * registers (billing's `invoice_pdf`), `id` what it renders.
 */
export interface AttachmentRef {
  kind: string;
  id: string;
}

/**
 * Every message Atrium sends, recorded first (in the transaction of the change that causes
 * it) and sent after commit by the `mail.send-queued` job. `subject`, `html` and `text` are
 * rendered when queued, so what was sent is what the outbox shows. invoice_id references
 * invoices in SQL (the mail module imports no billing); quote_id and order_id come with
 * quotes and orders.
 */
export const email_outbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    customer_id: uuid('customer_id').references(() => customers.id),
    invoice_id: uuid('invoice_id'),
    quote_id: uuid('quote_id'),
    order_id: uuid('order_id'),
    /** Null when there was no address (suppressed, `no_address`) or the customer was anonymized. */
    to: text('to'),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    attachments: jsonb('attachments').$type<AttachmentRef[]>().notNull().default([]),
    /**
     * What the message must carry but nobody should read back (a signer's link, a code): the
     * subject and bodies hold markers (`mail.secrets.ts`); the values wait here until the
     * message is sent, then are erased; the API and the timeline only ever show dots.
     */
    secrets: jsonb('secrets').$type<string[]>(),
    language: text('language').notNull(),
    status: text('status', { enum: emailStatuses }).notNull().default('queued'),
    suppressed_reason: text('suppressed_reason', { enum: suppressionReasons }),
    attempts: integer('attempts').notNull().default(0),
    /** Not before then (a retry's backoff); the job sends what is due. */
    next_attempt_at: timestamp('next_attempt_at', { withTimezone: true }),
    /** A sender holds the message until then (its SMTP conversation); past it, another may take it. */
    locked_until: timestamp('locked_until', { withTimezone: true }),
    last_error: text('last_error'),
    sent_at: timestamp('sent_at', { withTimezone: true }),
    message_id: text('message_id'),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('email_outbox_created_idx').on(table.created_at, table.id),
    index('email_outbox_customer_idx').on(table.customer_id, table.created_at),
    index('email_outbox_invoice_idx').on(table.invoice_id),
    index('email_outbox_quote_idx').on(table.quote_id),
    index('email_outbox_order_idx').on(table.order_id),
    index('email_outbox_status_idx').on(table.status, table.created_at),
    // The sender's claim: what is queued, by when it is due.
    index('email_outbox_due_idx').on(table.next_attempt_at).where(sql`${table.status} = 'queued'`),
    check('email_outbox_status_check', sql`${table.status} in ('queued', 'sent', 'failed', 'suppressed')`),
    check(
      'email_outbox_suppressed_check',
      sql`(${table.status} = 'suppressed') = (${table.suppressed_reason} is not null)`,
    ),
    check('email_outbox_sent_check', sql`(${table.status} = 'sent') = (${table.sent_at} is not null)`),
  ],
);
