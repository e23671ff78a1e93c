import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/core/db.ts';
import { pgErrorOf } from '../src/core/pg-errors.ts';
import { createTestDatabase } from './database.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('test database', () => {
  it('folds accents and splits words for search', async () => {
    const result = await database.db.execute(
      sql`select atrium_tokens('Éric', 'Tremblé-Côté', null) as tokens`,
    );
    expect(result.rows[0]?.tokens).toEqual(['cote', 'eric', 'tremble']);
  });

  it('refuses to change the audit log', async () => {
    await database.db.execute(
      sql`insert into audit_log (id, occurred_at, actor_type, role, action, entity) values (gen_random_uuid(), now(), 'system', 'system', 'test', 'test')`,
    );
    for (const statement of [
      sql`update audit_log set action = 'x'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
    ]) {
      const error = await database.db.execute(statement).catch((caught: unknown) => caught);
      expect(pgErrorOf(error)?.message).toMatch(/append-only/);
    }
  });
});
