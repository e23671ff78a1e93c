import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The embedded PostgreSQL outlives a server killed with SIGKILL; the next server adopts it.
 * Stopping a server (SIGTERM, Ctrl-C) stops that PostgreSQL too, unless another Atrium
 * process still uses it. Real processes, a real cluster in a temp directory.
 */
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/atrium.js');
const randomPort = () => 20000 + Math.floor(Math.random() * 30000);
let dataDir: string;
let pgPort: number;
const children: ChildProcess[] = [];
const admin = { email: 'pg-admin@atrium.test', password: 'pg-admin-password' };

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'atrium-embedded-'));
  pgPort = randomPort();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  // A failed test must not leave its PostgreSQL behind, nor a directory it still writes to.
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 'SIGQUIT');
      for (let waited = 0; waited < 100; waited++) {
        process.kill(pid, 0);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch {
      // gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** `groupLeader`: in a process group of its own, as a command started from a terminal, so Ctrl-C can be sent to the group. */
function atrium(command: 'start' | 'worker', groupLeader = false, port = randomPort()) {
  const { DATABASE_URL: _external, ...env } = process.env;
  const child = spawn(process.execPath, [cli, command], {
    env: {
      ...env,
      ATRIUM_DATA_DIR: dataDir,
      ATRIUM_EMBEDDED_PG_PORT: String(pgPort),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ATRIUM_SECRET: 'e'.repeat(40),
      ATRIUM_ADMIN_EMAIL: admin.email,
      ATRIUM_ADMIN_PASSWORD: admin.password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: groupLeader,
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return { child, port, output: () => output };
}

/** Resolves once `ready()` holds; fails with the process's output if it exits first. */
async function until(process: ReturnType<typeof atrium>, ready: () => Promise<boolean>) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null)
      throw new Error(`exited ${process.child.exitCode}:\n${process.output()}`);
    if (await ready()) return process;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not ready:\n${process.output()}`);
}

function startServer(groupLeader = false) {
  const server = atrium('start', groupLeader);
  return until(server, async () => {
    try {
      return (await fetch(`http://127.0.0.1:${server.port}/healthz`)).ok;
    } catch {
      return false;
    }
  });
}

function startWorker() {
  const worker = atrium('worker');
  return until(worker, async () => worker.output().includes('worker started'));
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Whether anything listens on the PostgreSQL port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const pidFile = () => path.join(dataDir, 'pg', 'postmaster.pid');

async function killedServerLeavesPostgres() {
  const crashed = await startServer();
  crashed.child.kill('SIGKILL');
  await exited(crashed.child);
  expect(await listening(pgPort)).toBe(true);
}

describe('the embedded PostgreSQL', () => {
  it('is stopped with the server that adopted it after a kill -9, when no other Atrium process uses it', async () => {
    await killedServerLeavesPostgres();
    const server = await startServer();

    // Signing in over plain http through 127.0.0.1 works (no ATRIUM_BASE_URL set).
    const base = `http://127.0.0.1:${server.port}`;
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify(admin),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((item) => item.split(';')[0])
      .join('; ');
    const me = await fetch(`${base}/api/v1/me`, { headers: { cookie } });
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(admin.email);

    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
    expect(existsSync(pidFile())).toBe(false);
    expect(await listening(pgPort)).toBe(false);
  }, 120_000);

  it('keeps running while another Atrium process uses it, and stops with the last one', async () => {
    expect(await listening(pgPort)).toBe(false);
    // This server starts the PostgreSQL; Ctrl-C in its terminal reaches its whole process group.
    const server = await startServer(true);
    const worker = await startWorker();

    process.kill(-server.child.pid!, 'SIGINT');
    expect(await exited(server.child)).toBe(0);
    expect(await listening(pgPort)).toBe(true);
    expect(worker.child.exitCode).toBeNull();

    // A server started now shares it with the worker, and can still reach its data.
    const another = await startServer();
    another.child.kill('SIGTERM');
    expect(await exited(another.child)).toBe(0);
    expect(await listening(pgPort)).toBe(true);

    worker.child.kill('SIGTERM');
    expect(await exited(worker.child)).toBe(0);
    expect(existsSync(pidFile())).toBe(false);
    expect(await listening(pgPort)).toBe(false);
  }, 180_000);
});
