import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { recordTestPayment } from '../../../test/billing.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { issueTestInvoice } from '../../../test/invoices.ts';
import { grantServiceNotifications, startTestSmtp, type TestSmtp } from '../../../test/smtp.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import { createMailer } from '../../core/mail.ts';
import { billingMailAttachments, noPaymentProviders } from '../billing/index.ts';
import { type MailDelivery, sendQueuedEmails } from '../mail/index.ts';
import { runDunning } from './index.ts';

/*
 * Reminders at +3, +10, +21 and +30 days past due, each level once per invoice whatever runs
 * twice, at once, or after a crash; only the highest level after missed days. Today is
 * 2026-06-15 in Montréal; invoices are given due dates in May and runs an `as_of` day.
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

/** An issued invoice of a consenting customer (or the one given), due that day. */
async function overdueInvoice(dueOn: string, customerId?: string) {
  let id = customerId;
  if (!id) {
    id = (await createTestCustomer(t.ctx)).id;
    await grantServiceNotifications(t.ctx, id);
  }
  const invoice = await issueTestInvoice(t, id);
  await t.database.db.execute(sql`update invoices set due_on = ${dueOn} where id = ${invoice.id}`);
  return { ...invoice, customer_id: id } as { id: string; number: string; customer_id: string };
}

function run(asOf?: string, as: Role | null = 'admin') {
  return t.request({
    method: 'POST',
    url: `/api/v1/dunning/run${asOf ? `?as_of=${asOf}` : ''}`,
    ...(as ? { as } : {}),
  });
}

async function runOk(asOf: string) {
  const response = await run(asOf);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    queued: number;
    skipped: number;
    held: number;
    reminders: { invoice_id: string; level: number }[];
  };
}

