import { and, desc, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { type Database, openDatabase } from '../server/src/core/db.ts';
import { domain_events } from '../server/src/core/events.tables.ts';
import { findUserByEmail } from '../server/src/modules/auth/index.ts';
import { notifyOfEvent } from '../server/src/modules/notifications/index.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, signIn } from './session.ts';

const baseUrl = inject('baseUrl');

/** The dropdown, once its opening transition is over (a screenshot mid-fade shows the page through it). */
async function dropdownShown(page: Page) {
  await page.waitForFunction(() => {
    const dropdown = document.querySelector('[data-testid="notifications-dropdown"]');
    return dropdown !== null && getComputedStyle(dropdown).opacity === '1';
  });
}

let browser: Browser;
let staff: Credentials;
let database: Database;
const ctx = () => ({ db: database.db, actor: systemActor, clock: systemClock });

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('notifications');
  database = openDatabase(inject('databaseUrl'), { max: 2 });
});

afterAll(async () => {
  await browser?.close();
  await database?.close();
});

/**
 * What the dispatcher does after commit, for this one event: the e2e server runs no jobs, and
 * a dispatcher here would also take (and mark handled) the events other files look at.
 */
async function dispatch(type: string, ticketId: string) {
  const [event] = await database.db
    .select()
    .from(domain_events)
    .where(and(eq(domain_events.type, type), eq(domain_events.entity_id, ticketId)))
    .orderBy(desc(domain_events.seq))
    .limit(1);
  expect(event, `${type} recorded`).toBeDefined();
  await database.db.transaction((tx) => notifyOfEvent({ ...ctx(), db: tx }, event!));
}

describe('the notification bell', () => {
  it('counts up live when an admin assigns a ticket, lists it, and opens it (read)', async () => {
    const me = (await findUserByEmail(ctx(), staff.email))!;
    const { page, errors } = await signIn(browser, staff);
    const count = page.getByTestId('notification-count');
    await page.getByTestId('notification-bell').waitFor();
    expect(await count.getAttribute('data-count')).toBe('0');

    // The admin, in a browser of their own, opens a ticket and assigns it to this staff member.
    const admin = await signIn(browser, inject('admin'));
    const created = await admin.page.request.post(`${baseUrl}/api/v1/tickets`, {
      data: {
        subject: 'Facture en double',
        message: 'Deux prélèvements',
        category: 'billing',
        priority: 'high',
      },
    });
    expect(created.status()).toBe(201);
    const ticket = (await created.json()) as { id: string; number: string };
    const assigned = await admin.page.request.patch(`${baseUrl}/api/v1/tickets/${ticket.id}`, {
      data: { assigned_to: me.id },
    });
    expect(assigned.status(), await assigned.text()).toBe(200);
    await dispatch('ticket.assigned', ticket.id);

    // No reload: the count comes over the WebSocket.
    await page.locator('[data-testid="notification-count"][data-count="1"]').waitFor();
    await page.getByRole('button', { name: 'Notifications : 1 non lue' }).click();
    const item = page.getByTestId('notification-item').first();
    await item.getByText(`Le billet ${ticket.number} vous est assigné`).waitFor();
    await item.getByText(/il y a|maintenant/).waitFor();
    await dropdownShown(page);
    await screenshot(page, '70-notifications-bell', false);

    await item.click();
    await page.waitForURL(new RegExp(`/tickets/${ticket.id}$`));
    await page.locator('[data-testid="notification-count"][data-count="0"]').waitFor();

    // The admin replies: the open thread shows it live (no reload), as the assignee hears of it.
    const replied = await admin.page.request.post(`${baseUrl}/api/v1/tickets/${ticket.id}/messages`, {
      data: { body: 'Le remboursement du doublon est en route.' },
    });
    expect(replied.status(), await replied.text()).toBe(201);
    await dispatch('ticket.replied', ticket.id);
    await page
      .getByTestId('ticket-message')
      .filter({ hasText: 'Le remboursement du doublon est en route.' })
      .waitFor({ timeout: 3000 });
    // The reply is in the bell too; read, so the next test counts from zero.
    await page.locator('[data-testid="notification-count"][data-count="1"]').waitFor();
    expect((await page.request.post(`${baseUrl}/api/v1/notifications/read-all`)).ok()).toBe(true);
    await page.locator('[data-testid="notification-count"][data-count="0"]').waitFor();
    expect(errors).toEqual([]);
    expect(admin.errors).toEqual([]);
    await admin.context.close();
    await page.context().close();
  });

  it('fits a phone and marks everything read at once', async () => {
    const me = (await findUserByEmail(ctx(), staff.email))!;
    const { page, errors, context } = await signIn(browser, staff, { width: 390, height: 844 });
    const admin = await signIn(browser, inject('admin'));
    for (const subject of ['Pneus d’hiver', 'Rendez-vous']) {
      const created = await admin.page.request.post(`${baseUrl}/api/v1/tickets`, {
        data: { subject, message: 'Bonjour', category: 'general', priority: 'normal' },
      });
      const ticket = (await created.json()) as { id: string };
      await admin.page.request.patch(`${baseUrl}/api/v1/tickets/${ticket.id}`, {
        data: { assigned_to: me.id },
      });
      await dispatch('ticket.assigned', ticket.id);
    }
    await admin.context.close();
    await page.locator('[data-testid="notification-count"][data-count="2"]').waitFor();

    await page.getByRole('button', { name: 'Notifications : 2 non lues' }).click();
    await page.getByTestId('notification-item').nth(1).waitFor();
    await dropdownShown(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const dropdown = await page.getByTestId('notifications-read-all').boundingBox();
    expect(dropdown && dropdown.x + dropdown.width).toBeLessThanOrEqual(390);
    await screenshot(page, '71-notifications-bell-phone', false);

    await page.getByTestId('notifications-read-all').click();
    await page.locator('[data-testid="notification-count"][data-count="0"]').waitFor();
    // The list refetches after the count: wait for it rather than race it.
    await page
      .locator('[data-testid="notification-item"][data-unread]')
      .first()
      .waitFor({ state: 'detached' });
    await page.getByTestId('notification-item').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
