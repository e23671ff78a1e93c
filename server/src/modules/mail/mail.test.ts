import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { issueInvoice } from '../../../test/billing.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { issueTestInvoice } from '../../../test/invoices.ts';
import {
  closedSmtpUrl,
  grantServiceNotifications,
  startTestSmtp,
  type TestSmtp,
} from '../../../test/smtp.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import { createEventDispatcher } from '../../core/events.ts';
import { createMailer, noMailer } from '../../core/mail.ts';
import { billingMailAttachments } from '../billing/index.ts';
import { recordConsent } from '../privacy/index.ts';
import { type MailDelivery, mailEventHandlers, sendQueuedEmails, suppressionReason } from './index.ts';

/*
 * Invoices sent by email through a real SMTP server started here (smtp-server), and read
 * back as they arrived (mailparser): the outbox, the sending job, its retries and the
 * customer's choices. The app runs without SMTP (mail_configured false): the job is called
 * with the mailer each test needs, as `npm start` calls it with the configured one.
 */
let now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let smtp: TestSmtp;
let delivery: MailDelivery;

beforeAll(async () => {
  t = await createTestApp({ clock });
  smtp = await startTestSmtp();
  delivery = {
    mailer: createMailer({ SMTP_URL: smtp.url, MAIL_FROM: 'factures@garage.test' }),
    attachments: billingMailAttachments,
    maxAttempts: 3,
    retryDelayMs: (attempts) => 60_000 * 2 ** (attempts - 1),
  };
});
afterAll(async () => {
  delivery.mailer.close();
  await smtp.close();
  await t.close();
});
beforeEach(() => {
  now = new Date('2026-05-04T14:00:00Z');
  smtp.refuseWith = null;
});

async function consentingCustomer(overrides: Parameters<typeof createTestCustomer>[1] = {}) {
  const customer = await createTestCustomer(t.ctx, overrides);
  await grantServiceNotifications(t.ctx, customer.id);
  return customer;
}

function send(invoiceId: string, payload: Record<string, unknown> = {}, as: Role | null = 'staff') {
  return t.request({
    method: 'POST',
    url: `/api/v1/invoices/${invoiceId}/send`,
    ...(as ? { as } : {}),
    payload,
  });
}

function arrivedFor(address: string) {
  return smtp.messages.filter((message) => message.to && JSON.stringify(message.to).includes(address));
}

async function timelineTitles(customerId: string) {
  const { rows } = await t.database.db.execute<{ title: string }>(
    sql`select title from customer_activity where customer_id = ${customerId} order by created_at, id`,
  );
  return rows.map((row) => row.title);
}

