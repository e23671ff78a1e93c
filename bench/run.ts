/**
 * `npm run bench`: Atrium against a bare Fastify + pg route issuing the same SQL, on
 * generated data (1M customers, 10M timeline entries), 50 connections. See bench/README.md.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createApiKey } from '../server/src/modules/auth/index.ts';
import { measureBilling } from './billing.ts';
import { ensureBillingData } from './billing-data.ts';
import {
  conversationSection,
  type MeasuredConversation,
  measureConversation,
  withConversationSection,
} from './conversation.ts';
import {
  benchDatabase,
  defaultBenchPort,
  ensureDataSet,
  startBenchPostgres,
  tunedFlags,
} from './database.ts';
import {
  type DunningBench,
  defaultDunningInvoices,
  dunningSection,
  measureDunning,
  withDunningSection,
} from './dunning.ts';
import { fmt } from './generate.ts';
import { type LoadResult, load, Measurement } from './load.ts';
import { keepRealtimeSection, measureRealtime, realtimeSection, withRealtimeSection } from './realtime.ts';
import {
  billingSection,
  type Measured,
  type MeasuredLookup,
  type MeasuredWrites,
  renderReport,
  withBillingSection,
} from './report.ts';
import { buildLookups, buildScenarios, type Scenario, type ScenarioKey } from './scenarios.ts';
import { keepSections } from './sections.ts';
import type { RecordedQuery } from './servers/recorder.ts';
import { runSignatureBench, signatureKeys } from './signatures.ts';
import { customerBodies, removeWrittenCustomers, writeConnections, writePath } from './writes.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

const { values: flags } = parseArgs({
  options: {
    regenerate: { type: 'boolean', default: false },
    customers: { type: 'string', default: '1000000' },
    activities: { type: 'string', default: '10000000' },
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    pool: {
      type: 'string',
      default: process.env.ATRIUM_DB_POOL_SIZE ?? String(Math.max(4, 2 * os.cpus().length)),
    },
    only: { type: 'string' },
    'data-dir': { type: 'string', default: path.join(os.tmpdir(), 'atrium-bench-pg') },
    'pg-port': { type: 'string', default: String(defaultBenchPort) },
    out: { type: 'string' },
    'dunning-invoices': { type: 'string', default: String(defaultDunningInvoices) },
    clients: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '5' },
    events: { type: 'string', default: '5000' },
    'fanout-users': { type: 'string', default: '100' },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  console.log(`npm run bench -- [options]
  --regenerate          generate the data again even if a complete data set is there
  --customers=N         customers to generate (default 1000000)
  --activities=N        timeline entries to generate (default 10000000)
  --duration=S          seconds measured per scenario and server (default 15)
  --warmup=S            seconds of warm-up before each measurement (default 5)
  --connections=N       autocannon connections (default 50)
  --pool=N              database pool size of both servers (default ATRIUM_DB_POOL_SIZE, else 2 × cores, at least 4)
  --only=a,b            scenarios: search, customer360, timeline, deep, lookups, writes,
                        billing (= receivables, pdf, finalize), signatures (= seal, upload: no
                        generated data set needed; a database of their own; --duration = seconds of sealing),
                        dunning (its own database); ws (real time, alone: see below),
                        conversation (claim conversation turns)
  --dunning-invoices=N  overdue invoices of the dunning run (default 100000; results.md at that size only)
  --data-dir=DIR        PostgreSQL data directory (default $TMPDIR/atrium-bench-pg)
  --pg-port=N           its port (default ${defaultBenchPort}; a server already running there is reused)
  --out=FILE            where to write the report (default bench/results.md at full size only)
  --only=ws: WebSocket notifications (bench/realtime.ts), on a database of its own (no data set):
  --clients=N           sockets receiving each broadcast, on one instance (default 10000; needs ulimit -n > N)
  --rounds=N            broadcasts (default 5)
  --events=N            events fanned out across two instances (default 5000)
  --fanout-users=N      sockets for the fan-out, half on each instance (default 100)`);
  process.exit(0);
}

const sizes = { customers: Number(flags.customers), activities: Number(flags.activities) };
const fullSize = sizes.customers === 1_000_000 && sizes.activities === 10_000_000;
const seconds = Number(flags.duration);
const warmup = Number(flags.warmup);
const connections = Number(flags.connections);
const poolSize = Number(flags.pool);
const only = flags.only ? new Set(flags.only.split(',')) : undefined;
const billingKeys = ['billing', 'receivables', 'pdf', 'finalize'];
const billingWanted = !only || billingKeys.some((key) => only.has(key));
/** Only billing scenarios asked for: results.md keeps everything but its billing section. */
const billingOnly = only !== undefined && [...only].every((key) => billingKeys.includes(key));
const dunningWanted = !only || only.has('dunning');
/** Only the dunning run asked for: the 1M-customer data set is not needed. */
const dunningOnly = only !== undefined && [...only].every((key) => key === 'dunning');
const dunningInvoices = Number(flags['dunning-invoices']);
const conversationWanted = !only || only.has('conversation');
/** Only the claim conversations asked for: results.md keeps everything but their section. */
const conversationOnly = only !== undefined && [...only].every((key) => key === 'conversation');
const log = (line: string) => console.log(line);

