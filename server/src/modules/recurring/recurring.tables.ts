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
import { invoices } from '../billing/index.ts';
import { customers } from '../customers/index.ts';
import { type Frequency, frequencies } from './recurring.periods.ts';

export const scheduleStatuses = ['active', 'paused', 'ended'] as const;
export type ScheduleStatus = (typeof scheduleStatuses)[number];

/** A line as kept on a schedule: complete (catalog prices fixed when the schedule was written). */
export interface ScheduleLine {
  position: number;
  description: string;
  quantity: string;
  unit_price_cents: number;
  discount_cents: number;
  taxable: boolean;
  product_id: string | null;
  line_total_cents: number;
}

export interface ScheduleTax {
  code: string;
  rate_ppm: number;
  amount_cents: number;
}

/**
 * Recurring invoices: what to bill a customer every week, month, quarter or year. The lines
 * are stored complete, with the totals billing's code computed when the schedule was last
 * written (each invoice is computed again when created, at the rates then in force).
 * `next_period` is the 0-based index of the next period to bill; `next_run_date` its start
 * (null once ended). A period is billed on its first day.
 */
export const recurring_invoices = pgTable(
  'recurring_invoices',
  {
    id: uuid('id').primaryKey(),
    customer_id: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    status: text('status', { enum: scheduleStatuses }).notNull().default('active'),
    frequency: text('frequency', { enum: frequencies }).$type<Frequency>().notNull(),
    start_date: date('start_date', { mode: 'string' }).notNull(),
    end_date: date('end_date', { mode: 'string' }),
    count: integer('count'),
    auto_finalize: boolean('auto_finalize').notNull().default(false),
    auto_send: boolean('auto_send').notNull().default(false),
    next_period: integer('next_period').notNull().default(0),
    next_run_date: date('next_run_date', { mode: 'string' }),
    currency: text('currency').notNull(),
    lines: jsonb('lines').$type<ScheduleLine[]>().notNull(),
    invoice_discount_cents: bigint('invoice_discount_cents', { mode: 'number' }).notNull().default(0),
    shipping_cents: bigint('shipping_cents', { mode: 'number' }).notNull().default(0),
    shipping_taxable: boolean('shipping_taxable').notNull().default(true),
    notes: text('notes'),
    subtotal_cents: bigint('subtotal_cents', { mode: 'number' }).notNull(),
    discount_cents: bigint('discount_cents', { mode: 'number' }).notNull(),
    taxes: jsonb('taxes').$type<ScheduleTax[]>().notNull(),
    total_cents: bigint('total_cents', { mode: 'number' }).notNull(),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull(),
    paused_at: timestamp('paused_at', { withTimezone: true }),
    ended_at: timestamp('ended_at', { withTimezone: true }),
  },
  (table) => [
    index('recurring_invoices_customer_idx').on(table.customer_id, table.created_at),
    index('recurring_invoices_created_idx').on(table.created_at, table.id),
    // The daily job's read: active schedules due on or before a day.
    index('recurring_invoices_due_idx')
      .on(table.next_run_date, table.id)
      .where(sql`${table.status} = 'active'`),
    check('recurring_invoices_status_check', sql`${table.status} in ('active', 'paused', 'ended')`),
    check(
      'recurring_invoices_frequency_check',
      sql`${table.frequency} in ('weekly', 'monthly', 'quarterly', 'yearly')`,
    ),
    check('recurring_invoices_bounds_check', sql`${table.end_date} is null or ${table.count} is null`),
    check(
      'recurring_invoices_end_check',
      sql`${table.end_date} is null or ${table.end_date} >= ${table.start_date}`,
    ),
    check('recurring_invoices_count_check', sql`${table.count} is null or ${table.count} >= 1`),
    check(
      'recurring_invoices_next_check',
      sql`(${table.status} = 'ended') = (${table.next_run_date} is null)`,
    ),
  ],
);

/**
 * Each period billed: one row per (schedule, period start), written in the transaction that
 * creates the period's invoice. The unique key is what bills a period once, whatever runs
 * twice or at the same time. `error` keeps why finalizing or sending was refused (the draft
 * stays, for staff to look at).
 */
export const recurring_invoice_runs = pgTable(
  'recurring_invoice_runs',
  {
    id: uuid('id').primaryKey(),
    schedule_id: uuid('schedule_id')
      .notNull()
      .references(() => recurring_invoices.id, { onDelete: 'cascade' }),
    period_index: integer('period_index').notNull(),
    period_start: date('period_start', { mode: 'string' }).notNull(),
    period_end: date('period_end', { mode: 'string' }).notNull(),
    invoice_id: uuid('invoice_id').references(() => invoices.id, { onDelete: 'set null' }),
    error: text('error'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('recurring_invoice_runs_period_key').on(table.schedule_id, table.period_start),
    uniqueIndex('recurring_invoice_runs_index_key').on(table.schedule_id, table.period_index),
    index('recurring_invoice_runs_invoice_idx').on(table.invoice_id),
  ],
);
