import type { MeasuredBilling } from './billing.ts';
import type { DataSet } from './generate.ts';
import type { LoadResult } from './load.ts';
import type { ScenarioKey } from './scenarios.ts';

export interface Measured {
  key: ScenarioKey;
  label: string;
  title: string;
  connections: number;
  atrium: LoadResult;
  bare: LoadResult;
}

/** A lookup measured on Atrium alone (no bare twin), one connection. */
export interface MeasuredLookup {
  kind: string;
  queries: number;
  result: LoadResult;
}

/** Customer creations (`POST /customers`), Atrium alone. */
export interface MeasuredWrites {
  connections: number;
  result: LoadResult;
}

export interface ReportInput {
  measured: Measured[];
  lookups: MeasuredLookup[];
  writes?: MeasuredWrites;
  notes: string[];
  date: Date;
  machine: { cores: number; cpu: string; ramGiB: number; node: string; nodeFlags: string };
  pgVersion: string;
  pgFlags: string[];
  dataSet: DataSet;
  tableSizes: { name: string; rows: string; size: string }[];
  databaseSize: string;
  connections: number;
  seconds: number;
  warmup: number;
  poolSize: number;
  totalSeconds: number;
}

/** A Markdown table laid out as Biome formats it (padded cells), so \`npm run lint\` accepts results.md. */
function markdownTable(header: string[], align: ('left' | 'right')[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, 3, ...rows.map((row) => row[column]!.length)),
  );
  const pad = (cell: string, column: number) =>
    align[column] === 'right' ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!);
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (align[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const rps = (value: number) => Math.round(value).toLocaleString('en-US');
const ratio = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

function table(measured: Measured[]): string {
  const header = [
    'scenario',
    'conns',
    'Atrium req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'bare req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'req/s Atrium/bare',
    'p99 Atrium/bare',
  ];
  const rows = measured.map((m) => {
    const errors = m.atrium.errors + m.atrium.non2xx + m.bare.errors + m.bare.non2xx;
    return [
      `${m.label}${errors ? ` (${errors} errors!)` : ''}`,
      String(m.connections),
      rps(m.atrium.rps),
      ms(m.atrium.p50),
      ms(m.atrium.p95),
      ms(m.atrium.p99),
      rps(m.bare.rps),
      ms(m.bare.p50),
      ms(m.bare.p95),
      ms(m.bare.p99),
      ratio(m.atrium.rps / m.bare.rps),
      ratio(m.atrium.p99 / m.bare.p99),
    ];
  });
  return markdownTable(header, ['left', ...header.slice(1).map(() => 'right' as const)], rows);
}

function cpuTable(measured: Measured[]): string {
  const us = (value: number | undefined) =>
    value === undefined || !Number.isFinite(value) ? '–' : Math.round(value).toLocaleString('en-US');
  const rows = measured.flatMap((m) =>
    (['atrium', 'bare'] as const).map((name) => {
      const cpu = m[name].cpu;
      return [
        m.label,
        name,
        us(cpu?.serverUs),
        us(cpu?.postgresUs),
        us(cpu?.loadUs),
        cpu ? cpu.otherCores.toFixed(2) : '–',
      ];
    }),
  );
  return markdownTable(
    [
      'scenario',
      'server',
      'server process µs/req',
      'PostgreSQL µs/req',
      'autocannon µs/req',
      'other processes (cores busy)',
    ],
    ['left', 'left', 'right', 'right', 'right', 'right'],
    rows,
  );
}

function targets(measured: Measured[]): string[] {
  const lines: string[] = [];
  for (const m of measured.filter((entry) => entry.connections > 1)) {
    const throughput = m.atrium.rps / m.bare.rps;
    const tail = m.atrium.p99 / m.bare.p99;
    lines.push(
      `- ${m.label}: throughput ${ratio(throughput)} × bare (target ≥ 0.70: ${mark(throughput >= 0.7)}); p99 ${ratio(tail)} × bare (target ≤ 1.25: ${mark(tail <= 1.25)})`,
    );
  }
  const first = measured.find((m) => m.key === 'timeline' && m.connections > 1);
  const deep = measured.find((m) => m.key === 'deep' && m.connections > 1);
  if (first && deep) {
    const p50 = deep.atrium.p50 / first.atrium.p50;
    const p99 = deep.atrium.p99 / first.atrium.p99;
    lines.push(
      `- deep timeline page vs first page (Atrium): p50 ${ratio(p50)} ×, p99 ${ratio(p99)} × (target ≤ 1.5: ${mark(Math.max(p50, p99) <= 1.5)}); bare: p50 ${ratio(deep.bare.p50 / first.bare.p50)} ×, p99 ${ratio(deep.bare.p99 / first.bare.p99)} ×`,
    );
  }
  const search = measured.find((m) => m.label === 'search');
  const searchOne = measured.find((m) => m.label === 'search@1');
  if (search)
    lines.push(
      `- search p95 (Atrium, ${search.connections} connections): ${ms(search.atrium.p95)} ms (target < 30 ms: ${mark(search.atrium.p95 < 30)})${searchOne ? `; one connection at a time: p95 ${ms(searchOne.atrium.p95)} ms (${mark(searchOne.atrium.p95 < 30)})` : ''}`,
    );
  return lines;
}

function lookupSection(lookups: MeasuredLookup[]): string {
  if (!lookups.length) return '';
  const rows = lookups.map(({ kind, queries, result }) => {
    const errors = result.errors + result.non2xx;
    return [
      `${kind}${errors ? ` (${errors} errors!)` : ''}`,
      String(queries),
      rps(result.rps),
      ms(result.p50),
      ms(result.p95),
      ms(result.p99),
    ];
  });
  return `
Looking a customer up by identifier, and the search box (\`GET /search\`: customers, contacts and
vehicles at once) — Atrium alone, one connection (what one person waits; no bare twin to compare with):

${markdownTable(
  ['lookup', 'queries', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms'],
  ['left', 'right', 'right', 'right', 'right', 'right'],
  rows,
)}
`;
}

/** The writes table, also printed on its own by the run. */
export function writesTable({ connections, result }: MeasuredWrites): string {
  const us = (value: number | undefined) =>
    value === undefined || !Number.isFinite(value) ? '–' : Math.round(value).toLocaleString('en-US');
  return markdownTable(
    [
      'scenario',
      'conns',
      'creations/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'errors, non-2xx',
      'server µs/req',
      'PostgreSQL µs/req',
    ],
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    [
      [
        'writes',
        String(connections),
        rps(result.rps),
        ms(result.p50),
        ms(result.p95),
        ms(result.p99),
        String(result.errors + result.non2xx),
        us(result.cpu?.serverUs),
        us(result.cpu?.postgresUs),
      ],
    ],
  );
}

function writesSection(writes: MeasuredWrites | undefined): string {
  if (!writes) return '';
  return `
Writes: \`POST /customers\`, a new valid customer each time (its row, timeline entry, audit entry and
outbox event in one transaction) — Atrium alone, ${writes.connections} connections; the customers are
deleted afterwards:

${writesTable(writes)}
`;
}

export function renderReport(input: ReportInput): { table: string; markdown: string } {
  const { dataSet } = input;
  const text = [
    table(input.measured),
    '',
    ...targets(input.measured),
    ...input.notes.map((note) => `- note: ${note}`),
  ].join('\n');
  const settings = [];
  for (let i = 1; i < input.pgFlags.length; i += 2) settings.push(input.pgFlags[i]);
  const markdown = `# Atrium benchmark results

Written by \`npm run bench\` on ${input.date.toISOString().slice(0, 16).replace('T', ' ')} UTC — overwritten by every full-size run.

- **Machine**: ${input.machine.cores} cores (${input.machine.cpu}), ${input.machine.ramGiB.toFixed(1)} GiB RAM, Node ${input.machine.node} with \`${input.machine.nodeFlags}\` for both servers (as \`npm start\` runs Atrium, ADR 4)
- **PostgreSQL** ${input.pgVersion} (embedded), fsync off; ${settings.join(', ')}
- **Data**: ${dataSet.sizes.customers.toLocaleString('en-US')} customers, ${dataSet.sizes.activities.toLocaleString('en-US')} timeline entries (seed ${dataSet.seed}, generated ${dataSet.generated_at.slice(0, 10)} in ${dataSet.seconds} s); database ${input.databaseSize}; long histories: ${dataSet.long_histories.map((history) => history.rows.toLocaleString('en-US')).join(', ')} entries
- **Load**: autocannon, ${input.connections} connections, ${input.warmup} s warm-up then ${input.seconds} s per scenario and server, Atrium and bare taking turns every 5 s; database pool ${input.poolSize} on both servers; whole run ${Math.round(input.totalSeconds)} s

${markdownTable(
  ['table', 'rows (est.)', 'size with indexes'],
  ['left', 'right', 'right'],
  input.tableSizes.map((row) => [row.name, Number(row.rows).toLocaleString('en-US'), row.size]),
)}

## Results

${text}
${lookupSection(input.lookups)}${writesSection(input.writes)}
CPU time per request (from /proc; the machine has ${input.machine.cores} cores shared by the server, PostgreSQL, autocannon and anything else running):

${cpuTable(input.measured)}

## How to read this

- **Atrium** is the real app (\`buildApp\`), authenticated by a staff API key (\`Authorization: Bearer\`),
  with zod validation, responses serialized from the zod schemas, and Drizzle. **bare** is Fastify + \`pg\`
  with no authentication, no validation and no ORM, sending _the same SQL with the same parameters_
  (checked before measuring: \`bench/servers/bare-sql.ts\`). Each server runs in its own process;
  autocannon runs in a third. PostgreSQL, the server under test and autocannon share the machine's cores.
- The ratios are the point: they say what Atrium's own layers (auth, validation, ORM, serialization)
  cost on top of the database work. Absolute req/s depend on the machine and on what else runs on it.
- Each request takes the next URL of a rotating list (1 000 different name searches, 5 000 different
  customers, 30 deep cursors), so no cache sees a single query.
- _search_: names as people type them — full names with and without accents, surnames alone,
  one-letter typos, prefixes, first-name-surname swaps, company names. _search@1_: the same with one
  connection, i.e. the latency of one search on an idle server. At ${input.connections} connections
  latency is mostly queueing: with a closed loop, mean latency ≈ connections ÷ throughput.
- _Lookups_ (Atrium alone): a phone number typed as \`(514) 555-0101\`, a whole email, a matricule, a
  plate, the first 11 characters of a VIN, and the search box with the same names as _search_.
- _customer360_: \`GET /customers/{id}/360\` — the customer, counts, current consents and latest 10
  activities in one query. _timeline_: first page (20) of a random customer's timeline. _deep_: a page
  50–95 % of the way down a 100 000–500 000-entry history, reached by keyset cursor; it should cost
  about what a first page costs.
- Targets (from the issue): throughput ≥ 0.7 × bare and p99 ≤ 1.25 × bare, authentication included;
  a deep page within 1.5 × the first page; search p95 < 30 ms.
- The CPU table says where a request's time goes. The server columns differ by what Atrium adds
  (authentication, zod, Drizzle); PostgreSQL's column should be about the same for both, since the
  SQL is. When both servers together with PostgreSQL and autocannon fill the cores, throughput is
  about cores ÷ (sum of the three columns), so a scenario whose PostgreSQL column dominates (search)
  is bound by the database for both, and one whose server column dominates shows Atrium's overhead.
  A large "other processes" figure means the machine was shared during that measurement.
- Both servers use the same pool size. With PostgreSQL on the same 2 cores, a small pool
  (2 × cores) does better than Atrium's default of 20 (fewer backends switching on two cores).
`;
  return { table: text, markdown };
}

const billingStart = '<!-- billing:start -->';
const billingEnd = '<!-- billing:end -->';

/** The billing scenarios' section of results.md, between markers so a billing-only run replaces just it. */
export function billingSection(billing: MeasuredBilling, date: Date): string {
  const { data } = billing;
  const rows: string[][] = [];
  if (billing.receivables) {
    const r = billing.receivables.result;
    rows.push([
      `receivables, ${billing.receivables.paths} queries (4 dates × 4 sorts, 50 a page), 1 connection`,
      `p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms, p99 ${ms(r.p99)} ms`,
      `< 500 ms: ${r.p95 < 500 ? 'met' : 'MISSED'} (p95)`,
    ]);
    if (billing.receivables.csvMs !== undefined)
      rows.push([
        `receivables CSV, all ${billing.receivables.customers.toLocaleString('en-US')} customers with a balance`,
        `${Math.round(billing.receivables.csvMs)} ms (median of 3)`,
        '',
      ]);
  }
  if (billing.pdf) {
    const r = billing.pdf.result;
    const perCore = r.cpu ? 1e6 / r.cpu.serverUs : Number.NaN;
    rows.push([
      `invoice PDF (${Math.round(billing.pdf.bytes / 1024)} KB), 1 connection`,
      `${rps(r.rps)} PDFs/s, p50 ${ms(r.p50)} ms; server CPU ${rps(r.cpu?.serverUs ?? Number.NaN)} µs a PDF`,
      `${rps(perCore)} PDFs/s per core`,
    ]);
  }
  if (billing.finalize) {
    const r = billing.finalize.result;
    const check = billing.finalize.check;
    rows.push([
      `finalizations, ${billing.finalize.connections} connections`,
      `${rps(r.rps)} /s, p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms; CPU a finalization: server ${rps(r.cpu?.serverUs ?? Number.NaN)} µs, PostgreSQL ${rps(r.cpu?.postgresUs ?? Number.NaN)} µs${r.errors + r.non2xx ? `, ${r.errors + r.non2xx} errors/non-2xx` : ''}`,
      `${check.finalized.toLocaleString('en-US')} numbers ${check.first}…${check.last}: ${check.ok ? 'no duplicate, none missing' : '**DUPLICATES OR GAPS**'}`,
    ]);
  }
  return `${billingStart}
## Billing

Written by \`npm run bench\` (\`--only=billing\` runs just this part) on ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC. Atrium alone (no bare twin).
Data added to the customers above: ${data.invoices.toLocaleString('en-US')} invoices over ${data.customers_billed.toLocaleString('en-US')} customers, ${data.ledger_entries.toLocaleString('en-US')} ledger entries, ${data.settlements.toLocaleString('en-US')} settlements (generated in ${data.seconds} s; \`bench/billing-data.ts\`).

${markdownTable(['scenario', 'measured', 'target / check'], ['left', 'left', 'left'], rows)}
${billing.notes.map((note) => `\n- note: ${note}`).join('')}
${billingEnd}
`;
}

/** `markdown` with its billing section replaced by `section` (or the old file's, kept when none was measured). */
export function withBillingSection(markdown: string, section: string | undefined, previous: string): string {
  const pattern = new RegExp(`${billingStart}[\\s\\S]*?${billingEnd}\\n?`);
  const kept = section ?? pattern.exec(previous)?.[0];
  const without = markdown.replace(pattern, '').trimEnd();
  return kept ? `${without}\n\n${kept.trimEnd()}\n` : `${without}\n`;
}
