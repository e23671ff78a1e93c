export {
  addBusinessSeconds,
  type BusinessHours,
  businessDeadline,
  businessSecondsBetween,
  defaultBusinessHours,
  type Pause,
} from './business-hours.ts';
export { submitContactForm } from './contact.service.ts';
export { defaultSlaTargets, isSlaBreached, type SlaTarget, slaDeadlines } from './sla.ts';
export { getSlaTargets, supportBusinessHours } from './sla-targets.service.ts';
export { anonymizedText, supportEventHandlers } from './support.events.ts';
export { supportExportSection } from './support.export.ts';
export { findTickets, getTicket } from './tickets.read.ts';
export { contactRateLimit, supportRoutes } from './tickets.routes.ts';
export { type Ticket, ticketSchema } from './tickets.schemas.ts';
export {
  addTicketMessage,
  createTicket,
  type OpenTicketInput,
  openTicket,
  updateTicket,
} from './tickets.service.ts';
export {
  support_sla_targets,
  support_tickets,
  ticket_messages,
  ticket_status_changes,
} from './tickets.tables.ts';
