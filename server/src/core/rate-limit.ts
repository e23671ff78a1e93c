import { lt, sql } from 'drizzle-orm';
import type { Clock } from './clock.ts';
import type { Db } from './db.ts';
import type { JobDefinition } from './jobs.ts';
import { rate_limit_counters } from './rate-limit.tables.ts';

/** At most `limit` requests per key in each window of `windowSeconds`. */
export interface RateLimitRule {
  /** Names the counter: `${name}:${subject}`. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export type RateLimitResult =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

/** The longest window any rule uses: the purge keeps counters younger than this. */
const longestWindowSeconds = 60 * 60;

/**
 * Counts one request and says whether it is within the rule. One statement: the row's lock
 * serializes concurrent requests of one key, so a burst cannot slip past a limit none of its
 * requests has recorded yet, on one instance or several. A refused request is counted too:
 * hammering does not open the next window sooner.
 */
export async function hitRateLimit(
  ctx: { db: Db; clock: Clock },
  rule: RateLimitRule,
  subject: string,
): Promise<RateLimitResult> {
  if (rule.windowSeconds > longestWindowSeconds) throw new Error(`${rule.name}: window too long`);
  const now = ctx.clock.now();
  const windowOver = sql`${rate_limit_counters.window_started_at} <= ${now.toISOString()}::timestamptz - make_interval(secs => ${rule.windowSeconds})`;
  const [row] = await ctx.db
    .insert(rate_limit_counters)
    .values({ key: `${rule.name}:${subject}`.slice(0, 300), hits: 1, window_started_at: now })
    .onConflictDoUpdate({
      target: rate_limit_counters.key,
      set: {
        hits: sql`case when ${windowOver} then 1 else ${rate_limit_counters.hits} + 1 end`,
        window_started_at: sql`case when ${windowOver} then excluded.window_started_at else ${rate_limit_counters.window_started_at} end`,
      },
    })
    .returning();
  if (!row) throw new Error('rate limit counter missing');
  if (row.hits <= rule.limit) return { allowed: true, remaining: rule.limit - row.hits };
  const windowEnd = row.window_started_at.getTime() + rule.windowSeconds * 1000;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)) };
}

/** Forgets counters whose window is over for every rule. */
export async function purgeRateLimitCounters(ctx: { db: Db; clock: Clock }): Promise<{ purged: number }> {
  const before = new Date(ctx.clock.now().getTime() - longestWindowSeconds * 1000);
  const deleted = await ctx.db
    .delete(rate_limit_counters)
    .where(lt(rate_limit_counters.window_started_at, before))
    .returning({ key: rate_limit_counters.key });
  return { purged: deleted.length };
}

export const rateLimitJobs: JobDefinition[] = [
  { name: 'core.purge-rate-limit-counters', cron: '41 * * * *', handler: purgeRateLimitCounters },
];
