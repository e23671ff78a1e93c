import { buildApp } from './app.ts';
import { systemClock } from './core/clock.ts';
import type { Config } from './core/config.ts';
import { systemActor } from './core/context.ts';
import { openRuntime } from './core/runtime.ts';
import { createAuth, ensureFirstAdmin } from './modules/auth/index.ts';

/** `atrium start`: database, migrations, first admin, then the HTTP server (API, web UI, docs). */
export async function startServer(config: Config) {
  const runtime = await openRuntime(config, (line) => console.log(line));
  const { db } = runtime.database;
  const admin = await ensureFirstAdmin(
    { db, actor: systemActor, clock: systemClock },
    config.ATRIUM_ADMIN_EMAIL,
    config.ATRIUM_ADMIN_PASSWORD,
  );
  const auth = createAuth(db, config);
  const app = await buildApp({ db, auth, logLevel: config.LOG_LEVEL, trustProxy: config.ATRIUM_TRUST_PROXY });
  if (admin) app.log.info({ email: admin.email }, 'first admin created');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    // In-flight requests finish; their transactions commit or roll back, never half-way.
    await app.close();
    await runtime.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
  return app;
}
