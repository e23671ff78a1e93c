import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { pdfText, squeeze } from '../../../test/pdf.ts';
import { createTestQuote } from '../../../test/quotes.ts';
import { grantServiceNotifications, startTestSmtp, type TestSmtp } from '../../../test/smtp.ts';
import type { Clock } from '../../core/clock.ts';
import { createMailer } from '../../core/mail.ts';
import { billingMailAttachments } from '../billing/index.ts';
import { type MailDelivery, sendQueuedEmails } from '../mail/index.ts';
import { quoteMailAttachments } from './quotes.pdf.ts';

/* The quote email, through a real SMTP server started here, read back as it arrived. */
const now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let smtp: TestSmtp;
let delivery: MailDelivery;

beforeAll(async () => {
  t = await createTestApp({ clock });
  smtp = await startTestSmtp();
  delivery = {
    mailer: createMailer({ SMTP_URL: smtp.url, MAIL_FROM: 'devis@garage.test' }),
    attachments: { ...billingMailAttachments, ...quoteMailAttachments },
  };
});
afterAll(async () => {
  delivery.mailer.close();
  await smtp.close();
  await t.close();
});

async function sendTo(languageCode: string) {
  const customer = await createTestCustomer(t.ctx, { language_code: languageCode });
  await grantServiceNotifications(t.ctx, customer.id);
  const quote = await createTestQuote(t, customer.id);
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/quotes/${quote.id}/send`,
    as: 'staff',
    headers: { host: 'crm.garage.test' },
    payload: { message: 'Comme convenu au téléphone.' },
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json().email.status).toBe('queued');
  expect(await sendQueuedEmails(t.ctx, delivery)).toMatchObject({ sent: 1 });
  const arrived = smtp.messages.filter((message) => JSON.stringify(message.to).includes(customer.email!));
  expect(arrived).toHaveLength(1);
  return { message: arrived[0]!, number: response.json().quote.number as string };
}

describe('the quote email', () => {
  it('arrives in French with the link to the customer’s page and the PDF attached', async () => {
    const { message, number } = await sendTo('fr-CA');
    expect(message.subject).toBe(`Devis ${number} d’Atrium`);
    expect(message.text).toContain('Comme convenu au téléphone.');
    expect(message.text).toMatch(/http:\/\/crm\.garage\.test\/q\/[A-Za-z0-9_-]{43}/);
    expect(message.text).toMatch(/Acompte à l’acceptation \(30 %\)\s*:?\s*344,93\s\$/);
    expect(message.attachments).toHaveLength(1);
    const pdf = message.attachments[0]!;
    expect(pdf.filename).toBe(`${number}.pdf`);
    expect(pdf.contentType).toBe('application/pdf');
    const text = squeeze(await pdfText(pdf.content));
    expect(text).toContain('DEVIS');
    expect(text).toContain(number);
    expect(text).toContain('Total 1 149,75 $');
  });

  it('on acceptance, the deposit invoice is emailed with its PDF', async () => {
    const customer = await createTestCustomer(t.ctx);
    await grantServiceNotifications(t.ctx, customer.id);
    const quote = await createTestQuote(t, customer.id);
    await t.request({ method: 'POST', url: `/api/v1/quotes/${quote.id}/send`, as: 'staff', payload: {} });
    const accepted = await t.request({
      method: 'POST',
      url: `/api/v1/quotes/${quote.id}/accept`,
      as: 'staff',
      payload: { name: 'Julie' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().deposit_invoice_emailed).toBe(true);
    await sendQueuedEmails(t.ctx, delivery);
    const invoiceMail = smtp.messages.find(
      (message) =>
        JSON.stringify(message.to).includes(customer.email!) && message.subject?.startsWith('Facture'),
    );
    expect(invoiceMail?.attachments[0]?.filename).toBe(`${accepted.json().deposit_invoice_number}.pdf`);
    expect(squeeze(await pdfText(invoiceMail!.attachments[0]!.content))).toContain('Acompte 30 % — devis');
  });

  it('arrives in English for an English-speaking customer', async () => {
    const { message, number } = await sendTo('en-CA');
    expect(message.subject).toBe(`Quote ${number} from Atrium`);
    expect(message.text).toContain('View the quote');
    expect(squeeze(await pdfText(message.attachments[0]!.content))).toContain('QUOTE');
  });
});
