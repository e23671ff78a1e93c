/**
 * The real-time bench (`npm run bench -- --only=ws`): WebSocket clients of `/api/v1/ws`
 * receiving notifications through PostgreSQL NOTIFY (ADR 14). Servers run in processes of
 * their own (bench/servers/realtime.ts); this process is the load generator.
 *
 * 1. Broadcast: `clients` advisors (one socket each) on one instance; an escalation notifies
 *    all of them (one row each, one NOTIFY each). Delivery time from the commit to each
 *    socket's message, p50/p99, over `rounds` broadcasts; the server's RSS idle, with the
 *    sockets open, and after.
 * 2. Fan-out across two instances: `fanout-users` sockets, half on each instance; `events`
 *    claim assignments (one recipient each, alternating between the instances) recorded at
 *    once, then both instances' dispatchers start: events per second from the first commit
 *    to the last delivery.
 *
 * 10 000 sockets take 10 000 file descriptors in this process and as many in the server:
 * `ulimit -n` must be above that (see bench/README.md).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import WebSocket from 'ws';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { newId } from '../server/src/core/ids.ts';
import { runMigrations } from '../server/src/core/migrate.ts';
import { notifyOfEvent } from '../server/src/modules/notifications/index.ts';
import { startBenchPostgres } from './database.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const secret = 'bench-realtime-secret-bench-realtime-secret-0123';
const databaseName = 'atrium_bench_rt';

export interface RealtimeOptions {
  dataDir: string;
  pgPort: number;
  clients: number;
  rounds: number;
  events: number;
  fanoutUsers: number;
  log: (line: string) => void;
}

export interface RealtimeResult {
  date: Date;
  clients: number;
  connectSeconds: number;
  rounds: number;
  insertMs: number[];
  delivery: { p50: number; p99: number; max: number; delivered: number; expected: number };
  rss: { idle: number; connected: number; after: number };
  fanout: { events: number; users: number; seconds: number; perSecond: number; delivered: number };
  /** The machine's 1-minute load average at the end: other processes' share shows in it. */
  loadAverage: number;
  cores: number;
}

interface Instance {
  child: ChildProcess;
  port: number;
}

const serverNodeFlags = (() => {
  const script = (
    JSON.parse(readFileSync(path.join(here, '../package.json'), 'utf8')) as {
      scripts: { atrium: string };
    }
  ).scripts.atrium;
  return /^node ((?:--\S+ )*)server\/bin\/atrium\.js$/.exec(script)![1]!.split(' ').filter(Boolean);
})();

function startInstance(url: string, children: ChildProcess[]): Promise<Instance> {
  const child = fork(path.join(here, 'servers', 'realtime.ts'), {
    execArgv: [...process.execArgv, ...serverNodeFlags],
    env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_SECRET: secret },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the realtime server exited (${code})`)));
    child.on('message', function ready(message: { type?: string; port?: number }) {
      if (message.type !== 'ready') return;
      child.off('message', ready);
      resolve({ child, port: message.port! });
    });
  });
}

function ask<T>(instance: Instance, request: string, answer: string): Promise<T> {
  return new Promise((resolve) => {
    instance.child.on('message', function reply(message: { type?: string }) {
      if (message.type !== answer) return;
      instance.child.off('message', reply);
      resolve(message as T);
    });
    instance.child.send(request);
  });
}

const rssOf = async (instance: Instance) => (await ask<{ rss: number }>(instance, 'stats', 'stats')).rss;

/** Users (advisors) with a session each, written straight in SQL: signing 10 000 people in would measure bcrypt. */
async function createSignedInAdvisors(client: pg.Client, count: number) {
  const ids: string[] = [];
  const tokens: string[] = [];
  for (let index = 0; index < count; index++) {
    ids.push(newId());
    tokens.push(randomBytes(24).toString('base64url'));
  }
  await client.query(
    `insert into users (id, name, email, role, email_verified)
     select id, 'Conseiller ' || n, 'advisor' || n || '@bench.atrium.test', 'advisor', true
     from unnest($1::uuid[]) with ordinality as u(id, n)`,
    [ids],
  );
  await client.query(
    `insert into sessions (id, token, user_id, expires_at)
     select gen_random_uuid(), token, id, now() + interval '1 day'
     from unnest($1::uuid[], $2::text[]) as s(id, token)`,
    [ids, tokens],
  );
  const cookies = tokens.map((token) => {
    const signature = createHmac('sha256', secret).update(token).digest('base64');
    return `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}`;
  });
  return ids.map((id, index) => ({ id, cookie: cookies[index]! }));
}

interface Client {
  socket: WebSocket;
  onNotification?: (type: string, at: number) => void;
}

/** Opens sockets with at most `concurrency` handshakes in flight; resolves once each said `ready`. */
async function connectAll(port: number, users: { cookie: string }[], concurrency = 200): Promise<Client[]> {
  const clients: Client[] = new Array(users.length);
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const index = next++;
      clients[index] = await new Promise<Client>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/ws`, {
          headers: { cookie: users[index]!.cookie },
          perMessageDeflate: false,
        });
        const client: Client = { socket };
        socket.on('message', (raw) => {
          const at = performance.now();
          const text = raw.toString();
          if (text.startsWith('{"id":null')) {
            if (text.includes('"type":"ready"')) resolve(client);
            return;
          }
          const message = JSON.parse(text) as { type: string };
          client.onNotification?.(message.type, at);
        });
        socket.once('close', (code) => reject(new Error(`socket closed (${code}) before ready`)));
        socket.once('error', reject);
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return clients;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Resolves when `expected` deliveries were counted, or after `timeoutMs` with what came. */
function deliveries(clients: Client[], type: string, expected: number, timeoutMs: number) {
  const times: number[] = [];
  return {
    times,
    done: new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      for (const client of clients) {
        client.onNotification = (received, at) => {
          if (received !== type) return;
          times.push(at);
          if (times.length === expected) {
            clearTimeout(timer);
            resolve();
          }
        };
      }
    }),
  };
}

