import { Readable } from 'node:stream';
import { and, eq, ne } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { Ctx } from '../../core/context.ts';
import { AppError, invalidFields } from '../../core/errors.ts';
import { hitRateLimit } from '../../core/rate-limit.ts';
import { recordChange } from '../changes/index.ts';
import { readDocumentBytes } from '../documents/index.ts';
import { queueEmail } from '../mail/index.ts';
import { getCompanySettings } from '../settings/index.ts';
import { appendAuditEvent } from './signatures.audit.ts';
import { providerOf } from './signatures.notify.ts';
import { isActive, type RequestRow, type SignerRow, signersInTurn, signersOf } from './signatures.read.ts';
import type { SignBody } from './signatures.schemas.ts';
import type { SignatureSettings } from './signatures.settings.ts';
import { signature_requests, signature_signers } from './signatures.tables.ts';
import { codeHash, newCode, sameHash, sha256Hex } from './signatures.tokens.ts';

const maxCodeAttempts = 5;
const codeMinutes = 10;
const maxPngBytes = 1024 * 1024;
const maxPngSide = 4000;

function tokenInvalid() {
  return new AppError('signature.token_invalid', 'This signing link is not valid');
}

/**
 * The signer a token opens, with its request. A forged token, or the link of someone who has
 * already signed or declined, is a 404: nothing is said of what exists. `forUpdate` takes the
 * request's lock first, then the signer's (the same order everywhere).
 */
async function signerByToken(
  ctx: Ctx,
  token: string,
  options: { forUpdate?: boolean; allowUsed?: boolean } = {},
) {
  const hash = sha256Hex(token);
  const [found] = await ctx.db
    .select({ request_id: signature_signers.request_id })
    .from(signature_signers)
    .where(eq(signature_signers.token_hash, hash));
  if (!found) throw tokenInvalid();
  const requestQuery = ctx.db
    .select()
    .from(signature_requests)
    .where(eq(signature_requests.id, found.request_id));
  const [request] = options.forUpdate ? await requestQuery.for('update') : await requestQuery;
  const signerQuery = ctx.db.select().from(signature_signers).where(eq(signature_signers.token_hash, hash));
  const [signer] = options.forUpdate ? await signerQuery.for('update') : await signerQuery;
  if (!request || !signer) throw tokenInvalid();
  if (!options.allowUsed && (signer.status === 'signed' || signer.status === 'declined'))
    throw tokenInvalid();
  return { request, signer };
}

function assertOpen(request: RequestRow, now: Date) {
  if (isActive(request, now)) return;
  const status = request.status === 'pending' || request.status === 'viewed' ? 'expired' : request.status;
  const code = {
    expired: 'signature.request_expired',
    cancelled: 'signature.request_cancelled',
    declined: 'signature.request_declined',
    signed: 'signature.request_completed',
  } as const;
  throw new AppError(
    code[status as keyof typeof code] ?? 'signature.request_expired',
    `This request is ${status}`,
  );
}

function canSign(request: RequestRow, signer: SignerRow, all: SignerRow[]) {
  return signersInTurn(request, all).some((item) => item.id === signer.id);
}