async function reminders(invoiceId: string, as: Role = 'staff') {
  const response = await t.request({ method: 'GET', url: `/api/v1/invoices/${invoiceId}/reminders`, as });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function ledger(invoiceIds: string[]) {
  const { rows } = await t.database.db.execute<{
    invoice_id: string;
    level: number;
    outcome: string;
    kind: string | null;
  }>(sql`
    select r.invoice_id, r.level, r.outcome, e.kind from invoice_reminders r left join email_outbox e on e.id = r.email_id
    where r.invoice_id = any(${`{${invoiceIds.join(',')}}`}::uuid[]) order by r.invoice_id, r.level`);
  return rows;
}

async function dunningEmails(invoiceId: string) {
  const { rows } = await t.database.db.execute<{ kind: string; status: string }>(
    sql`select kind, status from email_outbox where invoice_id = ${invoiceId} and kind like 'dunning_%' order by created_at, id`,
  );
  return rows;
}

describe('a dunning run', () => {
  it('sends nothing at +2, level 1 at +3 (once, however often it runs), level 2 at +10', async () => {
    const invoice = await overdueInvoice('2026-05-01');
    await runOk('2026-05-03');
    expect(await ledger([invoice.id])).toEqual([]);

    const first = await runOk('2026-05-04');
    expect(first.reminders).toContainEqual(
      expect.objectContaining({ invoice_id: invoice.id, level: 1, days_late: 3 }),
    );
    await runOk('2026-05-04');
    await runOk('2026-05-09');
    expect(await dunningEmails(invoice.id)).toEqual([{ kind: 'dunning_1', status: 'queued' }]);

    await runOk('2026-05-11');
    expect(await ledger([invoice.id])).toEqual([
      { invoice_id: invoice.id, level: 1, outcome: 'emailed', kind: 'dunning_1' },
      { invoice_id: invoice.id, level: 2, outcome: 'emailed', kind: 'dunning_2' },
    ]);
    expect(await reminders(invoice.id)).toMatchObject({
      last_reminder_level: 2,
      last_reminder_date: '2026-05-11',
      // Today (+45) the final notice is due.
      level_due_today: 4,
      dunning_paused: false,
      reminders: [
        { level: 1, outcome: 'emailed', reminder_on: '2026-05-04', days_late: 3, email_status: 'queued' },
        { level: 2, outcome: 'emailed', reminder_on: '2026-05-11', days_late: 10, email_status: 'queued' },
      ],
    });

    // What the customer receives: the tone of each level, how late, the PDF.
    const customer = (
      await t.request({ method: 'GET', url: `/api/v1/customers/${invoice.customer_id}`, as: 'admin' })
    ).json();
    await sendQueuedEmails(t.ctx, delivery);
    const received = smtp.messages.filter((message) => JSON.stringify(message.to).includes(customer.email));
    expect(received.map((message) => message.subject)).toEqual([
      `Rappel : la facture ${invoice.number} est échue`,
      `Deuxième rappel : la facture ${invoice.number} est impayée`,
    ]);
    expect(received[1]!.text).toContain('Jours de retard : 10');
    expect(received[1]!.text).toContain('demeure impayée (10 jours de retard)');
    expect(received[1]!.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    const titles = await t.database.db.execute<{ title: string }>(
      sql`select title from customer_activity where customer_id = ${invoice.customer_id} and title like 'Relance%' order by created_at`,
    );
    expect(titles.rows.map((row) => row.title)).toEqual([
      `Relance 1 (courtoise) de la facture ${invoice.number} : 3 jours de retard`,
      `Relance 2 (ferme) de la facture ${invoice.number} : 10 jours de retard`,
    ]);
  });

  it('after missed days sends only the highest level due (+25: level 3), the lower ones recorded as skipped', async () => {
    const invoice = await overdueInvoice('2026-05-02');
    const result = await runOk('2026-05-27');
    expect(result.reminders.filter((reminder) => reminder.invoice_id === invoice.id)).toEqual([
      expect.objectContaining({ level: 3, days_late: 25 }),
    ]);
    expect(await ledger([invoice.id])).toEqual([
      { invoice_id: invoice.id, level: 1, outcome: 'skipped', kind: null },
      { invoice_id: invoice.id, level: 2, outcome: 'skipped', kind: null },
      { invoice_id: invoice.id, level: 3, outcome: 'emailed', kind: 'dunning_3' },
    ]);
    await runOk('2026-06-01');
    expect((await dunningEmails(invoice.id)).map((email) => email.kind)).toEqual(['dunning_3', 'dunning_4']);
  });

  it('two runs at once send each reminder once', async () => {
    const invoices = await Promise.all(
      ['2026-05-05', '2026-05-05', '2026-05-06', '2026-05-06', '2026-05-07'].map((day) =>
        overdueInvoice(day),
      ),
    );
    const [a, b] = await Promise.all([run('2026-05-10'), run('2026-05-10')]);
    expect(a!.statusCode, a!.body).toBe(200);
    expect(b!.statusCode, b!.body).toBe(200);
    const ids = invoices.map((invoice) => invoice.id);
    const mine = (body: { reminders: { invoice_id: string }[] }) =>
      body.reminders.filter((reminder) => ids.includes(reminder.invoice_id)).length;
    expect(mine(a!.json()) + mine(b!.json())).toBe(5);
    for (const invoice of invoices)
      expect(await dunningEmails(invoice.id)).toEqual([{ kind: 'dunning_1', status: 'queued' }]);
  });

  it('a run that crashes midway leaves nothing half done; run again, each reminder goes once', async () => {
    const invoices = await Promise.all(
      ['2026-05-08', '2026-05-08', '2026-05-08'].map((day) => overdueInvoice(day)),
    );
    // The third invoice's reminder cannot be written: the run dies there.
    await t.database.db.execute(
      sql.raw(`create function fail_reminder() returns trigger language plpgsql as $$
      begin if new.invoice_id = '${invoices[2]!.id}' then raise exception 'crash'; end if; return new; end $$`),
    );
    await t.database.db.execute(
      sql`create trigger fail_reminder before insert on invoice_reminders for each row execute function fail_reminder()`,
    );
    await expect(
      runDunning(t.ctx, { providers: noPaymentProviders, base_url: null }, { as_of: '2026-05-11' }),
    ).rejects.toThrow();
    await t.database.db.execute(sql`drop trigger fail_reminder on invoice_reminders`);
    await t.database.db.execute(sql`drop function fail_reminder()`);
    const ids = invoices.map((invoice) => invoice.id);
    expect(await ledger(ids)).toEqual([]);
    await runOk('2026-05-11');
    await runOk('2026-05-11');
    for (const id of ids) expect(await dunningEmails(id)).toEqual([{ kind: 'dunning_1', status: 'queued' }]);
  });

  it('stops for a paid invoice', async () => {
    const invoice = await overdueInvoice('2026-05-12');
    await runOk('2026-05-15');
    await recordTestPayment(t.ctx, invoice.id, 114_98);
    await runOk('2026-05-25');
    expect((await dunningEmails(invoice.id)).map((email) => email.kind)).toEqual(['dunning_1']);
    expect(await reminders(invoice.id)).toMatchObject({ last_reminder_level: 1, level_due_today: 0 });
  });

  it("holds a paused customer's reminders; resumed, only the highest level then due goes", async () => {
    const invoice = await overdueInvoice('2026-05-13');
    const pause = (payload: Record<string, unknown>, as: Role = 'admin') =>
      t.request({ method: 'PUT', url: `/api/v1/customers/${invoice.customer_id}/dunning`, as, payload });
    const paused = await pause({ paused: true, reason: 'Litige sur la facture' });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json()).toMatchObject({ dunning_paused: true, reason: 'Litige sur la facture' });
    const held = await runOk('2026-05-16');
    expect(held.held).toBeGreaterThanOrEqual(1);
    expect(await dunningEmails(invoice.id)).toEqual([]);
    expect(
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/customers/${invoice.customer_id}/dunning`,
          as: 'advisor',
        })
      ).json(),
    ).toMatchObject({ dunning_paused: true, reason: 'Litige sur la facture' });

    expect((await pause({ paused: false })).json()).toMatchObject({ dunning_paused: false, reason: null });
    await runOk('2026-05-25');
    expect(await ledger([invoice.id])).toEqual([
      { invoice_id: invoice.id, level: 1, outcome: 'skipped', kind: null },
      { invoice_id: invoice.id, level: 2, outcome: 'emailed', kind: 'dunning_2' },
    ]);
  });

  it('records a reminder to a customer without consent as suppressed, and does not send it', async () => {
    const customer = await createTestCustomer(t.ctx);
    const invoice = await overdueInvoice('2026-05-14', customer.id);
    const result = await runOk('2026-05-17');
    expect(result.reminders).toContainEqual(
      expect.objectContaining({ invoice_id: invoice.id, email_status: 'suppressed' }),
    );
    expect(await dunningEmails(invoice.id)).toEqual([{ kind: 'dunning_1', status: 'suppressed' }]);
  });
});

describe('who may do what, and bad input', () => {
  it('lets only admins run dunning; as_of must be a date, not after today', async () => {
    for (const role of ['staff', 'advisor'] as const)
      expect((await run('2026-05-01', role)).statusCode).toBe(403);
    const client = await t.request({
      method: 'POST',
      url: '/api/v1/dunning/run',
      as: 'client',
      customerId: (await createTestCustomer(t.ctx)).id,
    });
    expect(client.statusCode).toBe(403);
    expect((await run('2026-05-01', null)).statusCode).toBe(401);
    const bad = await run('2026-13-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ path: 'as_of' })]);
    expect((await run('2026-06-16')).json()).toMatchObject({ status: 422, code: 'dunning.as_of_in_future' });
    expect((await run()).statusCode).toBe(200);
  });

  it('lets only admins pause, with a reason; staff and advisors read', async () => {
    const customer = await createTestCustomer(t.ctx);
    const url = `/api/v1/customers/${customer.id}/dunning`;
    const put = (payload: unknown, as: Role | null = 'admin') =>
      t.request({ method: 'PUT', url, ...(as ? { as } : {}), payload: payload as Record<string, unknown> });
    expect((await put({ paused: true, reason: 'x' }, 'staff')).statusCode).toBe(403);
    expect((await put({ paused: true, reason: 'x' }, null)).statusCode).toBe(401);
    const noReason = await put({ paused: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([expect.objectContaining({ path: 'reason' })]);
    const notBoolean = await put({ paused: 'yes' });
    expect(notBoolean.json().errors).toEqual([expect.objectContaining({ path: 'paused' })]);
    expect(
      (
        await t.request({
          method: 'PUT',
          url: '/api/v1/customers/01900000-0000-7000-8000-000000000000/dunning',
          as: 'admin',
          payload: { paused: false },
        })
      ).statusCode,
    ).toBe(404);
    for (const role of ['admin', 'staff', 'advisor'] as const) {
      expect((await t.request({ method: 'GET', url, as: role })).json()).toMatchObject({
        dunning_paused: false,
      });
    }
    expect((await t.request({ method: 'GET', url, as: 'client', customerId: customer.id })).statusCode).toBe(
      403,
    );
  });

  it("shows an invoice's reminders to admins, staff and advisors", async () => {
    const invoice = await overdueInvoice('2026-06-10');
    for (const role of ['admin', 'staff', 'advisor'] as const) {
      expect(await reminders(invoice.id, role)).toMatchObject({
        last_reminder_level: null,
        level_due_today: 1,
        reminders: [],
      });
    }
    const client = await t.request({
      method: 'GET',
      url: `/api/v1/invoices/${invoice.id}/reminders`,
      as: 'client',
      customerId: invoice.customer_id,
    });
    expect(client.statusCode).toBe(403);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/invoices/${invoice.id}/reminders` })).statusCode,
    ).toBe(401);
  });

  it('shows admins the levels (+3, +10, +21, +30) and the last run; others are refused', async () => {
    await runOk('2026-06-14');
    const overview = await t.request({ method: 'GET', url: '/api/v1/dunning', as: 'admin' });
    expect(overview.statusCode, overview.body).toBe(200);
    expect(overview.json()).toMatchObject({
      levels: [
        { level: 1, days_late: 3 },
        { level: 2, days_late: 10 },
        { level: 3, days_late: 21 },
        { level: 4, days_late: 30 },
      ],
      last_run: { as_of: '2026-06-14', by_job: false },
    });
    for (const role of ['staff', 'advisor'] as const)
      expect((await t.request({ method: 'GET', url: '/api/v1/dunning', as: role })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/dunning' })).statusCode).toBe(401);
  });
});
