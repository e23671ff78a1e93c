import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import { startsWith } from '../../core/db.ts';
import { searchTokens } from '../../core/validation.ts';

/*
 * Customer search (ADR 2). Names are found through customer_search_phrases: every name of
 * a customer and of its contacts is stored once per rotation of its words ("eric tremblay",
 * "tremblay eric"), with the customer's visibility copied beside it. A query's words, the
 * last one as a prefix, are the start of a phrase, so a page of hits is one range read of a
 * B-tree, in order, whatever the name's frequency. Then, while fewer than maxSearchHits
 * were found, spelling variants: each word is replaced by known words (search_terms) that
 * look like it (trigram similarity; for a known word, its neighbours found in advance,
 * search_term_neighbours), best combinations first, each one range read again.
 * Identifiers (email, phone, matricule prefixes; plate or VIN) come before names.
 *
 * Hits keep the order they were found in; that order is the ranking.
 */

const maxWords = 5;
/** Known words tried in place of each query word. */
const expansionsPerWord = 4;
/** Spelling variants (combinations of expansions) tried after the words as typed. */
const maxVariants = 12;
/** A search names a customer; past this many hits, refine the words instead of paging. */
const maxSearchHits = 200;

/** Everything a search statement depends on besides its shape. */
// A type, not an interface: prepared statements take a Record<string, unknown>.
export type SearchParams = {
  words: string[];
  /** The words joined by spaces: the phrase prefix as typed. */
  typed: string;
  archived: 'exclude' | 'only' | 'include';
  /** Admins see every customer; others only those not restricted to someone else. */
  see_all: boolean;
  actor_id: string | null;
  /** A client sees only their own customer record. */
  only_customer: string | null;
  /** No filter besides visibility and archiving: the phrase index alone decides. */
  unfiltered: boolean;
  segment: string | null;
  privacy_level: string | null;
  kind: string | null;
  offset: number;
  limit: number;
};

/** A parameter of the statement: a placeholder when it is prepared, else the value. */
export type Param = (name: keyof SearchParams) => SQL | Placeholder;

export function placeholders(): Param {
  return (name) => sql.placeholder(name);
}

export function values(params: SearchParams): Param {
  // sql.param: an array (the words) is one parameter, not a list.
  return (name) => sql`${sql.param(params[name])}`;
}

export interface SearchPlan {
  words: string[];
  /** Whether names are searched: the query has words. */
  names: boolean;
  /** Branches finding customers by identifier, each `(select id ... limit n)`; empty for a plain name. */
  identifiers: SQL[];
}

export function planCustomerSearch(query: string): SearchPlan | undefined {
  const trimmed = query.trim();
  if (!trimmed) return undefined;
  const words = searchTokens(trimmed).slice(0, maxWords);
  const identifiers: SQL[] = [];

  if (trimmed.includes('@')) {
    identifiers.push(startsWith(sql`email`, trimmed.toLowerCase()));
  }
  const digits = trimmed.replace(/[\s().+-]/g, '');
  if (/^\d{3,15}$/.test(digits)) {
    const prefixes =
      digits.length <= 10 || !digits.startsWith('1') ? [`+1${digits}`, `+${digits}`] : [`+${digits}`];
    for (const prefix of prefixes) identifiers.push(startsWith(sql`phone`, prefix));
  }
  const compact = trimmed.toUpperCase().replace(/[\s-]/g, '');
  if (/^[A-Z]{2}\d{1,3}[A-Z]{0,2}$/.test(compact)) {
    const matricule = [compact.slice(0, 2), compact.slice(2, 5), compact.slice(5)].filter(Boolean).join('-');
    identifiers.push(startsWith(sql`matricule`, matricule));
  }
  if (/^[A-Z0-9]{3,17}$/.test(compact) && /\d/.test(compact)) {
    identifiers.push(
      sql`id in (select customer_id from customer_vehicles
          where ${startsWith(sql`plate`, compact)} or ${startsWith(sql`vin`, compact)} limit ${maxSearchHits})`,
    );
  }
  if (!words.length && !identifiers.length) return undefined;
  return { words, names: words.length > 0, identifiers };
}

