import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, signIn } from './session.ts';

const baseUrl = inject('baseUrl');
const admin = inject('admin');
const customerId = inject('customerId');

let browser: Browser;
let staff: Credentials;

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('incidents');
});

afterAll(async () => {
  await browser?.close();
});

describe('the register of confidentiality incidents in the browser', () => {
  it('an admin registers a serious incident, sees the banner, records the CAI notice, and the banner goes', async () => {
    // A refused save answers 400, on purpose.
    const { page, errors } = await signIn(browser, admin, { expectedErrorStatuses: [400] });

    await page.getByTestId('nav-incidents').click();
    await page.waitForURL(/\/privacy\/incidents$/);
    await page.getByRole('heading', { name: 'Registre des incidents de confidentialité' }).waitFor();
    await page.getByTestId('new-incident').click();
    await page.waitForURL(/\/privacy\/incidents\/new$/);

    const form = page.getByTestId('incident-form');
    // The date of the incident through the picker: today, at the default time.
    await form.getByTestId('field-occurred_at').click();
    await page.locator('button[data-today]:not([data-outside])').first().click();
    await page.getByRole('button', { name: 'Valider la date et l’heure' }).click();
    await form.getByTestId('now-discovered_at').click();
    await form
      .getByLabel('Description de l’incident')
      .fill('Un portable non chiffré contenant la liste des clients a été volé.');
    await form.getByLabel('Cause et circonstances').fill('Vol dans un véhicule');
    // Not searchable: its field, not its inner input, takes the click.
    await form.getByLabel('Renseignements personnels visés').click({ force: true });
    await page.getByRole('option', { name: 'Identité' }).click();
    await page.getByRole('option', { name: 'Coordonnées' }).click();
    await page.keyboard.press('Escape');
    await form.getByLabel('Nombre de personnes concernées').fill('120');
    // A customer found by a misspelled name, as in the customer list.
    await form.getByLabel('Clients concernés').fill('Eric Tremblay');
    await page.getByRole('option', { name: 'Éric Tremblé' }).click();
    await form.getByRole('radio', { name: 'Oui' }).check();

    // A serious risk without its reasons: the server's message lands beside the field, in French.
    await form.getByTestId('save-incident').click();
    await form.getByText('Donnez les motifs de la décision', { exact: false }).waitFor();
    await screenshot(page, '30-incident-form-error');
    await form
      .getByLabel('Motifs de l’évaluation')
      .fill(
        'Sensibilité : noms et coordonnées. Conséquences : hameçonnage. Probabilité : élevée (vol ciblé).',
      );
    await form.getByTestId('save-incident').click();

    await page.waitForURL(/\/privacy\/incidents\/[0-9a-f-]{36}$/);
    const number = (await page.getByTestId('incident-number').textContent()) ?? '';
    expect(number).toMatch(/^INC-\d{4}-\d{4}$/);
    const banner = page.getByTestId('unnotified-incidents-banner');
    await banner.getByText(number).waitFor();
    await screenshot(page, '31-incident-serious-banner');

    // The linked customer's timeline says so.
    await page.goto(`${baseUrl}/customers/${customerId}?tab=activity`);
    await page.getByText(`Lié à un incident de confidentialité : ${number}`).first().waitFor();

    // The app shell shows it everywhere an admin goes.
    await page.getByRole('link', { name: 'Clients', exact: true }).first().click();
    await page.waitForURL(/\/customers$/);
    await page.getByTestId('unnotified-incidents-banner').getByText(number).waitFor();
    await screenshot(page, '32-shell-banner', false);

    // The register at desktop width, then as a phone opens it (same session, a 390 px window).
    await page
      .getByTestId('unnotified-incidents-banner')
      .getByRole('link', { name: 'Voir le registre' })
      .click();
    await page.waitForURL(/\/privacy\/incidents\?awaiting_cai_notification=true$/);
    await page.getByTestId('incident-row').filter({ hasText: number }).waitFor();
    await screenshot(page, '33-incident-register');

    // The CSV the CAI asks for: Excel's BOM, French headers, the incident's row.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-incidents').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^registre-incidents-confidentialite-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF"Numéro",')).toBe(true);
    expect(csv).toContain(`"${number}"`);

    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/privacy/incidents`);
    await phone.getByTestId('incident-row').filter({ hasText: number }).waitFor();
    await phone.getByTestId('unnotified-incidents-banner').waitFor();
    await screenshot(phone, '34-incident-register-phone');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.getByTestId('incident-row').filter({ hasText: number }).click();
    await phone.getByTestId('incident-form').waitFor();
    await screenshot(phone, '35-incident-form-phone');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.close();
    await page.getByTestId('incident-row').filter({ hasText: number }).click();
    await form.waitFor();

    // The notice to the CAI: recorded now, status notified. The banner goes.
    await form.getByTestId('now-cai_notified_at').click();
    await form.getByTestId('field-status').click();
    await page.getByRole('option', { name: 'Avisé' }).click();
    await form.getByTestId('save-incident').click();
    await page.getByTestId('incident-status').getByText('Avisé').waitFor();
    await page.getByTestId('unnotified-incidents-banner').waitFor({ state: 'detached' });
    await screenshot(page, '36-incident-notified');
    await page.goto(`${baseUrl}/customers`);
    await page.getByTestId('customer-row').first().waitFor();
    expect(await page.getByTestId('unnotified-incidents-banner').count()).toBe(0);

    // One click to English.
    await page.goto(`${baseUrl}/privacy/incidents`);
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Register of confidentiality incidents' }).waitFor();
    await page.getByTestId('language-switch').click();

    expect(errors).toEqual([]);
  });

  it('is not offered to staff, and the page says it is for administrators', async () => {
    const { page } = await signIn(browser, staff);
    await page.getByRole('navigation').getByText('Clients', { exact: true }).waitFor();
    expect(await page.getByTestId('nav-privacy').count()).toBe(0);
    await page.goto(`${baseUrl}/privacy/incidents`);
    await page.getByTestId('admin-only').waitFor();
    expect(await page.getByTestId('unnotified-incidents-banner').count()).toBe(0);
  });
});
