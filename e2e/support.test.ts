import { randomInt } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createUser } from '../server/src/modules/auth/index.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, openWindow, signIn } from './session.ts';

const baseUrl = inject('baseUrl');

let browser: Browser;
let staff: Credentials;

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('support');
});

afterAll(async () => {
  await browser?.close();
});

/** A sign-in for the customer a ticket is about, as a client. */
async function createClientFor(ticketId: string): Promise<Credentials> {
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
    const { rows } = await database.pool.query<{ customer_id: string }>(
      'select customer_id from support_tickets where id = $1',
      [ticketId],
    );
    const client = {
      email: `support.client.${Date.now()}@atrium.test`,
      password: 'e2e-password-support-client-0123',
    };
    await createUser(
      { db: database.db, actor: systemActor, clock: systemClock },
      { ...client, name: 'Mélanie Côté', role: 'client', customer_id: rows[0]!.customer_id, locale: 'fr-CA' },
    );
    return client;
  } finally {
    await database.close();
  }
}

describe('support in the browser', () => {
  it('a visitor writes in; staff answer, note and move the ticket; the client reads the answer but not the note', async () => {
    const subject = `Portail inaccessible ${randomInt(100_000)}`;
    const email = `melanie.cote.${randomInt(1_000_000)}@exemple.ca`;

    // A visitor, on a phone, without an account.
    // A refused phone number answers 400, on purpose.
    const visitor = await openWindow(browser, { width: 390, height: 844, expectedErrorStatuses: [400] });
    await visitor.page.goto(`${baseUrl}/contact`);
    const form = visitor.page.getByTestId('contact-form');
    await form.getByRole('heading', { name: 'Nous joindre' }).waitFor();
    // The trap for robots is in the form, but off screen: nobody sees it.
    const trap = await visitor.page.getByTestId('contact-website').boundingBox();
    expect(trap && trap.x + trap.width).toBeLessThanOrEqual(0);
    expect(await horizontalOverflow(visitor.page)).toBeLessThanOrEqual(0);
    // Sent empty: each field says what it needs, beside it.
    await visitor.page.getByTestId('contact-send').click();
    await form.getByText('Champ obligatoire').first().waitFor();
    await screenshot(visitor.page, '60-contact-phone-errors');
    await form.getByLabel('Votre nom').fill('Mélanie Côté');
    await form.getByLabel('Courriel').fill(email);
    await form.getByLabel('Objet').fill(subject);
    await form
      .getByLabel('Message')
      .fill('Bonjour, je n’arrive plus à me connecter au portail depuis ce matin.');
    await screenshot(visitor.page, '61-contact-phone');
    await visitor.page.getByTestId('contact-send').click();
    await visitor.page.getByTestId('contact-sent').getByText(email).waitFor();
    await screenshot(visitor.page, '62-contact-sent-phone');
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();

    // Staff find it at the top of the queue and open it with the keyboard.
    const { page, errors } = await signIn(browser, staff);
    await page.getByTestId('nav-tickets').click();
    await page.waitForURL(/\/tickets$/);
    const row = page.getByTestId('ticket-row').filter({ hasText: subject });
    await row.waitFor();
    expect(await row.getByTestId('ticket-status').textContent()).toBe('Ouvert');
    await screenshot(page, '63-ticket-queue');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    const ticketId = page.url().split('/').at(-1)!;
    await page.getByTestId('ticket-subject').getByText(subject).waitFor();

    // A public reply, sent with Ctrl+Enter.
    const reply = 'Bonjour Mélanie, nous avons réinitialisé votre accès : réessayez maintenant.';
    // It carries a how-to, shared with the customer through their Documents.
    await page.getByTestId('reply-body').fill(reply);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('attach-files').click();
    await (await chooser).setFiles([
      {
        name: 'Procédure connexion.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('1. Ouvrez le portail\n'),
      },
    ]);
    await page.getByTestId('reply-attachments').getByText('Procédure connexion.txt').waitFor();
    await page.getByTestId('reply-body').press('Control+Enter');
    const answered = page.getByTestId('ticket-message').filter({ hasText: reply });
    await answered.getByTestId('ticket-attachments').getByText('Procédure connexion.txt').waitFor();
    expect(await page.getByTestId('reply-attachments').count()).toBe(0);
    // An internal note, which looks like one.
    const note = 'Compte bloqué après trois essais : surveiller si cela se reproduit.';
    await page.getByTestId('reply-kind').locator('label', { hasText: 'Note interne' }).click();
    await page.getByTestId('reply-body').fill(note);
    await page.getByTestId('send-reply').click();
    await page.getByTestId('ticket-note').filter({ hasText: note }).waitFor();
    // Waiting for the customer: the SLA clock stops.
    await page.getByTestId('ticket-status-select').click();
    await page.getByRole('option', { name: 'En attente du client' }).click();
    await page.getByTestId('ticket-status').getByText('En attente du client').waitFor();
    await page.getByText('Statut : En attente du client').waitFor();
    await screenshot(page, '64-ticket');

    // The customer's 360 counts the open ticket and lists it under its own tab.
    await page.getByTestId('ticket-sla').waitFor();
    await page.getByRole('link', { name: 'Mélanie Côté' }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}\?tab=tickets$/);
    await page.getByTestId('customer-ticket-row').filter({ hasText: subject }).waitFor();
    expect(await page.getByTestId('header-open-tickets').textContent()).toContain('1');
    await screenshot(page, '64b-customer-tickets');
    const customerPath = page.url().slice(baseUrl.length);

    // The statistics count it.
    await page.getByTestId('nav-support-stats').click();
    await page.waitForURL(/\/support\/stats$/);
    await page.getByTestId('chart-status').waitFor();
    // Other browser tests open tickets in the same database: this one is among them.
    await expect
      .poll(async () => Number((await page.getByTestId('stats-total').textContent())?.replace(/\D/g, '')))
      .toBeGreaterThanOrEqual(1);
    await screenshot(page, '65-ticket-stats');

    // The same pages as a phone shows them.
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const [path, name, ready] of [
      ['/tickets?status=all', '66-ticket-queue-phone', 'ticket-row'],
      [`/tickets/${ticketId}`, '67-ticket-phone', 'ticket-thread'],
      ['/support/stats', '68-ticket-stats-phone', 'chart-status'],
      [customerPath, '68b-customer-tickets-phone', 'customer-ticket-row'],
    ] as const) {
      await phone.goto(`${baseUrl}${path}`);
      await phone.getByTestId(ready).first().waitFor();
      await screenshot(phone, name);
      expect(await horizontalOverflow(phone), path).toBeLessThanOrEqual(0);
    }
    await phone.close();
    expect(errors).toEqual([]);

    // The customer signs in: the answer is there, the note is not.
    const client = await signIn(browser, await createClientFor(ticketId));
    await client.page.goto(`${baseUrl}/tickets/${ticketId}`);
    const shared = client.page.getByTestId('ticket-message').filter({ hasText: reply });
    await shared.waitFor();
    const download = await shared
      .getByRole('link', { name: 'Télécharger Procédure connexion.txt' })
      .getAttribute('href');
    const file = await client.page.request.get(`${baseUrl}${download}`);
    expect(file.status()).toBe(200);
    expect(await file.text()).toBe('1. Ouvrez le portail\n');
    expect(await client.page.getByTestId('ticket-message').count()).toBe(2);
    expect(await client.page.getByTestId('ticket-note').count()).toBe(0);
    expect(await client.page.getByText(note).count()).toBe(0);
    await screenshot(client.page, '69-ticket-client');
    expect(client.errors).toEqual([]);
  });
});
