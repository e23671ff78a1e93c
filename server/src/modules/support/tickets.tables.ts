import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/index.ts';
import { customer_documents } from '../documents/index.ts';

export const ticketCategories = ['general', 'technical', 'billing', 'feature'] as const;
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const ticketStatuses = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
/** How a ticket arrived: a signed-in user's form, an API key, the public contact form (email and chat later). */
export const ticketChannels = ['web', 'api', 'contact_form', 'email', 'chat'] as const;
export const messageKinds = ['public', 'internal_note'] as const;
/** Who wrote a message: staff (admin, staff, advisor), the customer (a client or the requester), the system. */
export const authorTypes = ['staff', 'customer', 'system'] as const;

export type TicketCategory = (typeof ticketCategories)[number];
export type TicketPriority = (typeof ticketPriorities)[number];
export type TicketStatus = (typeof ticketStatuses)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

/**
 * Support tickets. `number` (TCK-000001) is drawn gap-free from core/numbering in the creating
 * transaction. The SLA deadlines are recomputed from the status history by every write that
 * can move them (status, priority, first response): see sla.ts.
 */
export const support_tickets = pgTable(
  'support_tickets',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    subject: text('subject').notNull(),
    category: text('category', { enum: ticketCategories }).notNull(),
    priority: text('priority', { enum: ticketPriorities }).notNull(),
    status: text('status', { enum: ticketStatuses }).notNull().default('open'),
    channel: text('channel', { enum: ticketChannels }).notNull(),
    customer_id: uuid('customer_id').references(() => customers.id),
    /** Who wrote in through the public form (no account): shown instead of a customer's name. */
    requester_name: text('requester_name'),
    requester_email: text('requester_email'),
    /** A staff user; its foreign key to users is in the migration's SQL (auth's tables stay auth's). */
    assigned_to: uuid('assigned_to'),
    created_by: uuid('created_by'),
    /** The first public reply from staff, whichever way it was written. */
    first_response_at: timestamp('first_response_at', { withTimezone: true }),
    first_response_due_at: timestamp('first_response_due_at', { withTimezone: true }),
    resolution_due_at: timestamp('resolution_due_at', { withTimezone: true }),
    /** The nearest deadline still to meet; null when all are met or the clock is stopped. */
    sla_due_at: timestamp('sla_due_at', { withTimezone: true }),
    resolved_at: timestamp('resolved_at', { withTimezone: true }),
    closed_at: timestamp('closed_at', { withTimezone: true }),
    /** Seconds (wall clock) spent in `waiting`, spans that ended; the current one runs from status_changed_at. */
    waiting_seconds: integer('waiting_seconds').notNull().default(0),
    status_changed_at: timestamp('status_changed_at', { withTimezone: true }).notNull(),
    last_message_at: timestamp('last_message_at', { withTimezone: true }).notNull(),
    /** Folded number and subject: what `q` searches, by trigram. */
    search_text: text('search_text').notNull().generatedAlwaysAs(sql`atrium_fold(number || ' ' || subject)`),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('support_tickets_number_key').on(table.number),
    index('support_tickets_created_at_idx').on(table.created_at.desc(), table.id.desc()),
    index('support_tickets_status_idx').on(table.status, table.created_at.desc()),
    index('support_tickets_customer_idx').on(table.customer_id, table.created_at.desc()),
    index('support_tickets_assigned_to_idx').on(table.assigned_to, table.status),
    index('support_tickets_sla_due_idx').on(table.sla_due_at).where(sql`${table.sla_due_at} is not null`),
    index('support_tickets_search_text_idx').using('gin', table.search_text.op('gin_trgm_ops')),
    check('support_tickets_category_check', sql`${table.category} in (${inList(ticketCategories)})`),
    check('support_tickets_priority_check', sql`${table.priority} in (${inList(ticketPriorities)})`),
    check('support_tickets_status_check', sql`${table.status} in (${inList(ticketStatuses)})`),
    check('support_tickets_channel_check', sql`${table.channel} in (${inList(ticketChannels)})`),
    check('support_tickets_waiting_seconds_check', sql`${table.waiting_seconds} >= 0`),
    // Resolved and closed tickets say when; open ones do not.
    check(
      'support_tickets_resolved_at_check',
      sql`(${table.status} in ('resolved', 'closed')) = (${table.resolved_at} is not null)`,
    ),
    check(
      'support_tickets_closed_at_check',
      sql`(${table.status} = 'closed') = (${table.closed_at} is not null)`,
    ),
  ],
);

/** The conversation: public messages the customer reads, internal notes only staff read. */
export const ticket_messages = pgTable(
  'ticket_messages',
  {
    id: uuid('id').primaryKey(),
    ticket_id: uuid('ticket_id')
      .notNull()
      .references(() => support_tickets.id),
    kind: text('kind', { enum: messageKinds }).notNull(),
    body: text('body').notNull(),
    author_type: text('author_type', { enum: authorTypes }).notNull(),
    /** The user or API key that wrote it; null for the public form and the system. Names are read, never copied. */
    author_id: uuid('author_id'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('ticket_messages_ticket_idx').on(table.ticket_id, table.created_at, table.id),
    check('ticket_messages_kind_check', sql`${table.kind} in (${inList(messageKinds)})`),
    check('ticket_messages_author_type_check', sql`${table.author_type} in (${inList(authorTypes)})`),
    check('ticket_messages_body_check', sql`char_length(${table.body}) between 1 and 20000`),
  ],
);

/**
 * The customer's documents a message carries, in the order given. The files live in the
 * documents module (its storage, access levels, access log); a message only names them.
 */
export const ticket_message_attachments = pgTable(
  'ticket_message_attachments',
  {
    message_id: uuid('message_id')
      .notNull()
      .references(() => ticket_messages.id),
    document_id: uuid('document_id')
      .notNull()
      .references(() => customer_documents.id),
    position: integer('position').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.message_id, table.document_id] }),
    index('ticket_message_attachments_document_idx').on(table.document_id),
  ],
);

/** Every status a ticket went through: where the SLA's pauses and the waiting time come from. */
export const ticket_status_changes = pgTable(
  'ticket_status_changes',
  {
    id: uuid('id').primaryKey(),
    ticket_id: uuid('ticket_id')
      .notNull()
      .references(() => support_tickets.id),
    from_status: text('from_status', { enum: ticketStatuses }),
    to_status: text('to_status', { enum: ticketStatuses }).notNull(),
    changed_by: uuid('changed_by'),
    changed_at: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('ticket_status_changes_ticket_idx').on(table.ticket_id, table.changed_at, table.id)],
);

/**
 * SLA targets per priority, in working minutes; a priority without a row has the default
 * (sla.ts). Changed by admins through PUT /support/sla-targets.
 */
export const support_sla_targets = pgTable(
  'support_sla_targets',
  {
    priority: text('priority', { enum: ticketPriorities }).primaryKey(),
    first_response_minutes: integer('first_response_minutes').notNull(),
    resolution_minutes: integer('resolution_minutes').notNull(),
    updated_by: uuid('updated_by'),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    check('support_sla_targets_priority_check', sql`${table.priority} in (${inList(ticketPriorities)})`),
    check(
      'support_sla_targets_minutes_check',
      sql`${table.first_response_minutes} > 0 and ${table.resolution_minutes} >= ${table.first_response_minutes}`,
    ),
  ],
);
