import type pg from 'pg';
import { encodeCursor } from '../server/src/core/schemas.ts';
import { foldText } from '../server/src/core/validation.ts';
import { createRandom, pick, type Random, Weighted } from './generator/random.ts';

export type ScenarioKey = 'search' | 'customer360' | 'timeline' | 'deep';

export interface Scenario {
  key: ScenarioKey;
  title: string;
  paths: string[];
}

interface Person {
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
}

const neighbours: Record<string, string> = {
  a: 'qsz',
  b: 'vn',
  c: 'xv',
  d: 'sf',
  e: 'rz',
  f: 'dg',
  g: 'fh',
  h: 'gj',
  i: 'uo',
  j: 'hk',
  k: 'jl',
  l: 'km',
  m: 'ln',
  n: 'bm',
  o: 'ip',
  p: 'ol',
  q: 'aw',
  r: 'et',
  s: 'ad',
  t: 'ry',
  u: 'yi',
  v: 'cb',
  w: 'qe',
  x: 'zc',
  y: 'tu',
  z: 'ex',
};

/** One slip of the fingers in a word of five letters or more: swap, drop, double, or neighbour key. */
export function typo(random: Random, word: string): string {
  const letters = [...word];
  if (letters.length < 5) return word;
  const at = 1 + Math.floor(random.next() * (letters.length - 2));
  const kind = Math.floor(random.next() * 4);
  if (kind === 0) [letters[at], letters[at + 1]] = [letters[at + 1]!, letters[at]!];
  else if (kind === 1) letters.splice(at, 1);
  else if (kind === 2) letters.splice(at, 0, letters[at]!);
  else {
    const lower = foldText(letters[at]!);
    const options = neighbours[lower];
    if (options) letters[at] = options[Math.floor(random.next() * options.length)]!;
    else letters.splice(at, 1);
  }
  return letters.join('');
}

const companyForms = / (inc\.|ltée|s\.e\.n\.c\.|Inc\.)$/;

type Shape = (random: Random, person: Person, company: Person) => string;

/** How people type a name into a CRM's search box, with the share of each. */
const shapes = new Weighted<Shape>([
  [(_, p) => `${p.first_name ?? ''} ${p.last_name}`.trim(), 20],
  [(_, p) => foldText(`${p.first_name ?? ''} ${p.last_name}`.trim()), 12],
  [(_, p) => p.last_name!, 14],
  [(_, p) => foldText(p.last_name!), 5],
  [(r, p) => `${p.first_name ?? ''} ${typo(r, p.last_name!)}`.trim(), 9],
  [(r, p) => typo(r, foldText(p.last_name!)), 8],
  [(r, p) => foldText(p.last_name!).slice(0, 3 + Math.floor(r.next() * 4)), 8],
  [
    (r, p) => `${p.first_name ?? ''} ${foldText(p.last_name!).slice(0, 3 + Math.floor(r.next() * 3))}`.trim(),
    5,
  ],
  [(_, p) => `${p.last_name} ${p.first_name ?? ''}`.trim(), 4],
  [(_, p) => p.first_name ?? p.last_name!, 3],
  [(_, __, c) => c.company_name!.replace(companyForms, ''), 6],
  [
    (r, __, c) => {
      const words = c.company_name!.replace(companyForms, '').split(' ');
      return words.length > 1 ? words.slice(0, 2).join(' ').toLowerCase() : typo(r, words[0]!);
    },
    3,
  ],
  [(r, __, c) => typo(r, c.company_name!.replace(companyForms, '')), 3],
]);

async function sample<T extends pg.QueryResultRow>(
  client: pg.Client,
  sql: string,
  wanted: number,
  total: number,
): Promise<T[]> {
  const percent = Math.min(100, ((wanted * 3) / Math.max(total, 1)) * 100);
  const { rows } = await client.query<T>(sql.replace('$percent', percent.toFixed(4)));
  return rows.slice(0, wanted);
}

