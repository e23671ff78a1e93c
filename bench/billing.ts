import type pg from 'pg';
import type { BillingDataSet } from './billing-data.ts';
import { fmt } from './generate.ts';
import { type LoadResult, load, Measurement } from './load.ts';
import { customerBodies } from './writes.ts';

/*
 * The billing scenarios, Atrium alone (no bare twin):
 * - receivables: GET /receivables as of several dates and sorted several ways, one connection
 *   (what one person waits; target < 500 ms at 1M customers);
 * - pdf: GET /invoices/{id}/pdf of 2,000 invoices, one connection: PDFs per second, and per
 *   core from the server's CPU time per PDF;
 * - finalize: POST /invoices/{id}/finalize, 50 connections, each request a different draft
 *   of one of 500 bench customers; then every number drawn is checked: INV-(n+1)…INV-(n+k)
 *   for the k invoices finalized, each once, none skipped. The bench customers (their
 *   `bench-write-` emails) are removed afterwards with everything they added (writes.ts).
 */

export interface BillingServer {
  port: number;
  headers: Record<string, string>;
  pid?: number;
}

export interface FinalizeCheck {
  finalized: number;
  first: string | null;
  last: string | null;
  distinct: number;
  counter_advanced: number;
  ok: boolean;
}

export interface MeasuredBilling {
  data: BillingDataSet;
  receivables?: { result: LoadResult; paths: number; csvMs?: number; customers: number };
  pdf?: { result: LoadResult; bytes: number };
  finalize?: { result: LoadResult; connections: number; check: FinalizeCheck };
  notes: string[];
}

type Log = (line: string) => void;

interface Options {
  admin: pg.Client;
  server: BillingServer;
  data: BillingDataSet;
  dataDir: string;
  seconds: number;
  warmup: number;
  log: Log;
}

function montrealDate(offsetDays: number): string {
  const date = new Date(Date.now() - offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' }).format(date);
}

async function probe(server: BillingServer, path: string, init: RequestInit = {}) {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    ...init,
    headers: { ...server.headers, ...(init.headers as Record<string, string>) },
  });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

async function measureGets(options: Options, paths: string[], connections: number) {
  const base = {
    port: options.server.port,
    paths,
    headers: options.server.headers,
    connections,
    cpu: { serverPid: options.server.pid, dataDir: options.dataDir },
  };
  if (options.warmup > 0) await load({ ...base, seconds: options.warmup });
  const measurement = new Measurement();
  await load({ ...base, seconds: options.seconds }, measurement);
  return measurement.result();
}

async function receivables(options: Options, notes: string[]): Promise<MeasuredBilling['receivables']> {
  const { server, log } = options;
  const sorts = ['-balance', 'name', 'over_90', 'oldest'];
  const dates = [0, 30, 90, 365].map(montrealDate);
  const paths = dates.flatMap((date) =>
    sorts.map((sort) => `/api/v1/receivables?as_of=${date}&sort=${encodeURIComponent(sort)}&per_page=50`),
  );
  const first = await probe(server, paths[0]!);
  if (first.status !== 200) {
    notes.push(`receivables: skipped, Atrium answered ${first.status}`);
    return undefined;
  }
  const body = JSON.parse(first.body.toString()) as { pagination?: { total?: number } };
  const result = await measureGets(options, paths, 1);
  // The CSV holds every customer with a balance: timed a few times, as someone exporting it.
  let csvMs: number | undefined;
  const timings: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const csv = await probe(server, `/api/v1/receivables?as_of=${dates[i % dates.length]}&format=csv`);
    if (csv.status !== 200) break;
    timings.push(performance.now() - started);
  }
  if (timings.length) csvMs = timings.sort((a, b) => a - b)[1] ?? timings[0];
  log(
    `  receivables   p50 ${result.p50.toFixed(1)} ms   p95 ${result.p95.toFixed(1)} ms   p99 ${result.p99.toFixed(1)} ms   CSV of all ${csvMs?.toFixed(0) ?? '–'} ms`,
  );
  return { result, paths: paths.length, csvMs, customers: body.pagination?.total ?? 0 };
}

async function pdf(options: Options, notes: string[]): Promise<MeasuredBilling['pdf']> {
  const { admin, server, log } = options;
  const { rows } = await admin.query<{ id: string }>(
    `select id from invoices where number is not null order by hashtext(id::text) limit 2000`,
  );
  const paths = rows.map((row) => `/api/v1/invoices/${row.id}/pdf`);
  if (!paths.length) return undefined;
  const first = await probe(server, paths[0]!);
  if (first.status !== 200 || first.body.subarray(0, 5).toString() !== '%PDF-') {
    notes.push(`pdf: skipped, Atrium answered ${first.status}`);
    return undefined;
  }
  const result = await measureGets(options, paths, 1);
  const perCore = result.cpu ? 1e6 / result.cpu.serverUs : Number.NaN;
  log(
    `  invoice PDF   ${result.rps.toFixed(0)} PDFs/s on one connection   p50 ${result.p50.toFixed(1)} ms   server CPU ${fmt(result.cpu?.serverUs ?? Number.NaN)} µs/PDF → ${perCore.toFixed(0)} PDFs/s per core`,
  );
  return { result, bytes: first.body.length };
}

const finalizeConnections = 50;
const benchCustomers = 500;