// Documents and e-signature figures need no generated data set: they run alone (bench/signatures.ts).
if (only && [...only].every((key) => signatureKeys.includes(key))) {
  await runSignatureBench({
    dataDir: flags['data-dir']!,
    pgPort: Number(flags['pg-port']),
    seconds: Number(flags.duration),
    only,
    out: flags.out ?? path.join(here, 'results.md'),
    log,
  });
  process.exit(0);
}

/** Writes the dunning section into results.md (or --out); a failed exactly-once check fails the bench. */
function recordDunning(dunning: DunningBench) {
  const out =
    flags.out ?? (dunningInvoices === defaultDunningInvoices ? path.join(here, 'results.md') : undefined);
  if (out) {
    const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
    writeFileSync(out, withDunningSection(previous, dunningSection(dunning, new Date()), previous));
    log(`dunning: written to ${path.relative(process.cwd(), out)}`);
  } else log('dunning: not written to bench/results.md (not 100,000 invoices; pass --out=FILE)');
  if (!dunning.ok) throw new Error('dunning: reminders were NOT sent exactly once (see the checks above)');
}

const children: ChildProcess[] = [];
let stopPostgres: (() => Promise<void>) | undefined;

async function cleanup() {
  for (const child of children) if (child.connected) child.disconnect();
  await stopPostgres?.();
}
process.once('SIGINT', () => {
  void cleanup().finally(() => process.exit(130));
});

interface Server {
  name: 'atrium' | 'bare';
  child: ChildProcess;
  port: number;
  headers: Record<string, string>;
}

/** The Node flags `npm run atrium` starts Atrium with (ADR 4): both servers get them. */
const atriumScript = (
  JSON.parse(readFileSync(path.join(here, '../package.json'), 'utf8')) as {
    scripts: { atrium: string };
  }
).scripts.atrium;
const serverNodeFlags = /^node ((?:--\S+ )*)server\/bin\/atrium\.js$/
  .exec(atriumScript)![1]!
  .split(' ')
  .filter(Boolean);

