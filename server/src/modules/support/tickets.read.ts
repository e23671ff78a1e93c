import { and, asc, count, desc, eq, getTableColumns, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { paginate } from '../../core/schemas.ts';
import { findUsersByIds } from '../auth/index.ts';
import { auditConfidentialReads, canSeeCustomer, customers, visibleCustomers } from '../customers/index.ts';
import { documentReferences } from '../documents/index.ts';
import { isSlaBreached, slaPausedStatuses } from './sla.ts';
import { ticketNumberOf } from './tickets.rules.ts';
import type { Ticket, TicketListQuery, TicketMessage } from './tickets.schemas.ts';
import {
  support_tickets,
  ticket_message_attachments,
  ticket_messages,
  ticket_status_changes,
} from './tickets.tables.ts';

const { search_text: _searchText, ...ticketColumns } = getTableColumns(support_tickets);

export type TicketRow = Omit<typeof support_tickets.$inferSelect, 'search_text'>;

/** A ticket with what its customer's visibility needs. */
export type TicketRead = TicketRow & {
  customer_name: string | null;
  customer_privacy_level: string | null;
  customer_assigned_user_id: string | null;
};

const readColumns = {
  ...ticketColumns,
  customer_name: customers.display_name,
  customer_privacy_level: customers.privacy_level,
  customer_assigned_user_id: customers.assigned_user_id,
};

export const staffRoles = ['admin', 'staff', 'advisor'] as const;

export function isStaff(actor: Actor): boolean {
  return (staffRoles as readonly string[]).includes(actor.role);
}

/**
 * Which tickets a caller reaches: a client, their customer's only; staff, every ticket but
 * those of a `confidentiel` customer not assigned to them (as for the customer itself).
 */
function visibleTickets(actor: Actor): SQL | undefined {
  if (actor.role === 'client') {
    return actor.customer_id ? eq(support_tickets.customer_id, actor.customer_id) : sql`false`;
  }
  const customerVisible = visibleCustomers(actor);
  return customerVisible ? or(isNull(support_tickets.customer_id), customerVisible) : undefined;
}

function canSeeTicket(actor: Actor, row: TicketRead): boolean {
  if (actor.role === 'client') return row.customer_id !== null && row.customer_id === actor.customer_id;
  if (row.customer_id === null) return true;
  return canSeeCustomer(actor, {
    id: row.customer_id,
    privacy_level: (row.customer_privacy_level ?? 'normal') as 'normal',
    assigned_user_id: row.customer_assigned_user_id,
  });
}

function notFound(id: string): AppError {
  return new AppError('ticket.not_found', 'No such ticket', { ticket_id: id });
}

/**
 * The one door to a ticket: 404 when it does not exist or the caller may not see it. With
 * `forUpdate`, the ticket row stays locked until the caller's transaction ends.
 */
export async function readTicketOrThrow(
  ctx: Ctx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<TicketRead> {
  const query = ctx.db
    .select(readColumns)
    .from(support_tickets)
    .leftJoin(customers, eq(customers.id, support_tickets.customer_id))
    .where(eq(support_tickets.id, id));
  const [row] = options.forUpdate ? await query.for('update', { of: support_tickets }) : await query;
  if (!row || !canSeeTicket(ctx.actor, row)) throw notFound(id);
  await auditShownCustomers(ctx, [row]);
  return row;
}

/** A `confidentiel` customer's name shown with a ticket is an audited read, as everywhere. */
async function auditShownCustomers(ctx: Ctx, rows: TicketRead[]) {
  const confidential = rows.flatMap((row) =>
    row.customer_id && row.customer_privacy_level === 'confidentiel'
      ? [{ id: row.customer_id, privacy_level: 'confidentiel' as const }]
      : [],
  );
  if (confidential.length) await auditConfidentialReads(ctx, confidential, 'ticket');
}

/** The API's ticket: names beside ids, and the SLA as it stands now. */
export function toTicket(row: TicketRead, names: Map<string, { name: string }>, now: Date): Ticket {
  const { customer_privacy_level: _level, customer_assigned_user_id: _assigned, ...fields } = row;
  const waitingNow =
    row.status === 'waiting' ? Math.max(0, (now.getTime() - row.status_changed_at.getTime()) / 1000) : 0;
  return {
    ...fields,
    assignee_name: row.assigned_to ? (names.get(row.assigned_to)?.name ?? null) : null,
    sla_breached: isSlaBreached(row, now),
    sla_paused: slaPausedStatuses.includes(row.status),
    waiting_seconds: row.waiting_seconds + Math.floor(waitingNow),
  };
}

export async function toTickets(ctx: Ctx, rows: TicketRead[]): Promise<Ticket[]> {
  const names = await findUsersByIds(
    ctx,
    rows.flatMap((row) => (row.assigned_to ? [row.assigned_to] : [])),
  );
  const now = ctx.clock.now();
  return rows.map((row) => toTicket(row, names, now));
}

/** The conversation, oldest first; a client never reads internal notes. */
async function messagesOf(ctx: Ctx, ticket: TicketRead): Promise<TicketMessage[]> {
  const rows = await ctx.db
    .select()
    .from(ticket_messages)
    .where(
      and(
        eq(ticket_messages.ticket_id, ticket.id),
        isStaff(ctx.actor) ? undefined : eq(ticket_messages.kind, 'public'),
      ),
    )
    .orderBy(asc(ticket_messages.created_at), asc(ticket_messages.id));
  const users = await findUsersByIds(
    ctx,
    rows.flatMap((row) => (row.author_id ? [row.author_id] : [])),
  );
  const attached = rows.length
    ? await ctx.db
        .select()
        .from(ticket_message_attachments)
        .where(
          inArray(
            ticket_message_attachments.message_id,
            rows.map((row) => row.id),
          ),
        )
        .orderBy(asc(ticket_message_attachments.position))
    : [];
  const documents = await documentReferences(
    ctx,
    attached.map((row) => row.document_id),
  );
  return rows.map((row) => ({
    ...row,
    attachments: attached.flatMap((link) => {
      const document = link.message_id === row.id ? documents.get(link.document_id) : undefined;
      return document ? [document] : [];
    }),
    author_name:
      (row.author_id ? users.get(row.author_id)?.name : undefined) ??
      (row.author_type === 'customer' ? (ticket.requester_name ?? ticket.customer_name) : null),
  }));
}

export async function getTicket(ctx: Ctx, id: string) {
  const row = await readTicketOrThrow(ctx, id);
  const [ticket] = await toTickets(ctx, [row]);
  const [messages, history] = await Promise.all([
    messagesOf(ctx, row),
    ctx.db
      .select({
        from_status: ticket_status_changes.from_status,
        to_status: ticket_status_changes.to_status,
        changed_by: ticket_status_changes.changed_by,
        changed_at: ticket_status_changes.changed_at,
      })
      .from(ticket_status_changes)
      .where(eq(ticket_status_changes.ticket_id, id))
      .orderBy(asc(ticket_status_changes.changed_at), asc(ticket_status_changes.id)),
  ]);
  return { ...ticket!, messages, status_history: history };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

const priorityRank = sql`case ${support_tickets.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

const orders: Record<TicketListQuery['sort'], SQL[]> = {
  newest: [desc(support_tickets.created_at), desc(support_tickets.id)],
  oldest: [asc(support_tickets.created_at), asc(support_tickets.id)],
  updated: [desc(support_tickets.updated_at), desc(support_tickets.id)],
  sla: [
    sql`${support_tickets.sla_due_at} asc nulls last`,
    asc(support_tickets.created_at),
    asc(support_tickets.id),
  ],
  priority: [priorityRank, asc(support_tickets.created_at), asc(support_tickets.id)],
};

export async function findTickets(ctx: Ctx, query: TicketListQuery) {
  const conditions: (SQL | undefined)[] = [visibleTickets(ctx.actor)];
  if (query.status) conditions.push(inArray(support_tickets.status, query.status));
  if (query.category) conditions.push(inArray(support_tickets.category, query.category));
  if (query.priority) conditions.push(inArray(support_tickets.priority, query.priority));
  if (query.customer_id) conditions.push(eq(support_tickets.customer_id, query.customer_id));
  if (query.assigned_to === 'none') conditions.push(isNull(support_tickets.assigned_to));
  else if (query.assigned_to === 'me') {
    conditions.push(ctx.actor.id ? eq(support_tickets.assigned_to, ctx.actor.id) : sql`false`);
  } else if (query.assigned_to) conditions.push(eq(support_tickets.assigned_to, query.assigned_to));
  if (query.q) {
    const number = ticketNumberOf(query.q);
    const words = sql`${support_tickets.search_text} like ('%' || atrium_fold(${escapeLike(query.q)}) || '%')`;
    conditions.push(number ? or(eq(support_tickets.number, number), words) : words);
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(readColumns)
      .from(support_tickets)
      .leftJoin(customers, eq(customers.id, support_tickets.customer_id))
      .where(where)
      .orderBy(...orders[query.sort])
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page),
    ctx.db
      .select({ total: count() })
      .from(support_tickets)
      .leftJoin(customers, eq(customers.id, support_tickets.customer_id))
      .where(where),
  ]);
  await auditShownCustomers(ctx, rows);
  return {
    data: await toTickets(ctx, rows),
    pagination: paginate(total?.total ?? 0, query.page, query.per_page),
  };
}
