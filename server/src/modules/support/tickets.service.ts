import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { nextInSeries } from '../../core/numbering.ts';
import { findUsersByIds } from '../auth/index.ts';
import { recordChange } from '../changes/index.ts';
import { type Customer, getCustomerOrThrow } from '../customers/index.ts';
import { attachableDocuments } from '../documents/index.ts';
import { slaDeadlines, waitingSecondsOf } from './sla.ts';
import { getSlaTargets, supportBusinessHours } from './sla-targets.service.ts';
import { queueTicketEmail } from './tickets.mail.ts';
import { getTicket, isStaff, readTicketOrThrow, staffRoles, type TicketRow } from './tickets.read.ts';
import { checkTransition, formatTicketNumber } from './tickets.rules.ts';
import type { MessageKind, TicketCreate, TicketMessageCreate, TicketPatch } from './tickets.schemas.ts';
import {
  type authorTypes,
  support_tickets,
  type TicketCategory,
  type TicketPriority,
  type TicketStatus,
  ticket_message_attachments,
  ticket_messages,
  ticket_status_changes,
  type ticketChannels,
} from './tickets.tables.ts';

type AuthorType = (typeof authorTypes)[number];

/** What the timeline says of a status, in French like every timeline title (the web translates by event). */
const statusTitles: Record<TicketStatus, string> = {
  open: 'ouvert',
  in_progress: 'en cours',
  waiting: 'en attente du client',
  resolved: 'résolu',
  closed: 'fermé',
};

function authorTypeOf(ctx: Ctx): AuthorType {
  if (ctx.actor.role === 'client') return 'customer';
  return isStaff(ctx.actor) ? 'staff' : 'system';
}

/** The SLA deadlines of a ticket as it now stands, from its whole status history. */
async function slaFields(
  ctx: Ctx,
  ticket: Pick<TicketRow, 'id' | 'created_at' | 'priority' | 'first_response_at' | 'resolved_at'>,
) {
  const history = await ctx.db
    .select({ to_status: ticket_status_changes.to_status, changed_at: ticket_status_changes.changed_at })
    .from(ticket_status_changes)
    .where(eq(ticket_status_changes.ticket_id, ticket.id))
    .orderBy(asc(ticket_status_changes.changed_at), asc(ticket_status_changes.id));
  const targets = await getSlaTargets(ctx);
  return {
    ...slaDeadlines({
      created_at: ticket.created_at,
      target: targets[ticket.priority],
      history,
      first_response_at: ticket.first_response_at,
      resolved_at: ticket.resolved_at,
      hours: supportBusinessHours(),
    }),
    waiting_seconds: waitingSecondsOf(history),
  };
}

export interface OpenTicketInput {
  subject: string;
  message: string;
  category: TicketCategory;
  priority: TicketPriority;
  channel: (typeof ticketChannels)[number];
  customer: Pick<Customer, 'id'> | null;
  requester_name?: string | null;
  requester_email?: string | null;
  /** Who wrote the request: the caller, unless the public form speaks for a customer. */
  author_type?: AuthorType;
}

/**
 * Opens a ticket inside the caller's transaction: the ticket with its number, the request as
 * its first message, its first status, and the change recorded. Every way in (staff, a client,
 * the contact form; email and chat later) goes through here.
 */
