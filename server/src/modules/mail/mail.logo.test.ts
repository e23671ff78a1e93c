import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { issueTestInvoice } from '../../../test/invoices.ts';
import { multipart } from '../../../test/multipart.ts';
import { grantServiceNotifications, startTestSmtp, type TestSmtp } from '../../../test/smtp.ts';
import { createMailer } from '../../core/mail.ts';
import { billingMailAttachments } from '../billing/index.ts';
import { type MailDelivery, sendQueuedEmails } from './index.ts';

/*
 * The company's logo in the shared layout: added by the sending job as an inline (CID) image,
 * through a real SMTP server (smtp-server) and read back as it arrived (mailparser).
 */
let t: TestApp;
let smtp: TestSmtp;
let delivery: MailDelivery;

beforeAll(async () => {
  t = await createTestApp();
  smtp = await startTestSmtp();
  delivery = {
    mailer: createMailer({ SMTP_URL: smtp.url, MAIL_FROM: 'factures@garage.test' }),
    attachments: billingMailAttachments,
  };
});
afterAll(async () => {
  delivery.mailer.close();
  await smtp.close();
  await t.close();
});

/** An invoice emailed to a new customer: the message as it arrived. */
async function invoiceEmail(before?: () => Promise<void>) {
  const customer = await createTestCustomer(t.ctx, { language_code: 'fr-CA' });
  await grantServiceNotifications(t.ctx, customer.id);
  const invoice = await issueTestInvoice(t, customer.id);
  const queued = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${invoice.id}/send`,
    as: 'staff',
    payload: {},
  });
  expect(queued.statusCode, queued.body).toBe(202);
  await before?.();
  expect(await sendQueuedEmails(t.ctx, delivery)).toMatchObject({ sent: 1 });
  const arrived = smtp.messages.filter((message) => JSON.stringify(message.to).includes(customer.email!));
  expect(arrived).toHaveLength(1);
  return { message: arrived[0]!, invoice, customer };
}

async function setLogo(width: number, height: number) {
  const png = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();
  const body = multipart({}, { name: 'logo.png', type: 'image/png', bytes: png });
  const response = await t.request({
    method: 'PUT',
    url: '/api/v1/settings/company/logo',
    as: 'admin',
    headers: body.headers,
    payload: body.payload,
  });
  expect(response.statusCode, response.body).toBe(200);
}

describe('the company logo in emails', () => {
  it('is absent without a logo: no image, no CID reference', async () => {
    const { message, invoice } = await invoiceEmail();
    expect(message.html).not.toContain('<img');
    expect(message.html).not.toContain('cid:');
    expect(message.attachments.map((attachment) => attachment.filename)).toEqual([`${invoice.number}.pdf`]);
  });

  it('is an inline PNG the HTML references, above the name; the text part is unchanged', async () => {
    const without = await invoiceEmail();
    await setLogo(900, 300);
    const { message, invoice, customer } = await invoiceEmail();
    const html = String(message.html);
    expect(html).toMatch(
      /<img src="cid:company-logo" width="240" height="80" alt="Atrium"[^>]*>Atrium<\/td>/,
    );
    const logo = message.attachments.find((attachment) => attachment.cid === 'company-logo');
    expect(logo).toMatchObject({ contentType: 'image/png', contentDisposition: 'inline', related: true });
    expect(await sharp(logo!.content).metadata()).toMatchObject({ format: 'png', width: 600, height: 200 });
    // The invoice's PDF is still attached, as an attachment.
    expect(
      message.attachments.find((attachment) => attachment.filename === `${invoice.number}.pdf`),
    ).toMatchObject({
      contentDisposition: 'attachment',
    });
    // Same text as a message without a logo, but for the invoice's number and the customer's name.
    const normalise = (sent: Awaited<ReturnType<typeof invoiceEmail>>) =>
      sent.message.text!.replaceAll(sent.invoice.number, 'N').replaceAll(sent.customer.display_name, 'C');
    expect(normalise({ message, invoice, customer })).toBe(normalise(without));
  });

  it('is left out of a message queued before the layout had its slot: it still sends, without the image', async () => {
    const { message } = await invoiceEmail(async () => {
      await t.database.db.execute(
        sql`update email_outbox set html = replace(html, '<!--company-logo-->', '') where status = 'queued'`,
      );
    });
    expect(message.html).not.toContain('cid:');
    expect(message.attachments.some((attachment) => attachment.cid)).toBe(false);
  });
});
