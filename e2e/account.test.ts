import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser.ts';
import { openWindow, submitSignIn } from './session.ts';
import { totpFromUri } from './totp.ts';

const baseUrl = inject('baseUrl');
const staff = inject('staff');

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('account and forms in the browser', () => {
  it('shows server validation errors next to their field, switches language, and turns on 2FA', async () => {
    const { context, page } = await openWindow(browser);

    await page.goto(`${baseUrl}/sign-in`);
    await submitSignIn(page, { email: staff.email, password: 'not-the-password-at-all' });
    await page.getByTestId('sign-in-error').getByText('Courriel ou mot de passe incorrect.').waitFor();
    await submitSignIn(page, staff);
    await page.waitForURL(/\/customers$/);

    // New customer: the server's field errors land beside their fields, in French.
    await page.getByTestId('new-customer').click();
    const form = page.getByTestId('new-customer-form');
    await form.getByLabel('Prénom').fill('Zoé');
    await form.getByLabel('Nom', { exact: true }).fill('Lafleur');
    await form.getByLabel('Téléphone').fill('123');
    await form.getByLabel('Matricule').fill('nope');
    await form.getByRole('button', { name: 'Nouveau client' }).click();
    await form.getByText('Numéro de téléphone invalide').waitFor();
    await form.getByText('Le matricule doit avoir la forme XX-123-XX').waitFor();
    await screenshot(page, '20-new-customer-errors');
    await form.getByLabel('Téléphone').fill('514 555-0199');
    await form.getByLabel('Matricule').fill('ZL-555-QC');
    await form.getByRole('button', { name: 'Nouveau client' }).click();
    await page.getByTestId('customer-name').getByText('Zoé Lafleur').waitFor();

    // Addresses: a bad postal code and a delivery window that ends before it starts, shown inline.
    await page.getByRole('tab', { name: 'Adresses' }).click();
    await page.getByTestId('add-addresses').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Adresse/).fill('1234, rue Saint-Denis');
    await dialog.getByLabel('Ville').fill('Montréal');
    await dialog.getByLabel('Code postal').fill('ZZZ 999');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('Code postal canadien invalide (A1A 1A1)').waitFor();
    await dialog.getByLabel('Code postal').fill('h2x1y4');
    await dialog.getByRole('button', { name: 'Ajouter une plage' }).click();
    await dialog.getByLabel('De', { exact: true }).fill('17:00');
    await dialog.getByLabel('À', { exact: true }).fill('08:00');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('La fin doit suivre le début').waitFor();
    await screenshot(page, '24-address-errors');
    await dialog.getByLabel('À', { exact: true }).fill('18:00');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByTestId('addresses-list').getByText('H2X 1Y4', { exact: false }).waitFor();
    await page.getByTestId('addresses-list').getByText('lun. 17:00–18:00', { exact: false }).waitFor();

    // Vehicles: a VIN with a wrong check digit is refused beside the field.
    await page.getByRole('tab', { name: 'Véhicules' }).click();
    await page.getByTestId('add-vehicles').click();
    await dialog.getByLabel('Marque').fill('Toyota');
    await dialog.getByLabel('Modèle').fill('Corolla');
    await dialog.getByLabel('NIV').fill('1HGCM82633A004353');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('NIV invalide', { exact: false }).waitFor();
    await dialog.getByLabel('NIV').fill('');
    await dialog.getByLabel('Plaque').fill('f12 abc');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByTestId('vehicles-list').getByText('F12ABC').waitFor();
    await screenshot(page, '25-vehicles');

    // One click to English, remembered across a reload.
    await page.getByTestId('language-switch').click();
    await page.getByRole('tab', { name: 'Consents' }).waitFor();
    await page.reload();
    await page.getByRole('tab', { name: 'Activity' }).waitFor();
    await screenshot(page, '21-english-360');
    await page.getByTestId('language-switch').click();
    await page.getByRole('tab', { name: 'Activité' }).waitFor();

    // Security: turn on two-step verification with an authenticator code.
    await page.goto(`${baseUrl}/security`);
    await page.getByLabel('Confirmez votre mot de passe').fill(staff.password);
    await page.getByRole('button', { name: 'Activer' }).click();
    const uri = (await page.getByTestId('totp-uri').textContent()) ?? '';
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    // The same address as a QR code to scan.
    const qr = page.getByTestId('totp-qr').locator('svg');
    await qr.waitFor();
    expect(await qr.locator('title').textContent()).toBe(
      'Code QR du compte pour l’application d’authentification',
    );
    expect((await qr.locator('path').last().getAttribute('d'))?.length).toBeGreaterThan(500);
    expect(await page.getByTestId('backup-codes').locator('code').count()).toBeGreaterThan(0);
    await screenshot(page, '22-security-setup');
    await page.getByTestId('totp-input').locator('input').first().click();
    await page.keyboard.type(totpFromUri(uri));
    await page.getByTestId('two-factor-status').getByText('Activée', { exact: true }).waitFor();

    // Signing in again now asks for the code.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in/);
    await submitSignIn(page, staff);
    await page.getByText('Vérification en deux étapes').waitFor();
    await screenshot(page, '23-sign-in-totp');
    await page.getByTestId('totp-input').locator('input').first().click();
    await page.keyboard.type(totpFromUri(uri));
    await page.waitForURL(/\/customers$/);
    await context.close();
  });
});
