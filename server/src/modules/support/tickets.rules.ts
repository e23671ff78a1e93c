import { AppError } from '../../core/errors.ts';
import type { TicketStatus } from './tickets.tables.ts';

// The ticket's rules, pure: its number and the moves its status may make.

/** TCK-000001. */
export function formatTicketNumber(sequence: number): string {
  return `TCK-${String(sequence).padStart(6, '0')}`;
}

/** "12" or "000012" → "TCK-000012"; anything else is not a bare number. */
export function ticketNumberOf(text: string): string | undefined {
  return /^\d{1,6}$/.test(text) ? formatTicketNumber(Number(text)) : undefined;
}

/**
 * Forward along open → in_progress → waiting → resolved → closed, a step skipped when work goes
 * faster (answered and solved at once), back from waiting to in_progress when the customer
 * answers, and a reopen from resolved or closed. Nothing else: a ticket is not closed before
 * it is resolved, and is not sent back to `open` while someone works on it.
 */
const allowed: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['in_progress', 'waiting', 'resolved'],
  in_progress: ['waiting', 'resolved'],
  waiting: ['in_progress', 'resolved'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};

export function canMoveTicket(from: TicketStatus, to: TicketStatus): boolean {
  return allowed[from].includes(to);
}

export function checkTransition(number: string, from: TicketStatus, to: TicketStatus) {
  if (!canMoveTicket(from, to)) {
    throw new AppError(
      'ticket.invalid_transition',
      `${number} cannot go from ${from} to ${to}`,
      { from, to, allowed: allowed[from] },
      [{ path: 'status', message: `Cannot go from ${from} to ${to}` }],
    );
  }
}
