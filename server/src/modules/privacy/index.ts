export {
  consentHistory,
  currentConsentStates,
  hasValidConsent,
  latestConsentsJsonSql,
  recordConsent,
} from './consents.service.ts';
export {
  createPrivacyIncident,
  findPrivacyIncidents,
  getPrivacyIncident,
  updatePrivacyIncident,
} from './incidents.service.ts';
export { exportCustomerArchive } from './privacy.archive.ts';
export { privacyJobs, recordExpiredConsents } from './privacy.jobs.ts';
export { privacyRoutes } from './privacy.routes.ts';
export { type ConsentState, type ConsentType, consentStateSchema, consentTypes } from './privacy.schemas.ts';
export {
  anonymizeCustomer,
  type ExportFile,
  type ExportSection,
  exportCustomerData,
} from './privacy.service.ts';
