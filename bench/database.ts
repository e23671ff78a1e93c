import os from 'node:os';
import pg from 'pg';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../server/src/core/embedded-postgres.ts';
import { runMigrations } from '../server/src/core/migrate.ts';
import { type DataSet, generate, generatorVersion, type Sizes } from './generate.ts';

export const benchDatabase = 'atrium_bench';

/**
 * Server settings for a benchmark on this machine. The data set (about 7 GB with indexes
 * at full size) should stay in memory: shared_buffers takes a quarter of RAM (at most 8 GB)
 * and the planner is told the rest is file cache. wal_level=minimal lets the generator
 * load and index without writing WAL. JIT is off: it only adds compile time to the short
 * queries an API issues.
 */
export function tunedFlags(): string[] {
  const mb = Math.floor(os.totalmem() / 1024 / 1024);
  const sharedBuffers = Math.max(128, Math.min(8192, Math.floor(mb / 4)));
  const effectiveCache = Math.max(256, Math.floor(mb * 0.6));
  const settings: Record<string, string> = {
    shared_buffers: `${sharedBuffers}MB`,
    effective_cache_size: `${effectiveCache}MB`,
    work_mem: '16MB',
    maintenance_work_mem: '1GB',
    wal_level: 'minimal',
    max_wal_senders: '0',
    max_wal_size: '16GB',
    checkpoint_timeout: '30min',
    random_page_cost: '1.1',
    jit: 'off',
    autovacuum: 'off',
  };
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

/** A fixed port, so a second process (or a rerun after a crash) shares the server already running. */
export const defaultBenchPort = 54329;

export async function startBenchPostgres(
  dataDir: string,
  port = defaultBenchPort,
): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({
    dataDir,
    port,
    durability: 'none',
    extraFlags: tunedFlags(),
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The data set recorded when the last generation finished, if it matches what is asked. */
async function completeDataSet(url: string, sizes: Sizes): Promise<DataSet | undefined> {
  return withClient(url, async (client) => {
    const found = await client.query(`select to_regclass('bench_meta') is not null as present`);
    if (!found.rows[0]?.present) return undefined;
    const { rows } = await client.query<{ value: DataSet }>(
      `select value from bench_meta where key = 'dataset'`,
    );
    const dataSet = rows[0]?.value;
    if (
      !dataSet ||
      dataSet.version !== generatorVersion ||
      dataSet.sizes.customers !== sizes.customers ||
      dataSet.sizes.activities !== sizes.activities
    )
      return undefined;
    return dataSet;
  });
}

/**
 * Makes sure the benchmark database holds a complete data set of the asked sizes, generating
 * it when missing, incomplete, of another size or version, or when `regenerate` is set.
 * Migrations run either way, so data generated before a new migration gets it too.
 */
export async function ensureDataSet(
  pgServer: EmbeddedPostgres,
  sizes: Sizes,
  regenerate: boolean,
  log: (line: string) => void,
): Promise<DataSet> {
  const url = pgServer.url(benchDatabase);
  const exists = await withClient(pgServer.url('postgres'), async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [benchDatabase]);
    return rowCount === 1;
  });
  if (exists && !regenerate) {
    await runMigrations(url);
    const dataSet = await completeDataSet(url, sizes);
    if (dataSet) {
      log(`reusing the data generated ${dataSet.generated_at} (pass --regenerate to make it again)`);
      return dataSet;
    }
    log('the existing data set is incomplete or of another size or version: generating it again');
  }
  await withClient(pgServer.url('postgres'), async (client) => {
    await client.query(`drop database if exists ${benchDatabase} with (force)`);
    await client.query(`create database ${benchDatabase}`);
  });
  await runMigrations(url);
  log(
    `generating ${sizes.customers.toLocaleString('en-US')} customers and ${sizes.activities.toLocaleString('en-US')} timeline entries`,
  );
  const dataSet = await generate(url, sizes, log);
  await withClient(url, async (client) => {
    await client.query(`create table bench_meta (key text primary key, value jsonb not null)`);
    await client.query(`insert into bench_meta (key, value) values ('dataset', $1)`, [
      JSON.stringify(dataSet),
    ]);
  });
  log(`data set ready in ${dataSet.seconds} s`);
  return dataSet;
}
