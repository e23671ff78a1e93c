import { type SQL, sql } from 'drizzle-orm';
import { searchTokens } from '../../core/validation.ts';

/*
 * Customer search, in one SQL statement of independent branches, each on its own index:
 *   - names: every query word is widened to the known words (search_terms) that start with
 *     it or look like it (trigram similarity), then customers carrying a widened word for
 *     each query word are found through the GIN index on search_tokens;
 *   - identifiers: email, phone, matricule prefixes (btree text_pattern_ops);
 *   - vehicles: plate or VIN prefix; contacts: their names, like customers'.
 * Each branch gives a rank; the best rank per customer orders the results.
 */

const maxWords = 5;
const expansionsPerWord = 40;
/** A search names a customer; past this many hits, refine the words instead of paging. */
export const maxSearchHits = 200;

export interface SearchPlan {
  /** A CTE body producing (id, rank) rows; callers join customers to it. */
  hits: SQL;
}

export function widened(word: string): SQL {
  return sql`(select coalesce(array_agg(term), '{}') from (
      select term from search_terms
      where term like ${`${word}%`} or term % ${word}
      order by term = ${word} desc, similarity(term, ${word}) desc
      limit ${expansionsPerWord}) widened)`;
}

/*
 * Each query word is widened once, in a CTE both name branches read: written inline, the
 * customers and the contacts branch would each run the trigram lookup again.
 */
function widenedWords(words: string[]): SQL {
  return sql`with search_words as (select ${sql.join(
    words.map((word, index) => sql`${widened(word)} as ${sql.raw(`w${index}`)}`),
    sql`, `,
  )})`;
}

function nameBranch(table: 'customers' | 'customer_contacts', words: string[]): SQL {
  const alias = sql.raw(table === 'customers' ? 'c' : 'ct');
  const idColumn = sql.raw(table === 'customers' ? 'c.id' : 'ct.customer_id');
  const matches = sql.join(
    words.map(
      (_, index) => sql`${alias}.search_tokens && (select ${sql.raw(`w${index}`)} from search_words)`,
    ),
    sql` and `,
  );
  const exact = sql.join(
    words.map((word) => sql`(${alias}.search_tokens @> array[${word}]::text[])::int`),
    sql` + `,
  );
  const bonus = table === 'customers' ? 0 : -1;
  return sql`(select ${idColumn} as id, 2 * (${exact}) + ${bonus} as rank
      from ${sql.raw(table)} ${alias} where ${matches} limit ${maxSearchHits})`;
}

export function planCustomerSearch(query: string): SearchPlan | undefined {
  const trimmed = query.trim();
  if (!trimmed) return undefined;
  const words = searchTokens(trimmed).slice(0, maxWords);
  const branches: SQL[] = [];
  const identifierRank = 100;

  if (words.length) {
    branches.push(nameBranch('customers', words), nameBranch('customer_contacts', words));
  }
  if (trimmed.includes('@')) {
    branches.push(
      sql`(select id, ${identifierRank} as rank from customers where email like ${`${escapeLike(trimmed.toLowerCase())}%`} limit ${maxSearchHits})`,
    );
  }
  const digits = trimmed.replace(/[\s().+-]/g, '');
  if (/^\d{3,15}$/.test(digits)) {
    const prefixes =
      digits.length <= 10 || !digits.startsWith('1') ? [`+1${digits}`, `+${digits}`] : [`+${digits}`];
    for (const prefix of prefixes) {
      branches.push(
        sql`(select id, ${identifierRank} as rank from customers where phone like ${`${prefix}%`} limit ${maxSearchHits})`,
      );
    }
  }
  const compact = trimmed.toUpperCase().replace(/[\s-]/g, '');
  if (/^[A-Z]{2}\d{1,3}[A-Z]{0,2}$/.test(compact)) {
    const matricule = [compact.slice(0, 2), compact.slice(2, 5), compact.slice(5)].filter(Boolean).join('-');
    branches.push(
      sql`(select id, ${identifierRank} as rank from customers where matricule like ${`${matricule}%`} limit ${maxSearchHits})`,
    );
  }
  if (/^[A-Z0-9]{3,17}$/.test(compact) && /\d/.test(compact)) {
    branches.push(
      sql`(select customer_id as id, ${identifierRank - 1} as rank from customer_vehicles
          where plate like ${`${compact}%`} or vin like ${`${compact}%`} limit ${maxSearchHits})`,
    );
  }
  if (!branches.length) return undefined;
  const union = sql.join(branches, sql` union all `);
  return { hits: words.length ? sql`${widenedWords(words)} ${union}` : union };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
