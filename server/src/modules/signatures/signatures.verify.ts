import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { getCompanySettings } from '../settings/index.ts';
import { signature_requests, signature_signers } from './signatures.tables.ts';

/**
 * Whether Atrium sealed the PDF with this SHA-256, and what it says publicly: the title, the
 * signers' names and times. Never emails, addresses or the document itself.
 */
export async function verifySealedPdf(ctx: Ctx, sha256: string) {
  const [request] = await ctx.db
    .select()
    .from(signature_requests)
    .where(eq(signature_requests.sealed_sha256, sha256));
  if (!request?.completed_at || !request.sealed_at || !request.final_audit_hash) {
    return { sealed_by_atrium: false, sha256, document: null };
  }
  const signers = await ctx.db
    .select({ name: signature_signers.name, signed_at: signature_signers.signed_at })
    .from(signature_signers)
    .where(eq(signature_signers.request_id, request.id))
    .orderBy(asc(signature_signers.signed_at));
  const company = await getCompanySettings(ctx);
  return {
    sealed_by_atrium: true,
    sha256,
    document: {
      title: request.title,
      request_id: request.id,
      original_sha256: request.original_sha256,
      completed_at: request.completed_at,
      sealed_at: request.sealed_at,
      final_audit_hash: request.final_audit_hash,
      company_name: company.name,
      signers: signers.map((signer) => ({ name: signer.name, signed_at: signer.signed_at! })),
    },
  };
}
