import os from 'node:os';
import pg from 'pg';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import type { EmbeddedPostgres } from '../server/src/core/embedded-postgres.ts';
import { runMigrations } from '../server/src/core/migrate.ts';
import { noPaymentProviders } from '../server/src/modules/billing/index.ts';
import { runDunning } from '../server/src/modules/dunning/index.ts';

/*
 * `npm run bench -- --only=dunning`: one dunning run over 100,000 overdue invoices, in a
 * database of its own (atrium_bench_dunning, made again each time: the 1M-customer data set
 * is not needed). Seeded in SQL: 25,000 customers who accept service notifications, each with
 * four issued invoices 3 to 40 days past due (evenly), so a run from an empty ledger sends
 * each invoice one reminder, its highest level due, and records the lower ones as skipped.
 * Measured: the run itself (runDunning, the daily job's function, in this process, on a pool
 * of 4 connections): the ledger rows, each reminder's email queued in the outbox (SMTP is not
 * configured: messages stay queued, no sending is measured), the timeline entry, audit entry
 * and outbox event of each. Then checked: per level, exactly the reminders expected; no
 * (invoice, level) twice; one email per invoice; and a second run sends nothing.
 */

export const dunningDatabase = 'atrium_bench_dunning';
export const defaultDunningInvoices = 100_000;
const perCustomer = 4;
/** Days past due run 3…40: level 1 for 3–9, 2 for 10–20, 3 for 21–29, 4 for 30–40. */
const lateSpan = { from: 3, to: 40 } as const;

export interface DunningBench {
  invoices: number;
  customers: number;
  seed_seconds: number;
  run_seconds: number;
  reminders_per_second: number;
  queued: number;
  skipped: number;
  suppressed: number;
  per_level: Record<string, { expected: number; emailed: number; skipped: number }>;
  second_run: { queued: number; skipped: number; suppressed: number; seconds: number };
  checks: { name: string; ok: boolean; detail: string }[];
  ok: boolean;
  /** The machine's 1-minute load average when the run started (2 cores here: above 2, others were busy). */
  load_average: number;
}

type Log = (line: string) => void;

function levelOf(daysLate: number): number {
  if (daysLate >= 30) return 4;
  if (daysLate >= 21) return 3;
  if (daysLate >= 10) return 2;
  return 1;
}

/** How many of `invoices` fall at each level, as seeded (invoice n is `from + n % span` days late). */
export function expectedPerLevel(invoices: number): Record<number, number> {
  const span = lateSpan.to - lateSpan.from + 1;
  const counts: Record<number, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (let days = lateSpan.from; days <= lateSpan.to; days++) {
    const offset = days - lateSpan.from;
    const many = Math.floor(invoices / span) + (offset < invoices % span ? 1 : 0);
    counts[levelOf(days)]! += many;
  }
  return counts;
}

async function seed(url: string, invoices: number, asOf: string, log: Log) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  const customers = Math.ceil(invoices / perCustomer);
  try {
    await client.query('begin');
    // Triggers off while loading (search phrases, counts): nothing measured reads them.
    await client.query(`set local session_replication_role = replica`);
    await client.query(
      `insert into customers (id, kind, company_name, email, language_code, created_at, updated_at)
       select gen_random_uuid(), 'company', 'Entreprise relance ' || g, 'relance.' || g || '@bench.test',
         case when g % 5 = 0 then 'en-CA' else 'fr-CA' end, now(), now()
       from generate_series(1, $1::int) g`,
      [customers],
    );
    await client.query(
      `insert into customer_consents (id, customer_id, consent_type, is_granted, source, collected_by_type, version,
         granted_at, created_at)
       select gen_random_uuid(), id, 'service_notifications', true, 'web', 'system', 1, now(), now() from customers`,
    );
    await client.query(
      `create temp table bench_customers on commit drop as
       select id, (row_number() over (order by id))::int - 1 as n from customers`,
    );
    await client.query(
      `insert into invoices (id, number, customer_id, status, currency, subtotal_cents, discount_cents, taxable_cents,
         taxes, total_cents, amount_paid_cents, amount_credited_cents, balance_due_cents, issued_on, due_on,
         created_at, updated_at, finalized_at)
       select gen_random_uuid(), 'INV-' || lpad(g::text, 6, '0'), c.id, 'open', 'CAD', 10000, 0, 10000,
         '[{"code":"GST","rate_ppm":50000,"amount_cents":500},{"code":"QST","rate_ppm":99750,"amount_cents":998}]'::jsonb,
         11498, 0, 0, 11498, d.due_on - 30, d.due_on, now(), now(), now()
       from generate_series(0, $1::int - 1) g
       join bench_customers c on c.n = g % $2::int
       cross join lateral (select $3::date - ($4::int + g % $5::int) as due_on) d`,
      [invoices, customers, asOf, lateSpan.from, lateSpan.to - lateSpan.from + 1],
    );
    await client.query(
      `insert into invoice_lines (invoice_id, position, description, quantity, unit_price_cents, discount_cents,
         taxable, line_total_cents)
       select id, 1, 'Service mensuel', 1, 10000, 0, true, 10000 from invoices`,
    );
    await client.query(
      `insert into document_counters (kind, last_number) values ('INV', $1)
       on conflict (kind) do update set last_number = excluded.last_number`,
      [invoices],
    );
    await client.query('commit');
    await client.query('vacuum analyze customers, customer_consents, invoices, invoice_lines');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
  const seconds = (performance.now() - started) / 1000;
  log(
    `  seeded ${customers.toLocaleString('en-US')} customers, ${invoices.toLocaleString('en-US')} overdue invoices in ${seconds.toFixed(1)} s`,
  );
  return { customers, seconds };
}

