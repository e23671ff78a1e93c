import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import type pg from 'pg';
import { fmt } from './generate.ts';
import { type LoadResult, Measurement } from './load.ts';
import { removeWrittenCustomers } from './writes.ts';

/*
 * The conversation scenario, Atrium alone: policyholders report claims through the claim
 * assistant (POST /conversations/{id}/messages), `connections` conversations in flight, each
 * a script of 6 turns from the matricule to the claim opened (authentication, description,
 * three qualification answers, the amount), the next conversation started as soon as one
 * ends. A turn is one request: the message stored, the assistant's rules, its answer stored,
 * the events recorded, in one transaction. The figure is turns per second, with each turn's
 * latency; a turn that does not answer as scripted counts as an error.
 *
 * Conversations are created beforehand in SQL (POST /conversations is rate limited per
 * address), each bench policyholder an active contract. Everything is removed after.
 */

const emailPrefix = 'bench-write-conversation-';
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** What a policyholder writes, and the phase the assistant must be in after each answer. */
const script = (matricule: string): [string, string][] => [
  [matricule, 'DESCRIPTION'],
  ['Hier, ma voiture a été accrochée dans un stationnement. Personne n’est blessé.', 'QUALIFICATION'],
  ['oui', 'QUALIFICATION'],
  ['oui', 'QUALIFICATION'],
  ['non', 'QUALIFICATION'],
  ['environ 1500 $', 'DECISION'],
];

export const conversationTurns = script('AA-000-AA').length;

export interface MeasuredConversation {
  connections: number;
  policyholders: number;
  conversations: number;
  result: LoadResult;
  /** The machine's 1-minute load average when the measurement began (others' work included). */
  loadAverage: number;
}

interface Options {
  admin: pg.Client;
  port: number;
  connections: number;
  seconds: number;
  warmup: number;
  log: (line: string) => void;
}

/** Bench policyholders: one per connection and then some, each with a matricule and an active auto policy. */
async function createPolicyholders(admin: pg.Client, count: number) {
  const run = Date.now().toString(36);
  const holders: string[] = [];
  for (let i = 0; i < count; i++) {
    // ZZ… matricules never collide with the generated data set's.
    const n = i;
    holders.push(
      `Z${letters[n % 26]}-${String(Math.floor(n / 26) % 1000).padStart(3, '0')}-${letters[Math.floor(n / 26000) % 26]}Q`,
    );
  }
  await admin.query(
    `insert into customers (id, kind, first_name, last_name, email, matricule)
     select gen_random_uuid(), 'individual', 'Banc', 'Conversation', $1 || m.ord || '@exemple.ca', m.matricule
     from unnest($2::text[]) with ordinality as m(matricule, ord)`,
    [`${emailPrefix}${run}-`, holders],
  );
  await admin.query(
    `insert into contracts (id, customer_id, number, product, start_date, status, created_at, updated_at)
     select gen_random_uuid(), c.id, 'BENCH-' || c.matricule, 'Assurance auto', '2020-01-01', 'active', now(), now()
     from customers c where c.email like $1`,
    [`${emailPrefix}${run}-%`],
  );
  return holders;
}

/** Conversations waiting for their first message, all with one token (a bench, not a secret). */
async function createConversations(admin: pg.Client, count: number, tokenHash: string) {
  const { rows } = await admin.query<{ id: string }>(
    `insert into conversations (id, token_hash, language, phase, state, last_message_at, created_at, updated_at)
     select gen_random_uuid(), $1, 'fr', 'AUTHENTIFICATION', '{}', now(), now(), now() from generate_series(1, $2)
     returning id`,
    [tokenHash, count],
  );
  return rows.map((row) => row.id);
}

/** Deletes the bench conversations, claims and contracts, then the policyholders (writes.ts). */
export async function removeConversationData(admin: pg.Client, tokenHash?: string) {
  await admin.query('begin');
  try {
    await admin.query(
      `create temp table bench_conversations on commit drop as
       select id from conversations
       where ${tokenHash ? 'token_hash = $1 or ' : ''}customer_id in (select id from customers where email like '${emailPrefix}%')`,
      tokenHash ? [tokenHash] : [],
    );
    await admin.query(
      `create temp table bench_claims on commit drop as
       select id from claims where customer_id in (select id from customers where email like '${emailPrefix}%')`,
    );
    await admin.query('alter table audit_log disable trigger audit_log_append_only');
    await admin.query(`delete from audit_log where entity_id in (select id from bench_conversations)`);
    await admin.query('alter table audit_log enable trigger audit_log_append_only');
    await admin.query(`delete from domain_events where entity_id in (select id from bench_conversations)`);
    await admin.query(
      `delete from conversation_messages where conversation_id in (select id from bench_conversations)`,
    );
    await admin.query(
      `delete from conversation_handoffs where conversation_id in (select id from bench_conversations)`,
    );
    await admin.query(
      `update conversations set claim_id = null where id in (select id from bench_conversations)`,
    );
    await admin.query(`delete from claim_status_changes where claim_id in (select id from bench_claims)`);
    await admin.query(`delete from claims where id in (select id from bench_claims)`);
    await admin.query(`delete from conversations where id in (select id from bench_conversations)`);
    await admin.query(
      `delete from contracts where customer_id in (select id from customers where email like '${emailPrefix}%')`,
    );
    // The year's claim counter back to the claims that remain.
    await admin.query(
      `update document_counters set last_number = coalesce((select max(substr(number, 10)::int) from claims where number like 'SIN-' || substr(kind, 7) || '-%'), 0)
       where kind like 'claim-%'`,
    );
    await admin.query('commit');
  } catch (error) {
    await admin.query('rollback');
    throw error;
  }
  return removeWrittenCustomers(admin);
}

