/** The audit API's shapes, from the generated API types (server: modules/audit). */
import type { QueryOf, ResponseOf, Schema } from '../../lib/api-types';

export type AuditEntry = Schema<'AuditEntry'>;
export type AuditEntryPage = ResponseOf<'listAuditEntries'>;
export type AuditListParams = QueryOf<'listAuditEntries'> & { page: number; per_page: number };
export type AuditSeal = Schema<'AuditSeal'>;
export type AuditSealResult = Schema<'AuditSealResult'>;
export type AuditVerification = Schema<'AuditVerification'>;
export type AuditFailureKind = NonNullable<AuditVerification['failure']>['kind'];

/** The entities the server records today; the filter also takes any other name. */
export const knownEntities = [
  'customer',
  'customer_contact',
  'customer_address',
  'customer_vehicle',
  'customer_activity',
  'customer_consent',
  'user',
  'api_key',
  'domain_event',
] as const;
