import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { grantServiceNotifications, startTestSmtp, type TestSmtp } from '../../../test/smtp.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import type { DomainEvent } from '../../core/events.ts';
import { createMailer } from '../../core/mail.ts';
import { billingMailAttachments, noPaymentProviders } from '../billing/index.ts';
import { type MailDelivery, sendQueuedEmails } from '../mail/index.ts';
import { recurringEventHandlers, recurringJobs } from './index.ts';

/*
 * Recurring invoices: each period's invoice once, whatever runs twice, at once, or after
 * missed days. Today is 2026-06-15 in Montréal; schedules start earlier and runs take `as_of`.
 */
const clock: Clock = { now: () => new Date('2026-06-15T15:00:00Z') };
let t: TestApp;
let smtp: TestSmtp;
let delivery: MailDelivery;

beforeAll(async () => {
  t = await createTestApp({ clock });
  smtp = await startTestSmtp();
  delivery = {
    mailer: createMailer({ SMTP_URL: smtp.url, MAIL_FROM: 'Garage Test <factures@garage.test>' }),
    attachments: billingMailAttachments,
  };
});
afterAll(async () => {
  delivery.mailer.close();
  await smtp.close();
  await t.close();
});

const line = { description: 'Entretien mensuel', quantity: '1', unit_price_cents: 100_00 };

async function customerId() {
  return (await createTestCustomer(t.ctx)).id;
}

function create(payload: Record<string, unknown>, as: Role | null = 'staff') {
  return t.request({ method: 'POST', url: '/api/v1/recurring-invoices', payload, ...(as ? { as } : {}) });
}

