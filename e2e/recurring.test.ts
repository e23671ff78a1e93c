import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createInvoice, finalizeInvoice } from '../server/src/modules/billing/index.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { recordConsent } from '../server/src/modules/privacy/index.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { signIn } from './session.ts';

/*
 * An admin schedules a monthly invoice, runs the schedules as of a day and finds the invoices
 * of the periods due; then runs dunning and reads the reminders on an overdue invoice.
 */
const baseUrl = inject('baseUrl');
const admin = inject('admin');

let browser: Browser;
let scheduleCustomerId: string;
let overdueInvoiceId: string;
let overdueNumber: string;

/** A calendar date in Montréal, `days` from today. */
function montrealDay(days = 0): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' }).format(date);
}

/** The same day of the month, `months` earlier (the 1st: every month has one). */
function firstOfMonth(monthsBack: number): string {
  const [year, month] = montrealDay().split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - monthsBack;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

beforeAll(async () => {
  browser = await launchBrowser();
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  const ctx = { db: database.db, actor: systemActor, clock: systemClock };
  try {
    scheduleCustomerId = (
      await createCustomer(ctx, {
        kind: 'company',
        company_name: 'Entretien Beaulieu inc.',
        email: `compta.${Date.now()}@beaulieu.test`,
      })
    ).id;
    const late = await createCustomer(ctx, {
      kind: 'company',
      company_name: 'Livraisons Tardif ltée',
      email: `ap.${Date.now()}@tardif.test`,
    });
    await recordConsent(ctx, late.id, {
      consent_type: 'service_notifications',
      is_granted: true,
      source: 'web',
    });
    const draft = await createInvoice(ctx, {
      customer_id: late.id,
      currency: 'CAD',
      lines: [
        {
          description: 'Location de remorque',
          quantity: '1',
          unit_price_cents: 480_00,
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
    overdueInvoiceId = issued.id;
    overdueNumber = issued.number!;
    // Twelve days past due: a run today sends level 2 (+10) and passes over level 1.
    await database.db.execute(sql`update invoices set due_on = ${montrealDay(-12)} where id = ${issued.id}`);
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

describe('recurring invoices in the browser', () => {
  it('an admin schedules a monthly invoice, runs it as of a day and sees the invoices of the periods due', async () => {
    const { page, errors } = await signIn(browser, admin);
    await page.goto(`${baseUrl}/recurring-invoices/new?customer_id=${scheduleCustomerId}`);
    await page.getByTestId('schedule-editor').waitFor();
    const start = firstOfMonth(2);
    await page.getByTestId('schedule-start').fill(start);
    await page.getByTestId('add-free-line').click();
    await page.getByTestId('line-0-description').fill('Contrat d’entretien mensuel');
    await page.getByTestId('line-0-unit_price_cents').fill('150,00');
    // 150 $ + TPS + TVQ, computed as the server will.
    await expect.poll(() => page.getByTestId('schedule-total').textContent()).toMatch(/172,46/);
    await page.getByText('La date de début est passée').waitFor();
    await screenshot(page, '160-recurring-editor');
    await page.getByTestId('save-schedule').click();
    await page.waitForURL(/\/recurring-invoices\/[0-9a-f-]{36}$/);
    const scheduleUrl = page.url();
    await page.getByText('Aucune facture créée pour l’instant.').waitFor();

    // Run as of the first of last month: the periods of two months ago and last month.
    await page.goto(`${baseUrl}/recurring-invoices`);
    await page.getByTestId('recurring-as-of').fill(firstOfMonth(1));
    await page.getByTestId('recurring-run').click();
    await page
      .getByText(/factures? créées?\./)
      .first()
      .waitFor();
    await screenshot(page, '161-recurring-list');

    await page.goto(scheduleUrl);
    const rows = page.getByTestId('schedule-invoice');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toMatch(/INV-\d{6}/);
    expect(await rows.first().textContent()).toContain('Ouverte');
    await screenshot(page, '162-recurring-detail');
    // On the customer's Finances tab too.
    await page.goto(`${baseUrl}/customers/${scheduleCustomerId}`);
    await page.getByRole('tab', { name: 'Finances' }).click();
    await page.getByTestId('customer-recurring').getByText('Chaque mois · 172,46 $').waitFor();
    await page.goto(scheduleUrl);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '163-recurring-detail-phone');
    await page.goto(`${baseUrl}/recurring-invoices`);
    await page.getByTestId('schedules-list').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '164-recurring-list-phone');
    await page.goto(`${scheduleUrl}/edit`);
    await page.getByTestId('schedule-editor').waitFor();
    await screenshot(page, '165-recurring-editor-phone');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  it('an admin runs dunning; the overdue invoice shows its reminders', async () => {
    const { page, errors } = await signIn(browser, admin);
    await page.goto(`${baseUrl}/dunning`);
    await page.getByTestId('dunning-levels').getByText('30 jours après l’échéance').waitFor();
    await page.getByTestId('dunning-run').click();
    const reminders = page.getByTestId('dunning-run-reminders');
    await reminders.getByText(overdueNumber).waitFor();
    await page
      .getByTestId('dunning-last-run')
      .getByText(/Par un administrateur/)
      .waitFor();
    await screenshot(page, '166-dunning-page');

    await page.goto(`${baseUrl}/invoices/${overdueInvoiceId}`);
    const card = page.getByTestId('invoice-reminders');
    await card.getByTestId('reminder-level-2').getByText('Relance 2 (ferme)').waitFor();
    expect(await card.getByTestId('reminder-level-2').textContent()).toContain('12');
    expect(await card.getByTestId('reminder-level-1').textContent()).toContain('Sautée');
    await screenshot(page, '167-invoice-reminders');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await card.getByTestId('reminder-level-2').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '168-invoice-reminders-phone');
    await page.goto(`${baseUrl}/dunning`);
    await page.getByTestId('dunning-last-run').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '169-dunning-page-phone');
    expect(errors).toEqual([]);
  });
});
