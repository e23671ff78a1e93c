import type { Ctx } from '../../core/context.ts';
import type { JobDefinition } from '../../core/jobs.ts';
import { sealAuditLog } from './audit-seal.service.ts';

/** Seals what was written since the last seal; two workers running it at once take turns. */
async function sealAuditLogJob(ctx: Ctx) {
  const block = await sealAuditLog(ctx);
  return block ? { block_no: block.block_no, entries: block.entry_count } : { block_no: null, entries: 0 };
}

export const auditJobs: JobDefinition[] = [
  { name: 'audit.seal', cron: '* * * * *', handler: sealAuditLogJob },
];
