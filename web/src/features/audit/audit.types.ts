/** The audit API's shapes (server: modules/audit/*.schemas.ts, AuditEntry in audit.routes.ts). */
export interface AuditEntry {
  id: string;
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  role: string;
  ip: string | null;
  user_agent: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  customer_id: string | null;
  changed_fields: string[];
  metadata: Record<string, unknown>;
}

export interface AuditListParams {
  entity?: string;
  entity_id?: string;
  customer_id?: string;
  page: number;
  per_page: number;
}

export interface AuditSeal {
  block_no: number;
  entry_count: number;
  first_entry_id: string;
  last_entry_id: string;
  first_occurred_at: string;
  last_occurred_at: string;
  hash: string;
  sealed_at: string;
}

export const auditFailureKinds = [
  'altered',
  'deleted',
  'inserted',
  'chain_broken',
  'seal_altered',
  'transaction_ids_behind',
] as const;
export type AuditFailureKind = (typeof auditFailureKinds)[number];

export interface AuditVerification {
  ok: boolean;
  verified_up_to: string | null;
  blocks_checked: number;
  entries_checked: number;
  unsealed_entries: number;
  latest_block: AuditSeal | null;
  failure: {
    kind: AuditFailureKind;
    block_no: number | null;
    entry_id: string | null;
    message: string;
  } | null;
}

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
] as const;
