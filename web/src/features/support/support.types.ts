/** The support API's shapes, from the generated API types (server: modules/support/tickets.*). */
import { type BodyOf, everyValueOf, type QueryOf, type Schema } from '../../lib/api-types';

export type Ticket = Schema<'Ticket'>;
export type TicketDetail = Schema<'TicketDetail'>;
export type TicketMessage = Schema<'TicketMessage'>;
export type TicketStatusChange = Schema<'TicketStatusChange'>;
export type TicketStats = Schema<'TicketStats'>;
export type TicketStatus = Ticket['status'];
export type TicketPriority = Ticket['priority'];
export type TicketCategory = Ticket['category'];
export type MessageKind = TicketMessage['kind'];
export type TicketCreate = BodyOf<'createTicket'>;
export type TicketPatch = BodyOf<'updateTicket'>;
export type TicketListParams = Partial<QueryOf<'listTickets'>>;
export type TicketSort = NonNullable<TicketListParams['sort']>;
export type ContactForm = BodyOf<'submitContactForm'>;
export type SlaSettings = Schema<'SupportSlaSettings'>;

// In the order the UI offers them.
export const ticketStatuses = everyValueOf<TicketStatus>()([
  'open',
  'in_progress',
  'waiting',
  'resolved',
  'closed',
]);
export const ticketPriorities = everyValueOf<TicketPriority>()(['urgent', 'high', 'normal', 'low']);
export const ticketCategories = everyValueOf<TicketCategory>()([
  'general',
  'technical',
  'billing',
  'feature',
]);
export const ticketSorts = everyValueOf<TicketSort>()(['newest', 'oldest', 'updated', 'sla', 'priority']);

/** What the queue shows unless asked otherwise: the tickets someone still has to act on. */
export const activeStatuses: readonly TicketStatus[] = ['open', 'in_progress', 'waiting'];

/** The moves the server allows (tickets.rules.ts), offered in this order. */
export const nextStatuses: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['in_progress', 'waiting', 'resolved'],
  in_progress: ['waiting', 'resolved'],
  waiting: ['in_progress', 'resolved'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};