export async function openTicket(txCtx: Ctx, input: OpenTicketInput): Promise<string> {
  const now = txCtx.clock.now();
  const id = newId();
  const customerId = input.customer?.id ?? null;
  // Drawn late: the series stays locked until this transaction commits.
  const number = formatTicketNumber(await nextInSeries(txCtx, 'TCK'));
  const base = { id, created_at: now, priority: input.priority, first_response_at: null, resolved_at: null };
  await txCtx.db.insert(support_tickets).values({
    ...base,
    number,
    subject: input.subject,
    category: input.category,
    status: 'open',
    channel: input.channel,
    customer_id: customerId,
    requester_name: input.requester_name ?? null,
    requester_email: input.requester_email ?? null,
    created_by: txCtx.actor.id,
    status_changed_at: now,
    last_message_at: now,
    updated_at: now,
  });
  await txCtx.db.insert(ticket_status_changes).values({
    id: newId(),
    ticket_id: id,
    from_status: null,
    to_status: 'open',
    changed_by: txCtx.actor.id,
    changed_at: now,
  });
  await txCtx.db.insert(ticket_messages).values({
    id: newId(),
    ticket_id: id,
    kind: 'public',
    body: input.message,
    author_type: input.author_type ?? authorTypeOf(txCtx),
    author_id: txCtx.actor.id,
    created_at: now,
  });
  const { waiting_seconds: _none, ...deadlines } = await slaFields(txCtx, base);
  await txCtx.db.update(support_tickets).set(deadlines).where(eq(support_tickets.id, id));
  // The customer who wrote in is told their request arrived; staff opening one for them are not echoed.
  if ((input.author_type ?? authorTypeOf(txCtx)) === 'customer') {
    await queueTicketEmail(
      txCtx,
      'ticket_received',
      {
        customer_id: customerId,
        number,
        subject: input.subject,
        requester_name: input.requester_name ?? null,
        requester_email: input.requester_email ?? null,
      },
      input.message,
    );
  }
  await recordChange(txCtx, {
    event: 'ticket.opened',
    entity: 'ticket',
    entity_id: id,
    customer_id: customerId,
    changed_fields: ['subject', 'message', 'category', 'priority', ...(customerId ? ['customer_id'] : [])],
    activity: customerId
      ? {
          activity_type: 'ticket',
          title: `Billet ouvert : ${number}`,
          description: input.subject,
          reference_table: 'support_tickets',
          reference_id: id,
          metadata: { number, category: input.category, priority: input.priority, channel: input.channel },
        }
      : null,
    payload: { number, category: input.category, priority: input.priority, channel: input.channel },
  });
  return id;
}

/** The customer a new ticket is for: a client's own; for staff, the one named (or none). */
async function customerForNewTicket(txCtx: Ctx, requested: string | null | undefined) {
  const { actor } = txCtx;
  const customerId = actor.role === 'client' ? (requested ?? actor.customer_id) : (requested ?? null);
  if (customerId === null) {
    if (actor.role === 'client') throw new AppError('auth.forbidden', 'This client key names no customer');
    return null;
  }
  try {
    // A client naming another customer is told it does not exist, like any other caller.
    return await getCustomerOrThrow(txCtx, customerId, { writable: true, purpose: 'ticket' });
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') {
      throw invalidFields([{ path: 'customer_id', message: 'No such customer' }]);
    }
    throw error;
  }
}

export async function createTicket(ctx: Ctx, input: TicketCreate) {
  const id = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const customer = await customerForNewTicket(txCtx, input.customer_id);
    return openTicket(txCtx, {
      ...input,
      channel: ctx.actor.type === 'api_key' ? 'api' : 'web',
      customer,
    });
  });
  return getTicket(ctx, id);
}

/** The columns a move to `to` sets: resolution and closing dates, the waiting time, the clock. */
function statusColumns(ticket: TicketRow, to: TicketStatus, now: Date) {
  return {
    status: to,
    status_changed_at: now,
    resolved_at: to === 'resolved' ? now : to === 'closed' ? ticket.resolved_at : null,
    closed_at: to === 'closed' ? now : null,
  };
}

interface Move {
  from: TicketStatus;
  to: TicketStatus;
}

