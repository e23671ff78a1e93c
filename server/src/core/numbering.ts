import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { document_counters } from './numbering.tables.ts';

/**
 * The next number of a series (1, 2, 3…), gap-free: call it inside the transaction that uses
 * the number. The counter row stays locked until that transaction ends, so concurrent
 * writers take turns, and a rollback gives the number back. Draw it late in the transaction:
 * every other writer of the series waits for the commit.
 */
export async function nextInSeries(ctx: { db: Db }, kind: string): Promise<number> {
  const [counter] = await ctx.db
    .insert(document_counters)
    .values({ kind, last_number: 1 })
    .onConflictDoUpdate({
      target: document_counters.kind,
      set: { last_number: sql`${document_counters.last_number} + 1` },
    })
    .returning({ last_number: document_counters.last_number });
  if (!counter) throw new Error(`counter ${kind} missing`);
  return counter.last_number;
}
