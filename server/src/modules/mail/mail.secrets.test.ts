import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { grantServiceNotifications, startTestSmtp, type TestSmtp } from '../../../test/smtp.ts';
import { createMailer } from '../../core/mail.ts';
import { queueEmail, sendQueuedEmails } from './index.ts';
import { hideSecrets, maskSecrets, revealSecrets } from './mail.secrets.ts';
import { email_outbox } from './mail.tables.ts';

let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  t = await createTestApp();
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

describe('secrets in a message', () => {
  it('hides each secret behind a marker, gives it back for sending and shows dots', () => {
    const message = {
      subject: 'Code : 493817',
      html: '<p>493817 — <a href="/sign/tok-abc">x</a></p>',
      text: '/sign/tok-abc',
    };
    const hidden = hideSecrets(message, ['493817', 'tok-abc']);
    for (const value of [hidden.subject, hidden.html, hidden.text]) {
      expect(value).not.toContain('493817');
      expect(value).not.toContain('tok-abc');
    }
    expect(revealSecrets(hidden.html, ['493817', 'tok-abc'])).toBe(message.html);
    expect(maskSecrets(hidden.subject)).toBe('Code : ••••••');
    // A secret inside another is hidden by the longer one first.
    const nested = hideSecrets({ subject: 'abc abcdef', html: '', text: '' }, ['abc', 'abcdef']);
    expect(revealSecrets(nested.subject, ['abc', 'abcdef'])).toBe('abc abcdef');
  });

  it('keeps a signing code out of the outbox, the API and the timeline, sends it, then erases it', async () => {
    const customer = await createTestCustomer(t.ctx);
    await grantServiceNotifications(t.ctx, customer.id);
    const queued = await t.ctx.db.transaction((tx) =>
      queueEmail(
        { ...t.ctx, db: tx },
        {
          kind: 'signature_code',
          customer_id: customer.id,
          data: { signer_name: 'Léa Roy', document_title: 'Contrat', code: '582046', minutes: 10 },
          secrets: ['582046'],
        },
      ),
    );
    expect(queued.subject).not.toContain('582046');
    expect(queued.html).not.toContain('582046');
    expect(queued.secrets).toEqual(['582046']);

    const shown = await t.request({ method: 'GET', url: `/api/v1/outbox/${queued.id}`, as: 'admin' });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toContain('582046');
    expect(shown.body).not.toContain('secret:');
    expect(shown.json().subject).toContain('••••••');
    expect(shown.json()).not.toHaveProperty('secrets');
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/outbox?customer_id=${customer.id}`,
      as: 'staff',
    });
    expect(list.body).not.toContain('582046');

    const mailer = createMailer({ SMTP_URL: smtp.url, MAIL_FROM: 'signatures@garage.test' });
    try {
      expect(await sendQueuedEmails(t.ctx, { mailer, attachments: {} })).toMatchObject({ sent: 1 });
    } finally {
      mailer.close();
    }
    const arrived = smtp.messages.find((message) => JSON.stringify(message.to).includes(customer.email!));
    expect(arrived?.subject).toContain('582046');
    expect(arrived?.text).toContain('582046');
    const [after] = await t.ctx.db.select().from(email_outbox).where(eq(email_outbox.id, queued.id));
    expect(after).toMatchObject({ status: 'sent', secrets: null });
    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline`,
      as: 'admin',
    });
    expect(timeline.body).not.toContain('582046');
    expect(timeline.body).toContain('••••••');
  });

  it('never shows the secret of a message held back, whose text stays masked', async () => {
    const customer = await createTestCustomer(t.ctx, { preferred_contact_channel: 'none' });
    const queued = await t.ctx.db.transaction((tx) =>
      queueEmail(
        { ...t.ctx, db: tx },
        {
          kind: 'signature_code',
          customer_id: customer.id,
          data: { signer_name: 'Léa Roy', document_title: 'Contrat', code: '771203', minutes: 10 },
          secrets: ['771203'],
        },
      ),
    );
    expect(queued.status).toBe('suppressed');
    expect(queued.subject).not.toContain('771203');
    const shown = await t.request({ method: 'GET', url: `/api/v1/outbox/${queued.id}`, as: 'admin' });
    expect(shown.body).not.toContain('771203');
    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline`,
      as: 'admin',
    });
    expect(timeline.body).not.toContain('771203');
  });
});