async function outboxRow(id: string) {
  const response = await t.request({ method: 'GET', url: `/api/v1/outbox/${id}`, as: 'admin' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('sending an invoice by email', () => {
  it('queues it, then the job delivers it in French with the PDF attached, and it is on the timeline', async () => {
    const customer = await consentingCustomer({ language_code: 'fr-CA' });
    const invoice = await issueTestInvoice(t, customer.id);
    const response = await send(invoice.id, { message: 'Merci pour la visite de mardi.' });
    expect(response.statusCode, response.body).toBe(202);
    const queued = response.json();
    expect(queued).toMatchObject({
      kind: 'invoice',
      status: 'queued',
      to: customer.email,
      invoice_id: invoice.id,
      customer_id: customer.id,
      language: 'fr-CA',
      subject: `Facture ${invoice.number} d’Atrium`,
      attachments: [{ kind: 'invoice_pdf', id: invoice.id }],
    });
    // Nothing leaves before the job runs (after commit).
    expect(arrivedFor(customer.email!)).toHaveLength(0);

    const report = await sendQueuedEmails(t.ctx, delivery);
    expect(report).toMatchObject({ configured: true, sent: 1, failed: 0 });
    const [message, ...more] = arrivedFor(customer.email!);
    expect(more).toHaveLength(0);
    expect(message!.subject).toBe(`Facture ${invoice.number} d’Atrium`);
    expect(message!.from?.value[0]).toMatchObject({ address: 'factures@garage.test', name: 'Atrium' });
    expect(message!.messageId).toBe(`<${queued.id}@garage.test>`);
    expect(message!.text).toContain(`Bonjour ${customer.display_name},`);
    expect(message!.text).toContain('Merci pour la visite de mardi.');
    expect(message!.text).toMatch(/Solde dû : 114,98\s\$/);
    expect(message!.html).toContain('<html lang="fr-CA"');
    // Online payment is off on this server: no pay link.
    expect(message!.text).not.toContain('Payer en ligne');
    expect(message!.attachments).toHaveLength(1);
    const pdf = message!.attachments[0]!;
    expect(pdf.filename).toBe(`${invoice.number}.pdf`);
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');

    const sent = await outboxRow(queued.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, sent_at: now.toISOString(), last_error: null });
    expect(sent.message_id).toBe(`<${queued.id}@garage.test>`);
    expect(await timelineTitles(customer.id)).toEqual(
      expect.arrayContaining([
        `Facture ${invoice.number} mise en file d’envoi par courriel`,
        `Courriel envoyé : Facture ${invoice.number} d’Atrium`,
      ]),
    );
    // The job again: nothing more goes out.
    expect(await sendQueuedEmails(t.ctx, delivery)).toMatchObject({ sent: 0 });
    expect(arrivedFor(customer.email!)).toHaveLength(1);
    // The customer's access-request export lists it.
    const exported = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/export`,
      as: 'staff',
    });
    expect(exported.json().emails).toMatchObject([
      {
        id: queued.id,
        kind: 'invoice',
        to: customer.email,
        status: 'sent',
        subject: `Facture ${invoice.number} d’Atrium`,
      },
    ]);
  });

  it('writes in English to an English-speaking customer, to another address when given', async () => {
    const customer = await consentingCustomer({ language_code: 'en-CA' });
    const invoice = await issueTestInvoice(t, customer.id);
    const response = await send(invoice.id, { to: 'comptes@client.test' });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({ to: 'comptes@client.test', language: 'en-CA' });
    await sendQueuedEmails(t.ctx, delivery);
    const [message] = arrivedFor('comptes@client.test');
    expect(message!.subject).toBe(`Invoice ${invoice.number} from Atrium`);
    expect(message!.text).toContain(`Hello ${customer.display_name},`);
    expect(message!.text).toContain('Balance due: $114.98');
    expect(message!.headers.get('content-language')).toBe('en-CA');
    expect(message!.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('falls back to French for a language without templates, and records that it did', async () => {
    const customer = await consentingCustomer({ language_code: 'es-MX' });
    const invoice = await issueTestInvoice(t, customer.id);
    const response = await send(invoice.id);
    expect(response.json()).toMatchObject({
      language: 'fr-CA',
      subject: `Facture ${invoice.number} d’Atrium`,
    });
    const { rows } = await t.database.db.execute<{ metadata: Record<string, unknown> }>(
      sql`select metadata from audit_log where entity_id = ${response.json().id} and action = 'email.queued'`,
    );
    expect(rows[0]!.metadata).toMatchObject({ language: 'fr-CA', language_fallback: 'es-MX' });
  });

  it('escapes every value it puts in the HTML', async () => {
    const customer = await consentingCustomer({
      kind: 'company',
      company_name: '<img src=x onerror=alert(1)> Tremblay & Fils',
    });
    const invoice = await issueTestInvoice(t, customer.id);
    const response = await send(invoice.id, { message: '<script>alert("x")</script>' });
    const { html, text } = await outboxRow(response.json().id);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Tremblay &amp; Fils');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // The text part is text: shown as written.
    expect(text).toContain('<script>alert("x")</script>');
  });

  it('refuses a draft or a void invoice (409), a customer without email (422), bad input (400)', async () => {
    const customer = await consentingCustomer();
    const draft = await issueTestInvoice(t, customer.id, { draft: true });
    expect((await send(draft.id)).json()).toMatchObject({ status: 409, code: 'invoice.not_sendable' });
    const voided = await issueTestInvoice(t, customer.id);
    await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${voided.id}/void`,
      as: 'staff',
      payload: { reason: 'Erreur' },
    });
    expect((await send(voided.id)).json()).toMatchObject({ status: 409, code: 'invoice.not_sendable' });

    const silent = await consentingCustomer({ email: null });
    const unreachable = await issueTestInvoice(t, silent.id);
    expect((await send(unreachable.id)).json()).toMatchObject({ status: 422, code: 'invoice.no_email' });

    const invoice = await issueTestInvoice(t, customer.id);
    const bad = await send(invoice.id, { to: 'pas une adresse' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ path: 'to' })]);
    const unknown = await send(invoice.id, { cc: 'x@y.test' });
    expect(unknown.statusCode).toBe(400);
    expect((await send('01900000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });

  it('is for admins and staff: advisors and clients 403, no session 401', async () => {
    const customer = await consentingCustomer();
    const invoice = await issueTestInvoice(t, customer.id);
    expect((await send(invoice.id, {}, 'admin')).statusCode).toBe(202);
    expect((await send(invoice.id, {}, 'staff')).statusCode).toBe(202);
    expect((await send(invoice.id, {}, 'advisor')).statusCode).toBe(403);
    const client = await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${invoice.id}/send`,
      as: 'client',
      customerId: customer.id,
      payload: {},
    });
    expect(client.statusCode).toBe(403);
    expect((await send(invoice.id, {}, null)).statusCode).toBe(401);
  });
});

describe("the customer's choices", () => {
  it('records a message to a customer who wants no contact as suppressed, never delivered', async () => {
    const customer = await consentingCustomer({ preferred_contact_channel: 'none' });
    const invoice = await issueTestInvoice(t, customer.id);
    const response = await send(invoice.id);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({
      status: 'suppressed',
      suppressed_reason: 'contact_channel_none',
    });
    await sendQueuedEmails(t.ctx, delivery);
    expect(arrivedFor(customer.email!)).toHaveLength(0);
    expect((await outboxRow(response.json().id)).status).toBe('suppressed');
    expect(await timelineTitles(customer.id)).toContain(
      `Courriel non envoyé : Facture ${invoice.number} d’Atrium (le client ne veut pas être contacté)`,
    );
  });

  it('sends nothing without a service_notifications consent, nor once it is withdrawn', async () => {
    const never = await createTestCustomer(t.ctx);
    const first = await issueTestInvoice(t, never.id);
    expect((await send(first.id)).json()).toMatchObject({
      status: 'suppressed',
      suppressed_reason: 'no_service_consent',
    });

    // Queued with consent, withdrawn before the job runs: checked again at sending.
    const withdrawn = await consentingCustomer();
    const second = await issueTestInvoice(t, withdrawn.id);
    const queued = (await send(second.id)).json();
    expect(queued.status).toBe('queued');
    await recordConsent(t.ctx, withdrawn.id, {
      consent_type: 'service_notifications',
      is_granted: false,
      source: 'phone',
    });
    expect(await sendQueuedEmails(t.ctx, delivery)).toMatchObject({ suppressed: 1, sent: 0 });
    expect(await outboxRow(queued.id)).toMatchObject({
      status: 'suppressed',
      suppressed_reason: 'no_service_consent',
    });
    expect(arrivedFor(never.email!)).toHaveLength(0);
    expect(arrivedFor(withdrawn.email!)).toHaveLength(0);
  });

  it('needs marketing_email consent for marketing, whatever the service consent', () => {
    const customer = { preferred_contact_channel: 'email' as const, anonymized_at: null };
    expect(suppressionReason(customer, 'a@b.test', 'marketing', { service: true, marketing: false })).toBe(
      'no_marketing_consent',
    );
    expect(
      suppressionReason(customer, 'a@b.test', 'marketing', { service: false, marketing: true }),
    ).toBeNull();
    expect(suppressionReason(customer, 'a@b.test', 'service', { service: false, marketing: true })).toBe(
      'no_service_consent',
    );
    expect(suppressionReason(customer, null, 'service', { service: true, marketing: true })).toBe(
      'no_address',
    );
  });
});

describe('when SMTP fails', () => {
  it('retries with backoff, fails after the last attempt, and an admin puts it back in the queue', async () => {
    const down: MailDelivery = {
      ...delivery,
      mailer: createMailer({ SMTP_URL: await closedSmtpUrl(), MAIL_FROM: 'factures@garage.test' }),
    };
    const customer = await consentingCustomer();
    const invoice = await issueTestInvoice(t, customer.id);
    const { id } = (await send(invoice.id)).json();

    expect(await sendQueuedEmails(t.ctx, down)).toMatchObject({ retrying: 1 });
    const first = await outboxRow(id);
    expect(first).toMatchObject({ status: 'queued', attempts: 1 });
    expect(first.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(first.next_attempt_at).toBe(new Date(now.getTime() + 60_000).toISOString());
    // Not due yet: nothing is tried.
    expect(await sendQueuedEmails(t.ctx, down)).toMatchObject({ retrying: 0, failed: 0 });

    now = new Date(now.getTime() + 60_000);
    expect(await sendQueuedEmails(t.ctx, down)).toMatchObject({ retrying: 1 });
    expect((await outboxRow(id)).next_attempt_at).toBe(new Date(now.getTime() + 120_000).toISOString());
    now = new Date(now.getTime() + 120_000);
    expect(await sendQueuedEmails(t.ctx, down)).toMatchObject({ failed: 1 });
    expect(await outboxRow(id)).toMatchObject({ status: 'failed', attempts: 3, next_attempt_at: null });
    expect(await timelineTitles(customer.id)).toContain(
      `Échec de l’envoi du courriel : Facture ${invoice.number} d’Atrium`,
    );

    const retry = (as: Role) => t.request({ method: 'POST', url: `/api/v1/outbox/${id}/retry`, as });
    expect((await retry('staff')).statusCode).toBe(403);
    const retried = await retry('admin');
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await retry('admin')).json()).toMatchObject({ status: 409, code: 'email.not_failed' });

    // The server is back: it is delivered, once.
    expect(await sendQueuedEmails(t.ctx, delivery)).toMatchObject({ sent: 1 });
    expect(arrivedFor(customer.email!)).toHaveLength(1);
  });

  it('fails at once when the server refuses the recipient (5xx): retrying would not help', async () => {
    const customer = await consentingCustomer();
    const invoice = await issueTestInvoice(t, customer.id);
    const { id } = (await send(invoice.id)).json();
    smtp.refuseWith = 550;
    expect(await sendQueuedEmails(t.ctx, delivery)).toMatchObject({ failed: 1 });
    expect(await outboxRow(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(arrivedFor(customer.email!)).toHaveLength(0);
  });

  it('sends nothing without SMTP: the message stays queued and the outbox says so', async () => {
    const customer = await consentingCustomer();
    const invoice = await issueTestInvoice(t, customer.id);
    const { id } = (await send(invoice.id)).json();
    expect(await sendQueuedEmails(t.ctx, { mailer: noMailer, attachments: billingMailAttachments })).toEqual({
      configured: false,
      sent: 0,
      retrying: 0,
      failed: 0,
      suppressed: 0,
    });
    expect(await outboxRow(id)).toMatchObject({ status: 'queued', attempts: 0 });
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/outbox?invoice_id=${invoice.id}`,
      as: 'staff',
    });
    expect(list.json()).toMatchObject({ mail_configured: false, data: [{ id, status: 'queued' }] });
  });

  it('two senders at once deliver each message exactly once', async () => {
    await sendQueuedEmails(t.ctx, delivery); // what earlier tests left queued
    const customers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => consentingCustomer()));
    for (const customer of customers) {
      const invoice = await issueTestInvoice(t, customer.id);
      expect((await send(invoice.id)).statusCode).toBe(202);
    }
    const small = { ...delivery, batchSize: 2 };
    const reports = await Promise.all([sendQueuedEmails(t.ctx, small), sendQueuedEmails(t.ctx, small)]);
    expect(reports[0]!.sent + reports[1]!.sent).toBe(6);
    for (const customer of customers) expect(arrivedFor(customer.email!)).toHaveLength(1);
  });
});

