import { hash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Ctx, Role } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { newId } from '../../core/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { api_keys } from './auth.tables.ts';

const keyPrefix = 'atr_';

// One-shot: no Hash object (a native handle the garbage collector must track) per request.
function hashKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** Makes an API key; the key itself is returned once and never stored. */
export async function createApiKey(
  ctx: Ctx,
  input: { name: string; role: Role; customer_id?: string | null },
) {
  const key = `${keyPrefix}${randomBytes(32).toString('base64url')}`;
  const id = newId();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(api_keys).values({
      id,
      name: input.name,
      role: input.role,
      customer_id: input.customer_id ?? null,
      key_hash: hashKey(key),
      key_prefix: key.slice(0, 10),
      created_by: ctx.actor.id,
      created_at: ctx.clock.now(),
    });
    await recordAudit(
      { ...ctx, db: tx },
      { action: 'api_key.create', entity: 'api_key', entity_id: id, changed_fields: ['name', 'role'] },
    );
  });
  return { id, key, name: input.name, role: input.role };
}

export interface ApiKeyPrincipal {
  id: string;
  role: Role;
  customer_id: string | null;
}

/*
 * Verified keys are remembered for a few seconds per process so that authentication
 * does not cost a database round trip on every request; a revoked key stops working
 * within `cacheSeconds`. The database stays the only source of truth.
 */
const cacheSeconds = 10;
// ttlResolution 0: read the clock on each lookup, rather than lru-cache's default of a
// timer every millisecond that caches it.
const verified = new LRUCache<string, ApiKeyPrincipal | false>({
  max: 10_000,
  ttl: cacheSeconds * 1000,
  ttlResolution: 0,
});

export async function verifyApiKey(db: Db, key: string): Promise<ApiKeyPrincipal | undefined> {
  if (!key.startsWith(keyPrefix) || key.length > 100) return undefined;
  const hash = hashKey(key);
  const cached = verified.get(hash);
  if (cached !== undefined) return cached || undefined;
  const [row] = await db
    .select({ id: api_keys.id, role: api_keys.role, customer_id: api_keys.customer_id })
    .from(api_keys)
    .where(and(eq(api_keys.key_hash, hash), isNull(api_keys.revoked_at)));
  const principal = row ? { id: row.id, role: row.role as Role, customer_id: row.customer_id } : undefined;
  verified.set(hash, principal ?? false);
  return principal;
}

export async function revokeApiKey(ctx: Ctx, id: string) {
  await ctx.db.transaction(async (tx) => {
    await tx.update(api_keys).set({ revoked_at: ctx.clock.now() }).where(eq(api_keys.id, id));
    await recordAudit(
      { ...ctx, db: tx },
      { action: 'api_key.revoke', entity: 'api_key', entity_id: id, changed_fields: ['revoked_at'] },
    );
  });
  verified.clear();
}
