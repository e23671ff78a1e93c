import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { type Database, isoFromPgJson } from './db.ts';

describe('isoFromPgJson', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

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