async function schedule(extra: Record<string, unknown> = {}) {
  const response = await create({
    customer_id: extra.customer_id ?? (await customerId()),
    frequency: 'monthly',
    start_date: '2026-06-01',
    lines: [line],
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; customer_id: string; next_run_date: string | null; status: string };
}

function run(asOf?: string, as: Role | null = 'admin') {
  return t.request({
    method: 'POST',
    url: `/api/v1/recurring-invoices/run${asOf ? `?as_of=${asOf}` : ''}`,
    ...(as ? { as } : {}),
  });
}

async function runOk(asOf?: string) {
  const response = await run(asOf);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { created: number; finalized: number; sent: number; ended: number };
}

async function detail(id: string, as: Role = 'staff') {
  const response = await t.request({ method: 'GET', url: `/api/v1/recurring-invoices/${id}`, as });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** The schedule's periods as stored, oldest first, with their invoices. */
async function periods(id: string) {
  const { rows } = await t.database.db.execute<{
    period_start: string;
    period_end: string;
    number: string | null;
    status: string;
    notes: string;
  }>(sql`
    select r.period_start::text, r.period_end::text, i.number, i.status, i.notes
    from recurring_invoice_runs r join invoices i on i.id = r.invoice_id
    where r.schedule_id = ${id} order by r.period_start`);
  return rows;
}

async function invoiceCount(customer: string) {
  const { rows } = await t.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from invoices where customer_id = ${customer}`,
  );
  return rows[0]!.n;
}

describe('creating a recurring invoice', () => {
  it('stores the lines priced by billing (GST + QST) and the first run on the start date', async () => {
    const customer = await customerId();
    const response = await create({
      customer_id: customer,
      frequency: 'quarterly',
      start_date: '2026-07-01',
      count: 4,
      lines: [line, { description: 'Pièces', quantity: '2', unit_price_cents: 25_00, discount_cents: 5_00 }],
      notes: 'Contrat d’entretien',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      customer_id: customer,
      status: 'active',
      frequency: 'quarterly',
      count: 4,
      end_date: null,
      auto_finalize: true,
      auto_send: false,
      next_run_date: '2026-07-01',
      subtotal_cents: 145_00,
      discount_cents: 5_00,
      total_cents: 166_71,
      lines: [
        { position: 1, line_total_cents: 100_00 },
        { position: 2, description: 'Pièces', line_total_cents: 45_00 },
      ],
      invoices_generated: 0,
      invoices: [],
    });
    const timeline = await t.database.db.execute<{ title: string }>(
      sql`select title from customer_activity where customer_id = ${customer} order by created_at`,
    );
    expect(timeline.rows.map((row) => row.title)).toContain(
      'Facturation trimestrielle programmée à partir du 2026-07-01',
    );
  });

  it.each([
    ['customer_id', { customer_id: 'nope' }],
    ['customer_id', { customer_id: '0190b7a5-0000-7000-8000-000000000000' }],
    ['frequency', { frequency: 'daily' }],
    ['start_date', { start_date: '2026-02-30' }],
    ['count', { count: 3, end_date: '2026-12-31' }],
    ['count', { count: 0 }],
    ['end_date', { end_date: '2026-05-31' }],
    ['lines', { lines: [] }],
    ['lines.0.unit_price_cents', { lines: [{ description: 'Sans prix', quantity: '1' }] }],
    ['lines.0.quantity', { lines: [{ ...line, quantity: '-1' }] }],
    ['auto_send', { auto_finalize: false, auto_send: true }],
  ])('refuses bad input naming %s', async (path, bad) => {
    const response = await create({
      customer_id: await customerId(),
      frequency: 'monthly',
      start_date: '2026-06-01',
      lines: [line],
      ...bad,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
  });
});

describe('who may do what', () => {
  it('admin and staff write, advisors read, clients are refused, no session is 401', async () => {
    const customer = await customerId();
    const payload = { customer_id: customer, frequency: 'monthly', start_date: '2026-06-01', lines: [line] };
    expect((await create(payload, 'admin')).statusCode).toBe(201);
    const made = await create(payload, 'staff');
    expect(made.statusCode).toBe(201);
    const id = made.json().id;
    expect((await create(payload, 'advisor')).statusCode).toBe(403);
    expect((await create(payload, 'client')).statusCode).toBe(403);
    expect((await create(payload, null)).statusCode).toBe(401);

    const list = await t.request({
      method: 'GET',
      url: `/api/v1/recurring-invoices?customer_id=${customer}`,
      as: 'advisor',
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().pagination.total).toBe(2);
    expect((await detail(id, 'advisor')).id).toBe(id);
    for (const [method, url] of [
      ['GET', `/api/v1/recurring-invoices/${id}`],
      ['GET', '/api/v1/recurring-invoices'],
      ['POST', `/api/v1/recurring-invoices/${id}/pause`],
      ['DELETE', `/api/v1/recurring-invoices/${id}`],
    ] as const) {
      expect((await t.request({ method, url, as: 'client', customerId: customer })).statusCode).toBe(403);
      expect((await t.request({ method, url })).statusCode).toBe(401);
    }
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/recurring-invoices/${id}/pause`, as: 'advisor' }))
        .statusCode,
    ).toBe(403);
    expect((await run('2026-06-15', 'staff')).statusCode).toBe(403);
    expect((await run('2026-06-15', null)).statusCode).toBe(401);
    expect(
      (
        await t.request({
          method: 'GET',
          url: '/api/v1/recurring-invoices/0190b7a5-0000-7000-8000-000000000000',
          as: 'staff',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('refuses a run as of a day after today (422) and a bad as_of (400)', async () => {
    expect((await run('2026-06-16')).statusCode).toBe(422);
    const bad = await run('2026-13-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('as_of');
  });
});

describe('the daily run', () => {
  it('creates each period’s invoice once when run twice for one day, and by the job', async () => {
    const { id, customer_id } = await schedule({ start_date: '2026-06-15' });
    const first = await runOk('2026-06-15');
    expect(first.created).toBeGreaterThanOrEqual(1);
    await runOk('2026-06-15');
    const [job] = recurringJobs({ providers: noPaymentProviders, base_url: null });
    await job!.handler(t.ctx);
    expect(await periods(id)).toEqual([
      expect.objectContaining({ period_start: '2026-06-15', period_end: '2026-07-14', status: 'open' }),
    ]);
    expect(await invoiceCount(customer_id)).toBe(1);
    expect(await detail(id)).toMatchObject({
      next_run_date: '2026-07-15',
      invoices_generated: 1,
      status: 'active',
    });
  });

  it('two runs at once create one invoice per period', async () => {
    const made = await Promise.all([1, 2, 3].map(() => schedule({ start_date: '2026-04-10' })));
    const [a, b, c] = await Promise.all([run('2026-06-15'), run('2026-06-15'), run('2026-06-15')]);
    for (const response of [a!, b!, c!]) expect(response.statusCode, response.body).toBe(200);
    for (const { id, customer_id } of made) {
      expect((await periods(id)).map((period) => period.period_start)).toEqual([
        '2026-04-10',
        '2026-05-10',
        '2026-06-10',
      ]);
      expect(await invoiceCount(customer_id)).toBe(3);
    }
  });

  it('after missed days bills every period missed, once, in order — month ends kept', async () => {
    const { id } = await schedule({ start_date: '2026-01-31' });
    await runOk('2026-03-01');
    await runOk('2026-06-15');
    const billed = await periods(id);
    expect(billed.map((period) => [period.period_start, period.period_end])).toEqual([
      ['2026-01-31', '2026-02-27'],
      ['2026-02-28', '2026-03-30'],
      ['2026-03-31', '2026-04-29'],
      ['2026-04-30', '2026-05-30'],
      ['2026-05-31', '2026-06-29'],
    ]);
    // Numbered in period order, each noting its period.
    const numbers = billed.map((period) => period.number!);
    expect([...numbers].sort()).toEqual(numbers);
    expect(billed[1]!.notes).toBe('Période du 2026-02-28 au 2026-03-30');
    expect((await detail(id)).next_run_date).toBe('2026-06-30');
  });

  it('ends a schedule at its count or its end date, and bills nothing after', async () => {
    const counted = await schedule({ start_date: '2026-04-01', count: 2 });
    const ending = await schedule({ frequency: 'weekly', start_date: '2026-06-01', end_date: '2026-06-10' });
    const result = await runOk('2026-06-15');
    expect(result.ended).toBeGreaterThanOrEqual(2);
    await runOk('2026-06-15');
    expect((await periods(counted.id)).map((period) => period.period_start)).toEqual([
      '2026-04-01',
      '2026-05-01',
    ]);
    expect((await periods(ending.id)).map((period) => period.period_start)).toEqual([
      '2026-06-01',
      '2026-06-08',
    ]);
    for (const { id } of [counted, ending]) {
      expect(await detail(id)).toMatchObject({ status: 'ended', next_run_date: null });
      const pause = await t.request({
        method: 'POST',
        url: `/api/v1/recurring-invoices/${id}/pause`,
        as: 'staff',
      });
      expect(pause.statusCode).toBe(409);
      expect(pause.json().code).toBe('recurring_invoice.ended');
    }
  });

  it('a paused schedule bills nothing; resumed, it starts again at the next period without back-filling', async () => {
    const { id } = await schedule({ start_date: '2026-03-15' });
    await runOk('2026-03-20');
    const paused = await t.request({
      method: 'POST',
      url: `/api/v1/recurring-invoices/${id}/pause`,
      as: 'staff',
    });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().status).toBe('paused');
    await runOk('2026-06-15');
    expect(await periods(id)).toHaveLength(1);
    const resumed = await t.request({
      method: 'POST',
      url: `/api/v1/recurring-invoices/${id}/resume`,
      as: 'staff',
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    // Today is June 15: April 15 and May 15 passed while paused and are not billed.
    expect(resumed.json()).toMatchObject({ status: 'active', next_run_date: '2026-06-15' });
    await runOk('2026-06-15');
    expect((await periods(id)).map((period) => period.period_start)).toEqual(['2026-03-15', '2026-06-15']);
  });

  it('finalizes and emails when told (the mail reaches a real SMTP server); leaves a draft otherwise', async () => {
    const customer = await createTestCustomer(t.ctx);
    await grantServiceNotifications(t.ctx, customer.id);
    const sent = await schedule({ customer_id: customer.id, start_date: '2026-06-14', auto_send: true });
    const draft = await schedule({ start_date: '2026-06-14', auto_finalize: false });
    const result = await runOk('2026-06-15');
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const [issued] = await periods(sent.id);
    expect(issued).toMatchObject({ status: 'open', number: expect.stringMatching(/^INV-\d{6}$/) });
    expect((await periods(draft.id))[0]).toMatchObject({ status: 'draft', number: null });

    await sendQueuedEmails(t.ctx, delivery);
    const received = smtp.messages.filter((message) => JSON.stringify(message.to).includes(customer.email!));
    expect(received.map((message) => message.subject)).toEqual([`Facture ${issued!.number} d’Atrium`]);
    expect(received[0]!.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    const timeline = await t.database.db.execute<{ title: string }>(
      sql`select title from customer_activity where customer_id = ${customer.id} order by created_at, id`,
    );
    expect(timeline.rows.map((row) => row.title)).toContain(
      'Facture mensuelle créée pour la période du 2026-06-14 au 2026-07-13',
    );
  });

  it('keeps a period billed when sending is refused (no address): the invoice is issued, the reason kept', async () => {
    const customer = await createTestCustomer(t.ctx, { email: null });
    const { id } = await schedule({ customer_id: customer.id, start_date: '2026-06-15', auto_send: true });
    await runOk('2026-06-15');
    const [generated] = (await detail(id)).invoices;
    expect(generated).toMatchObject({ status: 'open', error: 'invoice.no_email' });
  });
});

describe('changing a schedule', () => {
  it('reprices new lines, fixes frequency once billed, refuses a count below what was billed', async () => {
    const { id } = await schedule({ start_date: '2026-05-01' });
    const patch = (payload: Record<string, unknown>) =>
      t.request({ method: 'PATCH', url: `/api/v1/recurring-invoices/${id}`, as: 'staff', payload });
    const repriced = await patch({ lines: [{ ...line, unit_price_cents: 200_00 }] });
    expect(repriced.statusCode, repriced.body).toBe(200);
    expect(repriced.json().total_cents).toBe(229_95);
    await runOk('2026-06-15');
    const moved = await patch({ frequency: 'weekly' });
    expect(moved.statusCode).toBe(422);
    expect(moved.json().code).toBe('recurring_invoice.started');
    const low = await patch({ count: 1 });
    expect(low.statusCode).toBe(400);
    expect(low.json().errors[0].path).toBe('count');
    const ended = await patch({ count: 2 });
    expect(ended.json()).toMatchObject({ status: 'ended', next_run_date: null, count: 2 });
    expect((await patch({ notes: 'x' })).statusCode).toBe(409);
    const deleted = await t.request({
      method: 'DELETE',
      url: `/api/v1/recurring-invoices/${id}`,
      as: 'staff',
    });
    expect(deleted.statusCode).toBe(409);
  });

  it('deletes a schedule that never billed', async () => {
    const { id, customer_id } = await schedule({ start_date: '2026-09-01' });
    const deleted = await t.request({
      method: 'DELETE',
      url: `/api/v1/recurring-invoices/${id}`,
      as: 'staff',
    });
    expect(deleted.statusCode).toBe(204);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/recurring-invoices/${id}`, as: 'staff' })).statusCode,
    ).toBe(404);
    const audit = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_log where entity_id = ${id} order by occurred_at`,
    );
    expect(audit.rows.map((row) => row.action)).toEqual([
      'recurring_invoice.created',
      'recurring_invoice.deleted',
    ]);
    expect(customer_id).toBeTruthy();
  });
});

describe('a customer anonymized', () => {
  it('ends their schedules once (delivered twice, recorded once); other customers’ keep running', async () => {
    const theirs = await schedule({ start_date: '2026-09-01' });
    const other = await schedule({ start_date: '2026-09-01' });
    const handler = recurringEventHandlers.find((entry) => entry.type === 'customer.anonymized')!;
    const deliver = () =>
      t.ctx.db.transaction((tx) =>
        handler.handle({ ...t.ctx, db: tx }, { customer_id: theirs.customer_id } as DomainEvent),
      );
    await deliver();
    await deliver();
    expect(await detail(theirs.id)).toMatchObject({ status: 'ended', next_run_date: null });
    expect(await detail(other.id)).toMatchObject({ status: 'active', next_run_date: '2026-09-01' });
    const audit = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'recurring_invoice.ended_all' and customer_id = ${theirs.customer_id}`,
    );
    expect(audit.rows[0]!.n).toBe(1);
  });
});
