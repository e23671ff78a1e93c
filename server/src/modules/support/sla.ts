/*
 * Service levels, pure: from a ticket's priority targets and status history, its deadlines for
 * the first response and the resolution, counted in business hours with the clock stopped
 * while the ticket waits for the customer or stays resolved (a reopened ticket resumes with
 * the time it had left).
 */
import { type BusinessHours, businessDeadline, type Pause } from './business-hours.ts';
import type { TicketPriority, TicketStatus } from './tickets.tables.ts';

export interface SlaTarget {
  /** Working minutes until the first public reply from staff. */
  first_response_minutes: number;
  /** Working minutes until the ticket is resolved. */
  resolution_minutes: number;
}

const hour = 60;
const day = 8 * hour; // a working day of 9:00–17:00

/** What applies until an admin sets targets: urgent 1 h / 4 h, high 4 h / 1 d, normal 8 h / 3 d, low 1 d / 5 d. */
export const defaultSlaTargets: Record<TicketPriority, SlaTarget> = {
  urgent: { first_response_minutes: hour, resolution_minutes: 4 * hour },
  high: { first_response_minutes: 4 * hour, resolution_minutes: day },
  normal: { first_response_minutes: 8 * hour, resolution_minutes: 3 * day },
  low: { first_response_minutes: day, resolution_minutes: 5 * day },
};

/** The clock stops while the customer has the ball, and while the ticket is resolved or closed. */
export const slaPausedStatuses: readonly TicketStatus[] = ['waiting', 'resolved', 'closed'];

export interface StatusChange {
  to_status: TicketStatus;
  changed_at: Date;
}

/** The spans spent in paused statuses, in order, consecutive ones merged; the last may be open. */
export function slaPauses(history: readonly StatusChange[]): Pause[] {
  const pauses: Pause[] = [];
  let current: Pause | null = null;
  for (const change of history) {
    const paused = slaPausedStatuses.includes(change.to_status);
    if (paused && !current) {
      current = { from: change.changed_at, to: null };
      pauses.push(current);
    } else if (!paused && current) {
      current.to = change.changed_at;
      current = null;
    }
  }
  return pauses;
}

/** Wall-clock seconds spent in `waiting`, spans that ended (the current one is the caller's to add). */
export function waitingSecondsOf(history: readonly StatusChange[]): number {
  let total = 0;
  let since: Date | null = null;
  for (const change of history) {
    if (since) total += (change.changed_at.getTime() - since.getTime()) / 1000;
    since = change.to_status === 'waiting' ? change.changed_at : null;
  }
  return Math.floor(total);
}

/** The pauses as they stood when a deadline was met: a pause open then ends there, later ones never were. */
function pausesUntil(pauses: readonly Pause[], metAt: Date): Pause[] {
  return pauses
    .filter((pause) => pause.from < metAt)
    .map((pause) => ({ from: pause.from, to: pause.to === null || pause.to > metAt ? metAt : pause.to }));
}

export interface SlaInput {
  created_at: Date;
  target: SlaTarget;
  history: readonly StatusChange[];
  first_response_at: Date | null;
  resolved_at: Date | null;
  hours: BusinessHours;
}

export interface SlaDeadlines {
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  /** The nearest deadline not met yet; null when both are met or the clock is stopped. */
  sla_due_at: Date | null;
}

function deadline(input: SlaInput, minutes: number, metAt: Date | null, pauses: Pause[]): Date | null {
  return businessDeadline(
    input.created_at,
    minutes * 60,
    metAt ? pausesUntil(pauses, metAt) : pauses,
    input.hours,
  );
}

/**
 * A deadline met is known for good (a met one is compared with when it was met); one not met
 * yet is unknown (null) while the clock is stopped before reaching it.
 */
export function slaDeadlines(input: SlaInput): SlaDeadlines {
  const pauses = slaPauses(input.history);
  const firstResponse = deadline(input, input.target.first_response_minutes, input.first_response_at, pauses);
  const resolution = deadline(input, input.target.resolution_minutes, input.resolved_at, pauses);
  const pending = [
    input.first_response_at ? null : firstResponse,
    input.resolved_at ? null : resolution,
  ].filter((due): due is Date => due !== null);
  const nearest = pending.length ? new Date(Math.min(...pending.map((due) => due.getTime()))) : null;
  return { first_response_due_at: firstResponse, resolution_due_at: resolution, sla_due_at: nearest };
}

/** Whether a deadline was missed: met after it, or not met and past it now. */
export function isSlaBreached(
  ticket: {
    first_response_at: Date | null;
    first_response_due_at: Date | null;
    resolved_at: Date | null;
    resolution_due_at: Date | null;
  },
  now: Date,
): boolean {
  const missed = (due: Date | null, metAt: Date | null) => due !== null && (metAt ?? now) > due;
  return (
    missed(ticket.first_response_due_at, ticket.first_response_at) ||
    missed(ticket.resolution_due_at, ticket.resolved_at)
  );
}
