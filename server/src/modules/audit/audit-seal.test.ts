import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createAuditDatabase,
  sealedBlocks,
  sealUntilSealed,
  tamper,
  writeEntries,
} from '../../../test/audit-seal.ts';
import { newId } from '../../core/ids.ts';
import { sealAuditLog, verifyAuditLog } from './index.ts';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

/** A database with `count` entries, all sealed. */
async function sealedLog(count: number) {
  const { database, ctx } = await createAuditDatabase();
  opened.push(database);
  const ids = await writeEntries(ctx, database, count);
  await sealUntilSealed(ctx, database, ids);
  return { database, ctx, ids };
}

describe('sealing the audit log', () => {
  it('seals the entries written since the last seal into a chained block, and verifies them', async () => {
    const { database, ctx, ids } = await sealedLog(3);
    const later = await writeEntries(ctx, database, 2);
    await sealUntilSealed(ctx, database, later);
    // Nothing new: no empty block.
    expect(await sealAuditLog(ctx)).toBeNull();

    const blocks = await sealedBlocks(database);
    expect(blocks[0]).toMatchObject({ block_no: 1, from_tx: '0', prev_hash: '0'.repeat(64) });
    for (const [index, block] of blocks.entries()) {
      if (index === 0) continue;
      const previous = blocks[index - 1]!;
      // Each block starts where the previous one stopped and carries its hash.
      expect(block).toMatchObject({ block_no: index + 1, from_tx: previous.to_tx, prev_hash: previous.hash });
    }
    const covered = blocks.flatMap((block) => block.entry_ids);
    expect(new Set(covered).size).toBe(covered.length);
    expect(covered).toEqual(expect.arrayContaining([...ids, ...later]));

    const { rows } = await database.pool.query<{ total: number; latest: Date }>(
      'select count(*)::int as total, max(occurred_at) as latest from audit_log',
    );
    const report = await verifyAuditLog(ctx);
    expect(report).toMatchObject({
      ok: true,
      failure: null,
      blocks_checked: blocks.length,
      entries_checked: rows[0]!.total,
      unsealed_entries: 0,
      verified_up_to: rows[0]!.latest,
      latest_block: { block_no: blocks.length, hash: blocks.at(-1)!.hash, last_entry_id: later[1] },
    });
  });

  it('verifies an empty log without a block', async () => {
    const { database, ctx } = await createAuditDatabase();
    opened.push(database);
    expect(await verifyAuditLog(ctx)).toMatchObject({
      ok: true,
      verified_up_to: null,
      blocks_checked: 0,
      latest_block: null,
    });
  });

  it('refuses to change or remove a block', async () => {
    const { database } = await sealedLog(1);
    await expect(database.pool.query(`update audit_seals set sealed_at = now()`)).rejects.toThrow(
      /append-only/,
    );
    await expect(database.pool.query('delete from audit_seals')).rejects.toThrow(/append-only/);
    await expect(database.pool.query('truncate audit_seals')).rejects.toThrow(/append-only/);
  });
});

describe('verifying a tampered log', () => {
  it('names an entry altered in SQL, even by one microsecond', async () => {
    const { database, ctx, ids } = await sealedLog(4);
    await tamper(
      database,
      `update audit_log set occurred_at = occurred_at + interval '1 microsecond' where id = $1`,
      [ids[2]],
    );
    const report = await verifyAuditLog(ctx);
    expect(report.ok).toBe(false);
    expect(report.failure).toMatchObject({ kind: 'altered', entry_id: ids[2] });
    expect(report.failure?.block_no).toBeGreaterThanOrEqual(1);
  });

  it('names an entry whose metadata was rewritten', async () => {
    const { database, ctx, ids } = await sealedLog(3);
    await tamper(database, `update audit_log set metadata = '{"note":"rien vu"}' where id = $1`, [ids[0]]);
    expect((await verifyAuditLog(ctx)).failure).toMatchObject({ kind: 'altered', entry_id: ids[0] });
  });

  it('names a deleted entry', async () => {
    const { database, ctx, ids } = await sealedLog(3);
    await tamper(database, 'delete from audit_log where id = $1', [ids[1]]);
    const report = await verifyAuditLog(ctx);
    expect(report).toMatchObject({ ok: false, failure: { kind: 'deleted', entry_id: ids[1] } });
  });

  it('names an entry moved out of its block by a changed transaction id', async () => {
    const { database, ctx, ids } = await sealedLog(3);
    await tamper(database, `update audit_log set tx_id = '1'::xid8 where id = $1`, [ids[2]]);
    expect((await verifyAuditLog(ctx)).failure).toMatchObject({ kind: 'altered', entry_id: ids[2] });
  });

  it('names a row inserted inside a sealed range', async () => {
    const { database, ctx, ids } = await sealedLog(3);
    const forged = newId();
    await tamper(
      database,
      `insert into audit_log (id, occurred_at, actor_type, role, action, entity, tx_id)
       select $1, occurred_at, 'system', 'system', 'customer.read', 'customer', tx_id from audit_log where id = $2`,
      [forged, ids[1]],
    );
    const report = await verifyAuditLog(ctx);
    expect(report.failure).toMatchObject({ kind: 'inserted', entry_id: forged });
  });

  it('names a row that claims a transaction which has not happened', async () => {
    const { database, ctx } = await sealedLog(1);
    const forged = newId();
    await tamper(
      database,
      `insert into audit_log (id, occurred_at, actor_type, role, action, entity, tx_id)
       values ($1, now(), 'system', 'system', 'customer.read', 'customer', '9000000000000'::xid8)`,
      [forged],
    );
    expect((await verifyAuditLog(ctx)).failure).toMatchObject({
      kind: 'inserted',
      entry_id: forged,
      block_no: null,
    });
  });

  it('detects a removed block and a rewritten seal', async () => {
    const { database, ctx } = await sealedLog(1);
    const more = await writeEntries(ctx, database, 1);
    await sealUntilSealed(ctx, database, more);
    const blocks = await sealedBlocks(database);
    expect(blocks.length).toBeGreaterThanOrEqual(2);

    await tamper(database, 'update audit_seals set entry_hashes = $1 where block_no = 1', [
      Buffer.alloc(32, 7),
    ]);
    expect((await verifyAuditLog(ctx)).failure).toMatchObject({ kind: 'seal_altered', block_no: 1 });

    await tamper(database, 'delete from audit_seals where block_no = 1');
    const report = await verifyAuditLog(ctx);
    expect(report).toMatchObject({ ok: false, failure: { kind: 'chain_broken', block_no: 2 } });
  });
});

