import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { revealSecrets } from '../server/src/modules/mail/index.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, openWindow, signIn } from './session.ts';

const baseUrl = inject('baseUrl');
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

let browser: Browser;
let staff: Credentials;
let customerId: string;
const email = `marc.signature.${Date.now()}@exemple.ca`;

/** A signature drawn with the mouse: a few strokes across the pad. */
async function drawSignature(page: Page) {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = (x: number, y: number) => [box.x + box.width * x, box.y + box.height * y] as const;
  await page.mouse.move(...at(0.1, 0.6));
  await page.mouse.down();
  for (const [x, y] of [
    [0.25, 0.3],
    [0.4, 0.7],
    [0.55, 0.35],
    [0.7, 0.6],
    [0.85, 0.4],
  ] as const) {
    await page.mouse.move(...at(x, y), { steps: 6 });
  }
  await page.mouse.up();
}

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('quote-signatures');
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
    const customer = await createCustomer(
      { db: database.db, actor: systemActor, clock: systemClock },
      { kind: 'individual', first_name: 'Marc', last_name: 'Signature', email },
    );
    customerId = customer.id;
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

describe('a quote signed electronically', () => {
  it('staff send it for signature, the customer signs on the signer page, and the quote is accepted with its order', async () => {
    const { context, page, errors } = await signIn(browser, staff, { width: 1280 });
    const created = await context.request.post(`${baseUrl}/api/v1/quotes`, {
      data: {
        customer_id: customerId,
        lines: [{ description: 'Toiture — réfection complète', quantity: '1', unit_price_cents: 8000_00 }],
      },
    });
    expect(created.status()).toBe(201);
    const quoteId = ((await created.json()) as { id: string }).id;
    expect(
      (await context.request.post(`${baseUrl}/api/v1/quotes/${quoteId}/send`, { data: {} })).status(),
    ).toBe(200);

    // Staff: "Faire signer", the customer already filled in as the signer.
    await page.goto(`${baseUrl}/quotes/${quoteId}`);
    await page.getByTestId('send-quote-for-signature').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('quote-signer-email-0').inputValue()).toBe(email);
    expect(await dialog.getByTestId('quote-signer-name-0').inputValue()).toBe('Marc Signature');
    await screenshot(page, 'quote-signature-dialog', false);
    await dialog.getByTestId('submit-quote-signature').click();
    const link = await dialog.getByTestId('signing-link').textContent();
    expect(link).toMatch(new RegExp(`^${baseUrl}/sign/[A-Za-z0-9_-]+$`));
    await dialog.getByRole('button', { name: 'Fermer' }).first().click();
    const card = page.getByTestId('quote-signatures').getByTestId('signature-request');
    await eventually(() => card.getByTestId('signature-request-status').textContent()).toBe('En attente');

    // The customer, on a phone: reads the quote's PDF, draws with the mouse, consents, signs.
    const signer = await openWindow(browser, { width: 390, height: 844 });
    await signer.page.goto(link!);
    await signer.page.getByTestId('pdf-page-1').waitFor();
    expect(await horizontalOverflow(signer.page)).toBe(0);
    await drawSignature(signer.page);
    await signer.page.getByTestId('sign-consent').check();
    await signer.page.getByTestId('sign-submit').click();
    await signer.page.getByTestId('sign-done').waitFor();
    expect(signer.errors).toEqual([]);
    await signer.context.close();

    // Staff: the quote is accepted by the signature, with its order.
    await page.reload();
    await eventually(() => page.getByTestId('quote-view').getByTestId('quote-status').textContent()).toBe(
      'Accepté',
    );
    await eventually(() => card.getByTestId('signature-request-status').textContent()).toBe('Signé');
    await page.getByTestId('quote-signatures').getByText('Devis accepté par cette signature.').waitFor();
    await screenshot(page, 'quote-signed-accepted', false);
    await page.getByTestId('quote-order').click();
    await page.waitForURL(/\/orders\/[0-9a-f-]+$/);
    const order = await context.request.get(`${baseUrl}/api/v1/quotes/${quoteId}`);
    const quote = (await order.json()) as { status: string; order_id: string; accepted_by_name: string };
    expect(quote).toMatchObject({ status: 'accepted', accepted_by_name: 'Marc Signature' });
    expect(page.url()).toContain(quote.order_id);
    expect(errors).toEqual([]);

    // On a phone, the staff page keeps to the screen.
    const phone = await signIn(browser, staff, { width: 390, height: 844 });
    await phone.page.goto(`${baseUrl}/quotes/${quoteId}`);
    await phone.page.getByTestId('quote-signatures').waitFor();
    expect(await horizontalOverflow(phone.page)).toBe(0);
    await screenshot(phone.page, 'quote-signatures-phone');
    await phone.context.close();
    await context.close();
  });

  it('on the quote’s own page, a drawn signature is optional: drawn, its SHA-256 is the evidence', async () => {
    const { context } = await signIn(browser, staff, { width: 1280 });
    const created = await context.request.post(`${baseUrl}/api/v1/quotes`, {
      data: {
        customer_id: customerId,
        deposit_percent: 0,
        lines: [{ description: 'Inspection', quantity: '1', unit_price_cents: 200_00 }],
      },
    });
    const quoteId = ((await created.json()) as { id: string }).id;
    expect(
      (await context.request.post(`${baseUrl}/api/v1/quotes/${quoteId}/send`, { data: {} })).status(),
    ).toBe(200);
    await context.close();
    const database = openDatabase(inject('databaseUrl'), { max: 1 });
    try {
      const { rows } = await database.db.execute<{ text: string; secrets: string[] | null }>(
        sql`select text, secrets from email_outbox where quote_id = ${quoteId} order by created_at desc limit 1`,
      );
      const path = new URL(
        /https?:\/\/[^\s]+\/q\/[A-Za-z0-9_-]+/.exec(revealSecrets(rows[0]!.text, rows[0]!.secrets))![0],
      ).pathname;

      const customer = await openWindow(browser, { width: 390, height: 844 });
      await customer.page.goto(`${baseUrl}${path}`);
      await customer.page.getByTestId('public-accept-name').fill('Marc Signature');
      await customer.page.getByTestId('public-draw-signature').click();
      await drawSignature(customer.page);
      expect(await horizontalOverflow(customer.page)).toBe(0);
      await screenshot(customer.page, 'public-quote-drawn-phone');
      await customer.page.getByTestId('public-accept').click();
      await customer.page.getByTestId('public-quote-accepted').waitFor();
      expect(customer.errors).toEqual([]);
      await customer.context.close();

      const evidence = await database.db.execute<{ status: string; signature_reference: string | null }>(
        sql`select status, signature_reference from quotes where id = ${quoteId}`,
      );
      expect(evidence.rows[0]!.status).toBe('accepted');
      expect(evidence.rows[0]!.signature_reference).toMatch(/^sha256:[0-9a-f]{64}$/);
    } finally {
      await database.close();
    }
  });
});