async function checks(client: pg.Client, invoices: number, expected: Record<number, number>) {
  const found: DunningBench['checks'] = [];
  const check = (name: string, ok: boolean, detail: string) => found.push({ name, ok, detail });
  const { rows: levels } = await client.query<{ level: number; emailed: number; skipped: number }>(
    `select level, count(*) filter (where outcome = 'emailed')::int as emailed,
       count(*) filter (where outcome = 'skipped')::int as skipped
     from invoice_reminders group by level order by level`,
  );
  const perLevel: DunningBench['per_level'] = {};
  for (const level of [1, 2, 3, 4]) {
    const row = levels.find((candidate) => candidate.level === level) ?? { emailed: 0, skipped: 0 };
    const higher = [2, 3, 4]
      .filter((other) => other > level)
      .reduce((sum, other) => sum + expected[other]!, 0);
    perLevel[level] = { expected: expected[level]!, emailed: row.emailed, skipped: row.skipped };
    check(
      `level ${level}`,
      row.emailed === expected[level] && row.skipped === higher,
      `${row.emailed} emailed (expected ${expected[level]}), ${row.skipped} skipped (expected ${higher})`,
    );
  }
  const { rows: totals } = await client.query<{
    rows: number;
    pairs: number;
    invoices_emailed: number;
    emails: number;
    email_invoices: number;
    queued: number;
    timeline: number;
  }>(
    `select (select count(*)::int from invoice_reminders) as rows,
       (select count(distinct (invoice_id, level))::int from invoice_reminders) as pairs,
       (select count(distinct invoice_id)::int from invoice_reminders where outcome = 'emailed') as invoices_emailed,
       (select count(*)::int from email_outbox where kind like 'dunning_%') as emails,
       (select count(distinct invoice_id)::int from email_outbox where kind like 'dunning_%') as email_invoices,
       (select count(*)::int from email_outbox where kind like 'dunning_%' and status = 'queued') as queued,
       (select count(*)::int from customer_activity where metadata->>'event' = 'invoice.reminded') as timeline`,
  );
  const t = totals[0]!;
  check(
    'no (invoice, level) twice',
    t.rows === t.pairs,
    `${t.rows} ledger rows, ${t.pairs} distinct (invoice, level)`,
  );
  check(
    'one reminder email per invoice',
    t.invoices_emailed === invoices && t.emails === invoices && t.email_invoices === invoices,
    `${t.invoices_emailed} invoices reminded, ${t.emails} emails for ${t.email_invoices} invoices`,
  );
  check('emails queued in the outbox', t.queued === invoices, `${t.queued} queued`);
  check('one timeline entry per reminder', t.timeline === invoices, `${t.timeline} entries`);
  return { found, perLevel };
}

