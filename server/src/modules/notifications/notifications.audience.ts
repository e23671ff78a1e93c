import type { Role } from '../../core/context.ts';

/** The part of a domain event the rules read (core/events.ts's DomainEvent fits it). */
export interface AudienceEvent {
  type: string;
  customer_id: string | null;
  entity_id: string | null;
  actor_id: string | null;
  payload: Record<string, unknown>;
}

export interface StaffUser {
  id: string;
  role: Role;
}

export interface CustomerVisibility {
  id: string;
  privacy_level: string;
  assigned_user_id: string | null;
}

/** What the rules look up; notifications.events.ts answers from auth, customers and support. */
export interface AudienceDirectory {
  /** Users holding one of these (staff) roles. */
  usersWithRoles(roles: readonly Role[]): Promise<StaffUser[]>;
  /** The client users (portal sign-ins) of a customer. */
  clientUsersOf(customerId: string): Promise<string[]>;
  /** Who may see the customer; null when it is gone. */
  customer(customerId: string): Promise<CustomerVisibility | null>;
  /** A ticket's assignee now (replies and notes carry no assignee). */
  ticketAssignee(ticketId: string): Promise<string | null>;
  /** A user's role; null when there is no such user. */
  roleOf(userId: string): Promise<Role | null>;
}

/** Support staff: who works the ticket queue. */
export const supportRoles = ['admin', 'staff'] as const satisfies readonly Role[];
/** Whoever may be assigned a ticket. */
const staffRolesAll = ['admin', 'staff', 'advisor'] as const satisfies readonly Role[];
/** Who takes escalated claim conversations. */
export const advisorRoles = ['advisor'] as const satisfies readonly Role[];

