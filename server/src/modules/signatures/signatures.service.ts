import { and, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { recordChange } from '../changes/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { readDocumentBytes, readDocumentOrThrow, recordDocumentShared } from '../documents/index.ts';
import { mailLanguageOf } from '../mail/index.ts';
import { appendAuditEvent, readAuditEvents, verifyChain } from './signatures.audit.ts';
import { providerOf, signingUrl } from './signatures.notify.ts';
import {
  isActive,
  type RequestRow,
  readRequestOrThrow,
  type SignerRow,
  signersInTurn,
  signersOf,
  toRequest,
} from './signatures.read.ts';
import type { SignatureRequestCreate } from './signatures.schemas.ts';
import { pdfPageCount } from './signatures.seal.ts';
import type { SignatureSettings } from './signatures.settings.ts';
import { type PlacedField, signature_requests, signature_signers } from './signatures.tables.ts';
import { newNonce, sha256Hex, signingToken } from './signatures.tokens.ts';

const dayMs = 86_400_000;

/** Only PDFs can be signed: the sealed copy is a PDF with the signatures drawn on its pages. */
export async function createSignatureRequest(
  ctx: Ctx,
  settings: SignatureSettings,
  documentId: string,
  input: SignatureRequestCreate,
  links: { quote_id?: string | null } = {},
) {
  const now = ctx.clock.now();
  const expiresAt = input.expires_at ?? new Date(now.getTime() + 30 * dayMs);
  if (expiresAt <= now || expiresAt.getTime() > now.getTime() + 366 * dayMs) {
    throw invalidFields([{ path: 'expires_at', message: 'Must be in the future, within a year' }]);
  }
  const { version } = await readDocumentOrThrow(ctx, documentId);
  if (version.mime_type !== 'application/pdf') {
    throw new AppError('signature.not_pdf', 'Only a PDF can be sent for signature', {
      mime_type: version.mime_type,
    });
  }
  const { bytes } = await readDocumentBytes(ctx, settings.documents, documentId, 'preview', version.version);
  const pageCount = await pdfPageCount(bytes);
  if (pageCount === null) {
    throw new AppError(
      'signature.pdf_unreadable',
      'This PDF cannot be read or is encrypted; it cannot be signed',
    );
  }
  const fieldErrors = input.fields.flatMap((field, index) => [
    ...(field.signer_index >= input.signers.length
      ? [{ path: `fields.${index}.signer_index`, message: `No signer ${field.signer_index}` }]
      : []),
    ...(field.page > pageCount
      ? [{ path: `fields.${index}.page`, message: `The document has ${pageCount} page(s)` }]
      : []),
  ]);
  if (fieldErrors.length) throw invalidFields(fieldErrors);
  const fields: PlacedField[] = input.fields.map((field) => ({
    id: newId(),
    type: field.type,
    signer_index: field.signer_index,
    page: field.page,
    x: field.x,
    y: field.y,
    width: field.width,
    height: field.height,
    required: field.required,
    label: field.label ?? null,
  }));

  const provider = providerOf(settings, 'internal');
  const { request, signers, urls } = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const found = await readDocumentOrThrow(txCtx, documentId, { forUpdate: true, version: version.version });
    const customer = await getCustomerOrThrow(txCtx, found.document.customer_id, { writable: true });
    const language = mailLanguageOf(customer.language_code).language;
    const id = newId();
    const [request] = await tx
      .insert(signature_requests)
      .values({
        id,
        document_id: documentId,
        customer_id: found.document.customer_id,
        document_version: found.version.version,
        original_sha256: found.version.sha256,
        title: input.title ?? found.document.title,
        message: input.message ?? null,
        routing: input.routing,
        status: 'pending',
        require_email_code: input.require_email_code,
        fields,
        page_count: pageCount,
        provider: provider.name,
        quote_id: links.quote_id ?? null,
        expires_at: expiresAt,
        created_by: ctx.actor.id,
        created_at: now,
        updated_at: now,
      })
      .returning();
    const signers = await tx
      .insert(signature_signers)
      .values(
        input.signers.map((signer, index) => {
          const signerId = newId();
          const nonce = newNonce();
          return {
            id: signerId,
            request_id: id,
            signer_index: index,
            name: signer.name,
            email: signer.email.toLowerCase(),
            signing_order: input.routing === 'sequential' ? (signer.order ?? index + 1) : 1,
            language: signer.language ?? language,
            status: 'pending' as const,
            token_nonce: nonce,
            token_hash: sha256Hex(signingToken(settings.secret, signerId, nonce)),
          };
        }),
      )
      .returning();
    await appendAuditEvent(txCtx, id, {
      event: 'created',
      ip: ctx.actor.ip,
      user_agent: ctx.actor.user_agent,
      data: {
        document_id: documentId,
        version: found.version.version,
        original_sha256: found.version.sha256,
        routing: input.routing,
        require_email_code: input.require_email_code,
        expires_at: expiresAt.toISOString(),
        signers: signers.map((signer) => ({ id: signer.id, name: signer.name, email: signer.email })),
        fields: fields.length,
      },
    });
    // The change first (timeline count, then the outbox's turn), then the emails (the turn
    // again): every writer of a customer takes those locks in that order.
    await recordDocumentShared(txCtx, found.document, found.version.version);
    await recordChange(txCtx, {
      event: 'signature_request.created',
      entity: 'signature_request',
      entity_id: id,
      customer_id: found.document.customer_id,
      changed_fields: ['status', 'signers', 'fields', 'expires_at'],
      activity: {
        activity_type: 'document',
        title: `Envoyé pour signature : ${request!.title}`,
        reference_table: 'signature_requests',
        reference_id: id,
        metadata: { document_id: documentId, signers: signers.length, routing: input.routing },
      },
      payload: {
        request_id: id,
        document_id: documentId,
        sha256: found.version.sha256,
        quote_id: links.quote_id ?? null,
      },
    });
    const sent = await provider.send(txCtx, {
      request: request!,
      signers: signersInTurn(request!, signers),
      reminder: false,
    });
    // Every link is shown once to the sender (to hand over in person); later ones are the same link.
    const urls = new Map(signers.map((signer) => [signer.id, signingUrl(settings, signer).url]));
    for (const [signerId, url] of sent.signing_urls) urls.set(signerId, url);
    return { request: request!, signers: await signersOf(txCtx, [id]), urls };
  });
  return toRequest(request, signers, ctx.clock.now(), urls);
}

