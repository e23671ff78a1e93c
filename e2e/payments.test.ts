import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createProduct, createPromoCode } from '../server/src/modules/billing/index.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { pdfText, squeeze } from '../server/test/pdf.ts';
import { issueInvoice } from './billing-api.ts';
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
/** The status badge of the invoice on its page. */
const statusOf = (page: Page) => page.getByTestId('invoice-view').getByTestId('invoice-status').first();

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('payments');
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  const ctx = { db: database.db, actor: systemActor, clock: systemClock };
  try {
    const customer = await createCustomer(ctx, { kind: 'company', company_name: 'Entretien Lapointe inc.' });
    customerId = customer.id;
    await createProduct(ctx, {
      sku: 'ALIGN-E2E',
      name: 'Alignement des roues',
      category: 'Entretien',
      price_cents: 12_000,
      currency: 'CAD',
      taxable: true,
      unit: 'each',
      prices: {},
    });
    await createPromoCode(ctx, {
      code: 'PAYE2E20',
      description: null,
      discount_type: 'fixed',
      amount_off_cents: 2_000,
      percent_basis_points: null,
      min_amount_cents: 0,
      starts_at: null,
      expires_at: null,
      max_uses: null,
      once_per_customer: false,
      is_active: true,
    });
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

/** Opens the payment form, checks where the focus lands, fills it in. */
async function fillPayment(page: Page, amount: string, method: string, reference?: string) {
  await page.getByTestId('record-payment').click();
  const form = page.getByTestId('payment-form');
  await form.waitFor();
  await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
    'payment-amount',
  );
  await form.getByTestId('payment-amount').fill(amount);
  await form.getByTestId('payment-method').click();
  await page.getByRole('option', { name: method }).click();
  if (reference) await form.getByTestId('payment-reference').fill(reference);
  return form;
}

