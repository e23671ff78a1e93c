import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createRandom, normal, uuidv7At } from './generator/random.ts';
import { activityRow, customerRow, type GeneratorContext, type SideRows } from './generator/rows.ts';

/*
 * Fills the benchmark database: customers (with contacts, vehicles, addresses, consents)
 * and their timeline, with COPY. Everything is loaded in one transaction that first
 * truncates the tables, so COPY ... FREEZE writes rows already frozen and, with
 * wal_level=minimal, without WAL; secondary indexes are dropped before and rebuilt after
 * (two at a time), the search_terms trigger is off (session_replication_role = replica,
 * which also skips the foreign-key triggers: the generator keeps references right itself),
 * and search_terms, customer_search_phrases and customer_activity_counts are then filled
 * in one statement each.
 */

/** Bump when the generated data changes shape: older data sets are then regenerated. */
export const generatorVersion = 4;

export interface Sizes {
  customers: number;
  activities: number;
}

export interface DataSet {
  version: number;
  sizes: Sizes;
  seed: number;
  generated_at: string;
  seconds: number;
  rows: Record<string, number>;
  /** The fleets with a long timeline, for the deep-page scenario. */
  long_histories: { id: string; name: string; rows: number }[];
}

type Log = (line: string) => void;

const loadedTables = [
  'customers',
  'customer_contacts',
  'customer_vehicles',
  'customer_addresses',
  'customer_consents',
  'customer_activity',
  'customer_activity_counts',
  'customer_search_phrases',
];

/** The fleets whose long history a deep timeline page is measured on (rows at 10M activities). */
const longHistories = [
  { name: 'Transport Tremblay inc.', rows: 500_000 },
  { name: 'Location Gagnon Flotte ltée', rows: 300_000 },
  { name: 'Les Autobus Roy inc.', rows: 200_000 },
  { name: 'Camionnage Côté & Fils', rows: 120_000 },
  { name: 'Pneus Bouchard ltée', rows: 100_000 },
];

class Progress {
  private count = 0;
  private readonly started = performance.now();
  private lastPrint = performance.now();
  private readonly log: Log;
  private readonly label: string;
  private readonly total: number;
  constructor(log: Log, label: string, total: number) {
    this.log = log;
    this.label = label;
    this.total = total;
  }
  tick(rows: number) {
    this.count += rows;
    const now = performance.now();
    if (now - this.lastPrint > 3000) {
      this.lastPrint = now;
      const rate = this.count / ((now - this.started) / 1000);
      const percent = ((this.count / this.total) * 100).toFixed(0);
      this.log(
        `  ${this.label.padEnd(18)} ${fmt(this.count).padStart(11)} / ${fmt(this.total)}  ${percent.padStart(3)} %  ${fmt(rate)} rows/s`,
      );
    }
  }
  done(): number {
    const seconds = (performance.now() - this.started) / 1000;
    this.log(
      `  ${this.label.padEnd(18)} ${fmt(this.count).padStart(11)} rows in ${seconds.toFixed(1)} s  (${fmt(this.count / seconds)} rows/s)`,
    );
    return this.count;
  }
}

export function fmt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Lines grouped into ~1 MB strings: few, large writes into the COPY stream. */
function* chunked(lines: Iterable<string>, progress: Progress): Generator<string> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === 4000) {
      progress.tick(batch.length);
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length) {
    progress.tick(batch.length);
    yield `${batch.join('\n')}\n`;
  }
}

