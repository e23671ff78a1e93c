import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { revealSecrets } from '../server/src/modules/mail/index.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, openWindow, signIn } from './session.ts';

const baseUrl = inject('baseUrl');
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

let browser: Browser;
let staff: Credentials;
let customerId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('quotes');
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
    const customer = await createCustomer(
      { db: database.db, actor: systemActor, clock: systemClock },
      {
        kind: 'individual',
        first_name: 'Julie',
        last_name: 'Devis',
        email: `julie.devis.${Date.now()}@exemple.ca`,
      },
    );
    customerId = customer.id;
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

/** The customer's link, as the quote email carries it (read from the outbox, as the email is). */
async function linkOf(quoteId: string): Promise<string> {
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
    const { rows } = await database.db.execute<{ text: string; secrets: string[] | null }>(
      sql`select text, secrets from email_outbox where quote_id = ${quoteId} order by created_at desc limit 1`,
    );
    const match = /https?:\/\/[^\s]+\/q\/[A-Za-z0-9_-]+/.exec(
      revealSecrets(rows[0]?.text ?? '', rows[0]?.secrets ?? null),
    );
    if (!match) throw new Error('no link in the quote email');
    return new URL(match[0]).pathname;
  } finally {
    await database.close();
  }
}

describe('quotes in the browser', () => {
  it('staff send a quote, the customer accepts it on their page, the deposit invoice is on the order and gets paid', async () => {
    const { page, errors } = await signIn(browser, staff);

    // Staff build the quote: a free line, a 30 % deposit; live totals as on invoices.
    await page.getByTestId('nav-quotes').click();
    await page.getByTestId('new-quote').waitFor();
    await page.goto(`${baseUrl}/quotes/new?customer_id=${customerId}`);
    await page.getByTestId('invoice-customer-terms').waitFor();
    await page.getByTestId('add-free-line').click();
    await page.getByTestId('line-0-description').fill('Réfection de la toiture');
    await page.getByTestId('line-0-quantity').fill('2');
    await page.getByTestId('line-0-unit_price_cents').fill('500');
    await eventually(async () => plain(await page.getByTestId('quote-total').textContent())).toBe(
      '1 149,75 $',
    );
    await eventually(async () => plain(await page.getByTestId('quote-deposit').textContent())).toContain(
      '344,93 $',
    );
    await screenshot(page, 'q1-quote-editor');
    await page.getByTestId('send-quote').click();
    await page.waitForURL(/\/quotes\/[0-9a-f-]{36}$/);
    await page.getByTestId('quote-view').waitFor();
    const quoteId = page.url().split('/').pop()!;
    const number = (await page.getByTestId('quote-number').textContent()) ?? '';
    expect(number).toMatch(/^Q-\d{6}$/);
    await eventually(() => page.getByTestId('quote-view').getByTestId('quote-status').textContent()).toBe(
      'Envoyé',
    );
    await screenshot(page, 'q2-quote-sent');

    // The customer, in another browser with no account, on a phone.
    const customer = await openWindow(browser, { width: 390, height: 844 });
    await customer.page.goto(`${baseUrl}${await linkOf(quoteId)}`);
    await customer.page.getByTestId('public-quote').getByText(`Devis ${number}`).first().waitFor();
    expect(plain(await customer.page.getByTestId('public-quote-deposit').textContent())).toContain(
      '344,93 $',
    );
    expect(await horizontalOverflow(customer.page)).toBeLessThanOrEqual(0);
    await screenshot(customer.page, 'q3-public-quote-phone');
    // In English with one tap, and back.
    await customer.page.getByTestId('language-switch').click();
    await customer.page.getByRole('button', { name: 'Accept and pay the deposit' }).waitFor();
    await screenshot(customer.page, 'q3b-public-quote-phone-en');
    await customer.page.getByTestId('language-switch').click();
    await customer.page.getByRole('button', { name: 'Accepter et payer l’acompte' }).waitFor();
    // Accepting without a name says so beside the field.
    await customer.page.getByTestId('public-accept').click();
    await customer.page.getByText('Inscrivez votre nom pour accepter.').waitFor();
    await customer.page.getByTestId('public-accept-name').fill('Julie Devis');
    await customer.page.getByTestId('public-accept').click();
    // Online payment is off here, and this customer gave no consent to email: said so.
    await customer.page.getByTestId('public-quote-accepted').waitFor();
    const sentText = plain(await customer.page.getByTestId('public-quote-deposit-sent').textContent());
    expect(sentText).toMatch(/Votre facture d’acompte est la INV-\d{6} \(344,93 \$\)/);
    await screenshot(customer.page, 'q4-public-quote-accepted-phone');
    // The link is used: opening it again says it is no longer valid.
    await customer.page.reload();
    await customer.page.getByTestId('public-quote-invalid').waitFor();
    await customer.context.close();

    // Staff see the quote accepted, go to its order: the deposit invoice is there.
    await page.reload();
    await eventually(() => page.getByTestId('quote-view').getByTestId('quote-status').textContent()).toBe(
      'Accepté',
    );
    await page.getByTestId('quote-order').click();
    await page.getByTestId('order-view').waitFor();
    expect(await page.getByTestId('order-number').textContent()).toMatch(/^CMD-\d{6}$/);
    const depositRow = page.getByTestId('order-invoice-row').filter({ hasText: 'Acompte' });
    await depositRow.waitFor();
    expect(plain(await depositRow.textContent())).toContain('344,93 $');
    await screenshot(page, 'q5-order');

    // Staff record its payment with the payments form on the invoice.
    await depositRow.getByRole('link').click();
    await page.getByTestId('invoice-view').waitFor();
    await page.getByTestId('record-payment').click();
    const form = page.getByTestId('payment-form');
    await eventually(() => form.getByTestId('payment-amount').inputValue()).toBe('344,93');
    await form.getByTestId('payment-method').click();
    await page.getByRole('option', { name: 'Interac' }).click();
    await form.getByTestId('payment-submit').click();
    await form.waitFor({ state: 'detached' });
    await eventually(() =>
      page.getByTestId('invoice-view').getByTestId('invoice-status').first().textContent(),
    ).toBe('Payée');

    // Back on the order (the invoice links to it): paid 344,93 $; on a phone nothing is wider than the screen.
    await page.getByTestId('invoice-order').click();
    await page.getByTestId('order-view').waitFor();
    await eventually(async () => plain(await page.getByTestId('order-amounts').textContent())).toContain(
      'payé 344,93 $',
    );
    const orderUrl = page.url();
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(orderUrl);
    await phone.getByTestId('order-view').waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, 'q6-order-phone');
    await phone.goto(`${baseUrl}/quotes`);
    await phone.getByTestId('quotes-list').waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, 'q7-quotes-phone');
    await phone.goto(`${baseUrl}/quotes/new?customer_id=${customerId}`);
    await phone.getByTestId('quote-editor').waitFor();
    await phone.getByTestId('add-free-line').click();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, 'q7b-quote-editor-phone');
    await phone.close();

    // The customer's 360 lists the quote and the order.
    await page.goto(`${baseUrl}/customers/${customerId}?tab=finances`);
    await page.getByTestId('customer-quote-row').filter({ hasText: number }).waitFor();
    await page.getByTestId('customer-order-row').first().waitFor();
    await screenshot(page, 'q8-customer-finances');
    expect(errors).toEqual([]);
  });
});
