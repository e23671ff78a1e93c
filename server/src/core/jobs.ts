import { PgBoss } from 'pg-boss';
import type { Ctx } from './context.ts';

/**
 * A background job: a name, an optional schedule, and a handler that receives a system
 * context. Handlers must be idempotent: pg-boss may run a job again after a crash.
 */
export interface JobDefinition {
  name: string;
  /** Cron expression, in UTC. */
  cron?: string;
  handler(ctx: Ctx): Promise<unknown>;
}

export interface JobRunner {
  /** Takes no new job, lets the running ones finish, then closes its connections. */
  stop(): Promise<void>;
}

export function createJobQueue(databaseUrl: string): PgBoss {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    application_name: 'atrium-jobs',
  });
  boss.on('error', (error) => console.error('job queue error', error));
  return boss;
}

export async function registerJobs(
  boss: PgBoss,
  ctx: Ctx,
  jobs: readonly JobDefinition[],
  log: (line: string) => void,
) {
  for (const job of jobs) {
    await boss.createQueue(job.name);
    if (job.cron) await boss.schedule(job.name, job.cron);
    await boss.work(job.name, async () => {
      const result = await job.handler(ctx);
      log(`${job.name}: ${JSON.stringify(result)}`);
      return result;
    });
  }
}

/** Starts the queue (pg-boss, in Atrium's database) and works and schedules these jobs. */
export async function startJobs(
  databaseUrl: string,
  ctx: Ctx,
  jobs: readonly JobDefinition[],
  log: (line: string) => void,
): Promise<JobRunner> {
  const boss = createJobQueue(databaseUrl);
  await boss.start();
  try {
    await registerJobs(boss, ctx, jobs, log);
  } catch (error) {
    await boss.stop({ graceful: false });
    throw error;
  }
  return { stop: () => boss.stop({ graceful: true }) };
}