async function recordStatusChange(txCtx: Ctx, ticket: TicketRow, move: Move) {
  await txCtx.db.insert(ticket_status_changes).values({
    id: newId(),
    ticket_id: ticket.id,
    from_status: move.from,
    to_status: move.to,
    changed_by: txCtx.actor.id,
    changed_at: txCtx.clock.now(),
  });
  await recordChange(txCtx, {
    event: 'ticket.status_changed',
    entity: 'ticket',
    entity_id: ticket.id,
    customer_id: ticket.customer_id,
    changed_fields: ['status'],
    activity: ticket.customer_id
      ? {
          activity_type: 'ticket',
          title: `Billet ${statusTitles[move.to]} : ${ticket.number}`,
          reference_table: 'support_tickets',
          reference_id: ticket.id,
          metadata: { number: ticket.number, from: move.from, to: move.to },
        }
      : null,
    payload: { number: ticket.number, from: move.from, to: move.to },
    audit_metadata: { status_from: move.from, status_to: move.to },
  });
}

/** Writes the ticket's new columns, then its deadlines and waiting time from the updated history. */
async function saveTicket(txCtx: Ctx, before: TicketRow, set: Partial<TicketRow>, recomputeSla: boolean) {
  const after: TicketRow = { ...before, ...set, updated_at: txCtx.clock.now() };
  const sla = recomputeSla ? await slaFields(txCtx, after) : {};
  await txCtx.db
    .update(support_tickets)
    .set({ ...set, ...sla, updated_at: after.updated_at })
    .where(eq(support_tickets.id, before.id));
}

/** Names the message's documents: the ticket's customer's, and on a public message ones they can see. */
async function attachDocuments(
  txCtx: Ctx,
  ticket: TicketRow,
  messageId: string,
  kind: MessageKind,
  ids: readonly string[],
) {
  if (ids.length === 0) return [];
  if (!ticket.customer_id) {
    throw invalidFields([
      { path: 'attachments', message: 'This ticket has no customer to take documents from' },
    ]);
  }
  const documents = await attachableDocuments(txCtx, ticket.customer_id, ids, {
    field: 'attachments',
    sharedOnly: kind === 'public',
  });
  await txCtx.db.insert(ticket_message_attachments).values(
    documents.map((document, position) => ({
      message_id: messageId,
      document_id: document.document_id,
      position,
    })),
  );
  return documents;
}

/**
 * A message on a ticket. A public reply from staff is the ticket's first response if none came
 * before; a client's reply brings a waiting ticket back to in_progress and reopens a resolved
 * one. Internal notes are staff's only, and put nothing on the customer's timeline (clients
 * read it).
 */
export async function addTicketMessage(ctx: Ctx, ticketId: string, input: TicketMessageCreate) {
  const kind: MessageKind = input.kind;
  if (kind === 'internal_note' && !isStaff(ctx.actor)) {
    throw new AppError('auth.forbidden', 'Only staff write internal notes');
  }
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const now = ctx.clock.now();
    const ticket = await readTicketOrThrow(txCtx, ticketId, { forUpdate: true });
    const fromCustomer = ctx.actor.role === 'client';
    if (fromCustomer && ticket.status === 'closed') {
      throw new AppError('ticket.closed', `${ticket.number} is closed: open a new ticket`, {
        ticket_id: ticketId,
      });
    }
    const messageId = newId();
    await tx.insert(ticket_messages).values({
      id: messageId,
      ticket_id: ticketId,
      kind,
      body: input.body,
      author_type: authorTypeOf(txCtx),
      author_id: ctx.actor.id,
      created_at: now,
    });
    const attachments = await attachDocuments(txCtx, ticket, messageId, kind, input.attachments ?? []);
    const set: Partial<TicketRow> = { last_message_at: now };
    const firstResponse = kind === 'public' && isStaff(ctx.actor) && ticket.first_response_at === null;
    if (firstResponse) set.first_response_at = now;
    const move: Move | null =
      fromCustomer && ticket.status === 'waiting'
        ? { from: 'waiting', to: 'in_progress' }
        : fromCustomer && ticket.status === 'resolved'
          ? { from: 'resolved', to: 'open' }
          : null;
    if (move) Object.assign(set, statusColumns(ticket, move.to, now));
    await recordChange(txCtx, {
      event: kind === 'public' ? 'ticket.replied' : 'ticket.note_added',
      entity: 'ticket',
      entity_id: ticketId,
      customer_id: ticket.customer_id,
      changed_fields: ['messages', ...(firstResponse ? ['first_response_at'] : [])],
      activity:
        kind === 'public' && ticket.customer_id
          ? {
              activity_type: 'ticket',
              title: `${fromCustomer ? 'Message du client' : 'Réponse'} : ${ticket.number}`,
              reference_table: 'support_tickets',
              reference_id: ticketId,
              metadata: {
                number: ticket.number,
                message_id: messageId,
                from: authorTypeOf(txCtx),
                attachments: attachments.length,
              },
            }
          : null,
      payload: {
        number: ticket.number,
        message_id: messageId,
        kind,
        author_type: authorTypeOf(txCtx),
        first_response: firstResponse,
      },
    });
    if (move) await recordStatusChange(txCtx, ticket, move);
    await saveTicket(txCtx, ticket, set, firstResponse || move !== null);
    if (kind === 'public' && isStaff(ctx.actor))
      await queueTicketEmail(txCtx, 'ticket_reply', ticket, input.body);
  });
  return getTicket(ctx, ticketId);
}

