import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, signIn } from './session.ts';

const baseUrl = inject('baseUrl');
const admin = inject('admin');

let browser: Browser;
let staff: Credentials;

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('catalog');
});

afterAll(async () => {
  await browser?.close();
});

describe('the catalogue in the browser', () => {
  it('staff add a product in dollars, find it without its accents, and archive it; it works on a phone', async () => {
    // A SKU already taken answers 409, on purpose.
    const { page, errors } = await signIn(browser, staff, { expectedErrorStatuses: [409] });
    await page.getByTestId('nav-catalog').click();
    await page.waitForURL(/\/catalog$/);
    await page.getByRole('heading', { name: 'Catalogue' }).waitFor();

    await page.getByTestId('new-product').click();
    const form = page.getByTestId('product-form');
    await form.getByLabel('Code (SKU)').fill('EQ-E2E-1');
    await form.getByLabel(/^Nom( \*)?$/).fill('Équilibrage de précision');
    await form.getByLabel('Catégorie').fill('Pneus');
    // Not an amount: said beside the field, nothing sent.
    await form.getByLabel(/^Prix( \*)?$/).fill('89,9,5');
    await form.getByTestId('save-product').click();
    await form.getByText('Montant invalide (p. ex. 12,50)').waitFor();
    await form.getByLabel(/^Prix( \*)?$/).fill('89,95');
    await form.getByRole('button', { name: 'Ajouter un niveau de prix' }).click();
    await form.getByLabel('Niveau de prix').fill('flotte');
    await form.getByLabel('Prix pour ce niveau').fill('79.95');
    await form.getByTestId('save-product').click();
    await form.waitFor({ state: 'detached' });

    // Found by a search typed without accents nor capitals; the search stays in the address.
    await page.getByTestId('catalog-search').fill('equilibrage precision');
    await page.waitForURL(/q=equilibrage\+precision/);
    const row = page.getByTestId('product-row').filter({ hasText: 'EQ-E2E-1' });
    await row.waitFor();
    // The list keeps the previous page until the search answers: wait for it to narrow.
    await expect.poll(() => page.getByTestId('product-row').count(), { timeout: 15_000 }).toBe(1);
    await row.getByText('89,95\u00a0$').waitFor();
    await screenshot(page, '40-catalog-search');
    await page.reload();
    await page.getByTestId('product-row').filter({ hasText: 'Équilibrage de précision' }).waitFor();

    // The same SKU in other letters: the server's refusal lands beside the field.
    await page.getByTestId('new-product').click();
    await form.getByLabel('Code (SKU)').fill('eq-e2e-1');
    await form.getByLabel(/^Nom( \*)?$/).fill('Doublon');
    await form.getByLabel(/^Prix( \*)?$/).fill('10');
    await form.getByTestId('save-product').click();
    await form.getByText('Ce code (SKU) appartient déjà à un autre produit').waitFor();
    await screenshot(page, '41-catalog-sku-taken');
    await form.getByRole('button', { name: 'Annuler' }).click();
    await form.waitFor({ state: 'detached' });

    // The saved prices come back in cents and read as typed.
    await row.click();
    await expect.poll(() => form.getByLabel(/^Prix( \*)?$/).inputValue()).toBe('89,95');
    expect(await form.getByLabel('Prix pour ce niveau').inputValue()).toBe('79,95');

    // On a phone: cards, nothing wider than the screen.
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/catalog?q=equilibrage`);
    await phone.getByTestId('product-row').filter({ hasText: 'EQ-E2E-1' }).waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, '42-catalog-phone');
    await phone.close();

    // Archived: out of the list.
    await form.getByTestId('archive-product').click();
    await page
      .getByRole('dialog', { name: 'Archiver ce produit ?' })
      .getByRole('button', { name: 'Archiver' })
      .click();
    await page.getByTestId('catalog-empty').waitFor();

    // One click to English.
    await page.getByTestId('language-switch').click();
    await page.getByText('No product matches this search.').waitFor();
    await page.getByTestId('language-switch').click();
    expect(errors).toEqual([]);
  });

  it('an admin creates a promo code and deactivates it; staff are not offered the page', async () => {
    const { page, errors } = await signIn(browser, admin);
    await page.getByTestId('nav-promo-codes').click();
    await page.waitForURL(/\/promo-codes$/);
    await page.getByRole('heading', { name: 'Codes promo' }).waitFor();
    await page.getByTestId('new-promo-code').click();
    const form = page.getByTestId('promo-code-form');
    await form.getByLabel(/^Code( \*)?$/).fill('e2e-ete15');
    await form.getByLabel('Description').fill('Été : 15 %');
    await form.getByLabel('Rabais (%)').fill('150');
    await form.getByTestId('save-promo-code').click();
    await form.getByText('Un pourcentage de 0,01 à 100').waitFor();
    await form.getByLabel('Rabais (%)').fill('15');
    await form.getByLabel('Achat minimum').fill('20,00');
    await form.getByLabel('Utilisations maximum').fill('50');
    await form.getByTestId('save-promo-code').click();
    await form.waitFor({ state: 'detached' });

    const row = page.getByTestId('promo-code-row').filter({ hasText: 'E2E-ETE15' });
    await row.getByText('Actif').waitFor();
    await row.getByText('0 sur 50').waitFor();
    await row.getByText('15\u00a0%', { exact: true }).waitFor();
    await row.getByText('dès 20,00\u00a0$').waitFor();
    await screenshot(page, '43-promo-codes');
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/promo-codes?q=e2e`);
    await phone
      .getByTestId('promo-code-row')
      .filter({ hasText: 'E2E-ETE15' })
      .getByText('0 sur 50')
      .waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, '44-promo-codes-phone');
    await phone.close();

    await row.getByRole('button', { name: 'Actions pour E2E-ETE15' }).click();
    await page.getByRole('menuitem', { name: 'Désactiver' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Désactiver' }).click();
    await row.getByText('Désactivé').waitFor();
    expect(errors).toEqual([]);

    const staffWindow = await signIn(browser, staff);
    await staffWindow.page.getByTestId('nav-catalog').waitFor();
    expect(await staffWindow.page.getByTestId('nav-promo-codes').count()).toBe(0);
    await staffWindow.page.goto(`${baseUrl}/promo-codes`);
    await staffWindow.page.getByTestId('admin-only').waitFor();
  });
});