function assertActive(request: RequestRow, now: Date) {
  if (!isActive(request, now)) {
    throw new AppError(
      'signature_request.closed',
      `This request is ${request.status === 'pending' || request.status === 'viewed' ? 'expired' : request.status}`,
      {
        request_id: request.id,
        status: request.status,
      },
    );
  }
}

export async function cancelSignatureRequest(ctx: Ctx, id: string) {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const request = await readRequestOrThrow(txCtx, id, { forUpdate: true });
    const now = ctx.clock.now();
    assertActive(request, now);
    const [updated] = await tx
      .update(signature_requests)
      .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
      .where(eq(signature_requests.id, id))
      .returning();
    await tx
      .update(signature_signers)
      .set({ status: 'cancelled' })
      .where(
        and(eq(signature_signers.request_id, id), inArray(signature_signers.status, ['pending', 'viewed'])),
      );
    await appendAuditEvent(txCtx, id, {
      event: 'cancelled',
      ip: ctx.actor.ip,
      user_agent: ctx.actor.user_agent,
    });
    await recordChange(txCtx, {
      event: 'signature_request.cancelled',
      entity: 'signature_request',
      entity_id: id,
      customer_id: request.customer_id,
      changed_fields: ['status'],
      activity: {
        activity_type: 'document',
        title: `Demande de signature annulée : ${request.title}`,
        reference_table: 'signature_requests',
        reference_id: id,
      },
      payload: { request_id: id, document_id: request.document_id },
    });
    return toRequest(updated!, await signersOf(txCtx, [id]), now);
  });
}

/**
 * Emails again the signers whose turn it is (or one of them): each gets a new link (the old
 * one stops working) and a lifted code lockout.
 */
export async function remindSignatureRequest(
  ctx: Ctx,
  settings: SignatureSettings,
  id: string,
  signerId?: string,
) {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const request = await readRequestOrThrow(txCtx, id, { forUpdate: true });
    const now = ctx.clock.now();
    assertActive(request, now);
    const signers = await signersOf(txCtx, [id]);
    let targets: SignerRow[];
    if (signerId) {
      const signer = signers.find((item) => item.id === signerId);
      if (!signer) throw invalidFields([{ path: 'signer_id', message: 'Not a signer of this request' }]);
      if (!signersInTurn(request, signers).includes(signer)) {
        throw new AppError(
          'signature.out_of_order',
          'It is not this signer’s turn yet, or they already signed',
        );
      }
      targets = [signer];
    } else {
      targets = signersInTurn(request, signers);
    }
    const sent = await providerOf(settings, request.provider).send(txCtx, {
      request,
      signers: targets,
      reminder: true,
    });
    await tx.update(signature_requests).set({ updated_at: now }).where(eq(signature_requests.id, id));
    await recordChange(txCtx, {
      event: 'signature_request.reminded',
      entity: 'signature_request',
      entity_id: id,
      customer_id: request.customer_id,
      changed_fields: ['signers'],
      activity: null,
      payload: { request_id: id, signers: targets.map((signer) => signer.id) },
    });
    return toRequest(request, await signersOf(txCtx, [id]), now, sent.signing_urls);
  });
}

export async function getAuditTrail(ctx: Ctx, id: string) {
  const request = await readRequestOrThrow(ctx, id);
  const events = await readAuditEvents(ctx, id);
  const broken = verifyChain(events);
  return {
    request_id: request.id,
    chain_valid: broken === null,
    broken_at: broken,
    final_hash: events.at(-1)?.hash ?? null,
    events: events.map(({ id: _id, request_id: _request, ...event }) => event),
  };
}
