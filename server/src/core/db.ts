import { type SQL, sql } from 'drizzle-orm';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { withFastRowMapping } from './row-mapper.ts';

/** A database handle or a transaction: services take either. */
export type Db = PgDatabase<NodePgQueryResultHKT>;

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

// bigint (int8) and numeric come back as strings by default; counts we cast ourselves.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function openDatabase(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    application_name: 'atrium',
    // No request may hold a connection for long: a runaway statement is cancelled.
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 60_000,
    /*
     * Named statements (preparedStatement below) are planned once per connection. Left to
     * choose, PostgreSQL keeps re-planning the customer search, whose generic plan it
     * misjudges. The setting holds for every statement with parameters, named or not: a
     * condition whose plan depends on its value must be written so a generic plan can use
     * an index (startsWith below, not `like $1`).
     * Instants come back in UTC whatever the server's time zone (isoFromPgJson's fast path).
     */
    options: '-c plan_cache_mode=force_generic_plan -c TimeZone=UTC',
  });
  // A client that loses its connection must not crash the process: an idle one (the pool's
  // 'error'), nor one checked out between two statements (its own 'error', e.g. after
  // idle_in_transaction_session_timeout); its next query fails, and the pool drops it.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzle({ client: pool });
  return { db, pool, close: () => pool.end() };
}

/**
 * A statement prepared once per database handle; PostgreSQL then plans it once per
 * connection. `build` must always give the same SQL text for the same name. It may return
 * one prepared select or an object of them; their rows are mapped by `withFastRowMapping`.
 */
export function preparedStatement<T>(build: (db: Db) => T): (db: Db) => T {
  const statements = new WeakMap<Db, T>();
  return (db) => {
    let statement = statements.get(db);
    if (statement === undefined) {
      statement = withFastRowMapping(build(db));
      statements.set(db, statement);
    }
    return statement;
  };
}

const utcFromPgJson = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d{1,6}))?\+00:00$/;

/**
 * An instant PostgreSQL wrote into JSON (`2026-11-21T13:56:05.1894+00:00`: as many
 * fractional digits as needed, the session's offset) as the API writes every instant,
 * `Date.prototype.toISOString`'s form (`2026-11-21T13:56:05.189Z`). In UTC, as our sessions
 * are, that is a few string operations instead of a Date parsed and formatted per value.
 */
export function isoFromPgJson(value: string): string {
  const utc = utcFromPgJson.exec(value);
  if (!utc) return new Date(value).toISOString();
  return `${value.slice(0, 19)}.${(utc[1] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

/** `value` as a LIKE pattern matching itself only. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * `column` starts with `prefix`, written as the range a `text_pattern_ops` index serves in
 * any plan. Sessions force generic plans (openDatabase), and a generic plan cannot read
 * `like $1` as a prefix: looking a phone number up that way scanned all 1M customers
 * (120 ms) instead of reading a few index entries. A prefix ending in a character past
 * `}` keeps the LIKE (correct, slower); identifiers are ASCII.
 */
export function startsWith(column: SQL, prefix: string): SQL {
  const last = prefix.charCodeAt(prefix.length - 1);
  if (!(last < 0x7e)) return sql`${column} like ${`${escapeLike(prefix)}%`}`;
  const after = prefix.slice(0, -1) + String.fromCharCode(last + 1);
  return sql`(${column} ~>=~ ${prefix} and ${column} ~<~ ${after})`;
}
