import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/index.ts';

export const contractStatuses = ['active', 'suspended', 'expired', 'cancelled'] as const;
export const claimTypes = ['auto', 'home', 'health', 'travel', 'other'] as const;
export const claimStatuses = [
  'ouvert',
  'en_cours',
  'en_attente_documents',
  'escalade',
  'approuve',
  'refuse',
  'rembourse',
  'ferme',
] as const;
export const conversationPhases = [
  'AUTHENTIFICATION',
  'DESCRIPTION',
  'QUALIFICATION',
  'DECISION',
  'ESCALADE',
] as const;
export const messageAuthors = ['customer', 'assistant', 'advisor'] as const;

export type ContractStatus = (typeof contractStatuses)[number];
export type ClaimType = (typeof claimTypes)[number];
export type ClaimStatus = (typeof claimStatuses)[number];
export type ConversationPhase = (typeof conversationPhases)[number];
export type MessageAuthor = (typeof messageAuthors)[number];

/** One reason for a claim's CCI and its points (cci.ts). */
export interface CciFactor {
  code: 'type' | 'amount' | 'injuries' | 'urgency' | 'distress' | 'repeated_claims';
  points: number;
  detail: string;
}

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

/**
 * A customer's policy. The policyholder's matricule stays on the customer (customers module);
 * a claim needs a contract that is `active` and covers its incident date.
 */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey(),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    number: text('number').notNull(),
    product: text('product').notNull(),
    start_date: date('start_date', { mode: 'string' }).notNull(),
    /** Null: open-ended. */
    end_date: date('end_date', { mode: 'string' }),
    status: text('status', { enum: contractStatuses }).notNull().default('active'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('contracts_number_key').on(table.number),
    index('contracts_customer_idx').on(table.customer_id, table.start_date),
    check('contracts_status_check', sql`${table.status} in (${inList(contractStatuses)})`),
    check(
      'contracts_dates_check',
      sql`${table.end_date} is null or ${table.end_date} >= ${table.start_date}`,
    ),
  ],
);

/**
 * A claim (sinistre). `number` SIN-2026-000001 is drawn gap-free per year of creation (company
 * time zone). `cci_factors` are what the score was made of (cci.ts), kept as computed.
 */
export const claims = pgTable(
  'claims',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    contract_id: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    /** The intake conversation, when the claim came from one. */
    conversation_id: uuid('conversation_id').references(() => conversations.id),
    type: text('type', { enum: claimTypes }).notNull(),
    incident_on: date('incident_on', { mode: 'string' }).notNull(),
    description: text('description').notNull(),
    estimated_amount_cents: bigint('estimated_amount_cents', { mode: 'number' }),
    injuries: text('injuries', { enum: ['none', 'minor', 'serious'] })
      .notNull()
      .default('none'),
    /** Answers to the qualification questions (vehicle drivable, police report, habitable…). */
    details: jsonb('details').$type<Record<string, string | boolean | null>>().notNull().default({}),
    cci: integer('cci').notNull(),
    cci_factors: jsonb('cci_factors').$type<CciFactor[]>().notNull().default([]),
    status_dossier: text('status_dossier', { enum: claimStatuses }).notNull().default('ouvert'),
    escalated: boolean('escalated').notNull().default(false),
    escalated_at: timestamp('escalated_at', { withTimezone: true }),
    escalation_reason: text('escalation_reason'),
    /** A staff user (key to users in the migration's SQL). */
    assigned_to: uuid('assigned_to'),
    reimbursement_cents: bigint('reimbursement_cents', { mode: 'number' }),
    currency: text('currency').notNull().default('CAD'),
    /** What the advisor asked the customer to send, while the claim waits for documents. */
    documents_requested: text('documents_requested'),
    created_by: uuid('created_by'),
    status_changed_at: timestamp('status_changed_at', { withTimezone: true }).notNull(),
    search_text: text('search_text')
      .notNull()
      .generatedAlwaysAs(sql`atrium_fold(number || ' ' || description)`),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('claims_number_key').on(table.number),
    index('claims_created_at_idx').on(table.created_at.desc(), table.id.desc()),
    index('claims_status_idx').on(table.status_dossier, table.created_at.desc()),
    index('claims_customer_idx').on(table.customer_id, table.created_at.desc()),
    index('claims_contract_idx').on(table.contract_id),
    index('claims_conversation_idx').on(table.conversation_id),
    index('claims_assigned_to_idx').on(table.assigned_to, table.status_dossier),
    index('claims_cci_idx').on(table.cci),
    index('claims_search_text_idx').using('gin', table.search_text.op('gin_trgm_ops')),
    check('claims_type_check', sql`${table.type} in (${inList(claimTypes)})`),
    check('claims_status_check', sql`${table.status_dossier} in (${inList(claimStatuses)})`),
    check('claims_injuries_check', sql`${table.injuries} in ('none', 'minor', 'serious')`),
    check('claims_cci_check', sql`${table.cci} between 0 and 100`),
    check(
      'claims_amounts_check',
      sql`coalesce(${table.estimated_amount_cents}, 0) >= 0 and coalesce(${table.reimbursement_cents}, 0) >= 0`,
    ),
    check('claims_escalated_check', sql`${table.escalated} = (${table.escalated_at} is not null)`),
  ],
);

