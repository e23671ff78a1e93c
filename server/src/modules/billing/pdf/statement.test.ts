import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { createTestCustomer } from '../../../../test/factories.ts';
import { pdfPages, pdfText, squeeze } from '../../../../test/pdf.ts';
import type { Clock } from '../../../core/clock.ts';
import type { Role } from '../../../core/context.ts';
import { formatCents } from '../../../core/money.ts';
import { maxPeriodEntries } from '../../finances/index.ts';

// The clock moves through the spring: each step at 10:00 in Montréal.
let now = new Date('2026-03-20T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const on = (date: string) => {
  now = new Date(`${date}T14:00:00Z`);
};
let t: TestApp;
let customerId: string;
let otherId: string;

const fr = (cents: number) => formatCents(cents, 'CAD', 'fr-CA').replace(/[\u00a0\u202f]/g, ' ');
const en = (cents: number) => formatCents(cents, 'CAD', 'en-CA');

async function issueInvoice(unitPriceCents: number) {
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/invoices',
    as: 'staff',
    payload: {
      customer_id: customerId,
      lines: [{ description: 'Entretien', quantity: '1', unit_price_cents: unitPriceCents }],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const issued = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${created.json().id}/finalize`,
    as: 'staff',
    payload: {},
  });
  expect(issued.statusCode, issued.body).toBe(200);
  return issued.json() as { id: string; number: string; total_cents: number; due_on: string };
}

async function pay(invoiceId: string, cents: number) {
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${invoiceId}/payments`,
    as: 'staff',
    payload: { amount_cents: cents, method: 'interac', reference: 'TX-4242' },
  });
  expect(response.statusCode, response.body).toBe(201);
}

let march: Awaited<ReturnType<typeof issueInvoice>>;
let may: Awaited<ReturnType<typeof issueInvoice>>;
let lateMay: Awaited<ReturnType<typeof issueInvoice>>;

beforeAll(async () => {
  t = await createTestApp({ clock });
  customerId = (await createTestCustomer(t.ctx, { first_name: 'Réjean', last_name: 'Lévesque' })).id;
  otherId = (await createTestCustomer(t.ctx, { language_code: 'en-CA' })).id;
  on('2026-03-20');
  march = await issueInvoice(100_00); // 114,98 $, due April 19
  on('2026-04-20');
  const adjustment = await t.request({
    method: 'POST',
    url: `/api/v1/customers/${customerId}/balance-adjustments`,
    as: 'admin',
    payload: { amount_cents: 10_00, reason: 'Frais de retard', description: 'Intérêts' },
  });
  expect(adjustment.statusCode, adjustment.body).toBe(201);
  on('2026-05-04');
  may = await issueInvoice(200_00); // 229,95 $, due June 3
  on('2026-05-06');
  await pay(march.id, march.total_cents);
  on('2026-05-20');
  lateMay = await issueInvoice(50_00);
  on('2026-05-25');
});
afterAll(() => t.close());

function getStatement(
  query: string,
  options: { as?: Role; customerId?: string; of?: string } = { as: 'staff' },
) {
  return t.request({
    method: 'GET',
    url: `/api/v1/customers/${options.of ?? customerId}/statement${query}`,
    as: options.as,
    customerId: options.customerId,
  });
}

async function statementText(query: string) {
  const response = await getStatement(query);
  expect(response.statusCode, response.body).toBe(200);
  return squeeze(await pdfText(response.rawPayload));
}

