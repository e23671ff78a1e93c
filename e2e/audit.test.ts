import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { createOwnStaff, signIn } from './session.ts';

const baseUrl = inject('baseUrl');
const admin = inject('admin');

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Seals until the page shows the chain verified (a transaction open at that instant defers the seal). */
async function sealNow(page: Page) {
  const verified = page.getByTestId('audit-verified-line');
  const settled = verified.or(page.getByTestId('audit-chain-empty'));
  for (let attempt = 0; attempt < 5; attempt++) {
    const sealed = page.waitForResponse((response) => response.url().endsWith('/api/v1/audit/seal'));
    const reverified = page.waitForResponse((response) => response.url().includes('/api/v1/audit/verify'));
    await page.getByTestId('seal-now').click();
    expect((await sealed).status()).toBe(200);
    await reverified;
    await page.getByTestId('seal-now').and(page.locator(':not([data-loading])')).waitFor();
    await settled.waitFor();
    if (await verified.isVisible()) return verified;
  }
  return verified;
}

describe('the audit log page', () => {
  it('lists the entries, filters them, and shows the chain verified after "Sceller maintenant"', async () => {
    const { page } = await signIn(browser, admin, { width: 1280 });
    await page.getByRole('link', { name: 'Journal d’audit' }).click();
    await page.waitForURL(/\/audit$/);
    await page.getByTestId('audit-row').first().waitFor();

    const verified = await sealNow(page);
    await expect.poll(() => verified.textContent()).toMatch(/^Chaîne vérifiée jusqu’au .*\d{4}.*\d\d/);
    await expect.poll(() => page.getByTestId('audit-latest-hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await screenshot(page, '40-audit-verified-1280', false);

    // Filters: a record type narrows the list; an id that is not a UUID is refused beside its field.
    const total = await page.getByTestId('audit-total').textContent();
    await page.getByRole('combobox', { name: 'Type d’élément' }).fill('customer_vehicle');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.url()).toContain('entity=customer_vehicle');
    await expect.poll(() => page.getByTestId('audit-total').textContent()).not.toBe(total);
    const entities = await page
      .getByTestId('audit-row')
      .locator('td:nth-child(3) p:first-child')
      .allTextContents();
    expect(entities.length).toBeGreaterThan(0);
    expect(new Set(entities)).toEqual(new Set(['customer_vehicle']));
    await page.getByLabel('Identifiant de l’élément').fill('pas-un-uuid');
    await page.getByText('Identifiant invalide').waitFor();
    await screenshot(page, '41-audit-filter-error-1280', false);
  });

  it('works on a phone', async () => {
    const { page } = await signIn(browser, admin, { width: 390 });
    await page.goto(`${baseUrl}/audit`);
    await page.getByTestId('audit-row').first().waitFor();
    await sealNow(page);
    await page.getByTestId('audit-verified-line').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '42-audit-verified-390');
  });

  it('names the first bad entry in a red alert when verification fails', async () => {
    const { page } = await signIn(browser, admin, { width: 1280 });
    const entryId = '01a230f5-8845-7760-92e5-254bf6969085';
    await page.route('**/api/v1/audit/verify', (route) =>
      route.fulfill({
        json: {
          ok: false,
          verified_up_to: '2026-11-30T14:05:09.000Z',
          blocks_checked: 41,
          entries_checked: 1234,
          unsealed_entries: 2,
          latest_block: null,
          failure: {
            kind: 'altered',
            block_no: 42,
            entry_id: entryId,
            message: `Entry ${entryId} in block 42 was altered`,
          },
        },
      }),
    );
    await page.goto(`${baseUrl}/audit`);
    const alert = page.getByTestId('audit-chain-failure');
    await alert.getByText(`L’entrée ${entryId} (bloc n° 42) a été modifiée après son scellement.`).waitFor();
    await alert.getByText('Journal d’audit altéré').waitFor();
    await screenshot(page, '43-audit-tampered-1280', false);
  });

  it('is not offered to staff, and refuses them', async () => {
    const member = await createOwnStaff('audit');
    const { page } = await signIn(browser, member, { width: 1280 });
    expect(await page.getByRole('link', { name: 'Journal d’audit' }).count()).toBe(0);
    await page.goto(`${baseUrl}/audit`);
    await page.getByText('Vous n’avez pas les droits nécessaires pour cette action.').first().waitFor();
  });
});
