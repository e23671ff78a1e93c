import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/core/clock.ts';
import { loadConfig } from '../src/core/config.ts';
import { systemActor } from '../src/core/context.ts';
import type { Database } from '../src/core/db.ts';
import { jobSettingsFromConfig, jobsFor } from '../src/jobs.ts';
import { openServer } from '../src/main.ts';
import { recordConsent } from '../src/modules/privacy/index.ts';
import { createTestDatabase } from './database.ts';
import { createTestCustomer } from './factories.ts';

/*
 * `npm start` runs the background jobs in the same process unless ATRIUM_JOBS=off: a
 * one-command install must expire consents without a separate `atrium worker`.
 */
let database: Database & { url: string };
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'atrium-start-'));
});
afterAll(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function configWith(jobsSetting: 'on' | 'off') {
  return loadConfig({
    DATABASE_URL: database.url,
    ATRIUM_DATA_DIR: dataDir,
    ATRIUM_SECRET: 's'.repeat(40),
    ATRIUM_JOBS: jobsSetting,
    LOG_LEVEL: 'silent',
  });
}

async function queueNames(): Promise<string[] | null> {
  const { rows } = await database.db.execute<{ exists: boolean }>(
    sql`select to_regclass('pgboss.queue') is not null as exists`,
  );
  if (!rows[0]?.exists) return null;
  const queues = await database.db.execute<{ name: string }>(
    sql`select name from pgboss.queue order by name`,
  );
  return queues.rows.map((row) => row.name);
}

describe('the server started with ATRIUM_JOBS=off', () => {
  it('creates no job queue', async () => {
    const server = await openServer(configWith('off'), () => {});
    try {
      expect(await queueNames()).toBeNull();
    } finally {
      await server.stop();
    }
  });
});

describe('the server started with its jobs (the default)', () => {
  it('schedules every job and runs them: an expired consent reaches the timeline', async () => {
    expect(loadConfig({ ATRIUM_SECRET: 's'.repeat(40) }).ATRIUM_JOBS).toBe(true);
    const ctx = {
      db: database.db,
      actor: systemActor,
      clock: fixedClock(new Date(Date.now() - 2 * 86_400_000)),
    };
    const customer = await createTestCustomer(ctx);
    await recordConsent(ctx, customer.id, {
      consent_type: 'analytics',
      is_granted: true,
      source: 'web',
      expires_at: new Date(Date.now() - 86_400_000),
    });

    const jobs = jobsFor(jobSettingsFromConfig(configWith('on')));
    const server = await openServer(configWith('on'), () => {});
    try {
      const names = jobs.map((job) => job.name).sort();
      expect(names).toContain('privacy.record-expired-consents');
      expect(await queueNames()).toEqual(expect.arrayContaining(names));
      const schedules = await database.db.execute<{ name: string }>(sql`select name from pgboss.schedule`);
      expect(schedules.rows.map((row) => row.name).sort()).toEqual(
        jobs
          .filter((job) => job.cron)
          .map((job) => job.name)
          .sort(),
      );

      // Run the consent job now rather than at its next */10 minute, through the queue the server works.
      const { PgBoss } = await import('pg-boss');
      const sender = new PgBoss({
        connectionString: database.url,
        schema: 'pgboss',
        supervise: false,
        schedule: false,
      });
      await sender.start();
      await sender.send('privacy.record-expired-consents');
      await sender.stop({ graceful: false });

      const deadline = Date.now() + 15_000;
      let logged = 0;
      while (Date.now() < deadline) {
        const { rows } = await database.db.execute<{ count: number }>(sql`
          select count(*)::int as count from customer_activity
          where customer_id = ${customer.id} and metadata->>'event' = 'consent.expired'`);
        logged = rows[0]?.count ?? 0;
        if (logged) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(logged).toBe(1);

      // The server's dispatcher hands the events of those changes on (no handler yet: done).
      let pending = -1;
      while (Date.now() < deadline + 15_000) {
        const { rows } = await database.db.execute<{ count: number }>(sql`
          select count(*)::int as count from domain_events where customer_id = ${customer.id} and status <> 'done'`);
        pending = rows[0]?.count ?? -1;
        if (pending === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(pending).toBe(0);
      const { rows } = await database.db.execute<{ type: string }>(
        sql`select type from domain_events where customer_id = ${customer.id} order by seq`,
      );
      expect(rows.map((row) => row.type)).toEqual(['customer.created', 'consent.granted', 'consent.expired']);
    } finally {
      await server.stop();
    }
  });
});