/** GET /sign/{token}: what the signer sees; the first visit is recorded (`opened`). */
export async function openSigning(ctx: Ctx, token: string) {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { request, signer } = await signerByToken(txCtx, token, { forUpdate: true });
    const now = ctx.clock.now();
    assertOpen(request, now);
    let current = signer;
    if (!signer.viewed_at) {
      [current] = (await tx
        .update(signature_signers)
        .set({ viewed_at: now, status: 'viewed' })
        .where(eq(signature_signers.id, signer.id))
        .returning()) as [SignerRow];
      if (request.status === 'pending') {
        await tx
          .update(signature_requests)
          .set({ status: 'viewed', updated_at: now })
          .where(eq(signature_requests.id, request.id));
      }
      await appendAuditEvent(txCtx, request.id, {
        event: 'opened',
        signer_id: signer.id,
        ip: ctx.actor.ip,
        user_agent: ctx.actor.user_agent,
      });
      await recordChange(txCtx, {
        event: 'signature_request.viewed',
        entity: 'signature_request',
        entity_id: request.id,
        customer_id: request.customer_id,
        changed_fields: ['status'],
        activity: null,
        payload: { request_id: request.id, signer_id: signer.id },
      });
    }
    const all = await signersOf(txCtx, [request.id]);
    const company = await getCompanySettings(txCtx);
    return {
      request: {
        id: request.id,
        title: request.title,
        message: request.message,
        routing: request.routing,
        status: request.status === 'pending' ? ('viewed' as const) : request.status,
        expires_at: request.expires_at,
        require_email_code: request.require_email_code,
        company_name: company.name,
      },
      signer: {
        id: current.id,
        name: current.name,
        email: current.email,
        language: current.language,
        status: current.status,
        code_verified: current.code_verified_at !== null,
        code_locked: current.code_locked_at !== null,
        can_sign: canSign(request, current, all),
      },
      fields: request.fields
        .filter((field) => field.signer_index === current.signer_index)
        .map((field) => ({ ...field, label: field.label ?? null })),
      document: {
        sha256: request.original_sha256,
        file_name: `${request.title}.pdf`,
        page_count: request.page_count,
        url: `/api/v1/sign/${token}/document`,
      },
    };
  });
}

/** The exact version the signer is asked to sign, re-hashed before it is sent. */
export async function signingDocument(ctx: Ctx, settings: SignatureSettings, token: string) {
  const { request } = await signerByToken(ctx, token);
  assertOpen(request, ctx.clock.now());
  const { bytes } = await readDocumentBytes(
    ctx,
    settings.documents,
    request.document_id,
    'download',
    request.document_version,
  );
  return { bytes, sha256: request.original_sha256 };
}

const codeRateLimit = { name: 'signature-code', limit: 5, windowSeconds: 600 };

/** Emails a 6-digit code (when the request asks for one); valid 10 minutes, 5 tries. */
export async function sendSigningCode(ctx: Ctx, settings: SignatureSettings, token: string) {
  const { signer: found } = await signerByToken(ctx, token);
  const limit = await hitRateLimit(ctx, codeRateLimit, found.id);
  if (!limit.allowed) {
    throw new AppError('request.rate_limited', 'Too many codes asked for; wait a few minutes', {
      retry_after_seconds: limit.retryAfterSeconds,
    });
  }
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { request, signer } = await signerByToken(txCtx, token, { forUpdate: true });
    const now = ctx.clock.now();
    assertOpen(request, now);
    if (!request.require_email_code) {
      throw new AppError('signature.code_not_required', 'This request does not ask for an email code');
    }
    if (signer.code_locked_at) throw codeLocked();
    const code = newCode();
    const expiresAt = new Date(now.getTime() + codeMinutes * 60_000);
    await tx
      .update(signature_signers)
      .set({ code_hash: codeHash(settings.secret, signer.id, code), code_expires_at: expiresAt })
      .where(eq(signature_signers.id, signer.id));
    await queueEmail(txCtx, {
      kind: 'signature_code',
      customer_id: request.customer_id,
      to: signer.email,
      data: { signer_name: signer.name, document_title: request.title, code, minutes: codeMinutes },
      secrets: [code],
    });
    await appendAuditEvent(txCtx, request.id, {
      event: 'code_sent',
      signer_id: signer.id,
      ip: ctx.actor.ip,
      user_agent: ctx.actor.user_agent,
    });
    return {
      sent: true as const,
      expires_at: expiresAt,
      attempts_left: maxCodeAttempts - signer.code_attempts,
    };
  });
}

function codeLocked() {
  return new AppError('signature.code_locked', 'Too many wrong codes: ask the sender for a new link');
}