function startServer(name: 'atrium' | 'bare', env: Record<string, string>): Promise<Omit<Server, 'headers'>> {
  // e.g. BENCH_ATRIUM_NODE_FLAGS=--trace-gc to see the garbage collector of the server under test.
  const extra = process.env[`BENCH_${name.toUpperCase()}_NODE_FLAGS`]?.split(' ').filter(Boolean) ?? [];
  const child = fork(path.join(here, 'servers', `${name}.ts`), {
    execArgv: [...process.execArgv, ...serverNodeFlags, ...extra],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${name} server exited (${code})`)));
    const onMessage = (message: { type?: string; port?: number }) => {
      if (message.type === 'ready') {
        child.off('message', onMessage);
        resolve({ name, child, port: message.port! });
      }
    };
    child.on('message', onMessage);
  });
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type?: string }) => {
      if (message.type === type) {
        child.off('message', onMessage);
        resolve(message as T);
      }
    };
    child.on('message', onMessage);
  });
}

async function recordedRequest(server: Server, requestPath: string) {
  const started = nextMessage(server.child, 'record:started');
  server.child.send('record:start');
  await started;
  const response = await fetch(`http://127.0.0.1:${server.port}${requestPath}`, { headers: server.headers });
  const body = (await response.json()) as { data?: { id: string }[]; customer?: { id: string } };
  const recorded = nextMessage<{ queries: RecordedQuery[] }>(server.child, 'recorded');
  server.child.send('record:stop');
  const { queries } = await recorded;
  return {
    status: response.status,
    ids: body.data?.map((row) => row.id) ?? [body.customer?.id],
    // Authentication is Atrium's own work, not the endpoint's SQL (and cached for seconds anyway).
    queries: queries
      .filter((query) => !query.text.includes('"api_keys"'))
      .map((query) => JSON.stringify([query.name ?? null, query.text, query.values]))
      .sort(),
  };
}

/** Both servers must send the same statements with the same parameters, and find the same rows. */
async function checkSameSql(scenario: Scenario, atrium: Server, bare: Server): Promise<string | undefined> {
  const samples = scenario.paths.slice(0, 12);
  for (const requestPath of samples) {
    const a = await recordedRequest(atrium, requestPath);
    const b = await recordedRequest(bare, requestPath);
    if (a.status !== 200) return `Atrium answered ${a.status} to ${requestPath}`;
    if (b.status !== 200) return `the bare route answered ${b.status} to ${requestPath}`;
    if (a.queries.join('\n') !== b.queries.join('\n')) {
      const onlyAtrium = a.queries.filter((query) => !b.queries.includes(query));
      const onlyBare = b.queries.filter((query) => !a.queries.includes(query));
      return `different SQL for ${requestPath}\n  Atrium only: ${onlyAtrium.join('\n    ')}\n  bare only:   ${onlyBare.join('\n    ')}`;
    }
    if (JSON.stringify(a.ids) !== JSON.stringify(b.ids)) return `different rows for ${requestPath}`;
  }
  return undefined;
}

function line(scenario: string, server: string, result: LoadResult): string {
  const bad = result.errors + result.non2xx;
  const cpu = result.cpu
    ? `   CPU/req: server ${fmt(result.cpu.serverUs)} µs, PostgreSQL ${fmt(result.cpu.postgresUs)} µs; others busy ${result.cpu.otherCores.toFixed(2)} cores`
    : '';
  return `  ${scenario.padEnd(12)} ${server.padEnd(7)} ${fmt(result.rps).padStart(7)} req/s   p50 ${result.p50.toFixed(2).padStart(7)} ms   p95 ${result.p95.toFixed(2).padStart(7)} ms   p99 ${result.p99.toFixed(2).padStart(7)} ms${cpu}${bad ? `   ${bad} errors/non-2xx!` : ''}`;
}

/** Customer creations, Atrium alone (no bare twin): every request a new customer that must answer 201. */
async function measureWrites(atrium: Server, notes: string[]): Promise<MeasuredWrites | undefined> {
  const body = customerBodies();
  const probe = await fetch(`http://127.0.0.1:${atrium.port}${writePath}`, {
    method: 'POST',
    headers: { ...atrium.headers, 'content-type': 'application/json' },
    body: body(),
  });
  if (probe.status !== 201) {
    notes.push(`writes: skipped, Atrium answered ${probe.status} to a customer creation`);
    log(`\n!! writes: Atrium answered ${probe.status} to a customer creation: ${await probe.text()}\n`);
    return undefined;
  }
  const options = {
    port: atrium.port,
    paths: [],
    post: { path: writePath, body },
    headers: atrium.headers,
    connections: writeConnections,
    cpu: { serverPid: atrium.child.pid, dataDir: flags['data-dir']! },
  };
  log(`\nwrites: ${writeConnections} connections, ${warmup} s warm-up, then ${seconds} s`);
  if (warmup > 0) await load({ ...options, seconds: warmup });
  const measurement = new Measurement();
  await load({ ...options, seconds }, measurement);
  const result = measurement.result();
  log(line('writes', 'atrium', result));
  return { connections: writeConnections, result };
}

/** `--only=ws`: the real-time bench alone; results.md gets its section at full size (10 000 clients) or with --out. */
async function realtimeOnly() {
  const result = await measureRealtime({
    dataDir: flags['data-dir']!,
    pgPort: Number(flags['pg-port']),
    clients: Number(flags.clients),
    rounds: Number(flags.rounds),
    events: Number(flags.events),
    fanoutUsers: Number(flags['fanout-users']),
    log,
  });
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`;
  const out = flags.out ?? (Number(flags.clients) === 10_000 ? path.join(here, 'results.md') : undefined);
  if (!out) {
    log('(not written to bench/results.md: fewer than 10 000 clients; pass --out=FILE)');
    return;
  }
  const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
  writeFileSync(out, withRealtimeSection(previous, realtimeSection(result, command)));
  log(`written to ${path.relative(process.cwd(), out)}`);
}

async function main() {
  if (only?.size === 1 && only.has('ws')) return realtimeOnly();
  const started = performance.now();
  log(
    `Atrium bench — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`,
  );
  const pgServer = await startBenchPostgres(flags['data-dir']!, Number(flags['pg-port']));
  stopPostgres = () => pgServer.stop();
  if (dunningWanted) recordDunning(await measureDunning(pgServer, dunningInvoices, log));
  if (dunningOnly) {
    await cleanup();
    log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  const url = pgServer.url(benchDatabase);
  const dataSet = await ensureDataSet(pgServer, sizes, flags.regenerate!, log);

  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const database = openDatabase(url, { max: 2 });
  let measured: Measured[] = [];
  try {
    const pgVersion = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`))
      .rows[0]!.v;
    const tableSizes = (
      await admin.query<{ name: string; rows: string; size: string }>(
        `select c.relname as name, c.reltuples::bigint::text as rows, pg_size_pretty(pg_total_relation_size(c.oid)) as size
         from pg_class c where c.relname in ('customers', 'customer_activity', 'customer_contacts', 'customer_vehicles',
           'customer_addresses', 'customer_consents', 'customer_activity_counts', 'search_terms', 'customer_search_phrases')
         order by pg_total_relation_size(c.oid) desc`,
      )
    ).rows;
    const databaseSize = (
      await admin.query<{ size: string }>(
        `select pg_size_pretty(pg_database_size(current_database())) as size`,
      )
    ).rows[0]!.size;

    const key = await createApiKey(
      { db: database.db, actor: systemActor, clock: systemClock },
      { name: 'bench', role: 'staff' },
    );
    let scenarios = await buildScenarios(admin, sizes.customers, dataSet.long_histories, log);
    const names = (scenarios.find((scenario) => scenario.key === 'search')?.paths ?? []).map((searchPath) =>
      decodeURIComponent(searchPath.slice(searchPath.indexOf('q=') + 2)),
    );
    const lookups = !only || only.has('lookups') ? await buildLookups(admin, sizes.customers, names) : [];
    const billingData = billingWanted ? await ensureBillingData(admin, log, flags.regenerate!) : undefined;
    if (only) scenarios = scenarios.filter((scenario) => only.has(scenario.key));

    const env = { BENCH_DATABASE_URL: url, BENCH_POOL_SIZE: String(poolSize), BENCH_ACTOR_ID: key.id };
    const [atriumProcess, bareProcess] = await Promise.all([
      startServer('atrium', env),
      startServer('bare', env),
    ]);
    const atrium: Server = { ...atriumProcess, headers: { authorization: `Bearer ${key.key}` } };
    const bare: Server = { ...bareProcess, headers: {} };

    const notes: string[] = [];
    const runnable: Scenario[] = [];
    for (const scenario of scenarios) {
      if (!scenario.paths.length) continue;
      const probe = await fetch(`http://127.0.0.1:${atrium.port}${scenario.paths[0]}`, {
        headers: atrium.headers,
      });
      if (probe.status === 404 && !(await probe.text()).includes('customer.not_found')) {
        notes.push(`${scenario.key}: skipped, Atrium has no such route yet`);
        continue;
      }
      const mismatch = await checkSameSql(scenario, atrium, bare);
      if (mismatch) {
        notes.push(`${scenario.key}: the bare route is OUT OF SYNC with Atrium — ${mismatch.split('\n')[0]}`);
        log(
          `\n!! ${scenario.key}: ${mismatch}\n!! update bench/servers/bare-sql.ts to send what Atrium sends.\n`,
        );
      } else log(`${scenario.key}: Atrium and the bare route send the same SQL and find the same rows`);
      runnable.push(scenario);
    }

    // Atrium and the bare route take turns in short slices, so that whatever else the machine
    // does meanwhile weighs on both alike.
    const slices = Math.max(1, Math.round(seconds / 5));
    log(
      `\nmeasuring: ${connections} connections, ${warmup} s warm-up, then ${seconds} s per scenario and server in turns of ${(seconds / slices).toFixed(0)} s; pool ${poolSize}`,
    );
    const results: Measured[] = [];
    const measure = async (scenario: Scenario, label: string, conns: number) => {
      const servers = [atrium, bare];
      const options = (server: Server) => ({
        port: server.port,
        paths: scenario.paths,
        headers: server.headers,
        connections: conns,
        cpu: { serverPid: server.child.pid, dataDir: flags['data-dir']! },
      });
      if (warmup > 0) for (const server of servers) await load({ ...options(server), seconds: warmup });
      const measurements = { atrium: new Measurement(), bare: new Measurement() };
      for (let slice = 0; slice < slices; slice++) {
        for (const server of slice % 2 ? [...servers].reverse() : servers) {
          await load({ ...options(server), seconds: seconds / slices }, measurements[server.name]);
        }
      }
      const pair = { atrium: measurements.atrium.result(), bare: measurements.bare.result() };
      log(line(label, 'atrium', pair.atrium));
      log(line(label, 'bare', pair.bare));
      results.push({ key: scenario.key, label, title: scenario.title, connections: conns, ...pair });
    };
    for (const scenario of runnable) {
      await measure(scenario, scenario.key, connections);
      if (scenario.key === 'search') await measure(scenario, 'search@1', 1);
    }
    measured = results;

    // No bare twin for these: Atrium alone, one connection, i.e. what one person waits.
    const lookupResults: MeasuredLookup[] = [];
    for (const lookup of lookups) {
      const options = { port: atrium.port, paths: lookup.paths, headers: atrium.headers, connections: 1 };
      await load({ ...options, seconds: 1 });
      const measurement = new Measurement();
      await load({ ...options, seconds: 4 }, measurement);
      const result = measurement.result();
      log(line(`lookup: ${lookup.kind}`, 'atrium', result));
      lookupResults.push({ kind: lookup.kind, queries: lookup.paths.length, result });
    }

    // Billing adds bench customers too (for finalizations): removed after, like the writes'.
    let billing: Awaited<ReturnType<typeof measureBilling>> | undefined;
    if (billingData) {
      try {
        await removeWrittenCustomers(admin);
        billing = await measureBilling(
          {
            admin,
            server: { port: atrium.port, headers: atrium.headers, pid: atrium.child.pid },
            data: billingData,
            dataDir: flags['data-dir']!,
            seconds,
            warmup,
            log,
          },
          only,
        );
      } finally {
        const removed = await removeWrittenCustomers(admin);
        log(`billing: removed the ${removed} bench customers and what was finalized for them`);
      }
    }

    // Claim conversations add policyholders, claims and conversations: removed after.
    let conversation: MeasuredConversation | undefined;
    if (conversationWanted) {
      conversation = await measureConversation({
        admin,
        port: atrium.port,
        connections,
        seconds,
        warmup,
        log,
      });
    }

    // Last, so that no other scenario sees the customers it adds; they are deleted after.
    let writes: MeasuredWrites | undefined;
    if (!only || only.has('writes')) {
      try {
        const leftovers = await removeWrittenCustomers(admin);
        if (leftovers) log(`removed ${leftovers} customers left by an interrupted writes scenario`);
        writes = await measureWrites(atrium, notes);
      } finally {
        const removed = await removeWrittenCustomers(admin);
        log(`writes: removed the ${removed} customers it created, vacuumed`);
      }
    }

    const report = renderReport({
      measured,
      lookups: lookupResults,
      writes,
      notes,
      date: new Date(),
      machine: {
        cores: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? 'unknown',
        ramGiB: os.totalmem() / 2 ** 30,
        node: process.version,
        nodeFlags: serverNodeFlags.join(' '),
      },
      pgVersion,
      pgFlags: tunedFlags(),
      dataSet,
      tableSizes,
      databaseSize,
      connections,
      seconds,
      warmup,
      poolSize,
      totalSeconds: (performance.now() - started) / 1000,
    });
    log(`\n${report.table}`);
    // A conversation-only run writes its section whatever the data set's size (it names it).
    const out = flags.out ?? (fullSize || conversationOnly ? path.join(here, 'results.md') : undefined);
    if (out) {
      const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
      const section = billing ? billingSection(billing, new Date()) : undefined;
      const latest = existsSync(out) ? readFileSync(out, 'utf8') : '';
      const conversationPart = conversation
        ? conversationSection(
            conversation,
            new Date(),
            `${fmt(dataSet.sizes.customers)} customers in the data set, pool ${poolSize}`,
          )
        : undefined;
      const body =
        conversationOnly && previous
          ? previous
          : billingOnly && previous
            ? withBillingSection(previous, section, previous)
            : withBillingSection(report.markdown, section, previous);
      writeFileSync(
        out,
        keepSections(withConversationSection(body, conversationPart, previous), latest, [
          'dunning',
          'signatures',
          'realtime',
        ]),
      );
      log(`written to ${path.relative(process.cwd(), out)}`);
    } else log('(not written to bench/results.md: not the full-size data set; pass --out=FILE)');
  } finally {
    await admin.end();
    await database.close();
    await cleanup();
  }
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main().catch(async (error: unknown) => {
  console.error(error);
  await cleanup();
  process.exit(1);
});

export type { ScenarioKey };
