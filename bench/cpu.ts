import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * CPU time from /proc (Linux): what the server under test, PostgreSQL and the load
 * generator each spend per request, and how busy the rest of the machine was meanwhile.
 * On a shared 2-core machine these say more than req/s alone. Elsewhere they read as zero.
 */

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function statOf(pid: number): { ppid: number; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state ppid ... utime is field 14 of the whole line, stime 15.
    return { ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond };
  } catch {
    return undefined;
  }
}

/** CPU seconds of PostgreSQL's postmaster and of every process it started (backends, workers), by pid. */
function postgresSeconds(dataDir: string): Map<number, number> {
  const byPid = new Map<number, number>();
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return byPid;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  byPid.set(postmaster, statOf(postmaster)?.seconds ?? 0);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat?.ppid === postmaster) byPid.set(Number(entry), stat.seconds);
  }
  return byPid;
}

/** Busy CPU seconds of the whole machine (all cores). */
function machineSeconds(): number {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
    return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / ticksPerSecond;
  } catch {
    return 0;
  }
}

export interface CpuSnapshot {
  server: number;
  postgres: Map<number, number>;
  bench: number;
  machine: number;
  at: number;
}

export function snapshot(serverPid: number | undefined, dataDir: string): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    server: serverPid ? (statOf(serverPid)?.seconds ?? 0) : 0,
    postgres: postgresSeconds(dataDir),
    bench: (usage.user + usage.system) / 1e6,
    machine: machineSeconds(),
    at: performance.now(),
  };
}

export interface CpuUse {
  /** CPU microseconds per request. */
  serverUs: number;
  postgresUs: number;
  loadUs: number;
  /** Cores kept busy by everything else on the machine during the measurement. */
  otherCores: number;
}

/** CPU seconds spent between two snapshots, and the wall-clock seconds. */
export interface CpuSpent {
  server: number;
  postgres: number;
  bench: number;
  machine: number;
  wall: number;
}

export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): CpuSpent {
  // Per process: backends that exit meanwhile (idle pool connections) take their time with them.
  let postgres = 0;
  for (const [pid, seconds] of after.postgres) postgres += seconds - (before.postgres.get(pid) ?? 0);
  return {
    server: after.server - before.server,
    postgres,
    bench: after.bench - before.bench,
    machine: after.machine - before.machine,
    wall: (after.at - before.at) / 1000,
  };
}

export function addSpent(a: CpuSpent, b: CpuSpent): CpuSpent {
  return {
    server: a.server + b.server,
    postgres: a.postgres + b.postgres,
    bench: a.bench + b.bench,
    machine: a.machine + b.machine,
    wall: a.wall + b.wall,
  };
}

export const noSpent: CpuSpent = { server: 0, postgres: 0, bench: 0, machine: 0, wall: 0 };

export function cpuUse(spent: CpuSpent, requests: number): CpuUse {
  const perRequest = (value: number) => (requests ? (value / requests) * 1e6 : Number.NaN);
  return {
    serverUs: perRequest(spent.server),
    postgresUs: perRequest(spent.postgres),
    loadUs: perRequest(spent.bench),
    otherCores: spent.wall
      ? Math.max(0, (spent.machine - spent.server - spent.postgres - spent.bench) / spent.wall)
      : 0,
  };
}
