import type { Ctx } from '../../core/context.ts';
import { type AuditVerification, verifyAuditLog } from './audit-seal.service.ts';

/** The verification as an operator reads it; the latest hash is printed so it can be kept elsewhere. */
export function describeAuditVerification(report: AuditVerification): string[] {
  const upTo = report.verified_up_to?.toISOString() ?? 'nothing sealed yet';
  const checked = `${report.blocks_checked} blocks, ${report.entries_checked} entries, up to ${upTo}`;
  const lines = report.failure
    ? [
        `${report.failure.kind === 'transaction_ids_behind' ? 'AUDIT LOG NOT VERIFIABLE' : 'AUDIT LOG TAMPERED'}: ${report.failure.message}`,
        `verified before it: ${checked}`,
      ]
    : [`audit log verified: ${checked}`];
  if (report.failure?.entry_id) lines.push(`first bad entry: ${report.failure.entry_id}`);
  if (report.failure?.block_no !== null && report.failure?.block_no !== undefined) {
    lines.push(`block: ${report.failure.block_no}`);
  }
  lines.push(`unsealed entries: ${report.unsealed_entries}`);
  const head = report.latest_block;
  if (head) {
    lines.push(
      `latest block: #${head.block_no} sealed ${head.sealed_at.toISOString()} hash ${head.hash}`,
      'keep this hash outside the database: a later run showing another hash for this block means the chain was rewritten',
    );
  }
  return lines;
}

/** `atrium audit verify`: prints the verification; the exit code is 1 when the log was tampered with. */
export async function runAuditVerify(ctx: Ctx, print: (line: string) => void): Promise<number> {
  const report = await verifyAuditLog(ctx);
  for (const line of describeAuditVerification(report)) print(line);
  return report.ok ? 0 : 1;
}