/**
 * Checks the code. A wrong one is counted (and recorded in the chain) before the answer; the
 * fifth locks the link until the sender sends a reminder (a new link).
 */
export async function verifySigningCode(ctx: Ctx, settings: SignatureSettings, token: string, code: string) {
  const outcome = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { request, signer } = await signerByToken(txCtx, token, { forUpdate: true });
    const now = ctx.clock.now();
    assertOpen(request, now);
    if (!request.require_email_code) {
      throw new AppError('signature.code_not_required', 'This request does not ask for an email code');
    }
    if (signer.code_locked_at) throw codeLocked();
    if (!signer.code_hash || !signer.code_expires_at || signer.code_expires_at <= now) {
      throw new AppError('signature.code_expired', 'No valid code: ask for a new one', undefined, [
        { path: 'code', message: 'Expired: ask for a new code' },
      ]);
    }
    const event = { signer_id: signer.id, ip: ctx.actor.ip, user_agent: ctx.actor.user_agent };
    if (sameHash(codeHash(settings.secret, signer.id, code), signer.code_hash)) {
      await tx
        .update(signature_signers)
        .set({ code_verified_at: now, code_hash: null, code_expires_at: null })
        .where(eq(signature_signers.id, signer.id));
      await appendAuditEvent(txCtx, request.id, { event: 'code_verified', ...event });
      return { ok: true as const };
    }
    const attempts = signer.code_attempts + 1;
    const locked = attempts >= maxCodeAttempts;
    await tx
      .update(signature_signers)
      .set({ code_attempts: attempts, ...(locked ? { code_locked_at: now, code_hash: null } : {}) })
      .where(eq(signature_signers.id, signer.id));
    await appendAuditEvent(txCtx, request.id, { event: 'code_failed', ...event, data: { attempts, locked } });
    return { ok: false as const, attempts, locked };
  });
  // Thrown after the commit: the failed attempt stays counted.
  if (!outcome.ok) {
    if (outcome.locked) throw codeLocked();
    throw new AppError(
      'signature.code_invalid',
      'Wrong code',
      { attempts_left: maxCodeAttempts - outcome.attempts },
      [{ path: 'code', message: `Wrong code (${maxCodeAttempts - outcome.attempts} tries left)` }],
    );
  }
  return { verified: true as const };
}

/** The drawn signature: a real PNG, not too large, with ink on it. 422 naming the field otherwise. */
export async function validateSignaturePng(base64: string): Promise<Buffer> {
  const path = 'signature.png_base64';
  const refuse = (message: string) =>
    new AppError('signature.image_invalid', message, undefined, [{ path, message }]);
  const bytes = Buffer.from(base64.replace(/^data:image\/png;base64,/, ''), 'base64');
  if (bytes.length === 0) throw refuse('Empty image');
  if (bytes.length > maxPngBytes) throw refuse(`Image larger than ${maxPngBytes} bytes`);
  const type = await fileTypeFromBuffer(bytes);
  if (type?.mime !== 'image/png') throw refuse('Not a PNG image');
  let inked = 0;
  try {
    const image = sharp(bytes, { limitInputPixels: maxPngSide * maxPngSide });
    const meta = await image.metadata();
    if (!meta.width || !meta.height || meta.width > maxPngSide || meta.height > maxPngSide) {
      throw refuse(`Image larger than ${maxPngSide}×${maxPngSide} pixels`);
    }
    const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    for (let index = 0; index < data.length; index += info.channels) {
      const alpha = data[index + 3]!;
      const light = (data[index]! + data[index + 1]! + data[index + 2]!) / 3;
      // Ink: visible and darker than paper.
      if (alpha > 64 && light < 200) inked += 1;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuse('The image cannot be read');
  }
  if (inked < 20) {
    throw new AppError('signature.blank', 'The signature is blank', undefined, [
      { path, message: 'Blank signature: draw it' },
    ]);
  }
  return bytes;
}

function initialsOf(name: string) {
  return name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase())
    .join('')
    .slice(0, 4);
}

