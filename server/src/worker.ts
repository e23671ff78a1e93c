import { systemClock } from './core/clock.ts';
import type { Config } from './core/config.ts';
import { systemActor } from './core/context.ts';
import { createJobQueue, registerJobs } from './core/jobs.ts';
import { openRuntime } from './core/runtime.ts';
import { auditJobs } from './modules/audit/index.ts';
import { privacyJobs } from './modules/privacy/index.ts';

/** Every module's jobs; a module adds its own list here. */
const jobs = [...auditJobs, ...privacyJobs];

/** `atrium worker`: runs background jobs (pg-boss, in the same database as the server). */
export async function startWorker(config: Config) {
  const runtime = await openRuntime(config, (line) => console.log(line));
  const boss = createJobQueue(runtime.databaseUrl);
  await boss.start();
  const ctx = { db: runtime.database.db, actor: systemActor, clock: systemClock };
  await registerJobs(boss, ctx, jobs, (line) => console.log(line));
  console.log(`worker started: ${jobs.map((job) => job.name).join(', ')}`);
  const stop = async () => {
    await boss.stop({ graceful: true });
    await runtime.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