/** Seeds, runs dunning once (timed), checks exactly-once, runs again (must send nothing). */
export async function measureDunning(
  pgServer: EmbeddedPostgres,
  invoices: number,
  log: Log,
): Promise<DunningBench> {
  log(`\ndunning: ${invoices.toLocaleString('en-US')} overdue invoices in ${dunningDatabase} (made again)`);
  const admin = new pg.Client({ connectionString: pgServer.url('postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${dunningDatabase} with (force)`);
    await admin.query(`create database ${dunningDatabase}`);
  } finally {
    await admin.end();
  }
  const url = pgServer.url(dunningDatabase);
  await runMigrations(url);
  const asOf = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' }).format(new Date());
  const seeded = await seed(url, invoices, asOf, log);
  const database = openDatabase(url, { max: 4 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const ctx = { db: database.db, actor: systemActor, clock: systemClock };
    const settings = {
      providers: noPaymentProviders,
      base_url: 'https://atrium.example',
      link_secret: 'bench',
    };
    const loadAverage = os.loadavg()[0] ?? 0;
    const started = performance.now();
    const first = await runDunning(ctx, settings, { as_of: asOf });
    const runSeconds = (performance.now() - started) / 1000;
    const reminders = first.queued + first.suppressed;
    log(
      `  run: ${reminders.toLocaleString('en-US')} reminders (${first.skipped.toLocaleString('en-US')} lower levels skipped) in ${runSeconds.toFixed(1)} s → ${(reminders / runSeconds).toFixed(0)} reminders/s`,
    );
    const expected = expectedPerLevel(invoices);
    const { found, perLevel } = await checks(client, invoices, expected);
    const againStarted = performance.now();
    const second = await runDunning(ctx, settings, { as_of: asOf });
    const againSeconds = (performance.now() - againStarted) / 1000;
    found.push({
      name: 'a second run sends nothing',
      ok: second.queued === 0 && second.skipped === 0 && second.suppressed === 0,
      detail: `${second.queued} queued, ${second.skipped} skipped, ${second.suppressed} suppressed in ${againSeconds.toFixed(1)} s`,
    });
    const after = await checks(client, invoices, expected);
    found.push(
      ...after.found
        .filter((item) => !item.ok)
        .map((item) => ({ ...item, name: `after the second run: ${item.name}` })),
    );
    for (const item of found) log(`  ${item.ok ? 'ok  ' : 'FAIL'} ${item.name}: ${item.detail}`);
    const ok = found.every((item) => item.ok);
    return {
      invoices,
      customers: seeded.customers,
      seed_seconds: seeded.seconds,
      run_seconds: runSeconds,
      reminders_per_second: reminders / runSeconds,
      queued: first.queued,
      skipped: first.skipped,
      suppressed: first.suppressed,
      per_level: perLevel,
      second_run: {
        queued: second.queued,
        skipped: second.skipped,
        suppressed: second.suppressed,
        seconds: againSeconds,
      },
      checks: found,
      ok,
      load_average: loadAverage,
    };
  } finally {
    await client.end();
    await database.close();
  }
}

const dunningStart = '<!-- dunning:start -->';
const dunningEnd = '<!-- dunning:end -->';

const number = (value: number) => Math.round(value).toLocaleString('en-US');

/** The dunning section of results.md. */
export function dunningSection(result: DunningBench, date: Date): string {
  const stamp = date.toISOString().slice(0, 16).replace('T', ' ');
  const reminders = result.queued + result.suppressed;
  const rows = [1, 2, 3, 4]
    .map((level) => {
      const row = result.per_level[level]!;
      return `| ${level} | ${number(row.expected)} | ${number(row.emailed)} | ${number(row.skipped)} |`;
    })
    .join('\n');
  return `${dunningStart}
## Dunning

Written by \`npm run bench -- --only=dunning\` on ${stamp} UTC (\`bench/dunning.ts\`). One dunning run (\`runDunning\`, what the
daily job calls, in the bench process on a pool of 4 connections) over ${number(result.invoices)} issued invoices 3 to 40 days
past due, of ${number(result.customers)} customers who accept service notifications (seeded in SQL in ${result.seed_seconds.toFixed(0)} s, in a
database of its own). Measured: for each invoice, its reminder ledger rows (the level sent, the lower ones skipped), the
reminder email rendered and queued in the outbox (no SMTP: sending is not measured), its timeline entry, audit entry and
outbox event, in transactions of 200 invoices. Load average when the run started: ${result.load_average.toFixed(1)} (${os.cpus().length} cores).

| run | seconds | reminders | reminders/s | lower levels skipped | exactly once |
| --- | ------: | --------: | ----------: | -------------------: | ------------ |
| first | ${result.run_seconds.toFixed(1)} | ${number(reminders)} | ${number(result.reminders_per_second)} | ${number(result.skipped)} | ${result.ok ? 'checked: yes' : 'NO'} |
| second, same day | ${result.second_run.seconds.toFixed(1)} | ${number(result.second_run.queued + result.second_run.suppressed)} | – | ${number(result.second_run.skipped)} | nothing sent again |

| level | expected | emailed | recorded skipped |
| ----: | -------: | ------: | ---------------: |
${rows}

Checks: ${result.checks.map((check) => `${check.ok ? '✓' : '✗'} ${check.name} (${check.detail})`).join('; ')}.
${dunningEnd}
`;
}

/** `markdown` with its dunning section replaced by `section` (or the old file's, kept when none was measured). */
export function withDunningSection(markdown: string, section: string | undefined, previous: string): string {
  const pattern = new RegExp(`${dunningStart}[\\s\\S]*?${dunningEnd}\\n?`);
  const kept = section ?? pattern.exec(previous)?.[0];
  const without = markdown.replace(pattern, '').trimEnd();
  return kept ? `${without}\n\n${kept.trimEnd()}\n` : `${without}\n`;
}
