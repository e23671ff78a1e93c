/**
 * The register as the CAI asks for it: a CSV that Excel opens as it is (core/csv.ts), with
 * the register's own labels.
 */
import type { IncidentStatus, PersonalInformationType, SeriousInjuryRisk } from './incidents.schemas.ts';

export { type CsvCell, csvCell, guardFormula, toCsv } from '../../core/csv.ts';

/** The company's time zone: register dates are written as the people who keep it read them. */
export const companyTimeZone = 'America/Montreal';

export const informationTypeLabels: Record<PersonalInformationType, string> = {
  identity: 'Identité',
  contact: 'Coordonnées',
  financial: 'Renseignements financiers',
  health: 'Santé',
  government_id: 'Numéros d’identification gouvernementaux',
  location: 'Localisation',
  credentials: 'Identifiants de connexion',
  other: 'Autre',
};

export const riskLabels: Record<SeriousInjuryRisk, string> = {
  yes: 'Oui',
  no: 'Non',
  under_assessment: 'En cours d’évaluation',
};

export const statusLabels: Record<IncidentStatus, string> = {
  open: 'Ouvert',
  assessed: 'Évalué',
  notified: 'Avisé',
  closed: 'Fermé',
};

const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: companyTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 2026-11-21 10:00, in Montréal time: a form every spreadsheet reads as a date. */
export function localDateTime(at: Date | null): string | null {
  if (!at) return null;
  const part = Object.fromEntries(localParts.formatToParts(at).map((item) => [item.type, item.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

const yearFormat = new Intl.DateTimeFormat('en-CA', { timeZone: companyTimeZone, year: 'numeric' });

/** The calendar year an instant falls in, in the company's time zone. */
export function companyYear(at: Date): number {
  return Number(yearFormat.format(at));
}