describe('payments in the browser', () => {
  it('catalog → invoice with a promo code → finalized → its PDF → paid in two payments, a double click recording one', async () => {
    // The refused overpayment answers nothing: it is refused beside its field before sending.
    const { page, errors } = await signIn(browser, staff);

    // The product is in the catalog; the invoice is built from it with the promo code.
    await page.getByTestId('nav-catalog').click();
    await page.getByTestId('catalog-search').fill('alignement');
    await page.getByTestId('product-row').filter({ hasText: 'ALIGN-E2E' }).waitFor();
    await page.goto(`${baseUrl}/invoices/new?customer_id=${customerId}`);
    await page.getByTestId('invoice-customer-terms').waitFor();
    await page.getByTestId('product-picker').fill('alignement roues');
    await page.getByRole('option', { name: /Alignement des roues/ }).click();
    await page.getByTestId('promo-code').fill('paye2e20');
    await page.getByTestId('promo-message').getByText('Code valide : rabais de 20,00 $.').waitFor();
    // 120 − 20 = 100 taxable: GST 5,00, QST 9,98.
    await eventually(() => textOf(page, 'total-total')).toBe('114,98 $');
    await page.getByTestId('finalize-invoice').click();
    await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    const invoiceId = page.url().split('/').pop()!;
    await page.getByTestId('confirm-finalize').click();
    await page.getByTestId('invoice-view').waitFor();
    const number = (await page.getByTestId('invoice-number').textContent()) ?? '';
    expect(number).toMatch(/^INV-\d{6}$/);
    expect(await statusOf(page).textContent()).toBe('Ouverte');

    // Its PDF opens in a new tab; read with the page's session, it is the invoice.
    const [viewer] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('invoice-pdf').click()]);
    expect(viewer.url()).toBe(`${baseUrl}/api/v1/invoices/${invoiceId}/pdf`);
    await viewer.close();
    const pdf = await page.request.get(`${baseUrl}/api/v1/invoices/${invoiceId}/pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const body = await pdf.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = squeeze(await pdfText(body));
    expect(text).toContain(number);
    expect(text).toContain('Entretien Lapointe inc.');

    // Online payment is off on this server: said discreetly.
    await eventually(() => page.getByTestId('pay-online').getAttribute('data-disabled')).toBe('true');
    await page.getByTestId('pay-online').hover();
    await page.getByRole('tooltip', { name: 'Paiement en ligne non configuré' }).waitFor();
    expect(await page.getByTestId('payments-none').textContent()).toBe('Aucun paiement reçu pour l’instant.');

    // The form opens on the balance due; Escape closes it.
    await page.getByTestId('record-payment').click();
    await eventually(() => page.getByTestId('payment-amount').inputValue()).toBe('114,98');
    await page.keyboard.press('Escape');
    await page.getByTestId('payment-form').waitFor({ state: 'detached' });

    // More than the balance asks whether to keep the surplus as a credit; refused without it.
    let form = await fillPayment(page, '150', 'Chèque', 'Chèque 1042');
    await form.getByTestId('payment-overpayment').getByText('35,02 $', { exact: false }).first().waitFor();
    await form.getByTestId('payment-submit').click();
    await form.getByText('Plus que le solde dû (114,98 $)', { exact: false }).waitFor();
    await screenshot(page, '90-payment-overpayment', false);
    // A partial payment instead, sent with Enter.
    await form.getByTestId('payment-amount').fill('50,00');
    await form.getByTestId('payment-reference').press('Enter');
    await form.waitFor({ state: 'detached' });
    await page.getByText('Paiement de 50,00 $ enregistré. Solde dû : 64,98 $.').waitFor();
    await eventually(() => statusOf(page).textContent()).toBe('Partiellement payée');
    expect(await textOf(page, 'total-paid')).toBe('50,00 $');
    expect(await textOf(page, 'total-balance')).toBe('64,98 $');
    const first = page.getByTestId('payment-row');
    await eventually(() => first.count()).toBe(1);
    expect(plain(await first.textContent())).toContain('Chèque 1042');

    // The rest, the default amount, double-clicked: one payment, the invoice paid.
    form = await fillPayment(page, '64,98', 'Interac');
    await screenshot(page, '91-payment-form', false);
    await form.getByTestId('payment-submit').dblclick();
    await form.waitFor({ state: 'detached' });
    await eventually(() => statusOf(page).textContent()).toBe('Payée');
    expect(await textOf(page, 'total-balance')).toBe('0,00 $');
    await eventually(() => page.getByTestId('payment-row').count()).toBe(2);
    const listed = await page.request.get(`${baseUrl}/api/v1/invoices/${invoiceId}/payments`);
    expect((await listed.json()).pagination.total).toBe(2);
    // Paid: nothing more to record.
    expect(await page.getByTestId('record-payment').count()).toBe(0);
    await screenshot(page, '92-invoice-paid');

    // The way back from Stripe: a neutral notice when cancelled, an up-to-date one when paid.
    await page.goto(`${baseUrl}/invoices/${invoiceId}?payment=cancelled`);
    await page
      .getByTestId('payment-cancelled')
      .getByText('Paiement en ligne annulé', { exact: false })
      .waitFor();
    await page.goto(`${baseUrl}/invoices/${invoiceId}?payment=success&session_id=cs_test_x`);
    await page.getByTestId('payment-success').getByText('Paiement reçu : la facture est à jour.').waitFor();

    // On a phone: payments as cards, nothing wider than the screen.
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/invoices/${invoiceId}`);
    await eventually(() => phone.getByTestId('payment-row').count()).toBe(2);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, '93-invoice-paid-phone');
    await phone.close();
    // The payment form on a phone, on another invoice of the customer that still owes.
    const { id: owingId } = await issueInvoice(page, customerId, [
      { description: 'Permutation des pneus', quantity: '1', unit_price_cents: 4_000 },
    ]);
    const phoneForm = await page.context().newPage();
    await phoneForm.setViewportSize({ width: 390, height: 844 });
    await phoneForm.goto(`${baseUrl}/invoices/${owingId}`);
    await fillPayment(phoneForm, '50', 'Comptant');
    await phoneForm.getByTestId('payment-overpayment').waitFor();
    expect(await horizontalOverflow(phoneForm)).toBeLessThanOrEqual(0);
    await screenshot(phoneForm, '93b-payment-form-phone', false);
    await phoneForm.close();

    // The customer's invoices on the 360 say what was paid; the statement opens as a PDF.
    await page.goto(`${baseUrl}/customers/${customerId}?tab=finances`);
    await page.getByTestId('customer-invoices').getByText('Payé : 114,98 $', { exact: false }).waitFor();
    await page.getByTestId('statement-open').click();
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'statement-from',
    );
    await screenshot(page, '94-statement-popover', false);
    const [statement] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('statement-submit').click(),
    ]);
    const statementUrl = new URL(statement.url());
    expect(statementUrl.pathname).toBe(`/api/v1/customers/${customerId}/statement`);
    expect(statementUrl.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-01$/);
    await statement.close();
    const statementPdf = await page.request.get(statementUrl.toString());
    expect(statementPdf.headers()['content-type']).toBe('application/pdf');
    const statementText = squeeze(await pdfText(await statementPdf.body()));
    expect(statementText).toContain('Relevé de compte');
    expect(statementText).toContain(number);
    expect(errors).toEqual([]);
  });
});
