import { sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { type BlockEntry, firstMismatch, type Mismatch } from './audit-seal.compare.ts';

/** Any constant works: it only has to be the same for every Atrium process (two sealers take turns). */
const sealLock = 724_202;
const genesisHash = Buffer.alloc(32);
/** How many blocks one verification query recomputes. */
const verifyBatch = 200;
/**
 * The first seal of an existing log covers all of it, and a block is recomputed by one
 * statement: longer than a request's usual limit (core/db.ts) on a log of millions.
 */
const longStatement = '10min';

/**
 * One entry's SHA-256 over its canonical form: every column in a fixed order, built by
 * PostgreSQL (instants at microsecond precision in UTC, jsonb's normalized text), so it
 * never depends on how JavaScript reads the row. It lives here, not in a database
 * function, so that whoever can rewrite the database cannot redefine it.
 */
const entryDigest = sql.raw(`pg_catalog.sha256(convert_to(jsonb_build_array(
  a.id, to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), a.actor_type,
  a.actor_id, a.role, a.ip, a.user_agent, a.action, a.entity, a.entity_id, a.customer_id,
  a.changed_fields, a.metadata, a.tx_id::text)::text, 'UTF8'))`);

export interface AuditSeal {
  block_no: number;
  entry_count: number;
  first_entry_id: string;
  last_entry_id: string;
  first_occurred_at: Date;
  last_occurred_at: Date;
  /** SHA-256 over the previous block's hash and this block's entry digests, as hex. */
  hash: string;
  sealed_at: Date;
}

type Instant = Date | string;

/** A row as raw SQL returns it (a type, not an interface: `execute` wants an index signature). */
type SealRow = Omit<AuditSeal, 'hash' | 'first_occurred_at' | 'last_occurred_at' | 'sealed_at'> & {
  hash: Buffer;
  first_occurred_at: Instant;
  last_occurred_at: Instant;
  sealed_at: Instant;
};

const sealColumns = sql.raw(`block_no, entry_count, first_entry_id, last_entry_id, first_occurred_at,
  last_occurred_at, hash, sealed_at`);

/** Drizzle's driver hands instants of raw SQL over as PostgreSQL's text. */
function toDate(value: Instant): Date {
  return new Date(value);
}

function toSeal(row: SealRow): AuditSeal {
  return {
    block_no: row.block_no,
    entry_count: row.entry_count,
    first_entry_id: row.first_entry_id,
    last_entry_id: row.last_entry_id,
    first_occurred_at: toDate(row.first_occurred_at),
    last_occurred_at: toDate(row.last_occurred_at),
    hash: row.hash.toString('hex'),
    sealed_at: toDate(row.sealed_at),
  };
}

/**
 * Seals the audit entries written since the last seal into the next block, or does nothing
 * when there are none. Writers are never locked: the block covers the entries of every
 * transaction below the oldest one still running (`pg_snapshot_xmin`), all of which have
 * finished, and starts where the previous block stopped; an entry whose transaction was
 * still open goes into a later block, exactly once (ADR 0007).
 */
export async function sealAuditLog(ctx: Ctx): Promise<AuditSeal | null> {
  return ctx.db.transaction(
    async (tx) => {
      await tx.execute(sql.raw(`set local statement_timeout = '${longStatement}'`));
      // Read committed: each statement after the lock sees the block the previous sealer committed.
      await tx.execute(sql`select pg_advisory_xact_lock(${sealLock})`);
      const { rows: previous } = await tx.execute<{ block_no: number; to_tx: string; hash: Buffer }>(
        sql`select block_no, to_tx::text, hash from audit_seals order by block_no desc limit 1`,
      );
      const last = previous[0];
      if (last && (await transactionIdsBehind(tx, last.to_tx))) {
        throw new AppError('audit.transaction_ids_behind', restoredMessage, { block_no: last.block_no });
      }
      const fromTx = last?.to_tx ?? '0';
      const prevHash = last?.hash ?? genesisHash;
      const { rows } = await tx.execute<SealRow>(sql`
        with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as h),
        entries as (
          select a.id, a.tx_id, a.occurred_at, ${entryDigest} as digest
          from audit_log a, horizon
          where a.tx_id >= ${fromTx}::xid8 and a.tx_id < horizon.h
        ),
        block as (
          select count(*)::int as n,
            array_agg(id order by tx_id, id) as ids,
            string_agg(digest, ''::bytea order by tx_id, id) as digests,
            min(occurred_at) as first_at, max(occurred_at) as last_at
          from entries
        )
        insert into audit_seals (block_no, from_tx, to_tx, entry_count, first_entry_id, last_entry_id,
          first_occurred_at, last_occurred_at, entry_ids, entry_hashes, prev_hash, hash, sealed_at)
        select ${(last?.block_no ?? 0) + 1}::bigint, ${fromTx}::xid8, horizon.h, n, ids[1], ids[n], first_at,
          last_at, ids, digests, ${prevHash}::bytea, pg_catalog.sha256(${prevHash}::bytea || digests),
          ${ctx.clock.now().toISOString()}::timestamptz
        from block, horizon
        where n > 0
        returning ${sealColumns}`);
      return rows[0] ? toSeal(rows[0]) : null;
    },
    { isolationLevel: 'read committed' },
  );
}

const restoredMessage =
  "This database's transaction ids are behind its seals: it was restored from a logical dump (pg_dump), " +
  'which restarts them. Sealing is paused; see docs/adr/0007-sealed-audit-log.md';

/**
 * Transaction ids only grow in one PostgreSQL cluster, and a block's upper bound was a past
 * horizon; a bound past the ids handed out so far means the data came from another cluster
 * (pg_dump and restore), whose new entries would fall inside ranges already sealed.
 */
async function transactionIdsBehind(db: Db, toTx: string): Promise<boolean> {
  const { rows } = await db.execute<{ behind: boolean }>(
    sql`select ${toTx}::xid8 > pg_snapshot_xmax(pg_current_snapshot()) as behind`,
  );
  return rows[0]?.behind === true;
}

export type AuditFailureKind = Mismatch['kind'] | 'chain_broken' | 'seal_altered' | 'transaction_ids_behind';

export interface AuditVerification {
  ok: boolean;
  /** The latest `occurred_at` among the entries of the blocks that verified. */
  verified_up_to: Date | null;
  blocks_checked: number;
  entries_checked: number;
  /** Entries not sealed yet (written since the last seal). */
  unsealed_entries: number;
  /** The chain's head as stored: keep its hash outside the database to detect a rewrite of the whole chain. */
  latest_block: AuditSeal | null;
  failure: {
    kind: AuditFailureKind;
    block_no: number | null;
    entry_id: string | null;
    message: string;
  } | null;
}

type CheckedBlock = SealRow & {
  from_tx: string;
  to_tx: string;
  prev_hash: Buffer;
  index_matches: boolean;
  actual_count: number;
  actual_hash: Buffer;
  actual_last_at: Instant | null;
};

/**
 * Recomputes every block from the rows it covers; stops at the first one that no longer
 * matches. One snapshot throughout, so a seal committed meanwhile is not half seen.
 */
export async function verifyAuditLog(ctx: Ctx): Promise<AuditVerification> {
  return ctx.db.transaction(
    async (tx) => {
      await tx.execute(sql.raw(`set local statement_timeout = '${longStatement}'`));
      return verifyChain(tx);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

async function verifyChain(db: Db): Promise<AuditVerification> {
  let blocksChecked = 0;
  let entriesChecked = 0;
  let verifiedUpTo: Date | null = null;
  let previous: { block_no: number; to_tx: string; hash: Buffer } = {
    block_no: 0,
    to_tx: '0',
    hash: genesisHash,
  };
  let failure: AuditVerification['failure'] = null;

  scan: for (;;) {
    const { rows } = await db.execute<CheckedBlock>(sql`
      select s.block_no, s.from_tx::text, s.to_tx::text, s.entry_count, s.first_entry_id, s.last_entry_id,
        s.first_occurred_at, s.last_occurred_at, s.prev_hash, s.hash, s.sealed_at,
        s.hash = pg_catalog.sha256(s.prev_hash || s.entry_hashes) as index_matches,
        r.actual_count, r.actual_hash, r.actual_last_at
      from audit_seals s
      cross join lateral (
        select count(*)::int as actual_count, max(e.occurred_at) as actual_last_at,
          pg_catalog.sha256(s.prev_hash || coalesce(string_agg(e.digest, ''::bytea order by e.tx_id, e.id), ''::bytea))
            as actual_hash
        from (select a.id, a.tx_id, a.occurred_at, ${entryDigest} as digest
              from audit_log a where a.tx_id >= s.from_tx and a.tx_id < s.to_tx) e
      ) r
      where s.block_no > ${previous.block_no}
      order by s.block_no
      limit ${verifyBatch}`);
    for (const block of rows) {
      if (
        block.block_no !== previous.block_no + 1 ||
        block.from_tx !== previous.to_tx ||
        !block.prev_hash.equals(previous.hash)
      ) {
        failure = {
          kind: 'chain_broken',
          block_no: block.block_no,
          entry_id: null,
          message: `Block ${block.block_no} does not follow block ${previous.block_no}: a block was removed or rewritten`,
        };
        break scan;
      }
      if (block.actual_count !== block.entry_count || !block.actual_hash.equals(block.hash)) {
        failure = await locateMismatch(db, block);
        break scan;
      }
      if (!block.index_matches) {
        failure = sealAltered(block.block_no);
        break scan;
      }
      blocksChecked += 1;
      entriesChecked += block.actual_count;
      const lastAt = block.actual_last_at && toDate(block.actual_last_at);
      if (lastAt && (!verifiedUpTo || lastAt > verifiedUpTo)) verifiedUpTo = lastAt;
      previous = block;
    }
    if (rows.length < verifyBatch) break;
  }

  const [{ rows: head }, { rows: unsealed }] = await Promise.all([
    db.execute<SealRow & { to_tx: string }>(
      sql`select ${sealColumns}, to_tx::text from audit_seals order by block_no desc limit 1`,
    ),
    db.execute<{ total: number; impossible_id: string | null }>(sql`
      with tip as (select coalesce(max(to_tx), '0'::xid8) as to_tx from audit_seals)
      select (select count(*)::int from audit_log a, tip where a.tx_id >= tip.to_tx) as total,
        -- A committed entry cannot carry the id of a transaction that had not finished.
        (select a.id from audit_log a where a.tx_id >= pg_snapshot_xmax(pg_current_snapshot())
          order by a.tx_id, a.id limit 1) as impossible_id`),
  ]);
  const impossible = unsealed[0]?.impossible_id;
  if (head[0] && (await transactionIdsBehind(db, head[0].to_tx))) {
    // Said first: after a restore, new entries fall inside old ranges and would read as insertions.
    failure = {
      kind: 'transaction_ids_behind',
      block_no: head[0].block_no,
      entry_id: null,
      message: restoredMessage,
    };
  } else if (!failure && impossible) {
    failure = {
      kind: 'inserted',
      block_no: null,
      entry_id: impossible,
      message: `Entry ${impossible} claims a transaction that has not happened yet: it was inserted by hand`,
    };
  }
  return {
    ok: failure === null,
    verified_up_to: verifiedUpTo,
    blocks_checked: blocksChecked,
    entries_checked: entriesChecked,
    unsealed_entries: unsealed[0]?.total ?? 0,
    latest_block: head[0] ? toSeal(head[0]) : null,
    failure,
  };
}

function sealAltered(blockNo: number): NonNullable<AuditVerification['failure']> {
  return {
    kind: 'seal_altered',
    block_no: blockNo,
    entry_id: null,
    message: `Block ${blockNo} no longer matches its own record: the seal was rewritten`,
  };
}

/** Names the first entry of a block that no longer matches what was sealed. */
async function locateMismatch(
  db: Db,
  block: CheckedBlock,
): Promise<NonNullable<AuditVerification['failure']>> {
  const [{ rows: sealedRows }, { rows: actual }] = await Promise.all([
    db.execute<{ entry_ids: string[]; entry_hashes: Buffer }>(
      sql`select entry_ids::text[] as entry_ids, entry_hashes from audit_seals where block_no = ${block.block_no}`,
    ),
    db.execute<BlockEntry>(sql`
      select a.id::text as id, ${entryDigest} as digest from audit_log a
      where a.tx_id >= ${block.from_tx}::xid8 and a.tx_id < ${block.to_tx}::xid8
      order by a.tx_id, a.id`),
  ]);
  const sealedBlock = sealedRows[0];
  const sealed: BlockEntry[] = (sealedBlock?.entry_ids ?? []).map((id, index) => ({
    id,
    digest: sealedBlock!.entry_hashes.subarray(index * 32, index * 32 + 32),
  }));
  const mismatch = firstMismatch(sealed, actual);
  if (!mismatch) return sealAltered(block.block_no);
  let { kind } = mismatch;
  if (kind === 'deleted') {
    // Gone from its block's range but still in the log: its transaction id was changed.
    const { rows } = await db.execute(sql`select 1 from audit_log where id = ${mismatch.entry_id}`);
    if (rows.length) kind = 'altered';
  }
  const what = { altered: 'was altered', deleted: 'was deleted', inserted: 'was inserted after sealing' }[
    kind
  ];
  return {
    kind,
    block_no: block.block_no,
    entry_id: mismatch.entry_id,
    message: `Entry ${mismatch.entry_id} in block ${block.block_no} ${what}`,
  };
}
