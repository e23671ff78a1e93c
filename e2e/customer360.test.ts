import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { openWindow, submitSignIn } from './session.ts';

const baseUrl = inject('baseUrl');
const admin = inject('admin');
const customerId = inject('customerId');

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('customer 360 in the browser', () => {
  it('signs in, finds a customer by a misspelled name, grants a consent and sees it on the timeline', async () => {
    const { page, errors } = await openWindow(browser, { width: 1280, height: 900 });

    await page.goto(`${baseUrl}/customers`);
    await page.waitForURL(/\/sign-in/);
    await screenshot(page, '01-sign-in');
    await submitSignIn(page, admin);
    await page.waitForURL(/\/customers$/);

    const search = page.getByTestId('customer-search');
    await expect
      .poll(() => search.evaluate((input) => input === document.activeElement), { timeout: 15_000 })
      .toBe(true);
    await page.getByTestId('customer-row').first().waitFor();
    await screenshot(page, '02-customer-list');

    await search.fill('Eric Tremblay');
    const row = page.getByTestId('customer-row').filter({ hasText: 'Éric Tremblé' });
    await row.waitFor();
    await expect.poll(() => page.getByTestId('customer-row').count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, '03-search-typo');
    await search.press('ArrowDown');
    await page.keyboard.press('Enter');

    await page.waitForURL(new RegExp(`/customers/${customerId}`));
    await page.getByTestId('customer-name').getByText('Éric Tremblé').waitFor();
    await page.getByTestId('key-figures').getByText('Véhicules').waitFor();
    await screenshot(page, '04-customer-360-profile');

    await page.getByRole('tab', { name: 'Consentements' }).click();
    await page.waitForURL(/tab=consents/);
    const marketing = page.getByTestId('consent-marketing_email');
    await marketing.waitFor();
    expect(await marketing.getAttribute('data-status')).toBe('never');
    // As a keyboard user would: focus the switch, press Space.
    await page.getByRole('switch', { name: 'Courriels marketing' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => marketing.getAttribute('data-status'), { timeout: 15_000 }).toBe('granted');
    await page.getByTestId('consent-history').getByText('Interface employé').waitFor();
    // A grant with an end date: the state says when it expires.
    const nextYear = new Date().getFullYear() + 1;
    await page.getByTestId('consent-expires-on').fill(`${nextYear}-06-30`);
    const sms = page.getByTestId('consent-marketing_sms');
    await page.getByRole('switch', { name: 'SMS marketing' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => sms.getAttribute('data-status'), { timeout: 15_000 }).toBe('granted');
    await sms
      .getByText(new RegExp(`${nextYear}`))
      .first()
      .waitFor();
    expect(await sms.textContent()).toMatch(/expire/i);
    await screenshot(page, '05-consents');

    await page.getByRole('tab', { name: 'Activité' }).click();
    await page.waitForURL(/tab=activity/);
    const consentEntry = page.locator('[data-testid="timeline-item"][data-activity-type="consent"]');
    await consentEntry.first().waitFor();
    await consentEntry.filter({ hasText: 'Courriels marketing' }).first().waitFor();
    expect(await consentEntry.first().textContent()).toContain('SMS marketing');
    await page.getByTestId('activity-chart').locator('.recharts-bar-rectangle path').first().waitFor();

    // Older entries arrive as the list is scrolled to its end.
    const items = page.getByTestId('timeline-item');
    const firstPage = await items.count();
    expect(firstPage).toBe(25);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.getByText('Début de l’historique').waitFor();
    expect(await items.count()).toBeGreaterThan(firstPage);

    await screenshot(page, '06-activity');

    // The type filter narrows the timeline to what is asked for.
    await page.getByTestId('timeline-filter').click();
    await page.getByRole('option', { name: 'Consentement' }).click();
    await page.keyboard.press('Escape');
    await page.waitForURL(/types=consent/);
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(2);

    // Actions: the export downloads a JSON file; archive and restore.
    await page.getByTestId('customer-actions').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Exporter les données (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^atrium-eric-tremble-\d{4}-\d{2}-\d{2}\.json$/);
    // The file is the server's document, as streamed.
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(exported).toMatchObject({
      format: 'atrium.customer-export.v1',
      customer: { display_name: 'Éric Tremblé' },
    });
    expect(exported.activities.length).toBeGreaterThan(0);
    await page.getByTestId('customer-actions').click();
    await page.getByRole('menuitem', { name: 'Archiver' }).click();
    await page.getByTestId('archived-banner').waitFor();
    await page.getByTestId('customer-actions').click();
    await page.getByRole('menuitem', { name: 'Restaurer' }).click();
    await page.getByTestId('archived-banner').waitFor({ state: 'detached' });

    // Anonymizing asks for the customer's name first.
    await page.goto(`${baseUrl}/customers?q=Bouchard`);
    await page.getByTestId('customer-row').filter({ hasText: 'Marie-Ève Bouchard' }).click();
    await page.getByTestId('customer-name').getByText('Marie-Ève Bouchard').waitFor();
    await page.getByTestId('customer-actions').click();
    await page.getByRole('menuitem', { name: 'Anonymiser…' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Anonymiser définitivement' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox').fill('Marie-Ève Bouchard');
    await screenshot(page, '11-anonymize-confirm', false);
    await confirm.click();
    await page.getByText('Ce client a été anonymisé', { exact: false }).waitFor();

    expect(errors).toEqual([]);
  });

  it('renders the 360 page on a 375 px phone without horizontal overflow', async () => {
    const { page } = await openWindow(browser, { width: 375, height: 812 });
    const signIn = await page.request.post(`${baseUrl}/api/auth/sign-in/email`, {
      data: { email: admin.email, password: admin.password },
      headers: { origin: baseUrl },
    });
    expect(signIn.status()).toBe(200);

    await page.goto(`${baseUrl}/customers/${customerId}`);
    await page.getByTestId('customer-name').waitFor();
    await page.getByTestId('key-figures').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '07-phone-360-profile');

    const loaded = {
      contacts: 'contacts-list',
      vehicles: 'vehicles-list',
      activity: 'timeline',
      consents: 'consent-marketing_email',
    } as const;
    for (const tab of ['contacts', 'vehicles', 'activity', 'consents'] as const) {
      await page.goto(`${baseUrl}/customers/${customerId}?tab=${tab}`);
      await page.getByTestId(loaded[tab]).waitFor();
      expect(await horizontalOverflow(page), `overflow on tab ${tab}`).toBeLessThanOrEqual(0);
      await screenshot(page, `08-phone-360-${tab}`);
    }

    await page.goto(`${baseUrl}/customers`);
    await page.getByTestId('customer-row').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '09-phone-customer-list');

    await page.getByRole('button', { name: /navigation/i }).click();
    await page.getByRole('link', { name: 'Sécurité' }).waitFor();
    await screenshot(page, '10-phone-navbar', false);
  });
});