/** Drafts to finalize, enough for the warm-up and the measurement at several hundred a second. */
async function makeDrafts(options: Options, count: number): Promise<string[]> {
  const { admin, server } = options;
  const body = customerBodies();
  const customerIds: string[] = [];
  for (let batch = 0; batch < benchCustomers / 10; batch++) {
    const created = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const response = await probe(server, '/api/v1/customers', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body(),
        });
        if (response.status !== 201) throw new Error(`creating a bench customer: ${response.status}`);
        return (JSON.parse(response.body.toString()) as { id: string }).id;
      }),
    );
    customerIds.push(...created);
  }
  const { rows } = await admin.query<{ id: string }>(
    `with drafts as (
       insert into invoices (id, customer_id, status, currency, subtotal_cents, discount_cents, taxable_cents, taxes,
         total_cents, balance_due_cents, notes, created_at, updated_at)
       select gen_random_uuid(), ($1::uuid[])[1 + g % array_length($1::uuid[], 1)], 'draft', 'CAD', 0, 0, 0,
         '[]'::jsonb, 0, 0, 'bench-finalize', now(), now()
       from generate_series(1, $2::int) g
       returning id
     ), lines as (
       insert into invoice_lines (invoice_id, position, description, quantity, unit_price_cents, discount_cents,
         taxable, line_total_cents)
       select id, l, case l when 1 then 'Main-d''œuvre' else 'Pièces' end, 1, 4999 * l, 0, true, 4999 * l
       from drafts, generate_series(1, 2) l
     )
     select id from drafts`,
    [customerIds, count],
  );
  return rows.map((row) => row.id);
}

async function finalize(options: Options, notes: string[]): Promise<MeasuredBilling['finalize']> {
  const { admin, server, log } = options;
  const drafts = await makeDrafts(options, 40_000);
  const counterBefore = Number(
    (
      await admin.query(
        `select coalesce(max(last_number), 0)::int as n from document_counters where kind = 'INV'`,
      )
    ).rows[0].n,
  );
  let next = 0;
  const base = {
    port: server.port,
    paths: [],
    post: { path: () => `/api/v1/invoices/${drafts[next++ % drafts.length]}/finalize`, body: () => '{}' },
    headers: server.headers,
    connections: finalizeConnections,
    cpu: { serverPid: server.pid, dataDir: options.dataDir },
  };
  if (options.warmup > 0) await load({ ...base, seconds: options.warmup });
  const measurement = new Measurement();
  await load({ ...base, seconds: options.seconds }, measurement);
  const result = measurement.result();
  if (next > drafts.length) notes.push('finalize: ran out of drafts (later requests answered 409)');
  await settle(admin);
  const { rows } = await admin.query<{
    finalized: number;
    first: string | null;
    last: string | null;
    distinct: number;
    lowest: number | null;
    highest: number | null;
    counter: number;
  }>(
    `select count(*)::int as finalized, min(number) as first, max(number) as last,
       count(distinct number)::int as distinct, min(substr(number, 5)::int) as lowest,
       max(substr(number, 5)::int) as highest,
       (select last_number from document_counters where kind = 'INV') as counter
     from invoices where notes = 'bench-finalize' and status <> 'draft'`,
  );
  const row = rows[0]!;
  const check: FinalizeCheck = {
    finalized: row.finalized,
    first: row.first,
    last: row.last,
    distinct: row.distinct,
    counter_advanced: row.counter - counterBefore,
    ok:
      row.finalized > 0 &&
      row.distinct === row.finalized &&
      row.lowest === counterBefore + 1 &&
      row.highest === counterBefore + row.finalized &&
      row.counter === counterBefore + row.finalized,
  };
  log(
    `  finalize      ${result.rps.toFixed(0)} finalizations/s at ${finalizeConnections} connections   p50 ${result.p50.toFixed(1)} ms   p99 ${result.p99.toFixed(1)} ms   CPU/finalization: server ${fmt(result.cpu?.serverUs ?? Number.NaN)} µs, PostgreSQL ${fmt(result.cpu?.postgresUs ?? Number.NaN)} µs; others busy ${(result.cpu?.otherCores ?? 0).toFixed(2)} cores   ${check.finalized} numbers ${check.first}…${check.last}: ${check.ok ? 'no duplicate, none missing' : 'DUPLICATE OR MISSING NUMBERS'}`,
  );
  if (!check.ok) notes.push(`finalize: the numbers drawn are not gap-free (${JSON.stringify(check)})`);
  return { result, connections: finalizeConnections, check };
}

/** Requests still in flight when autocannon returns commit after: waits until the count holds. */
async function settle(client: pg.Client) {
  let last = -1;
  for (;;) {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from invoices where notes = 'bench-finalize' and status <> 'draft'`,
    );
    if (rows[0]!.n === last) return;
    last = rows[0]!.n;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

export async function measureBilling(
  options: Options,
  only: Set<string> | undefined,
): Promise<MeasuredBilling> {
  const notes: string[] = [];
  const wanted = (key: string) => !only || only.has('billing') || only.has(key);
  options.log(`\nbilling: Atrium alone, ${options.warmup} s warm-up, then ${options.seconds} s`);
  return {
    data: options.data,
    receivables: wanted('receivables') ? await receivables(options, notes) : undefined,
    pdf: wanted('pdf') ? await pdf(options, notes) : undefined,
    finalize: wanted('finalize') ? await finalize(options, notes) : undefined,
    notes,
  };
}
