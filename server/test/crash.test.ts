import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/core/clock.ts';
import { systemActor } from '../src/core/context.ts';
import type { Database } from '../src/core/db.ts';
import { createApiKey } from '../src/modules/auth/index.ts';
import { createTestDatabase } from './database.ts';

/*
 * A server killed with SIGKILL in the middle of a burst of writes must lose no committed
 * write and leave no half-written change: every customer has its timeline entry and its
 * audit entry, and nothing refers to a customer that does not exist.
 */
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/atrium.js');
let database: Database & { url: string };
let key: string;

beforeAll(async () => {
  database = await createTestDatabase();
  key = (
    await createApiKey(
      { db: database.db, actor: systemActor, clock: systemClock },
      { name: 'crash', role: 'staff' },
    )
  ).key;
});
afterAll(() => database.close());

function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'start'], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ATRIUM_SECRET: 'c'.repeat(40),
    },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 20_000;
    const poll = async () => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (response.ok) return resolve(child);
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || child.exitCode !== null) return reject(new Error('server did not start'));
      setTimeout(poll, 100);
    };
    void poll();
  });
}

describe('a server killed mid-request', () => {
  it('keeps every acknowledged write whole and leaves no partial change', async () => {
    const port = 30000 + Math.floor(Math.random() * 20000);
    const server = await startServer(port);
    const acknowledged: string[] = [];
    const attempts = Array.from({ length: 200 }, (_, index) =>
      fetch(`http://127.0.0.1:${port}/api/v1/customers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ first_name: 'Crash', last_name: `Test${index}` }),
      })
        .then(async (response) => {
          if (response.status === 201) acknowledged.push(((await response.json()) as { id: string }).id);
        })
        .catch(() => {}),
    );
    // Kill once some writes have been acknowledged and others are in flight.
    while (acknowledged.length < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    server.kill('SIGKILL');
    await Promise.all(attempts);
    expect(acknowledged.length).toBeLessThan(200);

    const { rows } = await database.db.execute<{ id: string; activities: number; audits: number }>(sql`
      select c.id,
        (select count(*) from customer_activity a where a.customer_id = c.id)::int as activities,
        (select count(*) from audit_log l where l.entity_id = c.id and l.action = 'customer.created')::int as audits
      from customers c where c.first_name = 'Crash'`);
    const stored = new Set(rows.map((row) => row.id));
    for (const id of acknowledged) expect(stored.has(id), id).toBe(true);
    for (const row of rows) expect([row.activities, row.audits]).toEqual([1, 1]);
    const orphans = await database.db.execute<{ count: number }>(sql`
      select count(*)::int as count from audit_log l
      where l.action = 'customer.created' and not exists (select 1 from customers c where c.id = l.entity_id)`);
    expect(orphans.rows[0]?.count).toBe(0);
  });
});
