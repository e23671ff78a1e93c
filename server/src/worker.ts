import type { Config } from './core/config.ts';
import { openRuntime } from './core/runtime.ts';

/** `atrium worker`: runs background jobs from the same database as the server. */
export async function startWorker(config: Config) {
  const runtime = await openRuntime(config, (line) => console.log(line));
  console.log('worker started: no job types are registered yet');
  const stop = async () => {
    await runtime.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