/** The customers a phrase prefix finds, in phrase order, as the caller may see them. */
function phraseHits(phrase: SQL, param: Param): SQL {
  return sql`select p.customer_id from customer_search_phrases p
    where p.phrase >= ${phrase} and p.phrase < ${phrase} || '~'
      and (${param('archived')}::text = 'include' or p.archived = (${param('archived')}::text = 'only'))
      and (${param('see_all')}::boolean or p.restricted_to is null or p.restricted_to = ${param('actor_id')}::uuid)
      and (${param('only_customer')}::uuid is null or p.customer_id = ${param('only_customer')}::uuid)
      and (${param('unfiltered')}::boolean or exists (select from customers c where c.id = p.customer_id
        and (${param('segment')}::text is null or c.segments @> array[${param('segment')}::text])
        and (${param('privacy_level')}::text is null or c.privacy_level = ${param('privacy_level')}::text)
        and (${param('kind')}::text is null or c.kind = ${param('kind')}::text)))
    order by p.phrase, p.customer_id limit ${sql.raw(String(maxSearchHits))}`;
}

/*
 * '~' sorts after letters, digits and the space in the C collation the phrases use, so
 * `phrase >= p and phrase < p || '~'` is "starts with p". The variants CTEs are read only
 * when the branches before them found fewer than maxSearchHits customers.
 */
function nameCtes(param: Param): SQL {
  return sql`query_words as (
      select word, position::int from unnest(${param('words')}::text[]) with ordinality as t(word, position)),
    expansions as materialized (
      select position, word as term, 1::real as score from query_words
      union
      select q.position, e.term, e.score from query_words q cross join lateral (
        (select neighbour, score from search_term_neighbours n where n.term = q.word
          order by score desc, neighbour limit ${sql.raw(String(expansionsPerWord))})
        union all
        (select term, similarity(term, q.word) as score from search_terms
          where not exists (select from search_terms known where known.term = q.word) and term % q.word
          order by score desc, term limit ${sql.raw(String(expansionsPerWord))})) e(term, score)),
    variants(position, phrase, score) as (
      select 0, '', 0::real
      union all
      select x.position, ltrim(v.phrase || ' ' || x.term), v.score + x.score
      from variants v join expansions x on x.position = v.position + 1)`;
}

function nameBranches(param: Param): SQL {
  return sql`(${phraseHits(sql`${param('typed')}::text`, param)})
    union all
    (select hit.customer_id from (
        select phrase from variants
        where position = cardinality(${param('words')}::text[]) and phrase <> ${param('typed')}::text
        order by score desc, phrase limit ${sql.raw(String(maxVariants))}) variant
      cross join lateral (${phraseHits(sql`variant.phrase`, param)}) hit)`;
}

/**
 * The page of hits: (customer_id, n, total) in ranking order, for a join with customers.
 * `where` filters the identifier branches, which read customers directly.
 */
export function searchPage(plan: SearchPlan, param: Param, where: SQL | undefined): SQL {
  const branches: SQL[] = plan.identifiers.map(
    (match) =>
      sql`(select id as customer_id from customers where ${match} and ${where ?? sql`true`} limit ${maxSearchHits})`,
  );
  if (plan.names) branches.push(nameBranches(param));
  const ctes = plan.names ? sql`with recursive ${nameCtes(param)},` : sql`with`;
  return sql`(${ctes}
    found as (
      select customer_id, row_number() over () as n
      from (${sql.join(branches, sql` union all `)} limit ${sql.raw(String(maxSearchHits))}) hits),
    best as (
      select customer_id, min(n) as n, count(*) over () as total from found group by customer_id)
    select customer_id, n, total from best order by n offset ${param('offset')} limit ${param('limit')})`;
}

/** Words the contacts of GET /search are matched with: the word itself, words starting with it, or like it. */
export function widened(word: string): SQL {
  return sql`(select coalesce(array_agg(term), '{}') from (
      select term from search_terms
      where term like ${`${word}%`} or term % ${word}
      order by term = ${word} desc, similarity(term, ${word}) desc
      limit 40) widened)`;
}