/** The values of the signer's fields: text as given (required ones must be), initials and dates filled. */
function fieldValues(request: RequestRow, signer: SignerRow, body: SignBody, signedName: string, now: Date) {
  const mine = request.fields.filter((field) => field.signer_index === signer.signer_index);
  const ids = new Set(mine.map((field) => field.id));
  const errors = Object.keys(body.fields)
    .filter((id) => !ids.has(id))
    .map((id) => ({ path: `fields.${id}`, message: 'Not one of your fields' }));
  const values: Record<string, string> = {};
  for (const field of mine) {
    const given = body.fields[field.id]?.trim();
    if (field.type === 'date') values[field.id] = now.toISOString().slice(0, 10);
    else if (field.type === 'initials') values[field.id] = given || initialsOf(signedName);
    else if (field.type === 'text') {
      if (given) values[field.id] = given;
      else if (field.required) errors.push({ path: `fields.${field.id}`, message: 'Required' });
    }
  }
  if (errors.length) throw invalidFields(errors);
  return values;
}

/**
 * Signs. The request's row lock orders concurrent signers of one request: each sees the
 * others' signatures, so exactly one of them finds nobody left and completes the request
 * (status `signed`, the `completed` event whose hash the certificate prints, and the
 * `signature_request.completed` outbox event that has the sealed PDF made, at least once).
 */
export async function submitSignature(ctx: Ctx, settings: SignatureSettings, token: string, body: SignBody) {
  const png = body.signature.type === 'drawn' ? await validateSignaturePng(body.signature.png_base64) : null;
  // The drawn image is content-addressed: stored before the row that names it.
  const pngSha = png ? (await settings.documents.storage.put(Readable.from([png]))).sha256 : null;
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { request, signer } = await signerByToken(txCtx, token, { forUpdate: true, allowUsed: true });
    if (signer.status === 'signed') throw new AppError('signature.already_signed', 'Already signed');
    if (signer.status === 'declined') throw new AppError('signature.already_declined', 'Already declined');
    const now = ctx.clock.now();
    assertOpen(request, now);
    const all = await signersOf(txCtx, [request.id]);
    if (!canSign(request, signer, all)) {
      throw new AppError('signature.out_of_order', 'Earlier signers have not signed yet');
    }
    if (request.require_email_code && !signer.code_verified_at) {
      throw new AppError('signature.code_required', 'Confirm the code sent by email first');
    }
    const signedName = body.signature.type === 'typed' ? body.signature.name : signer.name;
    const values = fieldValues(request, signer, body, signedName, now);
    await tx
      .update(signature_signers)
      .set({
        status: 'signed',
        signed_at: now,
        viewed_at: signer.viewed_at ?? now,
        signature_type: body.signature.type,
        signature_sha256: pngSha,
        typed_name: body.signature.type === 'typed' ? body.signature.name : null,
        field_values: values,
        ip: ctx.actor.ip,
        user_agent: ctx.actor.user_agent?.slice(0, 500) ?? null,
      })
      .where(eq(signature_signers.id, signer.id));
    await appendAuditEvent(txCtx, request.id, {
      event: 'signed',
      signer_id: signer.id,
      ip: ctx.actor.ip,
      user_agent: ctx.actor.user_agent,
      data: {
        consent: true,
        signature_type: body.signature.type,
        ...(pngSha ? { signature_sha256: pngSha } : { typed_name: signedName }),
        fields: values,
      },
    });
    await recordChange(txCtx, {
      event: 'signature_request.signed',
      entity: 'signature_request',
      entity_id: request.id,
      customer_id: request.customer_id,
      changed_fields: ['status'],
      activity: {
        activity_type: 'document',
        title: `Signé par ${signer.name} : ${request.title}`,
        reference_table: 'signature_requests',
        reference_id: request.id,
        metadata: { signer_id: signer.id, signature_type: body.signature.type },
      },
      payload: { request_id: request.id, signer_id: signer.id },
    });
    const after = await signersOf(txCtx, [request.id]);
    const remaining = after.filter((item) => item.status !== 'signed');
    if (remaining.length === 0) {
      await completeRequest(txCtx, request);
      return {
        status: 'signed' as const,
        request_status: 'signed' as const,
        signed_at: now,
        completed: true,
        request_id: request.id,
      };
    }
    if (request.status === 'pending') {
      await tx
        .update(signature_requests)
        .set({ status: 'viewed', updated_at: now })
        .where(eq(signature_requests.id, request.id));
    }
    if (request.routing === 'sequential') {
      const next = signersInTurn(request, after).filter((item) => !item.notified_at);
      if (next.length) {
        await providerOf(settings, request.provider).send(txCtx, { request, signers: next, reminder: false });
      }
    }
    return {
      status: 'signed' as const,
      request_status: 'viewed' as const,
      signed_at: now,
      completed: false,
      request_id: request.id,
    };
  });
}

