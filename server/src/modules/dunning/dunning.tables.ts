import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { invoices } from '../billing/index.ts';
import { customers } from '../customers/index.ts';
import { email_outbox } from '../mail/index.ts';

export const reminderOutcomes = ['emailed', 'skipped'] as const;
export type ReminderOutcome = (typeof reminderOutcomes)[number];

/**
 * The reminders ledger: one row per (invoice, level) ever reached, written in the same
 * transaction as the reminder's email. The unique key is what makes a level go out once,
 * whatever runs twice, at once, or again after a crash. A level passed over after missed days
 * is `skipped` (only the highest level due is sent). The invoice's last reminder (level, date)
 * is read from here (`GET /invoices/{id}/reminders`): billing's table stays billing's.
 */
export const invoice_reminders = pgTable(
  'invoice_reminders',
  {
    id: uuid('id').primaryKey(),
    invoice_id: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    level: integer('level').notNull(),
    outcome: text('outcome', { enum: reminderOutcomes }).notNull(),
    email_id: uuid('email_id').references(() => email_outbox.id),
    /** The day of the run (company time zone) and how late the invoice was then. */
    reminder_on: date('reminder_on', { mode: 'string' }).notNull(),
    days_late: integer('days_late').notNull(),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('invoice_reminders_invoice_level_key').on(table.invoice_id, table.level),
    index('invoice_reminders_customer_idx').on(table.customer_id, table.created_at),
    index('invoice_reminders_email_idx').on(table.email_id),
    check('invoice_reminders_level_check', sql`${table.level} between 1 and 4`),
    check('invoice_reminders_outcome_check', sql`${table.outcome} in ('emailed', 'skipped')`),
    check('invoice_reminders_email_check', sql`(${table.outcome} = 'skipped') = (${table.email_id} is null)`),
  ],
);

/** A customer's dunning held by an admin (a dispute, an arrangement): no reminder while paused. */
export const customer_dunning = pgTable(
  'customer_dunning',
  {
    customer_id: uuid('customer_id')
      .primaryKey()
      .references(() => customers.id),
    paused: boolean('paused').notNull(),
    reason: text('reason'),
    updated_by: uuid('updated_by'),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('customer_dunning_paused_idx').on(table.customer_id).where(sql`${table.paused}`),
    check('customer_dunning_reason_check', sql`not ${table.paused} or ${table.reason} is not null`),
  ],
);

/**
 * Each dunning run's counts, for the admin page ("last run"): written when a run finishes
 * (a run killed midway leaves none; its reminders are in the ledger all the same).
 */
export const dunning_runs = pgTable(
  'dunning_runs',
  {
    id: uuid('id').primaryKey(),
    as_of: date('as_of', { mode: 'string' }).notNull(),
    queued: integer('queued').notNull(),
    skipped: integer('skipped').notNull(),
    suppressed: integer('suppressed').notNull(),
    held: integer('held').notNull(),
    run_by: uuid('run_by'),
    started_at: timestamp('started_at', { withTimezone: true }).notNull(),
    finished_at: timestamp('finished_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('dunning_runs_finished_idx').on(table.finished_at)],
);
