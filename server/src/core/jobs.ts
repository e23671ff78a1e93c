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

export function createJobQueue(databaseUrl: string): PgBoss {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss' });
  boss.on('error', (error) => console.error('job queue error', error));
  return boss;
}

export async function registerJobs(
  boss: PgBoss,
  ctx: Ctx,
  jobs: JobDefinition[],
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
