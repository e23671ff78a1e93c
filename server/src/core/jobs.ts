import { PgBoss } from 'pg-boss';
import type { Ctx } from './context.ts';
import { createEventDispatcher, type EventHandler } from './events.ts';

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

/**
 * Starts the background work of one process: the queue (pg-boss, in Atrium's database),
 * working and scheduling these jobs, and the dispatcher that hands committed events to
 * their handlers (core/events.ts). Every process that runs jobs dispatches events; they
 * share the work safely.
 */
export async function startJobs(
  databaseUrl: string,
  ctx: Ctx,
  work: { jobs: readonly JobDefinition[]; eventHandlers: readonly EventHandler[] },
  log: (line: string) => void,
): Promise<JobRunner> {
  const boss = createJobQueue(databaseUrl);
  await boss.start();
  try {
    await registerJobs(boss, ctx, work.jobs, log);
  } catch (error) {
    await boss.stop({ graceful: false });
    throw error;
  }
  const dispatcher = createEventDispatcher({
    db: ctx.db,
    clock: ctx.clock,
    handlers: [...work.eventHandlers],
    log: (message, error) => log(`${message}${error instanceof Error ? `: ${error.message}` : ''}`),
  });
  dispatcher.start();
  return {
    stop: async () => {
      await Promise.all([boss.stop({ graceful: true }), dispatcher.stop()]);
    },
  };
}
