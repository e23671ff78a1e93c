import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, signIn } from './session.ts';

const baseUrl = inject('baseUrl');
const admin = inject('admin');

let browser: Browser;
let staff: Credentials;
let customerId: string;

/** French amounts are spaced with no-break spaces: compared as plain spaces. */
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('finances');
  // A customer of this file's own: the other files change theirs (archive, anonymize).
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
    const customer = await createCustomer(
      { db: database.db, actor: systemActor, clock: systemClock },
      { kind: 'company', company_name: 'Transports Gagné inc.', email: 'compta@transports-gagne.ca' },
    );
    customerId = customer.id;
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

describe('the Finances tab', () => {
  it('lets staff set the terms and save a payment method, refusing a card number next to its field', async () => {
    const { context, page, errors } = await signIn(browser, staff, { width: 1280 });
    await page.goto(`${baseUrl}/customers/${customerId}`);
    await page.getByRole('tab', { name: 'Finances' }).click();
    await page.waitForURL(/tab=finances/);
    await page.getByTestId('finances-tab').waitFor();
    expect(plain(await page.getByTestId('finances-balance').textContent())).toContain('0,00 $');
    // Billing's invoices feed the aging: none issued yet, so it is shown empty, with a score.
    await page.getByTestId('aging').waitFor();
    await page.getByTestId('credit-score').waitFor();
    // Adjustments are for admins.
    expect(await page.getByTestId('adjustment-form').count()).toBe(0);

    const profile = page.getByTestId('credit-profile-form');
    await profile.getByLabel('Limite de crédit').fill('5 000,50');
    await profile.getByTestId('payment-terms').click();
    await page.getByRole('option', { name: 'Net 15 jours' }).click();
    await profile.getByTestId('credit-profile-save').click();
    await page.getByText('Modifications enregistrées').waitFor();
    await expect
      .poll(async () => plain(await page.getByTestId('finances-limit').textContent()))
      .toContain('5 000,50 $');
    expect(await page.getByTestId('finances-terms').textContent()).toContain('Net 15 jours');
    await screenshot(page, '70-finances-profile');

    await page.getByTestId('add-payment-method').click();
    const form = page.getByTestId('payment-method-form');
    const token = form.getByLabel('Jeton du fournisseur');
    await token.fill('4242 4242 4242 4242');
    const refusal = 'Ceci ressemble à un numéro de carte : il ne peut jamais être enregistré.';
    await form.getByText(refusal, { exact: false }).waitFor();
    expect(await token.getAttribute('aria-invalid')).toBe('true');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    // Still open, nothing saved: the number never left the browser.
    await form.getByText(refusal, { exact: false }).waitFor();
    await screenshot(page, '71-finances-card-number-refused', false);

    await token.fill('pm_1NabcE2Efinances');
    await form.getByLabel('Marque').fill('visa');
    await form.getByLabel('4 derniers chiffres').fill('4242');
    await form.getByLabel('Mois d’expiration').fill('12');
    await form.getByLabel('Année d’expiration').fill('2030');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await form.waitFor({ state: 'detached' });
    const method = page.getByTestId('payment-method').first();
    await method.getByText('Visa •••• 4242').waitFor();
    await method.getByLabel('Par défaut', { exact: true }).waitFor();
    expect(await method.textContent()).toContain('Exp. 12/2030');
    await screenshot(page, '72-finances-payment-method');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an admin adjust the balance, shown in the figures and the history', async () => {
    const { context, page, errors } = await signIn(browser, admin, { width: 1280 });
    await page.goto(`${baseUrl}/customers/${customerId}?tab=finances`);
    const adjustment = page.getByTestId('adjustment-form');
    await adjustment.getByLabel('Montant').fill('125,50');
    await adjustment.getByLabel('Raison').fill('Solde d’ouverture repris de l’ancien système');
    await adjustment.getByTestId('adjustment-submit').click();
    await expect
      .poll(async () => plain(await page.getByTestId('finances-balance').textContent()))
      .toContain('125,50 $');
    const entry = page.getByTestId('ledger-entry').first();
    expect(await entry.getAttribute('data-entry-type')).toBe('adjustment');
    expect(plain(await entry.textContent())).toContain('125,50 $');
    expect(plain(await page.getByTestId('finances-available').textContent())).toContain('4 875,00 $');

    // A second adjustment draws the balance over time.
    await adjustment.getByLabel('Montant').fill('-25');
    await adjustment.getByLabel('Raison').fill('Geste commercial');
    await adjustment.getByTestId('adjustment-submit').click();
    await expect
      .poll(async () => plain(await page.getByTestId('finances-balance').textContent()))
      .toContain('100,50 $');
    await page.getByTestId('balance-chart').locator('.recharts-line').first().waitFor();
    await screenshot(page, '73-finances-adjusted');

    // English one click away.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByText('Balance history').waitFor();
    expect(await page.getByTestId('finances-balance').textContent()).toContain('$100.50');
    // The timeline says the ledger's amounts in the reader's language too.
    await page.getByRole('tab', { name: 'Activity' }).click();
    await page
      .locator('[data-testid="timeline-item"][data-activity-type="finance"]')
      .getByText('Balance adjusted: -$25.00 (balance $100.50)')
      .waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a 375 px phone without horizontal overflow', async () => {
    const { context, page } = await signIn(browser, admin, { width: 375, height: 812 });
    await page.goto(`${baseUrl}/customers/${customerId}?tab=finances`);
    await page.getByTestId('balance-history').waitFor();
    await page.getByTestId('payment-methods').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '74-finances-phone');
    await context.close();
  });
});
