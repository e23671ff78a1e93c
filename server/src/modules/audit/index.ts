export { auditRoutes } from './audit.routes.ts';
export { type AuditEntry, recordAudit } from './audit.service.ts';
