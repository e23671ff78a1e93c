export const consentTypes = [
  'marketing_email',
  'marketing_sms',
  'analytics',
  'profiling',
  'data_sharing',
  'service_notifications',
] as const;
export type ConsentType = (typeof consentTypes)[number];

export interface ConsentState {
  consent_type: ConsentType;
  is_granted: boolean;
  is_valid: boolean;
  version: number;
  source: string | null;
  granted_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
  recorded_at: string | null;
}

export interface ConsentRecord {
  id: string;
  consent_type: ConsentType;
  is_granted: boolean;
  source: string;
  ip_address: string | null;
  collected_by: string | null;
  collected_by_type: string;
  version: number;
  granted_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
  created_at: string;
}

export interface Consents {
  current: ConsentState[];
  history: ConsentRecord[];
}

export function isConsentType(value: unknown): value is ConsentType {
  return typeof value === 'string' && (consentTypes as readonly string[]).includes(value);
}