/** The event types that notify someone; anything else is ignored. */
export const notifiedEventTypes = [
  'ticket.opened',
  'ticket.assigned',
  'ticket.replied',
  'ticket.note_added',
  'ticket.status_changed',
  'claim.opened',
  'claim.status_changed',
  'claim.escalated',
  'claim.assigned',
  'conversation.message_added',
  'conversation.escalated',
  'conversation.taken',
] as const;
export type NotifiedEventType = (typeof notifiedEventTypes)[number];

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * Staff who may see a customer's records: a `confidentiel` customer only reaches admins and
 * the user assigned to it, as everywhere else (customers' canSeeCustomer).
 */
function visibleTo(users: StaffUser[], customer: CustomerVisibility | null): string[] {
  return users
    .filter(
      (user) =>
        customer === null ||
        customer.privacy_level !== 'confidentiel' ||
        user.role === 'admin' ||
        customer.assigned_user_id === user.id,
    )
    .map((user) => user.id);
}

async function staffSeeing(directory: AudienceDirectory, roles: readonly Role[], customerId: string | null) {
  const users = await directory.usersWithRoles(roles);
  return visibleTo(users, customerId ? await directory.customer(customerId) : null);
}

async function clientsOf(directory: AudienceDirectory, customerId: string | null) {
  return customerId ? directory.clientUsersOf(customerId) : [];
}

/** A named user (an assignee), if they still hold one of these roles and may see the customer. */
async function assignee(
  directory: AudienceDirectory,
  userId: string | null,
  roles: readonly Role[],
  customerId: string | null,
) {
  if (!userId) return [];
  const role = await directory.roleOf(userId);
  if (!role || !roles.includes(role)) return [];
  return visibleTo([{ id: userId, role }], customerId ? await directory.customer(customerId) : null);
}

/**
 * Who is notified of an event (ADR 14). Staff learn of new tickets, replies, escalations
 * and assignments; a customer's client users of what happens to their own tickets and
 * claims. The person who acted is never notified of their own act.
 */
export async function audienceOf(event: AudienceEvent, directory: AudienceDirectory): Promise<string[]> {
  const { payload } = event;
  const customerId = event.customer_id ?? text(payload.customer_id);
  let recipients: string[] = [];
  switch (event.type) {
    case 'ticket.opened':
      recipients = await staffSeeing(directory, supportRoles, customerId);
      break;
    case 'ticket.assigned':
      recipients = await assignee(directory, text(payload.assigned_to), staffRolesAll, customerId);
      break;
    case 'ticket.replied': {
      const current = event.entity_id ? await directory.ticketAssignee(event.entity_id) : null;
      const staff = current
        ? await assignee(directory, current, staffRolesAll, customerId)
        : payload.author_type === 'customer'
          ? await staffSeeing(directory, supportRoles, customerId)
          : [];
      // A public reply from staff reaches the customer; the customer's own message does not echo back.
      const clients = payload.author_type === 'customer' ? [] : await clientsOf(directory, customerId);
      recipients = [...staff, ...clients];
      break;
    }
    case 'ticket.note_added': {
      const current = event.entity_id ? await directory.ticketAssignee(event.entity_id) : null;
      recipients = await assignee(directory, current, staffRolesAll, customerId);
      break;
    }
    case 'ticket.status_changed': {
      const current = event.entity_id ? await directory.ticketAssignee(event.entity_id) : null;
      recipients = [
        ...(await assignee(directory, current, staffRolesAll, customerId)),
        ...(await clientsOf(directory, customerId)),
      ];
      break;
    }
    case 'claim.opened':
    case 'claim.status_changed':
    case 'conversation.taken':
      recipients = await clientsOf(directory, customerId);
      break;
    case 'claim.escalated':
    case 'conversation.escalated':
      recipients = await staffSeeing(directory, advisorRoles, customerId);
      break;
    case 'claim.assigned':
      recipients = await assignee(directory, text(payload.assigned_to), advisorRoles, customerId);
      break;
    case 'conversation.message_added':
      recipients = payload.author === 'advisor' ? await clientsOf(directory, customerId) : [];
      break;
    default:
      return [];
  }
  return [...new Set(recipients)].filter((id) => id !== event.actor_id);
}

/**
 * Who gets a live signal of the event — not stored, not in the bell, only for open pages to
 * refresh (ADR 14). A conversation taken leaves the other advisors' queues: their dashboards
 * hear of it at once instead of offering a conversation someone already has. A claim's
 * assignee hears of its status moves by others, and the advisor holding a conversation of
 * its customer's messages, so their open claim page follows.
 */
export async function signalAudienceOf(
  event: AudienceEvent,
  directory: AudienceDirectory,
): Promise<string[]> {
  const customerId = event.customer_id ?? text(event.payload.customer_id);
  let recipients: string[] = [];
  switch (event.type) {
    case 'conversation.taken':
      recipients = await staffSeeing(directory, advisorRoles, customerId);
      break;
    case 'claim.status_changed':
      recipients = await assignee(directory, text(event.payload.assigned_to), staffRolesAll, customerId);
      break;
    case 'conversation.message_added':
      recipients =
        event.payload.author === 'customer'
          ? await assignee(directory, text(event.payload.assigned_to), staffRolesAll, customerId)
          : [];
      break;
    default:
      return [];
  }
  return recipients.filter((id) => id !== event.actor_id);
}

type Param = string | number | boolean | null;

/** Payload fields a notification may carry: numbers, ids and codes — never what a person wrote. */
const paramKeys = [
  'number',
  'from',
  'to',
  'priority',
  'category',
  'kind',
  'cci',
  'reason',
  'claim_id',
  'conversation_id',
] as const;
const codeLike = /^[A-Za-z0-9_.:-]{1,64}$/;

export function paramsOf(event: AudienceEvent): Record<string, Param> {
  const params: Record<string, Param> = {};
  for (const key of paramKeys) {
    const value = event.payload[key];
    if (typeof value === 'number' && Number.isFinite(value)) params[key] = value;
    else if (typeof value === 'boolean') params[key] = value;
    else if (typeof value === 'string' && codeLike.test(value)) params[key] = value;
  }
  return params;
}

/** Where the web opens the notification. */
export function linkOf(event: AudienceEvent): string | null {
  const { payload } = event;
  if (event.type.startsWith('ticket.')) return event.entity_id ? `/tickets/${event.entity_id}` : null;
  const claimId = text(payload.claim_id);
  if (claimId) return `/claims/${claimId}`;
  // An escalated conversation without a claim waits in the advisors' queue, on their dashboard.
  if (event.type === 'conversation.escalated') return '/claims/dashboard';
  // Anything else about a conversation without a claim reaches its customer, who has no page for it.
  return null;
}

/** The entity a notification is about: the ticket, else the claim, else the conversation. */
export function subjectOf(event: AudienceEvent): { entity: string; entity_id: string | null } {
  if (event.type.startsWith('ticket.')) return { entity: 'ticket', entity_id: event.entity_id };
  const claimId = text(event.payload.claim_id);
  if (claimId) return { entity: 'claim', entity_id: claimId };
  return { entity: 'conversation', entity_id: text(event.payload.conversation_id) };
}
