import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../server/src/core/db.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, signIn } from './session.ts';

const baseUrl = inject('baseUrl');
const admin = inject('admin');
const customerId = inject('customerId');

let browser: Browser;
let staff: Credentials;
const eventId = '01a23100-0000-7000-8000-00000000e2e1';

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('events');
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
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

describe('the events page', () => {
  it('shows an admin the failed events with their error, and puts one back in the queue', async () => {
    const { context, page } = await signIn(browser, admin, { width: 1280 });
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

    const phone = await signIn(browser, admin, { width: 390 });
    await phone.page.goto(`${baseUrl}/admin/events`);
    await phone.page.getByText('Aucun événement en échec : tout a été traité.').waitFor();
    await screenshot(phone.page, '61-events-phone');
    await phone.context.close();
  });

  it('is not offered to staff, and the API refuses them', async () => {
    const { context, page } = await signIn(browser, staff, { width: 1280 });
    expect(await page.getByRole('link', { name: 'Événements' }).count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch('/api/v1/admin/events')).status);
    expect(status).toBe(403);
    await context.close();
  });
});
