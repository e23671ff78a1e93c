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
    text: `select ${customerList}, (select count(*) from "customer_contacts" where "customer_id" = "customers"."id"), (select count(*) from "customer_addresses" where "customer_id" = "customers"."id"), (select count(*) from "customer_vehicles" where "customer_id" = "customers"."id"), (select coalesce(sum(total), 0) from customer_activity_counts where customer_id = "customers"."id"), (select count(distinct sr.document_id) from signature_requests sr where sr.customer_id = "customers"."id" and sr.status in ('pending', 'viewed') and sr.expires_at > now()), (select coalesce(json_agg(latest), '[]'::json) from (
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

type SearchParameter =
  | 'words'
  | 'typed'
  | 'archived'
  | 'see_all'
  | 'actor_id'
  | 'only_customer'
  | 'unfiltered'
  | 'segment'
  | 'privacy_level'
  | 'kind'
  | 'offset'
  | 'limit';

/**
 * The statement of a name search (customers.search.ts), prepared as `customer_search`,
 * and its parameters in the order of their placeholders: `p` numbers them as it goes.
 */
const customerSearchStatement = (() => {
  const order: SearchParameter[] = [];
  const p = (name: SearchParameter) => {
    order.push(name);
    return `$${order.length}`;
  };
  const phraseHits = (phrase: (() => string) | string) => {
    const at = typeof phrase === 'string' ? () => phrase : phrase;
    return `select p.customer_id from customer_search_phrases p
    where p.phrase >= ${at()} and p.phrase < ${at()} || '~'
      and (${p('archived')}::text = 'include' or p.archived = (${p('archived')}::text = 'only'))
      and (${p('see_all')}::boolean or p.restricted_to is null or p.restricted_to = ${p('actor_id')}::uuid)
      and (${p('only_customer')}::uuid is null or p.customer_id = ${p('only_customer')}::uuid)
      and (${p('unfiltered')}::boolean or exists (select from customers c where c.id = p.customer_id
        and (${p('segment')}::text is null or c.segments @> array[${p('segment')}::text])
        and (${p('privacy_level')}::text is null or c.privacy_level = ${p('privacy_level')}::text)
        and (${p('kind')}::text is null or c.kind = ${p('kind')}::text)))
    order by p.phrase, p.customer_id limit 200`;
  };
  const head = `select ${qualifiedCustomerList}, page.total from "customers" inner join (with recursive query_words as (
      select word, position::int from unnest(${p('words')}::text[]) with ordinality as t(word, position)),
    expansions as materialized (
      select position, word as term, 1::real as score from query_words
      union
      select q.position, e.term, e.score from query_words q cross join lateral (
        (select neighbour, score from search_term_neighbours n where n.term = q.word
          order by score desc, neighbour limit 4)
        union all
        (select term, similarity(term, q.word) as score from search_terms
          where not exists (select from search_terms known where known.term = q.word) and term % q.word
          order by score desc, term limit 4)) e(term, score)),
    variants(position, phrase, score) as (
      select 0, '', 0::real
      union all
      select x.position, ltrim(v.phrase || ' ' || x.term), v.score + x.score
      from variants v join expansions x on x.position = v.position + 1),
    found as (
      select customer_id, row_number() over () as n
      from ((`;
  const typedBranch = phraseHits(() => `${p('typed')}::text`);
  const variantsHead = `)
    union all
    (select hit.customer_id from (
        select phrase from variants
        where position = cardinality(${p('words')}::text[]) and phrase <> ${p('typed')}::text
        order by score desc, phrase limit 12) variant
      cross join lateral (`;
  const variantBranch = phraseHits('variant.phrase');
  const tail = `) hit) limit 200) hits),
    best as (
      select customer_id, min(n) as n, count(*) over () as total from found group by customer_id)
    select customer_id, n, total from best order by n offset ${p('offset')} limit ${p('limit')}) page on page.customer_id = "customers"."id" order by page.n`;
  return { text: head + typedBranch + variantsHead + variantBranch + tail, order };
})();

/**
 * findCustomers for a name query as a staff API key sees it (the key id stands for the
 * caller in the visibility rule), first page, no filters.
 */
export function customerSearch(q: string, actorId: string, perPage: number): Query | undefined {
  const words = searchWords(q.trim()).slice(0, maxWords);
  if (!words.length) return undefined;
  const params: Record<SearchParameter, unknown> = {
    words,
    typed: words.join(' '),
    archived: 'exclude',
    see_all: false,
    actor_id: actorId,
    only_customer: null,
    unfiltered: true,
    segment: null,
    privacy_level: null,
    kind: null,
    offset: 0,
    limit: perPage,
  };
  return {
    name: 'customer_search',
    text: customerSearchStatement.text,
    values: customerSearchStatement.order.map((name) => params[name]),
  };
}
