import { createHash } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { newId } from '../../core/ids.ts';
import { type AuditEventType, signature_events } from './signatures.tables.ts';

export type SignatureEventRow = typeof signature_events.$inferSelect;

/** The first event's previous hash. */
export const genesisHash = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level and no whitespace (the JCS idea, RFC 8785, for
 * the values an event holds: strings, integers, booleans, null, arrays and objects).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not a finite number');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** What an event's hash covers: everything it says, and the hash before it. */
export function eventHash(event: Omit<SignatureEventRow, 'id' | 'hash'>): string {
  const body = canonicalJson({
    request_id: event.request_id,
    seq: event.seq,
    event: event.event,
    signer_id: event.signer_id,
    actor_id: event.actor_id,
    ip: event.ip,
    user_agent: event.user_agent,
    at: event.at.toISOString(),
    data: event.data,
    prev_hash: event.prev_hash,
  });
  return createHash('sha256').update(body).digest('hex');
}

export interface AuditEventInput {
  event: AuditEventType;
  signer_id?: string | null;
  ip?: string | null;
  user_agent?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends an event to a request's chain. The caller holds the request's row lock (every
 * write to a request takes it first), so events of one request are appended one at a time.
 */
export async function appendAuditEvent(txCtx: Ctx, requestId: string, input: AuditEventInput) {
  const [last] = await txCtx.db
    .select({ seq: signature_events.seq, hash: signature_events.hash })
    .from(signature_events)
    .where(eq(signature_events.request_id, requestId))
    .orderBy(desc(signature_events.seq))
    .limit(1);
  const row = {
    request_id: requestId,
    seq: (last?.seq ?? 0) + 1,
    event: input.event,
    signer_id: input.signer_id ?? null,
    actor_id: txCtx.actor.type === 'user' ? txCtx.actor.id : null,
    ip: input.ip ?? null,
    user_agent: input.user_agent?.slice(0, 500) ?? null,
    // Milliseconds: what a JavaScript Date holds, so the hash recomputes from the stored row.
    at: new Date(txCtx.clock.now().getTime()),
    data: input.data ?? {},
    prev_hash: last?.hash ?? genesisHash,
  };
  const hash = eventHash(row);
  const [inserted] = await txCtx.db
    .insert(signature_events)
    .values({ id: newId(), ...row, hash })
    .returning();
  return inserted!;
}

export async function readAuditEvents(ctx: Ctx, requestId: string) {
  return ctx.db
    .select()
    .from(signature_events)
    .where(eq(signature_events.request_id, requestId))
    .orderBy(asc(signature_events.seq));
}

/**
 * Recomputes the chain: each event's hash from its content, each link to the event before.
 * Returns the first event that does not hold, or null when the whole chain does.
 */
export function verifyChain(events: SignatureEventRow[]): { seq: number; reason: string } | null {
  let previous = genesisHash;
  let expectedSeq = 1;
  for (const event of events) {
    if (event.seq !== expectedSeq) return { seq: event.seq, reason: 'gap in the sequence' };
    if (event.prev_hash !== previous) return { seq: event.seq, reason: 'previous hash does not match' };
    if (eventHash(event) !== event.hash) return { seq: event.seq, reason: 'content does not match its hash' };
    previous = event.hash;
    expectedSeq += 1;
  }
  return null;
}
