import { type BodyOf, everyValueOf, type ResponseOf, type Schema } from '../../lib/api-types';

export type ConsentState = Schema<'ConsentState'>;
export type ConsentRecord = Schema<'ConsentRecord'>;
export type Consents = ResponseOf<'listConsents'>;
export type ConsentInput = BodyOf<'recordConsent'>;
export type ConsentType = ConsentState['consent_type'];

export const consentTypes = everyValueOf<ConsentType>()([
  'marketing_email',
  'marketing_sms',
  'analytics',
  'profiling',
  'data_sharing',
  'service_notifications',
]);

export function isConsentType(value: unknown): value is ConsentType {
  return typeof value === 'string' && (consentTypes as readonly string[]).includes(value);
}
