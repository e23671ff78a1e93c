import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../src/core/clock.ts';
import { type Ctx, systemActor } from '../src/core/context.ts';
import type { Database } from '../src/core/db.ts';
import { recordAudit } from '../src/modules/audit/audit.service.ts';
import { sealAuditLog } from '../src/modules/audit/index.ts';
import { createTestDatabase } from './database.ts';

/** A fresh database of its own, for a test that tampers with the log. */
export async function createAuditDatabase(): Promise<{ database: Database & { url: string }; ctx: Ctx }> {
  const database = await createTestDatabase();
  return { database, ctx: { db: database.db, actor: systemActor, clock: systemClock } };
}

/** Writes `count` audit entries, each in its own transaction; returns their ids in order. */
export async function writeEntries(ctx: Ctx, database: Database, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const marker = randomUUID();
    await recordAudit(ctx, {
      action: 'test.touch',
      entity: 'test_entity',
      metadata: { marker, note: 'é ✓' },
    });
    const { rows } = await database.pool.query<{ id: string }>(
      `select id from audit_log where metadata->>'marker' = $1`,
      [marker],
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}

export interface SealedBlock {
  block_no: number;
  from_tx: string;
  to_tx: string;
  entry_ids: string[];
  prev_hash: string;
  hash: string;
}

export async function sealedBlocks(database: Database): Promise<SealedBlock[]> {
  const { rows } = await database.pool.query<SealedBlock>(`
    select block_no, from_tx::text, to_tx::text, entry_ids::text[] as entry_ids,
      encode(prev_hash, 'hex') as prev_hash, encode(hash, 'hex') as hash
    from audit_seals order by block_no`);
  return rows;
}

/**
 * Seals until these entries are in a block. Every test database shares one PostgreSQL, and a
 * transaction open in another test file holds the seal's horizon back for a moment: sealing
 * waits for it, as it should. Bounded: fails rather than loop for ever.
 */
export async function sealUntilSealed(ctx: Ctx, database: Database, ids: string[]) {
  for (let attempt = 0; attempt < 400; attempt++) {
    await sealAuditLog(ctx);
    const sealed = new Set((await sealedBlocks(database)).flatMap((block) => block.entry_ids));
    if (ids.every((id) => sealed.has(id))) return;
    await sleep(25);
  }
  throw new Error(`entries ${ids.join(', ')} were never sealed`);
}

/** Runs SQL on the log with its append-only triggers off, as the database owner could. */
export async function tamper(database: Database, statement: string, values: unknown[] = []) {
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    await client.query('alter table audit_log disable trigger audit_log_append_only');
    await client.query('alter table audit_seals disable trigger audit_seals_append_only');
    await client.query(statement, values);
    await client.query('alter table audit_log enable trigger audit_log_append_only');
    await client.query('alter table audit_seals enable trigger audit_seals_append_only');
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}
