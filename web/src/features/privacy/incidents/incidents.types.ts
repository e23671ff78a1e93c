/** The register's API shapes, from the generated API types (server: modules/privacy/incidents.*). */
import { type BodyOf, everyValueOf, type QueryOf, type Schema } from '../../../lib/api-types';

export type Incident = Schema<'PrivacyIncident'>;
export type IncidentDetail = Schema<'PrivacyIncidentDetail'>;
export type IncidentInput = BodyOf<'createPrivacyIncident'>;
export type IncidentListParams = Partial<QueryOf<'listPrivacyIncidents'>>;
export type PersonalInformationType = Incident['personal_information_types'][number];
export type SeriousInjuryRisk = Incident['serious_injury_risk'];
export type IncidentStatus = Incident['status'];

export const personalInformationTypes = everyValueOf<PersonalInformationType>()([
  'identity',
  'contact',
  'financial',
  'health',
  'government_id',
  'location',
  'credentials',
  'other',
]);
export const seriousInjuryRisks = everyValueOf<SeriousInjuryRisk>()(['yes', 'no', 'under_assessment']);
export const incidentStatuses = everyValueOf<IncidentStatus>()(['open', 'assessed', 'notified', 'closed']);
