import type pg from 'pg';

/** The writes scenario: customer creations, this many in flight (issue 8's figure). */
export const writeConnections = 20;
export const writePath = '/api/v1/customers';

// Every customer the scenario creates has an email starting with this: the cleanup finds
// them by it (customers_email_idx serves the prefix), leftovers of an interrupted run too.
const emailPrefix = 'bench-write-';
const firstNames = ['Marie', 'Jean', 'Sophie', 'Luc', 'Isabelle', 'Martin', 'Nathalie', 'Alexandre'];
// Words the generator never uses, so these customers cannot turn up in the searches.
const lastName = 'Banc-Écriture';
const companyName = 'Écritures Banc inc.';

/**
 * New customers as a form sends them (customerCreateSchema): one in twelve a company, the
 * rest people with a first and last name; each with an email never used before, a valid
 * phone number, a language, and no matricule (customers_matricule_key is unique).
 */
export function customerBodies(): () => string {
  const run = Date.now().toString(36);
  let n = 0;
  return () => {
    n++;
    const contact = {
      email: `${emailPrefix}${run}-${n}@exemple.ca`,
      phone: `(514) 555-${String(n % 10_000).padStart(4, '0')}`,
      language_code: n % 5 === 0 ? 'en-CA' : 'fr-CA',
    };
    return JSON.stringify(
      n % 12 === 0
        ? { kind: 'company', company_name: companyName, ...contact }
        : {
            kind: 'individual',
            first_name: firstNames[n % firstNames.length],
            last_name: lastName,
            ...contact,
          },
    );
  };
}

/**
 * Requests in flight when autocannon stops still commit after it returns: waits until the
 * number of bench customers holds still.
 */
async function settle(client: pg.Client): Promise<void> {
  let last = -1;
  for (;;) {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from customers where email like '${emailPrefix}%'`,
    );
    if (rows[0]!.n === last) return;
    last = rows[0]!.n;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/**
 * Deletes what the writes scenario added: its customers with their timeline entries and
 * counts, search phrases, audit entries (past the append-only guard, in this transaction
 * only: this is a bench database) and outbox events; the search words only they used; then
 * vacuums, so the tables end up with the pages they had and the generated data set serves
 * later runs as it was (the planner scales its row estimates by a table's page count).
 * Returns the number of customers removed.
 */
export async function removeWrittenCustomers(client: pg.Client): Promise<number> {
  await settle(client);
  const { rows } = await client.query<{ outbox: boolean }>(
    `select to_regclass('domain_events') is not null as outbox`,
  );
  const outbox = rows[0]!.outbox;
  let removed = 0;
  await client.query('begin');
  try {
    await client.query(
      `create temp table bench_written on commit drop as
       select id from customers where email like '${emailPrefix}%'`,
    );
    await client.query('alter table audit_log disable trigger audit_log_append_only');
    await client.query(`delete from audit_log where customer_id in (select id from bench_written)`);
    await client.query('alter table audit_log enable trigger audit_log_append_only');
    // What billing scenarios added for them (finalized drafts: invoices, ledger, settlements);
    // the ledger is append-only too, past its guard here as the audit log is above.
    await client.query('alter table customer_balance_history disable trigger user');
    for (const table of [
      'invoice_settlements',
      'customer_balance_history',
      'customer_balances',
      'promo_code_redemptions',
    ]) {
      await client.query(`delete from ${table} where customer_id in (select id from bench_written)`);
    }
    await client.query('alter table customer_balance_history enable trigger user');
    await client.query(
      `delete from invoice_lines where invoice_id in (select id from invoices where customer_id in (select id from bench_written))`,
    );
    await client.query(`delete from invoices where customer_id in (select id from bench_written)`);
    // Their numbers are given back: the counter is the highest number left, so the next run's check starts clean.
    await client.query(
      `update document_counters set last_number = coalesce((select max(substr(number, 5)::int) from invoices where number like 'INV-%'), 0) where kind = 'INV'`,
    );
    for (const table of [
      'customer_search_phrases',
      'customer_activity_counts',
      'customer_activity',
      ...(outbox ? ['domain_events'] : []),
    ]) {
      await client.query(`delete from ${table} where customer_id in (select id from bench_written)`);
    }
    removed = (await client.query(`delete from customers where id in (select id from bench_written)`))
      .rowCount!;
    const words = (
      await client.query<{ terms: string[] }>(`select atrium_tokens(variadic $1::text[]) as terms`, [
        [...firstNames, lastName, companyName],
      ])
    ).rows[0]!.terms;
    await client.query(
      `with gone as (
         delete from search_terms where term = any($1::text[]) and term not in (
           select unnest(search_tokens) from customers where search_tokens && $1::text[]
           union
           select unnest(search_tokens) from customer_contacts where search_tokens && $1::text[])
         returning term)
       delete from search_term_neighbours
       where term in (select term from gone) or neighbour in (select term from gone)`,
      [words],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
  if (removed > 0) {
    await client.query(
      `vacuum customers, customer_activity, customer_activity_counts, customer_search_phrases, audit_log,
         search_terms, search_term_neighbours, invoices, invoice_lines, customer_balance_history${outbox ? ', domain_events' : ''}`,
    );
  }
  return removed;
}
