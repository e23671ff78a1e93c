import { describe, expect, it } from 'vitest';
import { defaultBusinessHours as hours } from './business-hours.ts';
import {
  defaultSlaTargets,
  isSlaBreached,
  type StatusChange,
  slaDeadlines,
  slaPauses,
  waitingSecondsOf,
} from './sla.ts';

const at = (iso: string) => new Date(iso);
const created = at('2026-02-10T14:00:00Z'); // Tuesday 9:00 in Montréal
const change = (to_status: StatusChange['to_status'], iso: string): StatusChange => ({
  to_status,
  changed_at: at(iso),
});

function deadlines(
  history: StatusChange[],
  met: { first?: string; resolved?: string } = {},
  priority = 'urgent' as const,
) {
  return slaDeadlines({
    created_at: created,
    target: defaultSlaTargets[priority],
    history: [change('open', created.toISOString()), ...history],
    first_response_at: met.first ? at(met.first) : null,
    resolved_at: met.resolved ? at(met.resolved) : null,
    hours,
  });
}

describe('SLA deadlines from the status history', () => {
  it('gives an urgent ticket 1 h to answer and 4 h to resolve, in working hours', () => {
    expect(deadlines([])).toEqual({
      first_response_due_at: at('2026-02-10T15:00:00Z'),
      resolution_due_at: at('2026-02-10T18:00:00Z'),
      sla_due_at: at('2026-02-10T15:00:00Z'),
    });
  });

  it('gives a low one a working day to answer and five to resolve', () => {
    const low = deadlines([], {}, 'low' as 'urgent');
    expect(low.first_response_due_at).toEqual(at('2026-02-10T22:00:00Z'));
    // Five working days from Tuesday 9:00: the next Monday at 17:00.
    expect(low.resolution_due_at).toEqual(at('2026-02-16T22:00:00Z'));
  });

  it('does not count the time spent waiting for the customer, nor while resolved before a reopen', () => {
    const history = [
      change('in_progress', '2026-02-10T14:30:00Z'),
      change('waiting', '2026-02-10T15:00:00Z'), // 10:00
      change('in_progress', '2026-02-10T17:00:00Z'), // 12:00: two hours stopped
      change('resolved', '2026-02-10T18:00:00Z'),
      change('open', '2026-02-10T19:00:00Z'), // reopened after an hour
    ];
    const result = deadlines(history, { first: '2026-02-10T14:45:00Z' });
    expect(result.resolution_due_at).toEqual(at('2026-02-10T21:00:00Z'));
    expect(result.sla_due_at).toEqual(at('2026-02-10T21:00:00Z'));
    expect(waitingSecondsOf(history)).toBe(2 * 3600);
  });

  it('stops the deadline while waiting (unknown), and keeps one already passed when the wait began', () => {
    expect(deadlines([change('waiting', '2026-02-10T14:30:00Z')]).sla_due_at).toBeNull();
    const late = deadlines([change('waiting', '2026-02-10T16:00:00Z')]);
    expect(late.first_response_due_at).toEqual(at('2026-02-10T15:00:00Z'));
    expect(
      isSlaBreached({ ...late, first_response_at: null, resolved_at: null }, at('2026-02-10T16:30:00Z')),
    ).toBe(true);
  });

  it('counts a reply written while waiting as on time when the clock had time left', () => {
    const history = [change('waiting', '2026-02-10T14:30:00Z')];
    const result = deadlines(history, { first: '2026-02-11T20:00:00Z' });
    expect(result.first_response_due_at!.getTime()).toBeGreaterThan(at('2026-02-11T20:00:00Z').getTime());
    expect(
      isSlaBreached(
        { ...result, first_response_at: at('2026-02-11T20:00:00Z'), resolved_at: null },
        at('2026-02-11T20:00:00Z'),
      ),
    ).toBe(false);
  });

  it('calls a late first reply a breach, even once answered', () => {
    const result = deadlines([], { first: '2026-02-10T16:00:00Z' });
    const ticket = { ...result, first_response_at: at('2026-02-10T16:00:00Z'), resolved_at: null };
    expect(isSlaBreached(ticket, at('2026-02-10T16:00:00Z'))).toBe(true);
    expect(result.sla_due_at).toEqual(result.resolution_due_at);
  });

  it('merges pauses that follow each other (waiting, then resolved)', () => {
    expect(
      slaPauses([
        change('open', '2026-02-10T14:00:00Z'),
        change('waiting', '2026-02-10T15:00:00Z'),
        change('resolved', '2026-02-10T16:00:00Z'),
        change('closed', '2026-02-10T17:00:00Z'),
      ]),
    ).toEqual([{ from: at('2026-02-10T15:00:00Z'), to: null }]);
  });
});
