import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createUser } from '../server/src/modules/auth/index.ts';

export interface Credentials {
  email: string;
  password: string;
}

export interface WindowOptions {
  width?: number;
  height?: number;
  locale?: string;
  /** HTTP error statuses the test provokes on purpose (a refused save: 400), besides 401. */
  expectedErrorStatuses?: number[];
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** What the page reported going wrong: uncaught errors and console errors not expected. */
  errors: string[];
}

/** A window of its own (its own cookies), in Montréal time, 15 s for each step. */
export async function openWindow(
  browser: Browser,
  { width = 1280, height = 900, locale = 'fr-CA', expectedErrorStatuses = [] }: WindowOptions = {},
): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width, height },
    locale,
    timezoneId: 'America/Montreal',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  // Before signing in, GET /api/v1/me answers 401 by design: the browser logs it.
  const expected = new RegExp(`status of (${[401, ...expectedErrorStatuses].join('|')})`);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.test(message.text())) errors.push(message.text());
  });
  return { context, page, errors };
}

/** Fills in and sends the sign-in form the page shows (in French). */
export async function submitSignIn(page: Page, user: Credentials) {
  await page.getByLabel('Courriel').fill(user.email);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** A window signed in as `user` through the sign-in form, on the customer list. */
export async function signIn(browser: Browser, user: Credentials, options?: WindowOptions): Promise<Session> {
  const session = await openWindow(browser, options);
  await session.page.goto(`${inject('baseUrl')}/sign-in`);
  await submitSignIn(session.page, user);
  await session.page.waitForURL(/\/customers$/);
  return session;
}

/**
 * A staff member for one test file alone: account.test.ts turns on two-step sign-in for the
 * shared staff account, and the files run in no fixed order.
 */
export async function createOwnStaff(prefix: string): Promise<Credentials> {
  const staff = {
    email: `${prefix}.staff.${Date.now()}@atrium.test`,
    password: `e2e-password-${prefix}-0123`,
  };
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
    await createUser(
      { db: database.db, actor: systemActor, clock: systemClock },
      { ...staff, name: 'Camille Staff', role: 'staff', locale: 'fr-CA' },
    );
  } finally {
    await database.close();
  }
  return staff;
}
