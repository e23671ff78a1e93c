import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pdfText, squeeze } from '../server/test/pdf.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, signIn } from './session.ts';

const baseUrl = inject('baseUrl');
const admin = inject('admin');

let browser: Browser;
let staff: Credentials;

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('settings');
});

afterAll(async () => {
  await browser?.close();
});

describe('the company settings in the browser', () => {
  it('an admin fills in the company; a bad QST number is said beside its field; it works on a phone', async () => {
    // The refused save answers 400, on purpose.
    const { page, errors } = await signIn(browser, admin, { expectedErrorStatuses: [400] });
    await page.getByTestId('nav-settings-company').click();
    await page.waitForURL(/\/settings\/company$/);
    await page.getByRole('heading', { name: 'Entreprise', level: 1 }).waitFor();
    const form = page.getByTestId('company-settings-form');

    await form.getByLabel(/^Nom( \*)?$/).fill('Garage Côté & Fils');
    await form.getByLabel('Raison sociale').fill('Garage Côté et Fils inc.');
    await form.getByLabel('Adresse', { exact: true }).fill('123, rue Principale');
    await form.getByLabel('Ville').fill('Lévis');
    await form.getByLabel('Code postal').fill('g6v1a1');
    await form.getByLabel('Numéro de TPS/TVH').fill('123456789 RT 0001');
    await form.getByLabel('Numéro de TVQ').fill('12345 TQ0001');
    await form.getByLabel('Pied de page (français)').fill('Merci de votre confiance!');
    await form.getByTestId('company-settings-save').click();
    await form.getByText('Numéro de TVQ attendu, p. ex. 1234567890 TQ0001').waitFor();
    await screenshot(page, '50-company-settings-error');

    await form.getByLabel('Numéro de TVQ').fill('1234567890 TQ 0001');
    await form.getByTestId('company-settings-save').click();
    await page.getByText('Enregistré').first().waitFor();

    // Saved as documents print them, and read back after a reload.
    await page.reload();
    await expect.poll(() => form.getByLabel('Code postal').inputValue()).toBe('G6V 1A1');
    expect(await form.getByLabel('Numéro de TPS/TVH').inputValue()).toBe('123456789 RT0001');
    expect(await form.getByLabel('Numéro de TVQ').inputValue()).toBe('1234567890 TQ0001');
    expect(await form.getByTestId('company-tax-profile').inputValue()).toBe(
      'Québec — TPS 5 % et TVQ 9,975 %',
    );
    await screenshot(page, '51-company-settings');

    // A draft invoice's PDF, opened from its page, is issued by the company just saved.
    const customers = await page.request.get(`${baseUrl}/api/v1/customers?per_page=1`);
    const customerId = (await customers.json()).data[0].id as string;
    const created = await page.request.post(`${baseUrl}/api/v1/invoices`, {
      data: {
        customer_id: customerId,
        lines: [{ description: 'Vidange d’huile', quantity: '1', unit_price_cents: 8_995 }],
      },
    });
    expect(created.status()).toBe(201);
    const invoiceId = (await created.json()).id as string;
    await page.goto(`${baseUrl}/invoices/${invoiceId}`);
    const [viewer] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('invoice-pdf').click()]);
    expect(viewer.url()).toBe(`${baseUrl}/api/v1/invoices/${invoiceId}/pdf`);
    await viewer.close();
    const pdf = await page.request.get(`${baseUrl}/api/v1/invoices/${invoiceId}/pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = squeeze(await pdfText(await pdf.body()));
    expect(text).toContain('Garage Côté & Fils');
    expect(text).toContain('N° TVQ 1234567890 TQ0001');
    expect(text).toContain('BROUILLON');
    await page.goto(`${baseUrl}/settings/company`);

    // The logo: a file that is not an image is refused beside the field, a PNG shows in the preview.
    const logoCard = page.getByTestId('company-logo');
    await logoCard.getByTestId('company-logo-none').waitFor();
    const logoInput = logoCard.locator('input[type="file"]');
    await logoInput.setInputFiles({ name: 'logo.txt', mimeType: 'text/plain', buffer: Buffer.from('logo') });
    await logoCard.getByText('Choisissez une image PNG, JPEG ou WebP.').waitFor();
    const png = await sharp({ create: { width: 240, height: 80, channels: 3, background: '#1c64d1' } })
      .png()
      .toBuffer();
    await logoInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    const preview = logoCard.getByTestId('company-logo-preview');
    await preview.waitFor();
    await expect.poll(() => preview.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(240);
    expect(await logoCard.getByTestId('company-logo-error').count()).toBe(0);
    await screenshot(page, '53-company-logo-1280');

    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/settings/company`);
    await phone.getByTestId('company-settings-form').waitFor();
    await phone.getByTestId('company-logo-preview').waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, '52-company-settings-phone');
    await phone.close();
    expect(errors).toEqual([]);
  });

  it('staff are not offered the page, and are told it is for administrators', async () => {
    const { page, errors } = await signIn(browser, staff);
    expect(await page.getByTestId('nav-settings-company').count()).toBe(0);
    await page.goto(`${baseUrl}/settings/company`);
    await page.getByTestId('admin-only').waitFor();
    expect(errors).toEqual([]);
  });
});
