import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { pdfText, squeeze } from '../server/test/pdf.ts';
import { focusedTestId, issueInvoice } from './billing-api.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, signIn } from './session.ts';

const baseUrl = inject('baseUrl');

let browser: Browser;
let staff: Credentials;
let customerId: string;

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');
const textOf = async (page: Page, testId: string) =>
  plain(await page.getByTestId(testId).first().textContent());
const statusOf = (page: Page) => page.getByTestId('invoice-view').getByTestId('invoice-status').first();

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('credit-notes');
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
    const customer = await createCustomer(
      { db: database.db, actor: systemActor, clock: systemClock },
      { kind: 'individual', first_name: 'Nadia', last_name: 'Crédit' },
    );
    customerId = customer.id;
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

describe('credit notes and voids in the browser', () => {
  it('a partial credit of one line, then the rest; each with its PDF', async () => {
    const { page, errors } = await signIn(browser, staff);
    // 4 × 150,00 = 600,00 taxable: GST 30,00, QST 59,85.
    const invoice = await issueInvoice(page, customerId, [
      { description: 'Pneus d’hiver', quantity: '4', unit_price_cents: 15_000 },
    ]);
    await page.goto(`${baseUrl}/invoices/${invoice.id}`);
    await eventually(() => textOf(page, 'total-balance')).toBe('689,85 $');

    // One tire credited: taken from the invoice's line, its quantity changed; the focus starts on the reason.
    await page.getByTestId('issue-credit-note').click();
    const form = page.getByTestId('credit-note-form');
    await eventually(() => focusedTestId(page)).toBe('credit-reason');
    await form.getByText('Certaines lignes').click();
    await form.getByTestId('credit-from-invoice').click();
    await page.getByRole('option', { name: /Pneus d’hiver/ }).click();
    expect(await form.getByTestId('credit-line-0-unit_price_cents').inputValue()).toBe('150,00');
    await form.getByTestId('credit-line-0-quantity').fill('1');
    // 150,00 + GST 7,50 + QST 14,96, at the invoice's rates.
    await eventually(() => textOf(page, 'credit-preview-total')).toBe('172,46 $');
    // More than the invoice has left is stopped before it is sent.
    await form.getByTestId('credit-line-0-quantity').fill('5');
    await form.getByTestId('credit-too-much').waitFor();
    expect(await form.getByTestId('credit-submit').isDisabled()).toBe(true);
    await form.getByTestId('credit-line-0-quantity').fill('1');
    await form.getByTestId('credit-reason').fill('Un pneu retourné');
    await screenshot(page, '95-credit-note-partial', false);
    await form.getByTestId('credit-reason').press('Enter');
    await form.waitFor({ state: 'detached' });
    await page.getByText(/Note de crédit CN-\d{6} émise \(172,46\s\$\)\./).waitFor();
    await eventually(() => textOf(page, 'total-balance')).toBe('517,39 $');
    expect(await textOf(page, 'total-credited')).toBe('172,46 $');
    const notes = page.getByTestId('credit-note-row');
    await eventually(() => notes.count()).toBe(1);
    const firstNumber = (await notes.first().getByTestId('credit-note-number').textContent()) ?? '';
    expect(firstNumber).toMatch(/^CN-\d{6}$/);

    // Its PDF, from its link: the credit note, naming the invoice it credits.
    const [viewer] = await Promise.all([
      page.waitForEvent('popup'),
      notes.first().getByTestId('credit-note-pdf').click(),
    ]);
    const pdfUrl = viewer.url();
    expect(pdfUrl).toMatch(/\/api\/v1\/credit-notes\/[0-9a-f-]{36}\/pdf$/);
    await viewer.close();
    const pdf = await page.request.get(pdfUrl);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = squeeze(await pdfText(await pdf.body()));
    expect(text).toContain(firstNumber);
    expect(text).toContain(invoice.number);

    // On a phone, the dialog takes the screen and fits it.
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/invoices/${invoice.id}`);
    await phone.getByTestId('issue-credit-note').click();
    await phone.getByTestId('credit-note-form').getByText('Certaines lignes').click();
    await phone.getByTestId('credit-from-invoice').click();
    await phone.getByRole('option', { name: /Pneus d’hiver/ }).click();
    await phone.getByTestId('credit-preview-total').waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, '96-credit-note-phone', false);
    await phone.close();

    // The rest, in full (the default): the invoice owes nothing more.
    await page.getByTestId('issue-credit-note').click();
    await form.getByText('517,39 $, taxes comprises', { exact: false }).waitFor();
    await form.getByTestId('credit-reason').fill('Commande annulée');
    await form.getByRole('button', { name: 'Émettre la note de crédit de 517,39 $' }).click();
    await form.waitFor({ state: 'detached' });
    await eventually(() => textOf(page, 'total-balance')).toBe('0,00 $');
    await eventually(() => notes.count()).toBe(2);
    // Settled by credit notes alone: not "paid", no money came in.
    expect(await statusOf(page).textContent()).toBe('Créditée');
    expect(await page.getByTestId('issue-credit-note').count()).toBe(0);
    await screenshot(page, '97-invoice-credited');
    expect(errors).toEqual([]);
  });

  it('a refusal (409) is said in the dialog; a void asks why and marks the invoice Annulée', async () => {
    const { page, errors } = await signIn(browser, staff, { expectedErrorStatuses: [409] });
    const refused = await issueInvoice(page, customerId, [
      { description: 'Vidange d’huile', quantity: '1', unit_price_cents: 8_000 },
    ]);
    await page.goto(`${baseUrl}/invoices/${refused.id}`);
    await page.getByTestId('issue-credit-note').click();
    const form = page.getByTestId('credit-note-form');
    await form.getByTestId('credit-reason').fill('Geste commercial');
    // Voided meanwhile, from elsewhere: the credit note is refused, and said so in the dialog.
    const voided = await page.request.post(`${baseUrl}/api/v1/invoices/${refused.id}/void`, {
      data: { reason: 'Doublon' },
    });
    expect(voided.status()).toBe(200);
    await form.getByTestId('credit-submit').click();
    await form
      .getByRole('alert')
      .getByText('Cette facture ne peut pas recevoir de note de crédit (brouillon ou annulée).')
      .waitFor();
    await screenshot(page, '98-credit-note-refused', false);
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await eventually(() => statusOf(page).textContent()).toBe('Annulée');
    await page.getByTestId('void-banner').getByText('Doublon', { exact: false }).waitFor();

    // Voided here: the reason is required, Enter sends, the status says Annulée.
    const mistaken = await issueInvoice(page, customerId, [
      { description: 'Diagnostic', quantity: '1', unit_price_cents: 9_500 },
    ]);
    await page.goto(`${baseUrl}/invoices/${mistaken.id}`);
    await page.getByTestId('invoice-more').click();
    await page.getByTestId('void-invoice').click();
    const voidForm = page.getByTestId('void-form');
    await voidForm.getByText('109,23 $', { exact: false }).waitFor();
    await eventually(() => focusedTestId(page)).toBe('void-reason');
    await page.keyboard.press('Enter');
    await voidForm.getByText('Indiquez la raison').waitFor();
    await screenshot(page, '99-void-dialog', false);
    await voidForm.getByTestId('void-reason').fill('Facture émise au mauvais client');
    await voidForm.getByTestId('void-reason').press('Enter');
    await voidForm.waitFor({ state: 'detached' });
    await eventually(() => statusOf(page).textContent()).toBe('Annulée');
    await page
      .getByTestId('void-banner')
      .getByText('Facture émise au mauvais client', { exact: false })
      .waitFor();
    expect(await page.getByTestId('invoice-actions').count()).toBe(0);
    expect(await page.getByTestId('invoice-payments').count()).toBe(0);

    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/invoices/${mistaken.id}`);
    await phone.getByTestId('void-banner').waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, '100-invoice-void-phone');
    await phone.close();
    expect(errors).toEqual([]);
  });
});
