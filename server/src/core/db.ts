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
     * misjudges; unnamed statements are planned for their values either way.
     */
    options: '-c plan_cache_mode=force_generic_plan',
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
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
