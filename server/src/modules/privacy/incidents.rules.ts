import { AppError, type FieldError, invalidFields } from '../../core/errors.ts';
import type { privacy_incidents } from './incidents.tables.ts';

// The register's rules, pure: which dates, decisions and statuses an entry may hold.

type IncidentRow = typeof privacy_incidents.$inferSelect;
export type IncidentState = Pick<
  IncidentRow,
  | 'occurred_at'
  | 'discovered_at'
  | 'cai_notified_at'
  | 'persons_notified_at'
  | 'serious_injury_risk'
  | 'risk_assessment'
  | 'status'
>;

/** A browser's clock may run a little ahead of the server's; "now" typed in a form is not the future. */
const clockSkewMs = 5 * 60 * 1000;

/** INC-2026-0001. */
export function formatIncidentNumber(year: number, sequence: number): string {
  return `INC-${year}-${String(sequence).padStart(4, '0')}`;
}

/**
 * Dates that contradict each other or lie ahead, and a risk decision without its reasons:
 * each a 400 naming its field.
 */
export function incidentFieldIssues(state: IncidentState, now: Date): FieldError[] {
  const issues: FieldError[] = [];
  const latest = now.getTime() + clockSkewMs;
  for (const field of ['occurred_at', 'discovered_at', 'cai_notified_at', 'persons_notified_at'] as const) {
    const at = state[field];
    if (at && at.getTime() > latest) issues.push({ path: field, message: 'Must not be in the future' });
  }
  if (state.discovered_at < state.occurred_at) {
    issues.push({ path: 'discovered_at', message: 'Must not be before occurred_at' });
  }
  for (const field of ['cai_notified_at', 'persons_notified_at'] as const) {
    const at = state[field];
    if (at && at < state.discovered_at) {
      issues.push({ path: field, message: 'Must not be before discovered_at' });
    }
  }
  if (state.serious_injury_risk !== 'under_assessment' && !state.risk_assessment) {
    issues.push({
      path: 'risk_assessment',
      message:
        'Give the reasons for the decision: sensitivity of the information, anticipated consequences, likelihood of misuse',
    });
  }
  return issues;
}

/**
 * What a status needs (422): past `open`, a decision on the risk; `notified` and `closed`
 * with a serious risk, the date the CAI was notified (a closed entry can no longer change,
 * so closing first would leave the notification unrecorded for good).
 */
export function statusRuleViolation(state: IncidentState): AppError | undefined {
  if (state.status !== 'open' && state.serious_injury_risk === 'under_assessment') {
    return new AppError(
      'incident.risk_decision_required',
      `Status ${state.status} requires a decision on serious_injury_risk (yes or no), not under_assessment`,
      { status: state.status },
      [{ path: 'serious_injury_risk', message: 'Decide yes or no before this status' }],
    );
  }
  if (
    (state.status === 'notified' || state.status === 'closed') &&
    state.serious_injury_risk === 'yes' &&
    !state.cai_notified_at
  ) {
    return new AppError(
      'incident.cai_notification_required',
      `Status ${state.status} requires cai_notified_at when serious_injury_risk is yes`,
      { status: state.status },
      [{ path: 'cai_notified_at', message: 'Record when the CAI was notified' }],
    );
  }
  return undefined;
}

export function checkIncident(state: IncidentState, now: Date) {
  const issues = incidentFieldIssues(state, now);
  if (issues.length) throw invalidFields(issues);
  const violation = statusRuleViolation(state);
  if (violation) throw violation;
}
