import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { onEvent } from '../../core/events.ts';
import { recordChange } from '../changes/index.ts';
import { readDocumentOrThrow, storeGeneratedDocument } from '../documents/index.ts';
import { type AttachmentRenderers, queueEmail } from '../mail/index.ts';
import { getCompanySettings } from '../settings/index.ts';
import { signersOf } from './signatures.read.ts';
import { sealPdf } from './signatures.seal.ts';
import type { SignatureSettings } from './signatures.settings.ts';
import { signature_requests } from './signatures.tables.ts';

async function readAll(stream: Readable) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readVerified(settings: SignatureSettings, sha256: string, what: string) {
  const content = await settings.documents.storage.getVerified(sha256);
  if (typeof content === 'string') throw new Error(`${what} ${content}`);
  return readAll(content.stream);
}

export function verifyUrl(settings: SignatureSettings) {
  return `${settings.base_url.replace(/\/$/, '')}/verify`;
}

/**
 * Makes the sealed PDF of a completed request, once: under the request's row lock, a request
 * already sealed is left alone, so the call after the signature and the event handler (the
 * crash path) can both run. The PDF becomes a new document of the customer (content-addressed),
 * the request records its SHA-256, and every signer is emailed a copy.
 */
export async function sealSignatureRequest(ctx: Ctx, settings: SignatureSettings, requestId: string) {
  const certificate = await settings.certificate();
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const [request] = await tx
      .select()
      .from(signature_requests)
      .where(eq(signature_requests.id, requestId))
      .for('update');
    if (request?.status !== 'signed' || request.sealed_sha256 || !request.completed_at) {
      return request?.sealed_sha256 ?? null;
    }
    // Straight from the content store, re-hashed (a mismatch refuses to seal): a read recorded as a
    // change here would take the customer's locks before its row, against every other writer's order.
    const original = await readVerified(settings, request.original_sha256, 'original');
    const signers = await signersOf(txCtx, [requestId]);
    const sealSigners = await Promise.all(
      signers.map(async (signer) => {
        let signature: { type: 'drawn'; png: Buffer } | { type: 'typed'; name: string };
        if (signer.signature_type === 'drawn' && signer.signature_sha256) {
          signature = {
            type: 'drawn',
            png: await readVerified(settings, signer.signature_sha256, 'signature image'),
          };
        } else {
          signature = { type: 'typed', name: signer.typed_name ?? signer.name };
        }
        return {
          name: signer.name,
          email: signer.email,
          signed_at: signer.signed_at ?? request.completed_at!,
          ip: signer.ip,
          signature,
        };
      }),
    );
    const company = await getCompanySettings(txCtx);
    const fields = request.fields.map((field) => ({
      ...field,
      value:
        signers.find((signer) => signer.signer_index === field.signer_index)?.field_values?.[field.id] ??
        null,
    }));
    const sealed = await sealPdf({
      original,
      title: request.title,
      request_id: request.id,
      original_sha256: request.original_sha256,
      final_audit_hash: request.final_audit_hash ?? '',
      verify_url: verifyUrl(settings),
      created_at: request.created_at,
      completed_at: request.completed_at,
      signers: sealSigners,
      fields,
      certificate,
      company_name: company.name,
    });
    const { document } = await readDocumentOrThrow(txCtx, request.document_id);
    const baseName =
      request.title
        .replace(/\.pdf$/i, '')
        .replace(/[^\p{L}\p{N} _-]+/gu, '')
        .slice(0, 80) || 'document';
    const stored = await storeGeneratedDocument(
      txCtx,
      settings.documents,
      request.customer_id,
      { title: `${request.title} (signé)`, category: 'contract', access_level: document.access_level },
      sealed,
      `${baseName}-signe.pdf`,
    );
    const now = ctx.clock.now();
    await tx
      .update(signature_requests)
      .set({
        sealed_document_id: stored.id,
        sealed_sha256: stored.version.sha256,
        sealed_at: now,
        updated_at: now,
      })
      .where(eq(signature_requests.id, requestId));
    for (const signer of signers) {
      await queueEmail(txCtx, {
        kind: 'signature_completed',
        customer_id: request.customer_id,
        to: signer.email,
        data: {
          signer_name: signer.name,
          document_title: request.title,
          verify_url: verifyUrl(settings),
          sealed_sha256: stored.version.sha256,
        },
        attachments: [{ kind: 'signed_pdf', id: requestId }],
      });
    }
    await recordChange(txCtx, {
      event: 'signature_request.sealed',
      entity: 'signature_request',
      entity_id: requestId,
      customer_id: request.customer_id,
      changed_fields: ['sealed_document_id', 'sealed_sha256'],
      activity: {
        activity_type: 'document',
        title: `PDF signé scellé : ${request.title}`,
        reference_table: 'customer_documents',
        reference_id: stored.id,
        metadata: { sha256: stored.version.sha256, request_id: requestId },
      },
      payload: { request_id: requestId, document_id: stored.id, sha256: stored.version.sha256 },
    });
    return stored.version.sha256;
  });
}

/** After commit, at least once: the crash path of sealing (the signing request already tried). */
export function signatureEventHandlers(settings: SignatureSettings) {
  return [
    onEvent('signature_request.completed', 'signatures.seal', async (ctx, event) => {
      const requestId = (event.payload as { request_id?: string }).request_id;
      if (requestId) await sealSignatureRequest(ctx, settings, requestId);
    }),
  ];
}

/** The sealed PDF attached to the `signature_completed` email, read from the store when sent. */
export function signatureMailAttachments(settings: SignatureSettings): AttachmentRenderers {
  return {
    signed_pdf: async (ctx, ref) => {
      const [request] = await ctx.db
        .select()
        .from(signature_requests)
        .where(eq(signature_requests.id, ref.id));
      if (!request?.sealed_sha256) throw new Error('the request has no sealed PDF');
      const content = await settings.documents.storage.getVerified(request.sealed_sha256);
      if (typeof content === 'string') throw new Error(`sealed PDF ${content}`);
      const safeTitle = request.title.replace(/[^\p{L}\p{N} _-]+/gu, '').slice(0, 80) || 'document';
      return {
        filename: `${safeTitle} (signé).pdf`,
        content: await readAll(content.stream),
        contentType: 'application/pdf',
      };
    },
  };
}
