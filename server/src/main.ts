import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { systemClock } from './core/clock.ts';
import type { Config } from './core/config.ts';
import { systemActor } from './core/context.ts';
import { type JobRunner, startJobs } from './core/jobs.ts';
import { openRuntime } from './core/runtime.ts';
import { backgroundWork, jobSettingsFromConfig } from './jobs.ts';
import { createAuth, ensureFirstAdmin } from './modules/auth/index.ts';

export interface Server {
  app: FastifyInstance;
  /** In-flight requests and jobs finish, then the database is closed (and the embedded PostgreSQL stopped when no other Atrium process uses it). */
  stop(): Promise<void>;
}

/**
 * What `atrium start` runs, before it listens: database, migrations, first admin, the HTTP
 * app, and the background jobs unless ATRIUM_JOBS=off (a one-command install needs them:
 * consents expire, reminders go out).
 */
export async function openServer(config: Config, log: (line: string) => void = console.log): Promise<Server> {
  const runtime = await openRuntime(config, log);
  let runner: JobRunner | undefined;
  try {
    const { db } = runtime.database;
    const ctx = { db, actor: systemActor, clock: systemClock };
    const admin = await ensureFirstAdmin(ctx, config.ATRIUM_ADMIN_EMAIL, config.ATRIUM_ADMIN_PASSWORD);
    const auth = createAuth(db, config);
    const settings = jobSettingsFromConfig(config);
    const app = await buildApp({
      db,
      auth,
      logLevel: config.LOG_LEVEL,
      trustProxy: config.ATRIUM_TRUST_PROXY,
      payments: settings.payments,
      mailConfigured: settings.mailer.configured,
      documents: settings.documents,
    });
    if (admin) app.log.info({ email: admin.email }, 'first admin created');
    if (config.ATRIUM_JOBS) {
      const work = backgroundWork(settings);
      runner = await startJobs(runtime.databaseUrl, ctx, work, (line) => app.log.info(line));
      app.log.info(
        {
          jobs: work.jobs.map((job) => job.name),
          mail: settings.mailer.configured ? 'smtp' : 'not configured',
        },
        'jobs started (ATRIUM_JOBS=off runs them in `atrium worker` only)',
      );
    }
    return {
      app,
      async stop() {
        // Requests finish, their transactions commit or roll back, never half-way; so do jobs.
        await Promise.all([app.close(), runner?.stop()]);
        await runtime.stop();
      },
    };
  } catch (error) {
    await runner?.stop();
    await runtime.stop();
    throw error;
  }
}

/** `atrium start`: the server, until SIGINT or SIGTERM (a second one ends it at once). */
export async function startServer(config: Config) {
  const server = await openServer(config);
  const { app } = server;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    try {
      await server.stop();
      process.exit(0);
    } catch (error) {
      app.log.error(error, 'stopping failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
  return app;
}
