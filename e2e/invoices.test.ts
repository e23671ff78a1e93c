import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createProduct } from '../server/src/modules/billing/index.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { updateCreditProfile } from '../server/src/modules/finances/credit-profile.service.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, signIn } from './session.ts';

const baseUrl = inject('baseUrl');
const admin = inject('admin');

let browser: Browser;
let staff: Credentials;
/** A fleet customer: the catalog's "flotte" price applies to them. */
let fleetId: string;
/** A customer with a 100 $ credit limit. */
let tightId: string;

/** expect.poll waits 1 s by default: too short for a page that loads its chunk on a busy machine. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

/** French amounts are spaced with no-break spaces: compared as plain spaces. */
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');
const textOf = async (page: Page, testId: string) =>
  plain(await page.getByTestId(testId).first().textContent());

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('invoices');
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  const ctx = { db: database.db, actor: systemActor, clock: systemClock };
  try {
    const fleet = await createCustomer(ctx, { kind: 'company', company_name: 'Atelier Bégin inc.' });
    await updateCreditProfile(ctx, fleet.id, { price_level: 'flotte' });
    fleetId = fleet.id;
    const tight = await createCustomer(ctx, { kind: 'individual', first_name: 'Luc', last_name: 'Serré' });
    await updateCreditProfile(ctx, tight.id, { credit_limit_cents: 10_000 });
    tightId = tight.id;
    await createProduct(ctx, {
      sku: 'PNEU-POSE-4',
      name: 'Pose de quatre pneus',
      category: 'Pneus',
      price_cents: 10_000,
      prices: { flotte: 9_000 },
      currency: 'CAD',
      taxable: true,
      unit: 'each',
    });
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

/** Picks an option of a searchable select by typing part of it. */
async function pick(page: Page, testId: string, typed: string, option: string | RegExp) {
  await page.getByTestId(testId).fill(typed);
  await page.getByRole('option', { name: option }).click();
}

describe('invoices in the browser', () => {
  it('staff build an invoice from the catalog with a promo code, see GST and QST live, and finalize it', async () => {
    // The admin makes the promo code: 10 % off.
    const adminWindow = await signIn(browser, admin);
    await adminWindow.page.goto(`${baseUrl}/promo-codes`);
    await adminWindow.page.getByTestId('new-promo-code').click();
    const promoForm = adminWindow.page.getByTestId('promo-code-form');
    await promoForm.getByLabel(/^Code( \*)?$/).fill('e2e-fact10');
    await promoForm.getByLabel('Rabais (%)').fill('10');
    await promoForm.getByTestId('save-promo-code').click();
    await promoForm.waitFor({ state: 'detached' });
    await adminWindow.context.close();

    const { page, errors } = await signIn(browser, staff);
    await page.getByTestId('nav-invoices').click();
    await page.waitForURL(/\/invoices$/);
    await page.getByRole('heading', { name: 'Factures' }).waitFor();
    await page.getByTestId('invoice-total').waitFor();
    await screenshot(page, '79-invoice-list-start');

    // "n" starts a new invoice.
    await page.keyboard.press('n');
    await page.waitForURL(/\/invoices\/new$/);
    await pick(page, 'invoice-customer', 'Atelier Bég', 'Atelier Bégin inc.');
    await page.getByTestId('invoice-customer-terms').getByText('Niveau de prix : flotte').waitFor();

    // From the catalog, by a word without its accent: the fleet price, 90 $, not 100 $.
    await pick(page, 'product-picker', 'pose pneus', /Pose de quatre pneus/);
    await eventually(() => page.getByTestId('line-0-unit_price_cents').inputValue()).toBe('90,00');
    expect(await page.getByTestId('line-0-description').inputValue()).toBe('Pose de quatre pneus');

    // A quantity of 0 is refused beside the field, as you type; 2 is fine.
    await page.getByTestId('line-0-quantity').fill('0');
    await page.getByText('Une quantité plus grande que 0, 3 décimales au plus (p. ex. 1,5)').waitFor();
    await page.getByTestId('line-0-quantity').fill('2');
    await eventually(() => textOf(page, 'line-0-total')).toBe('180,00 $');

    // A free line, not taxable.
    await page.getByTestId('add-free-line').click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('line-1-description');
    await page.keyboard.type('Frais environnementaux');
    await page.getByTestId('line-1-unit_price_cents').fill('4,50');
    await page.getByTestId('line-1-taxable').uncheck();

    // The promo code, checked as typed; then the totals with GST and QST each on its line.
    await page.getByTestId('promo-code').fill('e2e-fact10');
    await page.getByTestId('promo-message').getByText('Code valide : rabais de 18,45 $.').waitFor();
    await eventually(() => textOf(page, 'total-total')).toBe('190,31 $');
    expect(await textOf(page, 'total-subtotal')).toBe('184,50 $');
    expect(await textOf(page, 'total-promo')).toBe('−18,45 $');
    expect(await textOf(page, 'total-tax-GST')).toBe('8,10 $');
    expect(await textOf(page, 'total-tax-QST')).toBe('16,16 $');
    const totals = page.getByTestId('invoice-totals');
    await totals.getByText('TPS (5 %)').waitFor();
    await totals.getByText('TVQ (9,975 %)').waitFor();
    await screenshot(page, '80-invoice-editor');

    // Saved as a draft: it gets its own address, and the server's totals are the same.
    await page.getByTestId('save-invoice').click();
    await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    const draftUrl = page.url();
    await page.getByRole('heading', { name: 'Facture en préparation' }).waitFor();
    await eventually(() => textOf(page, 'total-total')).toBe('190,31 $');
    expect(await page.getByTestId('line-1-description').inputValue()).toBe('Frais environnementaux');

    // On a phone: one card per line, nothing wider than the screen.
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(draftUrl);
    await phone.getByTestId('invoice-line').nth(1).waitFor();
    await expect
      .poll(async () => plain(await phone.getByTestId('total-total').textContent()))
      .toBe('190,31 $');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, '81-invoice-editor-phone');

    // Finalized after confirming: numbered, open, read-only.
    await page.getByTestId('finalize-invoice').click();
    await page.getByTestId('finalize-modal').getByText('Le code promo E2E-FACT10 sera utilisé.').waitFor();
    await page.getByTestId('confirm-finalize').click();
    await page.getByTestId('invoice-view').waitFor();
    await page.getByText(/Facture INV-\d{6} émise\./).waitFor();
    const number = (await page.getByTestId('invoice-number').textContent()) ?? '';
    expect(number).toMatch(/^INV-\d{6}$/);
    expect(await page.getByTestId('invoice-view').getByTestId('invoice-status').textContent()).toBe(
      'Ouverte',
    );
    expect(await textOf(page, 'total-total')).toBe('190,31 $');
    expect(await textOf(page, 'total-balance')).toBe('190,31 $');
    expect(await page.getByTestId('invoice-editor').count()).toBe(0);
    await screenshot(page, '82-invoice-view');
    // One click to English: statuses, taxes and amounts in its forms.
    await page.getByTestId('language-switch').click();
    await page.getByTestId('invoice-view').getByText('Open', { exact: true }).waitFor();
    await page.getByTestId('invoice-totals').getByText('GST (5%)').waitFor();
    expect(await textOf(page, 'total-tax-QST')).toBe('$16.16');
    await page.getByTestId('language-switch').click();
    await page.getByTestId('invoice-view').getByText('Ouverte', { exact: true }).waitFor();
    await phone.goto(draftUrl);
    await phone.getByTestId('invoice-number').getByText(number).waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, '83-invoice-view-phone');

    // In the list, filtered by its number (kept in the address), and on a phone.
    await page.goto(`${baseUrl}/invoices`);
    await page.getByTestId('invoice-search').fill(number);
    await page.waitForURL(new RegExp(`q=${number}`));
    const row = page.getByTestId('invoice-row').filter({ hasText: number });
    await row.getByText('Ouverte').waitFor();
    await row.getByText('Atelier Bégin inc.').waitFor();
    // The list settles on the search's one row (the unfiltered page may still show a moment before).
    await expect.poll(() => page.getByTestId('invoice-row').count()).toBe(1);
    await screenshot(page, '84-invoice-list');
    await phone.goto(`${baseUrl}/invoices`);
    await phone.getByTestId('invoice-row').filter({ hasText: number }).waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, '85-invoice-list-phone');
    await phone.close();

    // Enter on a row opens it.
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('invoice-view').waitFor();

    // The customer's 360 shows the balance in its header and the invoice on its Finances tab.
    await page.getByTestId('invoice-customer-link').click();
    await page.waitForURL(new RegExp(`/customers/${fleetId}`));
    await eventually(() => textOf(page, 'header-balance')).toContain('190,31 $');
    await page.getByTestId('header-balance').click();
    await page.getByTestId('customer-invoices').getByText(number).waitFor();
    await screenshot(page, '87-customer-360-invoices');
    const phone360 = await page.context().newPage();
    await phone360.setViewportSize({ width: 390, height: 844 });
    await phone360.goto(`${baseUrl}/customers/${fleetId}?tab=finances`);
    await phone360.getByTestId('customer-invoices').getByText(number).waitFor();
    expect(await horizontalOverflow(phone360)).toBeLessThanOrEqual(0);
    await screenshot(phone360, '88-customer-360-invoices-phone');
    await phone360.close();
    expect(errors).toEqual([]);
  });

  it('over the credit limit, finalizing is refused; an admin overrides it', async () => {
    // A description too long (400) and the refusal (422), on purpose.
    const { page, errors } = await signIn(browser, admin, { expectedErrorStatuses: [400, 422] });
    await page.goto(`${baseUrl}/customers/${tightId}?tab=finances`);
    await page.getByTestId('customer-new-invoice').click();
    await page.waitForURL(/\/invoices\/new\?customer_id=/);
    await page.getByTestId('invoice-customer-terms').waitFor();
    expect(await page.getByTestId('invoice-customer').inputValue()).toBe('Luc Serré');

    // A line left blank is dropped; the server's refusal of the next one lands on its row.
    await page.getByTestId('add-free-line').click();
    await page.getByTestId('add-free-line').click();
    await page.getByTestId('line-1-description').fill('x'.repeat(2_001));
    await page.getByTestId('line-1-unit_price_cents').fill('200');
    await page.getByTestId('save-invoice').click();
    await page.getByText('Au plus 2 000 caractères').waitFor();
    expect(await page.getByTestId('line-1-description').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('line-0-description').getAttribute('aria-invalid')).not.toBe('true');
    await screenshot(page, '89-invoice-field-error', false);
    await page.getByTestId('line-1-description').fill('Réparation de carrosserie');
    await eventually(() => textOf(page, 'total-total')).toBe('229,95 $');
    // Leaving with changes not saved asks first.
    await page.getByTestId('nav-invoices').click();
    const leave = page.getByRole('dialog', { name: 'Quitter sans enregistrer ?' });
    await leave.getByRole('button', { name: 'Rester' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(page.url()).toMatch(/\/invoices\/new\?customer_id=/);
    // Finalize saves the draft first, then asks.
    await page.getByTestId('finalize-invoice').click();
    await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    const modal = page.getByTestId('finalize-modal');
    await modal.getByTestId('confirm-finalize').click();
    await modal
      .getByTestId('credit-limit-exceeded')
      .getByText('Limite : 100,00 $', { exact: false })
      .waitFor();
    expect(await modal.getByTestId('confirm-finalize').isDisabled()).toBe(true);
    await screenshot(page, '86-invoice-credit-limit', false);
    await modal.getByTestId('override-credit-limit').check();
    await modal.getByRole('button', { name: 'Finaliser malgré la limite' }).click();
    await page.getByTestId('invoice-view').waitFor();
    expect(await page.getByTestId('invoice-number').textContent()).toMatch(/^INV-\d{6}$/);
    expect(errors).toEqual([]);
  });
});