async function checkAssignee(ctx: Ctx, userId: string) {
  const user = (await findUsersByIds(ctx, [userId])).get(userId);
  if (!user || !(staffRoles as readonly string[]).includes(user.role)) {
    throw invalidFields([{ path: 'assigned_to', message: 'Must be a staff user' }]);
  }
}

/** Status (along the allowed moves, else 409), priority and assignee; each change recorded. */
export async function updateTicket(ctx: Ctx, ticketId: string, patch: TicketPatch) {
  if (patch.assigned_to) await checkAssignee(ctx, patch.assigned_to);
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const now = ctx.clock.now();
    const ticket = await readTicketOrThrow(txCtx, ticketId, { forUpdate: true });
    const set: Partial<TicketRow> = {};
    const move: Move | null =
      patch.status !== undefined && patch.status !== ticket.status
        ? { from: ticket.status, to: patch.status }
        : null;
    if (move) {
      checkTransition(ticket.number, move.from, move.to);
      Object.assign(set, statusColumns(ticket, move.to, now));
      await recordStatusChange(txCtx, ticket, move);
    }
    if (patch.priority !== undefined && patch.priority !== ticket.priority) {
      set.priority = patch.priority;
      await recordChange(txCtx, {
        event: 'ticket.priority_changed',
        entity: 'ticket',
        entity_id: ticketId,
        customer_id: ticket.customer_id,
        changed_fields: ['priority'],
        payload: { number: ticket.number, from: ticket.priority, to: patch.priority },
      });
    }
    if (patch.assigned_to !== undefined && patch.assigned_to !== ticket.assigned_to) {
      set.assigned_to = patch.assigned_to;
      await recordChange(txCtx, {
        event: 'ticket.assigned',
        entity: 'ticket',
        entity_id: ticketId,
        customer_id: ticket.customer_id,
        changed_fields: ['assigned_to'],
        // The timeline says the ticket is taken in hand, never by whom (clients read it).
        activity: ticket.customer_id
          ? {
              activity_type: 'ticket',
              title: `${patch.assigned_to ? 'Billet pris en charge' : 'Billet remis en file'} : ${ticket.number}`,
              reference_table: 'support_tickets',
              reference_id: ticketId,
              metadata: { number: ticket.number, assigned: patch.assigned_to !== null },
            }
          : null,
        payload: { number: ticket.number, assigned_to: patch.assigned_to, previous: ticket.assigned_to },
      });
    }
    if (Object.keys(set).length === 0) return;
    await saveTicket(txCtx, ticket, set, move !== null || set.priority !== undefined);
  });
  return getTicket(ctx, ticketId);
}
