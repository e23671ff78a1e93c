import { readFile } from 'node:fs/promises';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { issueInvoice } from './billing-api.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, signIn } from './session.ts';

const baseUrl = inject('baseUrl');
const admin = inject('admin');

let browser: Browser;
let staff: Credentials;
let customerId: string;
const customerName = 'Transport Rivard inc.';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** A day in Montréal, YYYY-MM-DD, `offset` days from today. */
function montrealDay(offset = 0): string {
  const day = new Date(Date.now() + offset * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' }).format(day);
}

/** Clicks what downloads a file; its name and text. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download]: [Download, unknown] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('reports');
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
    const customer = await createCustomer(
      { db: database.db, actor: systemActor, clock: systemClock },
      { kind: 'company', company_name: customerName },
    );
    customerId = customer.id;
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

describe('receivables and sales taxes in the browser', () => {
  let invoiceNumber: string;

  it('staff see the customer with its balance in the receivables, sort them, and download them as CSV', async () => {
    const { page, errors } = await signIn(browser, staff);
    // 250,00 taxable: GST 12,50, QST 24,94.
    invoiceNumber = (
      await issueInvoice(page, customerId, [
        { description: 'Entretien de flotte', quantity: '1', unit_price_cents: 25_000 },
      ])
    ).number;
    // The sales-tax report is for admins only: not offered to staff.
    expect(await page.getByTestId('nav-reports-sales-taxes').count()).toBe(0);

    await page.getByTestId('nav-receivables').click();
    await page.waitForURL(/\/receivables$/);
    await page.getByRole('heading', { name: 'Comptes clients', level: 1 }).waitFor();
    const row = page.getByTestId('receivable-row').filter({ hasText: customerName });
    await eventually(async () => plain(await row.getByTestId('receivable-balance').textContent())).toBe(
      '287,44 $',
    );
    await page.getByTestId('receivables-totals').waitFor();
    await page
      .getByTestId('aging-chart')
      .locator('.recharts-bar-rectangle')
      .filter({ visible: true })
      .first()
      .waitFor();
    await screenshot(page, '101-receivables');
    // One click to English: the page and its amounts in its forms.
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Receivables', level: 1 }).waitFor();
    expect(plain(await row.getByTestId('receivable-balance').textContent())).toBe('$287.44');
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Comptes clients', level: 1 }).waitFor();

    // Sorted by name, kept in the address.
    await page.getByTestId('receivables-sort').click();
    await page.getByRole('option', { name: 'Nom' }).click();
    await page.waitForURL(/sort=name/);

    // Every row as CSV, today.
    const today = await downloaded(page, () => page.getByTestId('receivables-csv').click());
    expect(today.name).toBe('comptes-clients-aujourdhui.csv');
    expect(today.text).toContain(customerName);
    expect(today.text).toContain('287.44');

    // As of yesterday the invoice did not exist: the customer is not there, in the page nor the CSV.
    const yesterday = montrealDay(-1);
    await page.getByTestId('receivables-as-of').fill(yesterday);
    await page.waitForURL(new RegExp(`as_of=${yesterday}`));
    await eventually(() => row.count()).toBe(0);
    const before = await downloaded(page, () => page.getByTestId('receivables-csv').click());
    expect(before.name).toBe(`comptes-clients-${yesterday}.csv`);
    expect(before.text).not.toContain(customerName);

    // A row leads to the customer's finances.
    await page.getByTestId('receivables-as-of').fill('');
    await row.getByRole('link', { name: customerName }).click();
    await page.waitForURL(new RegExp(`/customers/${customerId}\\?tab=finances`));

    // On a phone: one card per customer.
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/receivables`);
    await phone.getByTestId('receivable-row').filter({ hasText: customerName }).waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, '102-receivables-phone');
    await phone.close();
    expect(errors).toEqual([]);
  });

  it('an admin reads the GST and QST of this quarter, month by month, down to the invoice, and downloads them', async () => {
    const { page, errors } = await signIn(browser, admin);
    await page.getByTestId('nav-reports-sales-taxes').click();
    await page.waitForURL(/\/reports\/sales-taxes$/);
    expect(await page.getByTestId('sales-taxes-preset').inputValue()).toBe('Trimestre dernier');
    await page.getByTestId('sales-taxes-preset').click();
    await page.getByRole('option', { name: 'Ce trimestre' }).click();
    await page.waitForURL(/from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}/);
    const from = new URL(page.url()).searchParams.get('from')!;
    const to = new URL(page.url()).searchParams.get('to')!;
    await page.getByTestId('sales-tax-chart').waitFor();

    // This month's row opens on its documents; the invoice is there with its taxes, linked.
    const month = new Intl.DateTimeFormat('fr-CA', { month: 'long', timeZone: 'America/Montreal' }).format(
      new Date(),
    );
    await page
      .getByTestId('sales-tax-month')
      .filter({ hasText: new RegExp(month, 'i') })
      .click();
    const document = page.getByTestId('tax-document').filter({ hasText: invoiceNumber });
    await document.waitFor();
    const cells = plain(await document.textContent());
    expect(cells).toContain('250,00 $');
    expect(cells).toContain('12,50 $');
    expect(cells).toContain('24,94 $');
    expect(cells).toContain(customerName);
    await screenshot(page, '103-sales-taxes');

    const csv = await downloaded(page, () => page.getByTestId('sales-taxes-csv').click());
    expect(csv.name).toBe(`taxes-${from}-${to}.csv`);
    expect(csv.text).toContain(invoiceNumber);

    await document.getByTestId('tax-document-link').click();
    await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    await page.getByTestId('invoice-number').getByText(invoiceNumber).waitFor();

    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/reports/sales-taxes?from=${from}&to=${to}`);
    await phone
      .getByTestId('sales-tax-month')
      .filter({ hasText: new RegExp(month, 'i') })
      .click();
    await phone.getByTestId('tax-document').filter({ hasText: invoiceNumber }).waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, '104-sales-taxes-phone');
    await phone.close();
    expect(errors).toEqual([]);
  });
});