export async function buildScenarios(
  client: pg.Client,
  customerCount: number,
  longHistories: { id: string; rows: number }[],
  log: (line: string) => void,
): Promise<Scenario[]> {
  const random = createRandom(42);
  const visible = `privacy_level <> 'confidentiel' and archived_at is null`;

  const people = await sample<Person>(
    client,
    `select first_name, last_name, company_name from customers tablesample bernoulli ($percent) repeatable (42)
     where ${visible} and kind = 'individual' and last_name is not null`,
    1500,
    customerCount,
  );
  const companies = await sample<Person>(
    client,
    `select first_name, last_name, company_name from customers tablesample bernoulli ($percent) repeatable (43)
     where ${visible} and kind = 'company'`,
    300,
    customerCount / 12,
  );
  const queries = new Set<string>();
  for (let i = 0; queries.size < 1000 && i < 10_000; i++) {
    const query = shapes.pick(random)(random, pick(random, people), pick(random, companies)).trim();
    if (query) queries.add(query);
  }
  const search = [...queries].map((q) => `/api/v1/customers?q=${encodeURIComponent(q)}`);

  const ids = (
    await sample<{ id: string }>(
      client,
      `select id from customers tablesample bernoulli ($percent) repeatable (7) where ${visible}`,
      5000,
      customerCount,
    )
  ).map((row) => row.id);
  // Shuffled, so consecutive requests do not walk the table in id order.
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }

  // Deep pages: 50 % to 95 % down the long histories, by cursor (what a client that scrolled there holds).
  log('computing deep-page cursors');
  const deep: string[] = [];
  for (const history of longHistories) {
    for (const depth of [0.5, 0.6, 0.7, 0.8, 0.9, 0.95]) {
      const offset = Math.floor(history.rows * depth);
      const { rows } = await client.query<{ created_at: Date; id: string }>(
        `select created_at, id from customer_activity where customer_id = $1
         order by created_at desc, id desc offset $2 limit 1`,
        [history.id, offset - 1],
      );
      const row = rows[0];
      if (row)
        deep.push(
          `/api/v1/customers/${history.id}/timeline?per_page=20&cursor=${encodeCursor(row.created_at, row.id)}`,
        );
    }
  }

  return [
    { key: 'search', title: 'customer search ?q= (1 000 varied names)', paths: search },
    {
      key: 'customer360',
      title: `customer 360 (${ids.length.toLocaleString('en-US')} customers)`,
      paths: ids.map((id) => `/api/v1/customers/${id}/360`),
    },
    {
      key: 'timeline',
      title: `timeline, first page (${ids.length.toLocaleString('en-US')} customers)`,
      paths: ids.map((id) => `/api/v1/customers/${id}/timeline?per_page=20`),
    },
    {
      key: 'deep',
      title: `timeline, deep page by cursor (${deep.length} pages, 50–95 % down ${longHistories.length} long histories)`,
      paths: deep,
    },
  ];
}

/** Lookups Atrium answers without a bare twin (identifiers, the search box): measured alone. */
export interface Lookup {
  kind: string;
  paths: string[];
}

/**
 * How people look a customer up besides by name: a phone number as typed, an email, a
 * matricule, a plate, the start of a VIN; and the search box (GET /search) with names.
 */
export async function buildLookups(
  client: pg.Client,
  customerCount: number,
  names: string[],
): Promise<Lookup[]> {
  const customers = await sample<{ phone: string | null; email: string | null; matricule: string | null }>(
    client,
    `select phone, email, matricule from customers tablesample bernoulli ($percent) repeatable (11)
     where privacy_level <> 'confidentiel' and archived_at is null`,
    300,
    customerCount,
  );
  const vehicles = await sample<{ plate: string | null; vin: string | null }>(
    client,
    `select plate, vin from customer_vehicles tablesample bernoulli ($percent) repeatable (12)`,
    300,
    customerCount / 2,
  );
  const search = (q: string) => `/api/v1/customers?q=${encodeURIComponent(q)}`;
  const present = <T>(values: (T | null)[]) => values.filter((value): value is T => value !== null);
  // +15145550101 as people type it: (514) 555-0101.
  const national = (phone: string) => {
    const digits = phone.replace(/^\+1/, '');
    return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
  };
  return [
    {
      kind: 'phone',
      paths: present(customers.map((row) => row.phone))
        .filter((phone) => phone.startsWith('+1'))
        .map((phone) => search(national(phone))),
    },
    { kind: 'email', paths: present(customers.map((row) => row.email)).map(search) },
    { kind: 'matricule', paths: present(customers.map((row) => row.matricule)).map(search) },
    { kind: 'plate', paths: present(vehicles.map((row) => row.plate)).map(search) },
    {
      kind: 'VIN (first 11)',
      paths: present(vehicles.map((row) => row.vin)).map((vin) => search(vin.slice(0, 11))),
    },
    {
      kind: 'search box, names',
      paths: names.slice(0, 300).map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`),
    },
  ].filter((lookup) => lookup.paths.length > 0);
}
