import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { type Database, isoFromPgJson, startsWith } from './db.ts';

// One database for the file: each test leaves it as it found it.
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('isoFromPgJson', () => {
  // Instants as microseconds since the epoch: whole seconds, each count of fractional
  // digits PostgreSQL may write, before 1970 and far ahead.
  const micros = [
    0n,
    1_700_000_000_000_000n,
    1_700_000_000_100_000n,
    1_700_000_000_120_000n,
    1_700_000_000_123_000n,
    1_700_000_000_123_400n,
    1_700_000_000_123_450n,
    1_700_000_000_123_456n,
    1_700_000_000_999_999n,
    -86_400_000_001n,
    253_402_300_799_999_999n,
  ];
  const expected = micros.map((us) => {
    const ms = us / 1000n - (us % 1000n < 0n ? 1n : 0n);
    return new Date(Number(ms)).toISOString();
  });

  async function jsonTimestamps(timeZone: string) {
    const client = await database.pool.connect();
    try {
      await client.query(`set time zone '${timeZone}'`);
      const { rows } = await client.query<{ json: string[] }>(
        `select json_agg(timestamptz 'epoch' + (us / 1000000) * interval '1 second' + (us % 1000000) * interval '1 microsecond' order by n) as json
         from unnest($1::bigint[]) with ordinality as t(us, n)`,
        [micros.map(String)],
      );
      return rows[0]!.json;
    } finally {
      await client.query('reset time zone').catch(() => {});
      client.release();
    }
  }

  it('writes the API form of every instant our UTC sessions send, to the millisecond', async () => {
    const written = await jsonTimestamps('UTC');
    expect(written[1]).toBe('2023-11-14T22:13:20+00:00');
    expect(written.map(isoFromPgJson)).toEqual(expected);
  });

  it('falls back to a full parse for any other offset', async () => {
    const written = await jsonTimestamps('America/Toronto');
    expect(written[1]).toBe('2023-11-14T17:13:20-05:00');
    expect(written.map(isoFromPgJson)).toEqual(expected);
  });

  it('sessions are in UTC whatever the server says', async () => {
    const { rows } = await database.pool.query<{ TimeZone: string }>('show time zone');
    expect(rows[0]!.TimeZone).toBe('UTC');
  });
});

describe('startsWith', () => {
  const values = [
    '+1514',
    '+15145',
    '+1514z',
    '+1515',
    '+151',
    'ab',
    'abc',
    'abd',
    'ab~',
    'abé',
    'abéc',
    'a%b',
    'a_b',
    'aXb',
    'z',
  ];
  const dialect = new PgDialect();

  async function onTable<T>(work: (client: import('pg').PoolClient) => Promise<T>) {
    const client = await database.pool.connect();
    try {
      await client.query('create temporary table prefixes (v text)');
      await client.query('create index on prefixes (v text_pattern_ops)');
      await client.query('insert into prefixes select unnest($1::text[])', [values]);
      return await work(client);
    } finally {
      await client.query('drop table if exists prefixes');
      client.release();
    }
  }

  it('finds exactly the values that start with the prefix, wildcards and non-ASCII included', async () => {
    await onTable(async (client) => {
      for (const prefix of ['+1514', '+151', 'ab', 'abé', 'ab~', 'a%', 'a_', 'z', 'y']) {
        const query = dialect.sqlToQuery(startsWith(sql`v`, prefix));
        const { rows } = await client.query<{ v: string }>(
          `select v from prefixes where ${query.sql} order by v collate "C"`,
          query.params,
        );
        const expected = values
          .filter((value) => value.startsWith(prefix))
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(
          rows.map((row) => row.v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
          prefix,
        ).toEqual(expected);
      }
    });
  });

  it('is read from the pattern index in a generic plan, where LIKE is not', async () => {
    await onTable(async (client) => {
      // Tiny as the table is, the planner must show how it would read the index.
      await client.query('set enable_seqscan = off');
      const plan = async (condition: ReturnType<typeof sql>) => {
        const query = dialect.sqlToQuery(condition);
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `explain (generic_plan) select v from prefixes where ${query.sql}`,
        );
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      };
      // The range bounds the index scan; LIKE can only filter every entry.
      expect(await plan(startsWith(sql`v`, '+1514'))).toMatch(
        /Index Cond: \(\(v ~>=~ \$1\) AND \(v ~<~ \$2\)\)/,
      );
      expect(await plan(sql`v like ${'+1514%'}`)).not.toMatch(/Index Cond/);
      await client.query('reset enable_seqscan');
    });
  });
});
