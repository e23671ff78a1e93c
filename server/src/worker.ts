import { systemClock } from './core/clock.ts';
import type { Config } from './core/config.ts';
import { systemActor } from './core/context.ts';
import { startJobs } from './core/jobs.ts';
import { openRuntime } from './core/runtime.ts';
import { backgroundWork, jobSettingsFromConfig } from './jobs.ts';

/**
 * `atrium worker`: runs the background jobs (pg-boss, in the same database as the server)
 * apart from the HTTP server, which then runs with ATRIUM_JOBS=off.
 */
export async function startWorker(config: Config) {
  const runtime = await openRuntime(config, (line) => console.log(line));
  const ctx = { db: runtime.database.db, actor: systemActor, clock: systemClock };
  const work = backgroundWork(jobSettingsFromConfig(config));
  const runner = await startJobs(runtime.databaseUrl, ctx, work, (line) => console.log(line));
  console.log(`worker started: ${work.jobs.map((job) => job.name).join(', ')}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await runner.stop();
    await runtime.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
