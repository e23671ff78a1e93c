import path from 'node:path';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db.ts';
import { type EmbeddedPostgres, ensureDatabase, startEmbeddedPostgres } from './embedded-postgres.ts';
import { runMigrations } from './migrate.ts';

export interface Runtime {
  database: Database;
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * Opens the database every entry point uses: DATABASE_URL when set, otherwise the
 * embedded PostgreSQL with its data in ATRIUM_DATA_DIR/pg. Migrations are applied first.
 */
export async function openRuntime(config: Config, log: (line: string) => void = () => {}): Promise<Runtime> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(config.ATRIUM_DATA_DIR, 'pg'),
      port: config.ATRIUM_EMBEDDED_PG_PORT,
      independent: true,
      log,
    });
    await ensureDatabase(embedded.url('postgres'), 'atrium');
    url = embedded.url('atrium');
    log(
      `embedded PostgreSQL on port ${config.ATRIUM_EMBEDDED_PG_PORT}, data in ${config.ATRIUM_DATA_DIR}/pg`,
    );
  }
  await runMigrations(url);
  const database = openDatabase(url, { max: config.ATRIUM_DB_POOL_SIZE });
  return {
    database,
    databaseUrl: url,
    async stop() {
      await database.close();
      await embedded?.stop();
    },
  };
}