describe('GET /customers/{id}/statement', () => {
  it('gives the period from the ledger: opening balance, each entry with the running balance, closing balance', async () => {
    const response = await getStatement('?from=2026-05-01&to=2026-05-31');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      'inline; filename="releve-2026-05-01-2026-05-31.pdf"',
    );
    const text = squeeze(await pdfText(response.rawPayload));
    const opening = march.total_cents + 10_00;
    const afterMay = opening + may.total_cents;
    const afterPayment = afterMay - march.total_cents;
    const closing = afterPayment + lateMay.total_cents;
    for (const expected of [
      'RELEVÉ DE COMPTE',
      'Du 1 mai 2026 au 31 mai 2026',
      'Réjean Lévesque',
      `1 mai 2026 Solde d'ouverture ${fr(opening)}`,
      `4 mai 2026 Facture ${may.number} ${fr(may.total_cents)} ${fr(afterMay)}`,
      `6 mai 2026 Paiement ${march.number} -${fr(march.total_cents)} ${fr(afterPayment)}`,
      'Virement Interac · TX-4242',
      `20 mai 2026 Facture ${lateMay.number} ${fr(lateMay.total_cents)} ${fr(closing)}`,
      `31 mai 2026 Solde de clôture ${fr(closing)}`,
      `Débits ${fr(may.total_cents + lateMay.total_cents)}`,
      `Crédits -${fr(march.total_cents)}`,
      'FACTURES IMPAYÉES AU 31 MAI 2026',
    ]) {
      expect(text).toContain(expected);
    }
    // March's invoice was paid within the period: only May's remain open.
    expect(text).toContain(
      `${may.number} 4 mai 2026 3 juin 2026 — ${fr(may.total_cents)} ${fr(may.total_cents)}`,
    );
    expect(text.slice(text.indexOf('FACTURES IMPAYÉES'))).not.toContain(march.number);
    expect(text).toContain(`Courant 1 à 30 jours 31 à 60 jours 61 à 90 jours Plus de 90 jours Total`);
    expect(text).toContain(
      `${fr(may.total_cents + lateMay.total_cents)} ${fr(0)} ${fr(0)} ${fr(0)} ${fr(0)}`,
    );
  });

  it('shows what was open at the end of an earlier period, with its days late then', async () => {
    const text = await statementText('?from=2026-04-01&to=2026-04-30');
    expect(text).toContain('Du 1 avril 2026 au 30 avril 2026');
    expect(text).toContain(`Solde d'ouverture ${fr(march.total_cents)}`);
    expect(text).toContain(`Ajustement Intérêts ${fr(10_00)} ${fr(march.total_cents + 10_00)}`);
    expect(text).toContain('Frais de retard');
    // Due April 19: 11 days late on April 30, in the 1–30 bucket.
    expect(text).toContain(
      `${march.number} 20 mars 2026 19 avril 2026 11 ${fr(march.total_cents)} ${fr(march.total_cents)}`,
    );
    expect(text).toContain(
      `${fr(0)} ${fr(march.total_cents)} ${fr(0)} ${fr(0)} ${fr(0)} ${fr(march.total_cents)}`,
    );
  });

  it('says when nothing happened and nothing is open', async () => {
    const text = await statementText('?from=2026-01-01&to=2026-01-31');
    expect(text).toContain('Aucune opération dans cette période.');
    expect(text).toContain('Aucune facture impayée.');
    expect(text).toContain(`Solde de clôture ${fr(0)}`);
  });

  it('defaults to the current month up to today', async () => {
    const response = await getStatement('');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'inline; filename="releve-2026-05-01-2026-05-25.pdf"',
    );
  });

  it('is in English with ?lang=en, and for an English-speaking customer', async () => {
    const text = await statementText('?from=2026-05-01&to=2026-05-31&lang=en');
    for (const expected of [
      'ACCOUNT STATEMENT',
      'May 1, 2026 to May 31, 2026',
      `Opening balance ${en(march.total_cents + 10_00)}`,
      `Payment ${march.number} -${en(march.total_cents)}`,
      'Interac e-Transfer · TX-4242',
      'UNPAID INVOICES AS OF MAY 31, 2026',
      'Current 1–30 days',
    ]) {
      expect(text).toContain(expected);
    }
    const english = await getStatement('', { as: 'admin', of: otherId });
    expect(english.headers['content-disposition']).toMatch(/filename="statement-/);
    expect(await pdfText(english.rawPayload)).toContain('ACCOUNT STATEMENT');
  });

  it.each([
    ['admin', 200],
    ['staff', 200],
    ['advisor', 200],
    [undefined, 401],
  ] as const)('as %s answers %i', async (role, status) => {
    const response = await getStatement('?from=2026-05-01&to=2026-05-31', { as: role });
    expect(response.statusCode, response.body).toBe(status);
  });

  it('a client reads their own statement, and not another customer’s (404)', async () => {
    const own = await getStatement('?from=2026-05-01&to=2026-05-31', { as: 'client', customerId });
    expect(own.statusCode, own.body).toBe(200);
    const other = await getStatement('', { as: 'client', customerId, of: otherId });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('customer.not_found');
  });

  it.each([
    ['from after to', '?from=2026-05-31&to=2026-05-01', 'from'],
    ['from after today, with no to', '?from=2026-06-01', 'from'],
    ['a date that does not exist', '?from=2026-02-30', 'from'],
    ['a date in another form', '?to=31/05/2026', 'to'],
    ['an unknown language', '?lang=es', 'lang'],
  ])('refuses %s (400 naming the field)', async (_case, query, path) => {
    const response = await getStatement(query);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  it('answers 404 for an unknown customer', async () => {
    const response = await getStatement('', { as: 'admin', of: '0190a1b2-0000-7000-8000-000000000000' });
    expect(response.statusCode).toBe(404);
  });

  it(`refuses a period of more than ${maxPeriodEntries} entries (422), and runs over pages below that`, async () => {
    const busy = (await createTestCustomer(t.ctx)).id;
    const book = (count: number, first: number) =>
      t.database.db.execute(sql`
        insert into customer_balance_history
          (id, customer_id, entry_number, entry_type, amount_cents, balance_after_cents, currency, reason, actor_type, created_at)
        select gen_random_uuid(), ${busy}, n, 'adjustment', 100, n * 100, 'CAD', 'Essai', 'system', '2026-05-10T14:00:00Z'
        from generate_series(${first}::int, ${first + count - 1}::int) as n`);
    await book(120, 1);
    const long = await getStatement('?from=2026-05-01&to=2026-05-31', { as: 'admin', of: busy });
    expect(long.statusCode, long.body).toBe(200);
    const pages = (await pdfPages(long.rawPayload)).map(squeeze);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.at(-1)).toContain(`Solde de clôture ${fr(120_00)}`);
    await book(maxPeriodEntries + 1 - 120, 121);
    const tooLong = await getStatement('?from=2026-05-01&to=2026-05-31', { as: 'admin', of: busy });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().code).toBe('statement.too_long');
    // A shorter period that leaves them out is fine.
    expect((await getStatement('?from=2026-05-11&to=2026-05-31', { as: 'admin', of: busy })).statusCode).toBe(
      200,
    );
  });
});
