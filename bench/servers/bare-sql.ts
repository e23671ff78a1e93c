/*
 * The SQL Atrium sends for each benchmarked endpoint, written out by hand for the bare
 * route: the same text and the same parameters, built without Drizzle. `npm run bench`
 * checks before measuring that both servers send exactly this (see checkSameSql in run.ts);
 * when Atrium's queries change, this file must follow, and the bench says so.
 */

export interface Query {
  /** Named statements are prepared once per connection, as Atrium's are. */
  name?: string;
  text: string;
  values: unknown[];
}

export const customerFields = [
  'id',
  'kind',
  'first_name',
  'last_name',
  'company_name',
  'display_name',
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
  'anonymized_at',
  'created_at',
  'updated_at',
];
const customerList = customerFields.map((field) => `"${field}"`).join(', ');
const qualifiedCustomerList = customerFields.map((field) => `"customers"."${field}"`).join(', ');

// ---------------------------------------------------------------- GET /customers/:id/timeline

/** getCustomerOrThrow: the customer, to check it exists and the caller may see it. */
export function customerById(id: string): Query {
  return {
    name: 'customer_by_id',
    text: `select ${customerList} from "customers" where "customers"."id" = $1`,
    values: [id],
  };
}

const activityList =
  '"id", "customer_id", "activity_type", "reference_id", "reference_table", "title", "description", "metadata", "actor_id", "actor_type", "created_at"';

/** findActivities without filters: one page, newest first, after `cursor` when given. */
export function timelinePage(
  customerId: string,
  perPage: number,
  cursor?: { created_at: string; id: string },
): Query {
  if (cursor) {
    return {
      name: 'timeline_next_page',
      text: `select ${activityList} from "customer_activity" where ("customer_activity"."customer_id" = $1 and ("customer_activity"."created_at", "customer_activity"."id") < ($2::timestamptz, $3::uuid)) order by "customer_activity"."created_at" desc, "customer_activity"."id" desc limit $4`,
      values: [customerId, cursor.created_at, cursor.id, perPage],
    };
  }
  return {
    name: 'timeline_first_page',
    text: `select ${activityList} from "customer_activity" where "customer_activity"."customer_id" = $1 order by "customer_activity"."created_at" desc, "customer_activity"."id" desc limit $2`,
    values: [customerId, perPage],
  };
}

/** countActivities: the total from the running counts. */
export function timelineTotal(customerId: string): Query {
  return {
    name: 'timeline_total',
    text: `select coalesce(sum("total"), 0)::int from "customer_activity_counts" where "customer_activity_counts"."customer_id" = $1`,
    values: [customerId],
  };
}

// ---------------------------------------------------------------- GET /customers/:id/360

export function customer360(customerId: string): Query {
  return {
    name: 'customer_360',
    text: `select ${customerList}, (select count(*) from "customer_contacts" where "customer_id" = "customers"."id"), (select count(*) from "customer_addresses" where "customer_id" = "customers"."id"), (select count(*) from "customer_vehicles" where "customer_id" = "customers"."id"), (select coalesce(sum(total), 0) from customer_activity_counts where customer_id = "customers"."id"), (select coalesce(json_agg(latest), '[]'::json) from (
      select distinct on (consent_type) consent_type, is_granted, version, source, granted_at, revoked_at, expires_at, created_at
      from customer_consents where customer_id = "customers"."id"
      order by consent_type, version desc) latest), (select coalesce(json_agg(latest order by latest.created_at desc, latest.id desc), '[]'::json) from (
      select id, customer_id, activity_type, reference_id, reference_table, title, description, metadata, actor_id, actor_type, created_at
      from customer_activity where customer_id = "customers"."id"
      order by created_at desc, id desc limit $1) latest) from "customers" where "customers"."id" = $2`,
    values: [10, customerId],
  };
}

// ---------------------------------------------------------------- GET /customers?q=

/** searchTokens() of core/validation.ts. */
export function searchWords(value: string): string[] {
  const folded = value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
  return [...new Set(folded.split(/[^a-z0-9]+/).filter(Boolean))];
}

const maxWords = 5;
const expansionsPerWord = 40;
const maxSearchHits = 200;

/**
 * planCustomerSearch + findCustomers for a name query as a staff API key sees it (the key
 * id stands for the caller in the visibility rule), first page.
 */
export function customerSearch(q: string, actorId: string, perPage: number): Query | undefined {
  const trimmed = q.trim();
  const words = searchWords(trimmed).slice(0, maxWords);
  if (!words.length) return undefined;
  const values: unknown[] = [];
  const p = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const widened = (word: string) => `(select coalesce(array_agg(term), '{}') from (
      select term from search_terms
      where term like ${p(`${word}%`)} or term % ${p(word)}
      order by term = ${p(word)} desc, similarity(term, ${p(word)}) desc
      limit ${p(expansionsPerWord)}) widened)`;
  const searchWordsCte = `with search_words as (select ${words.map((word, index) => `${widened(word)} as w${index}`).join(', ')})`;
  const branch = (table: 'customers' | 'customer_contacts') => {
    const alias = table === 'customers' ? 'c' : 'ct';
    const idColumn = table === 'customers' ? 'c.id' : 'ct.customer_id';
    const matches = words
      .map((_, index) => `${alias}.search_tokens && (select w${index} from search_words)`)
      .join(' and ');
    const exact = words
      .map((word) => `(${alias}.search_tokens @> array[${p(word)}]::text[])::int`)
      .join(' + ');
    const bonus = p(table === 'customers' ? 0 : -1);
    return `(select ${idColumn} as id, 2 * (${exact}) + ${bonus} as rank
      from ${table} ${alias} where ${matches} limit ${p(maxSearchHits)})`;
  };
  const hits = `${searchWordsCte} ${branch('customers')} union all ${branch('customer_contacts')}`;
  const text = `select ${qualifiedCustomerList}, count(*) over () from "customers" inner join (select id, max(rank) as rank from (${hits}) hits group by id) best on best.id = "customers"."id" where (("customers"."privacy_level" <> ${p('confidentiel')} or "customers"."assigned_user_id" = ${p(actorId)}) and "customers"."archived_at" is null) order by best.rank desc, "customers"."sort_name", "customers"."id" limit ${p(perPage)}`;
  return { text, values };
}