async function completeRequest(txCtx: Ctx, request: RequestRow) {
  const now = txCtx.clock.now();
  const completed = await appendAuditEvent(txCtx, request.id, {
    event: 'completed',
    data: { original_sha256: request.original_sha256 },
  });
  const [updated] = await txCtx.db
    .update(signature_requests)
    .set({ status: 'signed', completed_at: now, final_audit_hash: completed.hash, updated_at: now })
    .where(and(eq(signature_requests.id, request.id), ne(signature_requests.status, 'signed')))
    .returning({ id: signature_requests.id });
  if (!updated) throw new Error('signature request completed twice');
  await recordChange(txCtx, {
    event: 'signature_request.completed',
    entity: 'signature_request',
    entity_id: request.id,
    customer_id: request.customer_id,
    changed_fields: ['status', 'completed_at'],
    activity: {
      activity_type: 'document',
      title: `Toutes les signatures recueillies : ${request.title}`,
      reference_table: 'signature_requests',
      reference_id: request.id,
    },
    payload: { request_id: request.id, document_id: request.document_id, quote_id: request.quote_id },
  });
}

/** Declines with a reason: the request ends (declined) and says so to the sender. */
export async function declineSignature(ctx: Ctx, token: string, reason: string) {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { request, signer } = await signerByToken(txCtx, token, { forUpdate: true, allowUsed: true });
    if (signer.status === 'signed') throw new AppError('signature.already_signed', 'Already signed');
    if (signer.status === 'declined') throw new AppError('signature.already_declined', 'Already declined');
    const now = ctx.clock.now();
    assertOpen(request, now);
    await tx
      .update(signature_signers)
      .set({
        status: 'declined',
        declined_at: now,
        decline_reason: reason,
        ip: ctx.actor.ip,
        user_agent: ctx.actor.user_agent?.slice(0, 500) ?? null,
      })
      .where(eq(signature_signers.id, signer.id));
    await tx
      .update(signature_requests)
      .set({ status: 'declined', declined_at: now, updated_at: now })
      .where(eq(signature_requests.id, request.id));
    await appendAuditEvent(txCtx, request.id, {
      event: 'declined',
      signer_id: signer.id,
      ip: ctx.actor.ip,
      user_agent: ctx.actor.user_agent,
      data: { reason },
    });
    await recordChange(txCtx, {
      event: 'signature_request.declined',
      entity: 'signature_request',
      entity_id: request.id,
      customer_id: request.customer_id,
      changed_fields: ['status'],
      activity: {
        activity_type: 'document',
        title: `Signature refusée par ${signer.name} : ${request.title}`,
        description: reason,
        reference_table: 'signature_requests',
        reference_id: request.id,
      },
      payload: { request_id: request.id, signer_id: signer.id, quote_id: request.quote_id },
    });
    return { status: 'declined' as const, declined_at: now, request_id: request.id };
  });
}
