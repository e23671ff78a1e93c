export { auditRoutes } from './audit.routes.ts';
export {
  type AuditEntry,
  findAuditEntriesForCustomer,
  recordAudit,
  recordAudits,
} from './audit.service.ts';
export { runAuditVerify } from './audit-seal.cli.ts';
export { auditJobs } from './audit-seal.jobs.ts';
export {
  type AuditSeal,
  type AuditVerification,
  sealAuditLog,
  verifyAuditLog,
} from './audit-seal.service.ts';
