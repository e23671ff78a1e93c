/**
 * The register as the CAI asks for it: a CSV that Excel opens as it is. A few lines of
 * RFC 4180 are written here rather than taken from a library: the formula guard and the
 * labels are the register's own, and the quoting is the whole of the rest.
 */
import type { IncidentStatus, PersonalInformationType, SeriousInjuryRisk } from './incidents.schemas.ts';

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

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP CSV injection),
// fullwidth forms included.
const formulaStart = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Text that a spreadsheet will show, never evaluate: a leading apostrophe disarms a formula. */
export function guardFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

export type CsvCell = string | number | null;

/** One cell: numbers as they are, text guarded then always quoted (quotes doubled), null empty. */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return `"${guardFormula(value).replaceAll('"', '""')}"`;
}

/** UTF-8 with a byte-order mark (Excel reads accents right only then), CRLF after every record. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('')}`;
}

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