/** Every status a claim went through, with the advisor's note: the follow-up's history. */
export const claim_status_changes = pgTable(
  'claim_status_changes',
  {
    id: uuid('id').primaryKey(),
    claim_id: uuid('claim_id')
      .notNull()
      .references(() => claims.id),
    from_status: text('from_status', { enum: claimStatuses }),
    to_status: text('to_status', { enum: claimStatuses }).notNull(),
    note: text('note'),
    changed_by: uuid('changed_by'),
    changed_at: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('claim_status_changes_claim_idx').on(table.claim_id, table.changed_at, table.id)],
);

/**
 * A claim conversation. Everything the assistant needs to resume is here (phase, `state`,
 * tries), never in memory: a restarted server continues where it was. An anonymous starter
 * holds a random token, stored as its SHA-256.
 */
export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey(),
    token_hash: text('token_hash').notNull(),
    /** Known once the matricule is checked (or from the signed-in client who started it). */
    customer_id: uuid('customer_id').references(() => customers.id),
    /** The signed-in client who started it, if any: only that customer's matricule is accepted. */
    started_by_customer_id: uuid('started_by_customer_id'),
    language: text('language', { enum: ['fr', 'en'] }).notNull(),
    phase: text('phase', { enum: conversationPhases }).notNull(),
    /** What the assistant gathered so far and the question it is waiting for (conversation.engine.ts). */
    state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
    failed_attempts: integer('failed_attempts').notNull().default(0),
    locked_until: timestamp('locked_until', { withTimezone: true }),
    claim_id: uuid('claim_id'),
    /** Escalation cycles so far (one handoff row each). */
    escalations: integer('escalations').notNull().default(0),
    escalated_at: timestamp('escalated_at', { withTimezone: true }),
    /** The advisor who took the current escalation. */
    assigned_to: uuid('assigned_to'),
    taken_at: timestamp('taken_at', { withTimezone: true }),
    last_message_at: timestamp('last_message_at', { withTimezone: true }).notNull(),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('conversations_customer_idx').on(table.customer_id, table.created_at.desc()),
    index('conversations_assigned_to_idx').on(table.assigned_to, table.last_message_at.desc()),
    index('conversations_claim_idx').on(table.claim_id),
    check('conversations_phase_check', sql`${table.phase} in (${inList(conversationPhases)})`),
    check('conversations_language_check', sql`${table.language} in ('fr', 'en')`),
    check('conversations_failed_attempts_check', sql`${table.failed_attempts} >= 0`),
  ],
);

/** Every message of a conversation; `seq` orders them and is what a poller asks "since". */
export const conversation_messages = pgTable(
  'conversation_messages',
  {
    id: uuid('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    conversation_id: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    author: text('author', { enum: messageAuthors }).notNull(),
    /** The advisor (a user) or the signed-in client; null for the assistant and anonymous starters. */
    author_id: uuid('author_id'),
    phase: text('phase', { enum: conversationPhases }).notNull(),
    text: text('text').notNull(),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('conversation_messages_seq_key').on(table.seq),
    index('conversation_messages_conversation_idx').on(table.conversation_id, table.seq),
    check('conversation_messages_author_check', sql`${table.author} in (${inList(messageAuthors)})`),
    check('conversation_messages_text_check', sql`char_length(${table.text}) between 1 and 20000`),
  ],
);

/**
 * One row per escalation cycle of a conversation (unique): the advisor queue is the rows not
 * yet taken, oldest first.
 */
export const conversation_handoffs = pgTable(
  'conversation_handoffs',
  {
    id: uuid('id').primaryKey(),
    conversation_id: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    cycle: integer('cycle').notNull(),
    reason: text('reason', { enum: ['cci', 'customer_request'] }).notNull(),
    claim_id: uuid('claim_id').references(() => claims.id),
    cci: integer('cci'),
    taken_by: uuid('taken_by'),
    taken_at: timestamp('taken_at', { withTimezone: true }),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('conversation_handoffs_cycle_key').on(table.conversation_id, table.cycle),
    index('conversation_handoffs_waiting_idx')
      .on(table.created_at, table.id)
      .where(sql`${table.taken_at} is null`),
    check('conversation_handoffs_reason_check', sql`${table.reason} in ('cci', 'customer_request')`),
    check(
      'conversation_handoffs_taken_check',
      sql`(${table.taken_by} is null) = (${table.taken_at} is null)`,
    ),
  ],
);
