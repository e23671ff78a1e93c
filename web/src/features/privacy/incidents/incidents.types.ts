export const personalInformationTypes = [
  'identity',
  'contact',
  'financial',
  'health',
  'government_id',
  'location',
  'credentials',
  'other',
] as const;
export const seriousInjuryRisks = ['yes', 'no', 'under_assessment'] as const;
export const incidentStatuses = ['open', 'assessed', 'notified', 'closed'] as const;

export type PersonalInformationType = (typeof personalInformationTypes)[number];
export type SeriousInjuryRisk = (typeof seriousInjuryRisks)[number];
export type IncidentStatus = (typeof incidentStatuses)[number];

export interface Incident {
  id: string;
  number: string;
  occurred_at: string;
  discovered_at: string;
  description: string;
  personal_information_types: PersonalInformationType[];
  persons_count: number;
  customer_ids: string[];
  cause: string | null;
  serious_injury_risk: SeriousInjuryRisk;
  risk_assessment: string | null;
  measures_taken: string | null;
  cai_notified_at: string | null;
  persons_notified_at: string | null;
  status: IncidentStatus;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface IncidentDetail extends Incident {
  customers: { id: string; display_name: string }[];
}

export interface IncidentInput {
  occurred_at: string;
  discovered_at: string;
  description: string;
  personal_information_types: PersonalInformationType[];
  persons_count: number;
  customer_ids: string[];
  cause: string | null;
  serious_injury_risk: SeriousInjuryRisk;
  risk_assessment: string | null;
  measures_taken: string | null;
  cai_notified_at: string | null;
  persons_notified_at: string | null;
  status: IncidentStatus;
}

export interface IncidentListParams {
  status?: IncidentStatus;
  serious_injury_risk?: SeriousInjuryRisk;
  awaiting_cai_notification?: boolean;
  q?: string;
  page?: number;
  per_page?: number;
}

export function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}
