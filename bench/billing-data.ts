import type pg from 'pg';

/*
 * The billing data set, added to the generated customers: 100,000 issued invoices over one
 * customer in sixteen (about 62,500 at 1M customers), three lines each, GST + QST, the
 * older mostly paid, in instalments, so that the ledger (customer_balance_history) holds about
 * 1,000,000 entries: an `invoice` entry per invoice and a `payment` entry per instalment,
 * with `invoice_settlements` beside them as applyToInvoice writes them. Generated in SQL
 * (setseed: the same data every time), in one transaction, in about a minute.
 * Payments are booked in the ledger and the settlements, not as rows of `payments` (the
 * ledger's and settlements' references are not foreign keys): nothing measured reads them.
 */

/** Bump when the billing data changes shape: older ones are then generated again. */
export const billingDataVersion = 2;
export const billingSizes = { invoices: 100_000, ledgerEntries: 1_000_000 };

export interface BillingDataSet {
  version: number;
  invoices: number;
  ledger_entries: number;
  settlements: number;
  customers_billed: number;
  seconds: number;
}

type Log = (line: string) => void;

async function step(client: pg.Client, log: Log, label: string, text: string, values: unknown[] = []) {
  const started = performance.now();
  const result = await client.query(text, values);
  log(
    `  ${label.padEnd(28)} ${String(result.rowCount ?? '').padStart(9)} rows  (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

export async function existingBillingData(client: pg.Client): Promise<BillingDataSet | undefined> {
  const { rows } = await client.query<{ value: BillingDataSet }>(
    `select value from bench_meta where key = 'billing'`,
  );
  const data = rows[0]?.value;
  return data?.version === billingDataVersion ? data : undefined;
}

export async function generateBillingData(client: pg.Client, log: Log): Promise<BillingDataSet> {
  const started = performance.now();
  const invoices = billingSizes.invoices;
  log(`generating the billing data: ${invoices.toLocaleString('en-US')} invoices, ~1,000,000 ledger entries`);
  await client.query('begin');
  try {
    await client.query(`set local session_replication_role = replica`);
    await client.query(`delete from bench_meta where key = 'billing'`);
    await client.query(
      `truncate invoice_settlements, invoice_lines, invoices, customer_balance_history, customer_balances, document_counters cascade`,
    );
    await client.query(`select setseed(0.2026)`);
    await step(
      client,
      log,
      'customers billed',
      `create temp table bench_billed on commit drop as
       select id as customer_id, (row_number() over (order by id))::int as n
       from customers where (hashtext(id::text) & 15) = 0`,
    );
    const billed = (await client.query<{ n: number }>(`select count(*)::int as n from bench_billed`)).rows[0]!
      .n;
    // Issue dates over three years, more of them recent; status by age, as a business sees it.
    await step(
      client,
      log,
      'invoices (draft facts)',
      `create temp table bench_invoices on commit drop as
       with base as (
         select g as n, b.customer_id, gen_random_uuid() as id,
           (current_date - floor(power(random(), 2) * 1095)::int) as issued_on,
           (2000 + floor(random() * 300000))::bigint as subtotal,
           random() as u, random() as v
         from generate_series(1, $1::int) g
         join bench_billed b on b.n = 1 + (g::bigint * 7919) % $2::int
       ), taxed as (
         select *, round(subtotal * 0.05)::bigint as gst, round(subtotal * 0.09975)::bigint as qst,
           current_date - issued_on as age
         from base
       )
       select *, subtotal + gst + qst as total,
         case
           when age > 90 then (case when u < 0.97 then 'paid' else 'open' end)
           when age > 30 then (case when u < 0.70 then 'paid' when u < 0.85 then 'partially_paid' else 'open' end)
           else (case when u < 0.30 then 'paid' when u < 0.40 then 'partially_paid' else 'open' end)
         end as status
       from taxed`,
      [invoices, billed],
    );
    // Instalments per paid invoice, so that invoices + payments come to about 1M entries.
    const { rows: counts } = await client.query<{ paid: number; partial: number }>(
      `select count(*) filter (where status = 'paid')::int as paid,
              count(*) filter (where status = 'partially_paid')::int as partial from bench_invoices`,
    );
    const { paid, partial } = counts[0]!;
    const perPaid = (billingSizes.ledgerEntries - invoices - partial) / paid;
    await step(
      client,
      log,
      'payments (instalments)',
      `create temp table bench_payments on commit drop as
       with plan as (
         select i.*, case when status = 'paid' then 1 + floor(v * (2 * $1::float8 - 1))::int else 1 end as k,
           case when status = 'paid' then total else round(total * 0.4)::bigint end as received
         from bench_invoices i where status <> 'open'
       )
       select gen_random_uuid() as id, p.id as invoice_id, p.customer_id, s as instalment,
         (p.received / p.k + case when s = p.k then p.received % p.k else 0 end)::bigint as amount,
         (p.issued_on + least(p.age, 60) * s / p.k)::timestamp at time zone 'America/Montreal'
           + interval '14 hours' as at
       from plan p, generate_series(1, p.k) s`,
      [perPaid],
    );
    await step(
      client,
      log,
      'invoices',
      `insert into invoices (id, number, customer_id, status, currency, subtotal_cents, discount_cents,
         taxable_cents, taxes, total_cents, amount_paid_cents, amount_credited_cents, balance_due_cents,
         issued_on, due_on, created_at, updated_at, finalized_at, settled_at)
       select i.id, 'INV-' || lpad(row_number() over (order by i.issued_on, i.id)::text, 6, '0'), i.customer_id,
         i.status, 'CAD', i.subtotal, 0, i.subtotal,
         jsonb_build_array(jsonb_build_object('code', 'GST', 'rate_ppm', 50000, 'amount_cents', i.gst),
                           jsonb_build_object('code', 'QST', 'rate_ppm', 99750, 'amount_cents', i.qst)),
         i.total, coalesce(p.received, 0), 0, i.total - coalesce(p.received, 0),
         i.issued_on, i.issued_on + 30, i.issued_on + interval '9 hours', i.issued_on + interval '9 hours',
         i.issued_on + interval '9 hours', case when i.status = 'paid' then p.last_at end
       from bench_invoices i
       left join (select invoice_id, sum(amount)::bigint as received, max(at) as last_at
                  from bench_payments group by invoice_id) p on p.invoice_id = i.id`,
    );
    await step(
      client,
      log,
      'invoice lines',
      `insert into invoice_lines (invoice_id, position, description, quantity, unit_price_cents, discount_cents,
         taxable, line_total_cents)
       select i.id, l, (array['Main-d''œuvre — diagnostic', 'Pièces et fournitures', 'Entretien préventif'])[l],
         1, i.subtotal / 3 + case when l = 3 then i.subtotal % 3 else 0 end, 0, true,
         i.subtotal / 3 + case when l = 3 then i.subtotal % 3 else 0 end
       from bench_invoices i, generate_series(1, 3) l`,
    );
    await step(
      client,
      log,
      'settlements',
      `insert into invoice_settlements (id, invoice_id, customer_id, kind, amount_cents, reference_table,
         reference_id, occurred_at)
       select gen_random_uuid(), invoice_id, customer_id, 'payment', -amount, 'payments', id, at from bench_payments`,
    );
    await step(
      client,
      log,
      'ledger entries',
      `insert into customer_balance_history (id, customer_id, entry_number, entry_type, amount_cents,
         balance_after_cents, currency, reference_table, reference_id, description, actor_type, created_at)
       select id, customer_id, row_number() over w, entry_type, amount, sum(amount) over w, 'CAD', reference_table,
         reference_id, description, 'system', at
       from (
         select gen_random_uuid() as id, i.customer_id, 'invoice' as entry_type, i.total as amount,
           'invoices' as reference_table, i.id as reference_id, inv.number as description,
           i.issued_on + interval '9 hours' as at
         from bench_invoices i join invoices inv on inv.id = i.id
         union all
         select gen_random_uuid(), customer_id, 'payment', -amount, 'payments', id, null, at from bench_payments
       ) e
       window w as (partition by customer_id order by at, reference_id rows between unbounded preceding and current row)`,
    );
    await step(
      client,
      log,
      'balances',
      `insert into customer_balances (customer_id, balance_cents, currency, entry_count, updated_at)
       select customer_id, sum(amount_cents), 'CAD', count(*), max(created_at)
       from customer_balance_history group by customer_id`,
    );
    await client.query(
      `insert into document_counters (kind, last_number) select 'INV', count(*) from invoices where number is not null`,
    );
    const data: BillingDataSet = {
      version: billingDataVersion,
      invoices,
      ledger_entries: Number(
        (await client.query(`select count(*)::int as n from customer_balance_history`)).rows[0].n,
      ),
      settlements: Number(
        (await client.query(`select count(*)::int as n from invoice_settlements`)).rows[0].n,
      ),
      customers_billed: billed,
      seconds: Math.round((performance.now() - started) / 1000),
    };
    await client.query(`insert into bench_meta (key, value) values ('billing', $1)`, [JSON.stringify(data)]);
    await client.query('commit');
    await client.query(
      `vacuum analyze invoices, invoice_lines, invoice_settlements, customer_balance_history, customer_balances`,
    );
    log(
      `billing data ready in ${data.seconds} s: ${data.ledger_entries.toLocaleString('en-US')} ledger entries, ${data.settlements.toLocaleString('en-US')} settlements`,
    );
    return data;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

export async function ensureBillingData(client: pg.Client, log: Log, regenerate: boolean) {
  const existing = regenerate ? undefined : await existingBillingData(client);
  if (existing) {
    log(`reusing the billing data (${existing.invoices.toLocaleString('en-US')} invoices)`);
    return existing;
  }
  return generateBillingData(client, log);
}