export async function measureConversation(options: Options): Promise<MeasuredConversation> {
  const { admin, port, connections, log } = options;
  const token = randomBytes(24).toString('base64url');
  const tokenHash = createHash('sha256').update(token).digest('hex');
  const leftovers = await removeConversationData(admin);
  if (leftovers) log(`conversation: removed ${leftovers} policyholders left by an interrupted run`);
  const holders = await createPolicyholders(admin, connections * 4);
  // Enough for 2 000 turns a second over the whole run.
  const total = Math.ceil(((options.seconds + options.warmup) * 2000) / conversationTurns) + connections;
  const pending = await createConversations(admin, total, tokenHash);
  log(
    `\nconversation: ${connections} conversations in flight, ${holders.length} policyholders, ${options.warmup} s warm-up, then ${options.seconds} s`,
  );
  let conversations = 0;
  let next = 0;
  const headers = { 'content-type': 'application/json', 'x-conversation-token': token };

  const drive = async (measurement: Measurement | undefined, until: number, worker: number) => {
    let errors = 0;
    let non2xx = 0;
    let round = 0;
    while (performance.now() < until) {
      const id = pending[next++];
      if (!id) break;
      const matricule = holders[(worker + connections * (round++ % 4)) % holders.length]!;
      for (const [text, phase] of script(matricule)) {
        const started = performance.now();
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/conversations/${id}/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ text }),
        });
        const body = (await response.json()) as { phase?: string };
        measurement?.addLatency(performance.now() - started);
        if (response.status !== 200) {
          non2xx++;
          break;
        }
        if (body.phase !== phase) {
          errors++;
          break;
        }
      }
      if (measurement) conversations++;
    }
    return { errors, non2xx };
  };

  const run = async (seconds: number, measurement?: Measurement) => {
    const started = performance.now();
    const until = started + seconds * 1000;
    const outcomes = await Promise.all(
      Array.from({ length: connections }, (_, worker) => drive(measurement, until, worker)),
    );
    measurement?.addSlice({
      seconds: (performance.now() - started) / 1000,
      errors: outcomes.reduce((sum, outcome) => sum + outcome.errors, 0),
      non2xx: outcomes.reduce((sum, outcome) => sum + outcome.non2xx, 0),
    });
  };

  try {
    if (options.warmup > 0) await run(options.warmup);
    const measurement = new Measurement();
    const loadAverage = os.loadavg()[0] ?? 0;
    await run(options.seconds, measurement);
    const result = measurement.result();
    const bad = result.errors + result.non2xx;
    log(
      `  conversation atrium ${fmt(result.rps).padStart(7)} turns/s   p50 ${result.p50.toFixed(2)} ms   p95 ${result.p95.toFixed(2)} ms   p99 ${result.p99.toFixed(2)} ms   ${conversations} claims opened${bad ? `   ${bad} errors/non-2xx!` : ''}`,
    );
    if (next >= pending.length) log('  !! ran out of prepared conversations: the figure is a lower bound');
    return { connections, policyholders: holders.length, conversations, result, loadAverage };
  } finally {
    const removed = await removeConversationData(admin, tokenHash);
    log(`conversation: removed the ${removed} bench policyholders, their conversations and claims`);
  }
}

const start = '<!-- conversation:start -->';
const end = '<!-- conversation:end -->';

/** The conversation section of results.md, between markers so a conversation-only run replaces just it. */
export function conversationSection(measured: MeasuredConversation, date: Date, dataSet: string): string {
  const r = measured.result;
  return `${start}
## Claim conversations (${date.toISOString().slice(0, 10)})

\`npm run bench -- --only=conversation\`: ${measured.connections} conversations in flight, each ${conversationTurns} turns
from the matricule to the claim opened (no escalation), ${measured.policyholders} policyholders; ${dataSet}.
A turn is one \`POST /api/v1/conversations/{id}/messages\`: the message, the assistant's rules and answer, the
change recorded (timeline, audit, outbox), one transaction; the outbox dispatcher runs meanwhile.

| figure | value |
|---|---|
| conversation turns per second | ${fmt(r.rps)} |
| turn latency | p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms |
| claims opened | ${fmt(measured.conversations)} (${fmt(measured.conversations / Math.max(1, r.requests / r.rps))} a second) |
| errors | ${r.errors + r.non2xx} |
| machine load average (1 min) at start | ${measured.loadAverage.toFixed(2)} on ${os.cpus().length} cores |
${end}
`;
}

export function withConversationSection(
  markdown: string,
  section: string | undefined,
  previous: string,
): string {
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}\\n?`);
  const kept = section ?? pattern.exec(previous)?.[0];
  const without = markdown.replace(pattern, '').trimEnd();
  return kept ? `${without}\n\n${kept.trimEnd()}\n` : `${without}\n`;
}
