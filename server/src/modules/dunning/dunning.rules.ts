import type { DunningLevel } from '../mail/index.ts';

/** Days past due at which each level is due: soft, firm, urgent, final. */
export const dunningSchedule: Record<DunningLevel, number> = { 1: 3, 2: 10, 3: 21, 4: 30 };

/** The highest level due `daysLate` days past the due date; 0 for none yet. */
export function levelDue(daysLate: number): 0 | DunningLevel {
  if (daysLate >= dunningSchedule[4]) return 4;
  if (daysLate >= dunningSchedule[3]) return 3;
  if (daysLate >= dunningSchedule[2]) return 2;
  if (daysLate >= dunningSchedule[1]) return 1;
  return 0;
}

/**
 * What a run does for an invoice whose reminders reached `doneLevel`: send the highest level
 * due now (never a burst after missed days) and record the ones in between as skipped.
 */
export function reminderPlan(
  daysLate: number,
  doneLevel: number,
): { send: DunningLevel; skip: DunningLevel[] } | null {
  const due = levelDue(daysLate);
  if (due <= doneLevel) return null;
  const skip: DunningLevel[] = [];
  for (let level = doneLevel + 1; level < due; level += 1) skip.push(level as DunningLevel);
  return { send: due as DunningLevel, skip };
}

const levelNames: Record<DunningLevel, string> = { 1: 'courtoise', 2: 'ferme', 3: 'urgente', 4: 'finale' };

export function reminderTitle(level: DunningLevel, number: string, daysLate: number): string {
  return `Relance ${level} (${levelNames[level]}) de la facture ${number} : ${daysLate} jours de retard`;
}
