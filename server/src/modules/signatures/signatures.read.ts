import { asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { paginate } from '../../core/schemas.ts';
import { readDocumentOrThrow } from '../documents/index.ts';
import type { SignatureRequestOut } from './signatures.schemas.ts';
import { type SignatureStatus, signature_requests, signature_signers } from './signatures.tables.ts';

export type RequestRow = typeof signature_requests.$inferSelect;
export type SignerRow = typeof signature_signers.$inferSelect;

const open = new Set<SignatureStatus>(['pending', 'viewed']);

/** A request still waiting for signatures (not ended, not past its expiry). */
export function isActive(request: RequestRow, now: Date) {
  return open.has(request.status) && request.expires_at > now;
}

/** The stored status, or `expired` for an open request past its expiry. */
export function effectiveStatus(request: RequestRow, now: Date): SignatureStatus {
  return open.has(request.status) && request.expires_at <= now ? 'expired' : request.status;
}

export function signerStatus(signer: SignerRow, request: RequestRow, now: Date): SignatureStatus {
  if (!open.has(signer.status)) return signer.status;
  if (request.status === 'cancelled') return 'cancelled';
  const status = effectiveStatus(request, now);
  return status === 'expired' ? 'expired' : signer.status;
}

/** Signers whose turn it is: all of them in parallel; in sequence, the lowest order not yet signed. */
export function signersInTurn(request: RequestRow, signers: SignerRow[]): SignerRow[] {
  const waiting = signers.filter((signer) => signer.status !== 'signed');
  if (request.routing === 'parallel') return waiting;
  const next = Math.min(...waiting.map((signer) => signer.signing_order));
  return waiting.filter((signer) => signer.signing_order === next);
}

export function toRequest(
  request: RequestRow,
  signers: SignerRow[],
  now: Date,
  signingUrls: Map<string, string> = new Map(),
): SignatureRequestOut {
  const {
    fields,
    page_count: _pages,
    updated_at: _updated,
    provider_reference: _reference,
    ...rest
  } = request;
  return {
    ...rest,
    status: effectiveStatus(request, now),
    fields: fields.map((field) => ({ ...field, label: field.label ?? null })),
    signers: signers
      .sort((a, b) => a.signer_index - b.signer_index)
      .map((signer) => ({
        id: signer.id,
        signer_index: signer.signer_index,
        name: signer.name,
        email: signer.email,
        signing_order: signer.signing_order,
        language: signer.language,
        status: signerStatus(signer, request, now),
        notified_at: signer.notified_at,
        viewed_at: signer.viewed_at,
        signed_at: signer.signed_at,
        declined_at: signer.declined_at,
        decline_reason: signer.decline_reason,
        signature_type: signer.signature_type,
        ...(signingUrls.has(signer.id) ? { signing_url: signingUrls.get(signer.id)! } : {}),
      })),
  };
}

export async function signersOf(ctx: Ctx, requestIds: string[]) {
  if (requestIds.length === 0) return [];
  return ctx.db
    .select()
    .from(signature_signers)
    .where(inArray(signature_signers.request_id, requestIds))
    .orderBy(asc(signature_signers.signer_index));
}

/** A request the actor may see (through its document), optionally locked; 404 otherwise. */
export async function readRequestOrThrow(ctx: Ctx, id: string, options: { forUpdate?: boolean } = {}) {
  const query = ctx.db.select().from(signature_requests).where(eq(signature_requests.id, id));
  const [request] = options.forUpdate ? await query.for('update') : await query;
  const notFound = () =>
    new AppError('signature_request.not_found', 'No such signature request', { request_id: id });
  if (!request) throw notFound();
  try {
    await readDocumentOrThrow(ctx, request.document_id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'document.not_found') throw notFound();
    throw error;
  }
  return request;
}

export async function getSignatureRequest(ctx: Ctx, id: string) {
  const request = await readRequestOrThrow(ctx, id);
  return toRequest(request, await signersOf(ctx, [id]), ctx.clock.now());
}

export async function findSignatureRequests(
  ctx: Ctx,
  documentId: string,
  query: { page: number; per_page: number },
) {
  await readDocumentOrThrow(ctx, documentId);
  return listRequests(ctx, eq(signature_requests.document_id, documentId), query);
}

/** A page of requests (newest first) with their signers; the caller checked the actor may see them. */
export async function listRequests(ctx: Ctx, where: SQL, query: { page: number; per_page: number }) {
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(signature_requests)
      .where(where)
      .orderBy(desc(signature_requests.created_at), desc(signature_requests.id))
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page),
    ctx.db.select({ value: count() }).from(signature_requests).where(where),
  ]);
  const signers = await signersOf(
    ctx,
    rows.map((row) => row.id),
  );
  const now = ctx.clock.now();
  return {
    data: rows.map((row) =>
      toRequest(
        row,
        signers.filter((signer) => signer.request_id === row.id),
        now,
      ),
    ),
    pagination: paginate(total?.value ?? 0, query.page, query.per_page),
  };
}

/**
 * The Customer 360's count of documents awaiting signature: documents with an open request
 * not past its expiry. A fragment for the 360's one statement (customer360 composes it).
 */
export function awaitingSignatureCountSql(customerId: SQL) {
  return sql`(select count(distinct sr.document_id) from signature_requests sr where sr.customer_id = ${customerId} and sr.status in ('pending', 'viewed') and sr.expires_at > now())`;
}
