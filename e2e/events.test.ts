import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createUser } from '../server/src/modules/auth/index.ts';
import { launchBrowser, screenshot } from './browser.ts';

const baseUrl = inject('baseUrl');
const admin = inject('admin');
// Staff of our own: account.test.ts turns on two-step sign-in for the shared staff account.
const staff = { email: `events.staff.${Date.now()}@atrium.test`, password: 'e2e-password-events-0123' };
const customerId = inject('customerId');

let browser: Browser;
const eventId = '01a23100-0000-7000-8000-00000000e2e1';

beforeAll(async () => {
  browser = await launchBrowser();
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
    await createUser(
      { db: database.db, actor: systemActor, clock: systemClock },
      { ...staff, name: 'Émile Staff', role: 'staff', locale: 'fr-CA' },
    );
    // A handler that gave up: what the dispatcher leaves after its last attempt.
    await database.pool.query(
      `insert into domain_events (id, type, customer_id, entity, entity_id, payload, actor_type, created_at, status, attempts, last_error)
       values ($1, 'contact.added', $2, 'customer_contact', null, '{}', 'system', now(), 'failed', 10, 'mailer: SMTP 554 refused')`,
      [eventId, customerId],
    );
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

async function signedIn(user: { email: string; password: string }, width: number) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-CA' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Courriel').fill(user.email);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/customers$/);
  return { context, page };
}

describe('the events page', () => {
  it('shows an admin the failed events with their error, and puts one back in the queue', async () => {
    const { context, page } = await signedIn(admin, 1280);
    await page.getByRole('link', { name: 'Événements' }).click();
    await page.waitForURL(/\/admin\/events$/);
    const table = page.getByTestId('events-table');
    await table.getByText('contact.added').waitFor();
    await table.getByText('mailer: SMTP 554 refused').waitFor();
    await table.getByText('10 essais').waitFor();
    await screenshot(page, '60-events-failed');
    await table.getByRole('button', { name: 'Relancer' }).click();
    await page.getByText('Aucun événement en échec : tout a été traité.').waitFor();
    await page.getByText('En attente', { exact: true }).click();
    await page.getByTestId('events-table').getByText('mailer: SMTP 554 refused').waitFor();
    await context.close();

    const phone = await signedIn(admin, 390);
    await phone.page.goto(`${baseUrl}/admin/events`);
    await phone.page.getByText('Aucun événement en échec : tout a été traité.').waitFor();
    await screenshot(phone.page, '61-events-phone');
    await phone.context.close();
  });

  it('is not offered to staff, and the API refuses them', async () => {
    const { context, page } = await signedIn(staff, 1280);
    expect(await page.getByRole('link', { name: 'Événements' }).count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch('/api/v1/admin/events')).status);
    expect(status).toBe(403);
    await context.close();
  });
});
