import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createInvoice, finalizeInvoice } from '../server/src/modules/billing/index.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { recordConsent } from '../server/src/modules/privacy/index.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, signIn } from './session.ts';

/*
 * Staff email an invoice from its page; the outbox shows it queued (this server has no SMTP:
 * the page says so) and previews it; an admin pauses the customer's reminders.
 */
const baseUrl = inject('baseUrl');
const admin = inject('admin');

let browser: Browser;
let staff: Credentials;
let customerId: string;
let invoiceId: string;
let number: string;

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('mail');
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  const ctx = { db: database.db, actor: systemActor, clock: systemClock };
  try {
    const customer = await createCustomer(ctx, {
      kind: 'company',
      company_name: 'Transport Lévesque inc.',
      email: `comptes.${Date.now()}@levesque.test`,
    });
    customerId = customer.id;
    await recordConsent(ctx, customer.id, {
      consent_type: 'service_notifications',
      is_granted: true,
      source: 'web',
    });
    const draft = await createInvoice(ctx, {
      customer_id: customer.id,
      currency: 'CAD',
      lines: [
        {
          description: 'Entretien de flotte',
          quantity: '1',
          unit_price_cents: 250_00,
          discount_cents: 0,
          product_id: null,
        },
      ],
      invoice_discount_cents: 0,
      promo_code: null,
      shipping_cents: 0,
      shipping_taxable: true,
    });
    const issued = await finalizeInvoice(ctx, draft.id, { override_credit_limit: false });
    invoiceId = issued.id;
    number = issued.number!;
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

describe('email in the browser', () => {
  it('staff send an invoice by email and find it in the outbox, queued, with a preview', async () => {
    const { page, errors } = await signIn(browser, staff);
    await page.goto(`${baseUrl}/invoices/${invoiceId}`);
    await page.getByTestId('invoice-send-email').click();
    const to = page.getByTestId('send-to');
    await expect.poll(() => to.inputValue(), { timeout: 15_000 }).toMatch(/@levesque\.test$/);
    await page.getByLabel('Message (facultatif)').fill('Merci de votre confiance.');
    await screenshot(page, '120-invoice-send-email');
    await page.getByTestId('send-submit').click();
    await page.getByText(/La facture sera envoyée à comptes\./).waitFor();

    await page.getByTestId('nav-outbox').click();
    await page.waitForURL(/\/outbox$/);
    await page.getByTestId('mail-not-configured').waitFor();
    const row = page
      .getByTestId('outbox-table')
      .getByRole('row')
      .filter({ hasText: `Facture ${number}` });
    await row.getByText('En file').waitFor();
    await row.getByRole('button', { name: 'Aperçu' }).click();
    const preview = page.frameLocator('[data-testid="email-preview"]');
    await preview.getByText('Merci de votre confiance.').waitFor();
    await preview.getByText('Transport Lévesque inc.', { exact: false }).first().waitFor();
    await screenshot(page, '121-outbox-preview');
    await page.keyboard.press('Escape');

    // On a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('outbox-table').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '122-outbox-phone');
    expect(errors).toEqual([]);
  });

  it("an admin pauses the customer's reminders with a reason, then resumes them", async () => {
    const { page, errors } = await signIn(browser, admin);
    await page.goto(`${baseUrl}/customers/${customerId}`);
    await page.getByRole('tab', { name: 'Finances' }).click();
    const card = page.getByTestId('dunning-card');
    await card.getByText('Actives').waitFor();
    // No reason: refused beside the field.
    await card.getByRole('button', { name: 'Suspendre' }).click();
    await card.getByText('Indiquez pourquoi les relances sont suspendues.').waitFor();
    await card.getByTestId('dunning-reason').fill('Entente de paiement en cours');
    await card.getByRole('button', { name: 'Suspendre' }).click();
    await card.getByText('Suspendues : Entente de paiement en cours').waitFor();
    await screenshot(page, '123-dunning-paused');
    await card.getByRole('button', { name: 'Reprendre' }).click();
    await card.getByText('Actives').waitFor();
    expect(errors).toEqual([]);
  });
});