async function copyLines(
  client: pg.Client,
  table: string,
  columns: string[],
  lines: Iterable<string>,
  progress: Progress,
): Promise<number> {
  const stream = client.query(
    copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT text, FREEZE)`),
  );
  await pipeline(Readable.from(chunked(lines, progress)), stream);
  return progress.done();
}

async function timed<T>(log: Log, label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`  ${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

export async function generate(url: string, sizes: Sizes, log: Log): Promise<DataSet> {
  const started = performance.now();
  const seed = 20260101;
  const random = createRandom(seed);
  const nowMs = Date.now();
  const startMs = Date.UTC(2012, 0, 1);
  const ctx: GeneratorContext = {
    random,
    nowMs,
    staffIds: Array.from({ length: 25 }, (_, i) => uuidv7At(random, startMs + i * 86_400_000)),
    nextMatricule: 1,
  };

  const client = new pg.Client({ connectionString: url, application_name: 'atrium-bench-generate' });
  await client.connect();
  const rows: Record<string, number> = {};
  const long_histories: DataSet['long_histories'] = [];
  try {
    await client.query(`set session_replication_role = replica`);
    await client.query(`set maintenance_work_mem = '1GB'`);
    await client.query(`set client_min_messages = warning`);

    // Secondary indexes go and come back after the load; primary keys stay (rows arrive in id order).
    const { rows: indexes } = await client.query<{ name: string; definition: string; table: string }>(
      `select i.indexname as name, i.indexdef as definition, i.tablename as table
       from pg_indexes i
       where i.schemaname = 'public' and i.tablename = any($1)
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
      [loadedTables],
    );
    for (const index of indexes) await client.query(`drop index "${index.name}"`);

    await client.query('begin');
    await client.query(`truncate ${loadedTables.join(', ')}, search_terms cascade`);

    // Staff users: assigned to customers and authors of timeline entries.
    await client.query(
      `insert into users (id, name, email, role, email_verified) select id, 'Conseiller ' || n, 'conseiller' || n || '@atrium.example', 'staff', true
       from unnest($1::uuid[]) with ordinality as s(id, n) on conflict do nothing`,
      [ctx.staffIds],
    );

    // ---- customers, in creation order (UUIDv7 ids ascend), and their side rows
    const total = sizes.customers;
    const createdMs = new Float64Array(total);
    for (let i = 0; i < total; i++) {
      // More customers in recent years: a growing business.
      createdMs[i] = startMs + (nowMs - startMs) * Math.sqrt(random.next());
    }
    createdMs.sort();
    const longAt = new Map<number, { name: string; rows: number }>();
    const scale = sizes.activities / 10_000_000;
    longHistories.forEach((history, index) => {
      const rowsForSize = Math.round(history.rows * scale);
      if (rowsForSize >= 20)
        longAt.set(Math.floor(total * (0.002 + index * 0.003)), { ...history, rows: rowsForSize });
    });
    const ids: string[] = new Array(total);
    const isCompany = new Uint8Array(total);
    const side: SideRows = { contacts: [], vehicles: [], addresses: [], consents: [] };
    function* customerLines() {
      for (let i = 0; i < total; i++) {
        const long = longAt.get(i);
        const { line, facts } = customerRow(
          ctx,
          createdMs[i]!,
          side,
          long ? { kind: 'company', name: long.name } : undefined,
        );
        ids[i] = facts.id;
        isCompany[i] = facts.kind === 'company' ? 1 : 0;
        yield line;
      }
    }
    log('customers');
    rows.customers = await copyLines(
      client,
      'customers',
      [
        'id',
        'kind',
        'first_name',
        'last_name',
        'company_name',
        'email',
        'phone',
        'matricule',
        'language_code',
        'timezone',
        'segments',
        'privacy_level',
        'preferred_contact_channel',
        'tax_exempt',
        'assigned_user_id',
        'archived_at',
        'created_at',
        'updated_at',
      ],
      customerLines(),
      new Progress(log, 'customers', total),
    );
    rows.customer_contacts = await copyLines(
      client,
      'customer_contacts',
      [
        'id',
        'customer_id',
        'first_name',
        'last_name',
        'email',
        'phone',
        'role',
        'is_primary',
        'preferred_contact_channel',
        'created_at',
        'updated_at',
      ],
      side.contacts,
      new Progress(log, 'contacts', side.contacts.length),
    );
    // The search phrases of every name (migration 0004's function), in the same transaction.
    await timed(log, 'search phrases', () => client.query('select atrium_fill_search_phrases()'));
    rows.customer_vehicles = await copyLines(
      client,
      'customer_vehicles',
      ['id', 'customer_id', 'vin', 'plate', 'make', 'model', 'year', 'mileage', 'created_at', 'updated_at'],
      side.vehicles,
      new Progress(log, 'vehicles', side.vehicles.length),
    );
    rows.customer_addresses = await copyLines(
      client,
      'customer_addresses',
      [
        'id',
        'customer_id',
        'label',
        'line1',
        'line2',
        'city',
        'region',
        'postal_code',
        'country',
        'latitude',
        'longitude',
        'delivery_windows',
        'created_at',
        'updated_at',
      ],
      side.addresses,
      new Progress(log, 'addresses', side.addresses.length),
    );
    rows.customer_consents = await copyLines(
      client,
      'customer_consents',
      [
        'id',
        'customer_id',
        'consent_type',
        'is_granted',
        'source',
        'ip_address',
        'collected_by',
        'collected_by_type',
        'version',
        'granted_at',
        'revoked_at',
        'expires_at',
        'created_at',
      ],
      side.consents,
      new Progress(log, 'consents', side.consents.length),
    );
    side.contacts = side.vehicles = side.addresses = side.consents = [];
    for (const [index, history] of longAt)
      long_histories.push({ id: ids[index]!, name: history.name, rows: history.rows });

    // ---- the timeline: how many entries each customer has, then when, then in time order
    const counts = planActivityCounts(sizes.activities, createdMs, isCompany, longAt, nowMs, random);
    const activityTotal = sizes.activities;
    const owner = new Int32Array(activityTotal);
    const at = new Float64Array(activityTotal);
    const first = new Uint8Array(activityTotal);
    let k = 0;
    for (let i = 0; i < total; i++) {
      const created = createdMs[i]!;
      const span = nowMs - created;
      for (let j = 0; j < counts[i]!; j++) {
        owner[k] = i;
        // The first entry is "Client créé"; later ones lean towards recent years.
        at[k] = j === 0 ? created : created + span * random.next() ** 0.8;
        first[k] = j === 0 ? 1 : 0;
        k++;
      }
    }
    // Rows reach the table in (about) the order they happened, as in production.
    const buckets = 16_384;
    const bucketOf = (ms: number) =>
      Math.min(buckets - 1, Math.floor(((ms - startMs) / (nowMs - startMs + 1)) * buckets));
    const offsets = new Int32Array(buckets + 1);
    for (let n = 0; n < activityTotal; n++) offsets[bucketOf(at[n]!) + 1]!++;
    for (let b = 0; b < buckets; b++) offsets[b + 1]! += offsets[b]!;
    const order = new Int32Array(activityTotal);
    const fill = offsets.slice(0, buckets);
    for (let n = 0; n < activityTotal; n++) order[fill[bucketOf(at[n]!)]!++] = n;
    function* activityLines() {
      for (let n = 0; n < activityTotal; n++) {
        const row = order[n]!;
        const customer = owner[row]!;
        yield activityRow(
          ctx,
          ids[customer]!,
          isCompany[customer] ? 'company' : 'individual',
          at[row]!,
          first[row] === 1,
        );
      }
    }
    log('timeline');
    rows.customer_activity = await copyLines(
      client,
      'customer_activity',
      [
        'id',
        'customer_id',
        'activity_type',
        'reference_id',
        'reference_table',
        'title',
        'description',
        'metadata',
        'actor_id',
        'actor_type',
        'created_at',
      ],
      activityLines(),
      new Progress(log, 'activities', activityTotal),
    );
    await timed(log, 'commit', () => client.query('commit'));

    log('indexes and derived tables');
    const indexJobs = indexes
      .map((index) => ({ label: `index ${index.name}`, sql: index.definition, table: index.table }))
      .sort((a, b) => Number(b.table === 'customer_activity') - Number(a.table === 'customer_activity'));
    await runJobs(url, indexJobs, 2, log);
    // After the indexes: the counts come from an index-only scan, already in primary-key order.
    await runJobs(
      url,
      [
        {
          label: 'customer_activity_counts',
          sql: `insert into customer_activity_counts (customer_id, activity_type, total)
                select customer_id, activity_type, count(*) from customer_activity
                group by customer_id, activity_type order by customer_id, activity_type`,
        },
        {
          label: 'search_terms',
          sql: `insert into search_terms (term)
                select distinct unnest(search_tokens) from customers
                union select unnest(search_tokens) from customer_contacts
                on conflict do nothing`,
        },
      ],
      2,
      log,
    );
    await timed(log, 'vacuum analyze', async () => {
      for (const table of [...loadedTables, 'search_terms', 'users'])
        await client.query(`vacuum (analyze) ${table}`);
    });
    const counted = await client.query<{ table: string; total: number }>(
      `select 'customer_activity_counts' as table, count(*)::int as total from customer_activity_counts
       union all select 'search_terms', count(*)::int from search_terms`,
    );
    for (const row of counted.rows) rows[row.table] = row.total;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
  return {
    version: generatorVersion,
    sizes,
    seed,
    generated_at: new Date().toISOString(),
    seconds: Math.round((performance.now() - started) / 1000),
    rows,
    long_histories,
  };
}

/**
 * Most customers have a handful of entries (log-normal, more for older customers and for
 * companies); the long-history fleets get theirs exactly. Totals add up to `total`.
 */
function planActivityCounts(
  total: number,
  createdMs: Float64Array,
  isCompany: Uint8Array,
  longAt: Map<number, { rows: number }>,
  nowMs: number,
  random: ReturnType<typeof createRandom>,
): Int32Array {
  const customers = createdMs.length;
  const counts = new Int32Array(customers);
  let reserved = 0;
  for (const [index, history] of longAt) {
    counts[index] = history.rows;
    reserved += history.rows;
  }
  const remaining = total - reserved;
  const weights = new Float64Array(customers);
  let sum = 0;
  const oldest = createdMs[0]!;
  for (let i = 0; i < customers; i++) {
    if (longAt.has(i)) continue;
    const age = (nowMs - createdMs[i]!) / (nowMs - oldest);
    const weight = Math.exp(0.9 * normal(random)) * (0.25 + age) * (isCompany[i] ? 3 : 1);
    weights[i] = weight;
    sum += weight;
  }
  let assigned = reserved;
  for (let i = 0; i < customers; i++) {
    if (longAt.has(i)) continue;
    counts[i] = Math.max(1, Math.round((weights[i]! / sum) * remaining));
    assigned += counts[i]!;
  }
  // Rounding leaves the sum a little off: nudge random customers until it is exact.
  while (assigned !== total) {
    const i = Math.floor(random.next() * customers);
    if (longAt.has(i)) continue;
    if (assigned < total) {
      counts[i]!++;
      assigned++;
    } else if (counts[i]! > 1) {
      counts[i]!--;
      assigned--;
    }
  }
  return counts;
}

async function runJobs(url: string, jobs: { label: string; sql: string }[], parallel: number, log: Log) {
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      const client = new pg.Client({ connectionString: url, application_name: 'atrium-bench-generate' });
      await client.connect();
      try {
        await client.query(`set maintenance_work_mem = '1GB'`);
        await client.query(`set work_mem = '1GB'`);
        await client.query('set max_parallel_maintenance_workers = 0');
        for (let job = queue.shift(); job; job = queue.shift()) {
          const current = job;
          await timed(log, current.label, () => client.query(current.sql));
        }
      } finally {
        await client.end();
      }
    }),
  );
}
