export { auditRoutes } from './audit.routes.ts';
export { type AuditEntry, findAuditEntriesForCustomer, recordAudit } from './audit.service.ts';