describe('a database restored from a logical dump', () => {
  it('pauses sealing and says why, rather than report new entries as inserted', async () => {
    const { database, ctx } = await createAuditDatabase();
    opened.push(database);
    const [id] = await writeEntries(ctx, database, 1);
    // After pg_dump and restore, the seals' bounds come from a cluster whose ids ran further.
    await tamper(
      database,
      `insert into audit_seals (block_no, from_tx, to_tx, entry_count, first_entry_id, last_entry_id,
         first_occurred_at, last_occurred_at, entry_ids, entry_hashes, prev_hash, hash, sealed_at)
       values (1, '0', '9000000000000', 1, $1, $1, now(), now(), array[$1::uuid], $2, $2, $2, now())`,
      [id, Buffer.alloc(32)],
    );
    await expect(sealAuditLog(ctx)).rejects.toMatchObject({
      code: 'audit.transaction_ids_behind',
      status: 422,
    });
    expect((await verifyAuditLog(ctx)).failure).toMatchObject({
      kind: 'transaction_ids_behind',
      block_no: 1,
      entry_id: null,
    });
  });
});

describe('writers that commit out of order', () => {
  it('seals an entry whose transaction stayed open across a seal in a later block, exactly once', async () => {
    const { database, ctx } = await createAuditDatabase();
    opened.push(database);
    const before = await writeEntries(ctx, database, 2);
    const slow = new pg.Client({ connectionString: database.url });
    await slow.connect();
    opened.push({ close: () => slow.end() });
    const early = newId();
    await slow.query('begin');
    await slow.query(
      `insert into audit_log (id, occurred_at, actor_type, role, action, entity) values ($1, now(), 'system', 'system', 'slow.write', 'test_entity')`,
      [early],
    );
    const { rows } = await slow.query<{ xid: string }>('select pg_current_xact_id()::text as xid');
    const slowTx = BigInt(rows[0]!.xid);

    // A later entry (later id, later time) commits first, and seals run while the slow one is open.
    const after = await writeEntries(ctx, database, 1);
    await sealUntilSealed(ctx, database, before);
    await sealAuditLog(ctx);
    for (const block of await sealedBlocks(database)) {
      // No block may pass over the open transaction: it would never be sealed.
      expect(BigInt(block.to_tx)).toBeLessThanOrEqual(slowTx);
      expect(block.entry_ids).not.toContain(early);
      expect(block.entry_ids).not.toContain(after[0]);
    }

    await slow.query('commit');
    await sealUntilSealed(ctx, database, [early, after[0]!]);
    await sealAuditLog(ctx);
    const covered = (await sealedBlocks(database)).flatMap((block) => block.entry_ids);
    expect(covered.filter((id) => id === early)).toHaveLength(1);
    expect(new Set(covered).size).toBe(covered.length);
    expect(await verifyAuditLog(ctx)).toMatchObject({ ok: true, unsealed_entries: 0 });
  });

  it('never covers an entry twice when sealers run at once, while entries are written', async () => {
    const { database, ctx } = await createAuditDatabase();
    opened.push(database);
    const written: string[] = [];
    const writers = (async () => {
      for (let round = 0; round < 5; round++) written.push(...(await writeEntries(ctx, database, 3)));
    })();
    const sealers = Array.from({ length: 4 }, async () => {
      for (let round = 0; round < 5; round++) await sealAuditLog(ctx);
    });
    await Promise.all([writers, ...sealers]);
    await sealUntilSealed(ctx, database, written);

    const blocks = await sealedBlocks(database);
    const covered = blocks.flatMap((block) => block.entry_ids);
    expect(new Set(covered).size).toBe(covered.length);
    expect(covered).toEqual(expect.arrayContaining(written));
    blocks.forEach((block, index) => {
      expect(block.block_no).toBe(index + 1);
      expect(block.from_tx).toBe(index ? blocks[index - 1]!.to_tx : '0');
    });
    expect((await verifyAuditLog(ctx)).ok).toBe(true);
  });
});