export async function measureRealtime(options: RealtimeOptions): Promise<RealtimeResult> {
  const { log } = options;
  const children: ChildProcess[] = [];
  const pgServer = await startBenchPostgres(options.dataDir, options.pgPort);
  const admin = new pg.Client({ connectionString: pgServer.url('postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${databaseName} with (force)`);
  await admin.query(`create database ${databaseName}`);
  await admin.end();
  const url = pgServer.url(databaseName);
  await runMigrations(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const database = openDatabase(url, { max: 4 });
  const ctx = { db: database.db, actor: systemActor, clock: systemClock };
  // The broadcasts' writer: one connection, so that the moment COMMIT is sent is known.
  const writer = new pg.Client({ connectionString: url });
  await writer.connect();
  const writerDb = drizzle({ client: writer });
  try {
    const started = performance.now();
    const advisors = await createSignedInAdvisors(client, options.clients);
    log(
      `realtime: ${options.clients} advisors with a session in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const [first, second] = await Promise.all([startInstance(url, children), startInstance(url, children)]);
    const idle = await rssOf(first!);
    const connecting = performance.now();
    const sockets = await connectAll(first!.port, advisors);
    const connectSeconds = (performance.now() - connecting) / 1000;
    const connected = await rssOf(first!);
    log(
      `realtime: ${sockets.length} sockets open in ${connectSeconds.toFixed(1)} s; server RSS ${mb(idle)} → ${mb(connected)} MB`,
    );

    // 1. Broadcasts: each escalation reaches every advisor.
    const latencies: number[] = [];
    const insertMs: number[] = [];
    let delivered = 0;
    for (let round = 0; round < options.rounds; round++) {
      const wait = deliveries(sockets, 'claim.escalated', sockets.length, 60_000);
      const before = performance.now();
      const claimId = newId();
      await writer.query('begin');
      await notifyOfEvent(
        { ...ctx, db: writerDb },
        {
          id: newId(),
          seq: 0,
          type: 'claim.escalated',
          customer_id: null,
          entity: 'claim',
          entity_id: claimId,
          payload: {
            claim_id: claimId,
            number: `SIN-2026-${String(round + 1).padStart(6, '0')}`,
            cci: 72,
            reason: 'cci',
          },
          actor_type: 'system',
          actor_id: null,
          created_at: new Date(),
          status: 'pending',
          attempts: 0,
          next_attempt_at: null,
          locked_until: null,
          last_error: null,
          processed_at: null,
        },
      );
      // Delivery is timed from the moment COMMIT leaves: NOTIFY goes out as it completes.
      const committing = performance.now();
      await writer.query('commit');
      const committed = committing;
      insertMs.push(performance.now() - before);
      await wait.done;
      delivered += wait.times.length;
      for (const at of wait.times) latencies.push(at - committed);
      const sorted = wait.times.map((at) => at - committed).sort((a, b) => a - b);
      log(
        `realtime: broadcast ${round + 1}: ${sockets.length} rows written and committed in ${(committed - before).toFixed(0)} ms; ` +
          `${wait.times.length} delivered, p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms after commit`,
      );
    }
    latencies.sort((a, b) => a - b);
    const after = await rssOf(first!);
    for (const { socket } of sockets) socket.terminate();

    // 2. Fan-out across two instances, through the dispatchers.
    const users = advisors.slice(0, options.fanoutUsers);
    const half = Math.ceil(users.length / 2);
    const fanoutSockets = [
      ...(await connectAll(first!.port, users.slice(0, half))),
      ...(await connectAll(second!.port, users.slice(half))),
    ];
    const recipients = users.map(
      (user, index) => users[index % 2 === 0 ? index / 2 : half + (index - 1) / 2] ?? user,
    );
    await client.query(
      `insert into domain_events (id, type, customer_id, entity, entity_id, payload, actor_type, created_at)
       select gen_random_uuid(), 'claim.assigned', null, 'claim', gen_random_uuid(),
              jsonb_build_object('claim_id', gen_random_uuid(), 'number', 'SIN-2026-' || lpad(n::text, 6, '0'),
                                 'assigned_to', ($1::uuid[])[1 + (n % $2)]),
              'system', now()
       from generate_series(1, $3) n`,
      [recipients.map((user) => user.id), recipients.length, options.events],
    );
    const wait = deliveries(fanoutSockets, 'claim.assigned', options.events, 300_000);
    const fanoutStarted = performance.now();
    await Promise.all([
      ask(first!, 'dispatch:start', 'dispatch:started'),
      ask(second!, 'dispatch:start', 'dispatch:started'),
    ]);
    await wait.done;
    const seconds = (performance.now() - fanoutStarted) / 1000;
    const fanout = {
      events: options.events,
      users: users.length,
      seconds,
      perSecond: wait.times.length / seconds,
      delivered: wait.times.length,
    };
    log(
      `realtime: fan-out over two instances: ${fanout.delivered}/${fanout.events} events delivered in ${seconds.toFixed(1)} s = ${fanout.perSecond.toFixed(0)} events/s`,
    );
    for (const { socket } of fanoutSockets) socket.terminate();
    return {
      date: new Date(),
      clients: sockets.length,
      connectSeconds,
      rounds: options.rounds,
      insertMs,
      delivery: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? Number.NaN,
        delivered,
        expected: sockets.length * options.rounds,
      },
      rss: { idle, connected, after },
      fanout,
      loadAverage: os.loadavg()[0] ?? Number.NaN,
      cores: os.cpus().length,
    };
  } finally {
    for (const child of children) if (child.connected) child.disconnect();
    await client.end();
    await writer.end();
    await database.close();
    await pgServer.stop();
  }
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

const realtimeStart = '<!-- realtime:start -->';
const realtimeEnd = '<!-- realtime:end -->';

export function realtimeSection(result: RealtimeResult, command: string): string {
  const median = [...result.insertMs].sort((a, b) => a - b)[Math.floor(result.insertMs.length / 2)]!;
  return `${realtimeStart}
## Real time (WebSocket notifications)

Written by \`${command}\` on ${result.date.toISOString().slice(0, 16).replace('T', ' ')} UTC. Servers in processes of their own; the
clients in one more (the load generator), on the same machine (${result.cores} cores; load average ${result.loadAverage.toFixed(1)} at the
end of the run — well above the core count means other processes shared the machine). ADR 14 describes the path.

| scenario | measured |
|---|---|
| broadcast: one escalation to ${result.clients.toLocaleString('en-US')} advisors, one socket each, on one instance | delivery after commit p50 ${result.delivery.p50.toFixed(0)} ms, p99 ${result.delivery.p99.toFixed(0)} ms, max ${result.delivery.max.toFixed(0)} ms (${result.rounds} broadcasts, ${result.delivery.delivered.toLocaleString('en-US')}/${result.delivery.expected.toLocaleString('en-US')} delivered) |
| writing those ${result.clients.toLocaleString('en-US')} notification rows (and their NOTIFY), to commit | median ${median.toFixed(0)} ms |
| server RSS | ${mb(result.rss.idle)} MB idle, ${mb(result.rss.connected)} MB with ${result.clients.toLocaleString('en-US')} sockets open, ${mb(result.rss.after)} MB after the broadcasts |
| ${result.clients.toLocaleString('en-US')} sockets opened (session checked for each), 200 handshakes at a time | ${result.connectSeconds.toFixed(1)} s |
| fan-out across two instances: ${result.fanout.events.toLocaleString('en-US')} claim assignments recorded at once, each handled by either instance's dispatcher, stored and pushed to one of ${result.fanout.users} sockets, half on each instance | ${result.fanout.perSecond.toFixed(0)} events/s end to end (${result.fanout.delivered.toLocaleString('en-US')} delivered in ${result.fanout.seconds.toFixed(1)} s) |

- Delivery time runs from the commit of the notifications to each client's message event, so it
  includes NOTIFY, the server's LISTEN connection, its writes to ${result.clients.toLocaleString('en-US')} sockets and the load generator
  reading them all on one core: the later p99 is mostly the last sockets' turn in both event loops.
- Fan-out events per second are bound by the dispatchers (each event is one handler transaction
  and one notification insert under the writers' lock, ADR 14), not by NOTIFY or the sockets.
${realtimeEnd}
`;
}

/** `markdown` with its real-time section replaced (or added at the end). */
export function withRealtimeSection(markdown: string, section: string): string {
  const pattern = new RegExp(`${realtimeStart}[\\s\\S]*?${realtimeEnd}\\n?`);
  if (pattern.test(markdown)) return markdown.replace(pattern, section);
  return `${markdown.trimEnd()}\n\n${section}`;
}

/** A full bench run rewrites results.md: the real-time section measured earlier stays. */
export function keepRealtimeSection(markdown: string, previous: string): string {
  const kept = new RegExp(`${realtimeStart}[\\s\\S]*?${realtimeEnd}\\n?`).exec(previous)?.[0];
  return kept ? withRealtimeSection(markdown, kept) : markdown;
}