describe('the outbox', () => {
  it('lists with filters for admins, staff and advisors; clients 403, no session 401', async () => {
    const customer = await consentingCustomer();
    const invoice = await issueTestInvoice(t, customer.id);
    const { id } = (await send(invoice.id)).json();
    for (const role of ['admin', 'staff', 'advisor'] as const) {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/outbox?customer_id=${customer.id}`,
        as: role,
      });
      expect(response.statusCode, role).toBe(200);
      expect(response.json().data.map((email: { id: string }) => email.id)).toEqual([id]);
      expect(response.json().data[0]).not.toHaveProperty('html');
    }
    const client = await t.request({
      method: 'GET',
      url: '/api/v1/outbox',
      as: 'client',
      customerId: customer.id,
    });
    expect(client.statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/outbox' })).statusCode).toBe(401);
    const byStatus = await t.request({
      method: 'GET',
      url: `/api/v1/outbox?customer_id=${customer.id}&status=sent`,
      as: 'staff',
    });
    expect(byStatus.json().data).toEqual([]);
    const bad = await t.request({
      method: 'GET',
      url: '/api/v1/outbox?status=lost&per_page=500',
      as: 'staff',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((error: { path: string }) => error.path)
        .sort(),
    ).toEqual(['per_page', 'status']);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/outbox/${id}`, as: 'advisor' })).json().html,
    ).toContain('<!DOCTYPE html>');
    expect(
      (
        await t.request({
          method: 'GET',
          url: '/api/v1/outbox/01900000-0000-7000-8000-000000000000',
          as: 'staff',
        })
      ).statusCode,
    ).toBe(404);
  });

  it("hides a confidential customer's messages from staff not assigned to them", async () => {
    const customer = await consentingCustomer({ privacy_level: 'confidentiel' });
    // Staff cannot even see them: an admin invoices and sends.
    const issued = await issueInvoice(t, customer.id, {}, 'admin');
    const { id } = (await send(issued.id, {}, 'admin')).json();
    expect((await t.request({ method: 'GET', url: `/api/v1/outbox/${id}`, as: 'staff' })).statusCode).toBe(
      404,
    );
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/outbox?customer_id=${customer.id}`,
      as: 'staff',
    });
    expect(list.json().data).toEqual([]);
    expect((await t.request({ method: 'GET', url: `/api/v1/outbox/${id}`, as: 'admin' })).statusCode).toBe(
      200,
    );
  });
});

describe('an anonymized customer', () => {
  it('keeps the record of what was sent, without address or body; what was queued never leaves', async () => {
    const customer = await consentingCustomer();
    const first = await issueTestInvoice(t, customer.id);
    const sentId = (await send(first.id)).json().id;
    await sendQueuedEmails(t.ctx, delivery);
    const second = await issueTestInvoice(t, customer.id);
    const queuedId = (await send(second.id)).json().id;
    const anonymized = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/anonymize`,
      as: 'admin',
      payload: { confirm: true },
    });
    expect(anonymized.statusCode, anonymized.body).toBe(200);
    const dispatcher = createEventDispatcher({
      db: t.database.db,
      clock,
      handlers: mailEventHandlers,
      log: () => {},
    });
    while ((await dispatcher.runOnce()) > 0) {}
    expect(await outboxRow(sentId)).toMatchObject({ status: 'sent', to: null, html: '', text: '' });
    expect(await outboxRow(queuedId)).toMatchObject({
      status: 'suppressed',
      suppressed_reason: 'anonymized',
      to: null,
    });
    expect(await sendQueuedEmails(t.ctx, delivery)).toMatchObject({ sent: 0 });
    expect(arrivedFor(customer.email!)).toHaveLength(1);
  });
});
