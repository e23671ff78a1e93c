import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../server/src/app.ts';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { type Database, openDatabase } from '../server/src/core/db.ts';
import { createAuth } from '../server/src/modules/auth/index.ts';
import { createStripeProvider } from '../server/src/modules/billing/index.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { issueInvoice } from './billing-api.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { createOwnStaff, openWindow, submitSignIn } from './session.ts';
import { checkoutCompleted, type StripeStandIn, startStripeStandIn, stripeSecrets } from './stripe.ts';

/*
 * Online payment needs a server with Stripe keys: a second Atrium on the same database, its
 * Stripe client pointed at a local stand-in for api.stripe.com (e2e/stripe.ts), its webhook
 * called with events signed by the stripe package. Stripe's hosted page is the
 * only thing the browser does not reach: its address is answered by the test.
 */
let browser: Browser;
let database: Database;
let stripeApi: StripeStandIn;
let app: FastifyInstance;
let base: string;
let customerId: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

beforeAll(async () => {
  browser = await launchBrowser();
  database = openDatabase(inject('databaseUrl'), { max: 4 });
  stripeApi = await startStripeStandIn();
  base = `http://127.0.0.1:${await freePort()}`;
  app = await buildApp({
    db: database.db,
    auth: createAuth(database.db, {
      ATRIUM_BASE_URL: base,
      ATRIUM_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
    }),
    logLevel: 'warn',
    payments: {
      providers: {
        stripe: createStripeProvider({
          secretKey: stripeSecrets.secretKey,
          webhookSecrets: [stripeSecrets.webhookSecret],
          apiBase: stripeApi.url,
        }),
      },
      base_url: base,
    },
  });
  await app.listen({ host: '127.0.0.1', port: Number(new URL(base).port) });
  const customer = await createCustomer(
    { db: database.db, actor: systemActor, clock: systemClock },
    { kind: 'individual', first_name: 'Olivier', last_name: 'Enligne' },
  );
  customerId = customer.id;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await stripeApi?.close();
  await database?.close();
});

describe('online payment in the browser', () => {
  it('"Payer en ligne" sends the browser to Stripe Checkout; back, the invoice updates once the webhook lands', async () => {
    const staff = await createOwnStaff('online');
    const { page, errors } = await openWindow(browser);
    await page.goto(`${base}/sign-in`);
    await submitSignIn(page, staff);
    await page.waitForURL(/\/customers$/);
    const invoice = await issueInvoice(
      page,
      customerId,
      [{ description: 'Remplacement du pare-brise', quantity: '1', unit_price_cents: 40_000 }],
      base,
    );
    // Stripe's hosted page, as far as this browser goes.
    await page.route('https://checkout.stripe.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<h1>Stripe Checkout (test)</h1>' }),
    );

    await page.goto(`${base}/invoices/${invoice.id}`);
    // Enabled once the page knows the server takes online payments.
    await expect.poll(() => page.getByTestId('pay-online').getAttribute('data-disabled')).toBeNull();
    await page.getByTestId('pay-online').click();
    await page.waitForURL(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_e2e_\d+$/);
    const sessionId = page.url().split('/').pop()!;
    const [created] = stripeApi.sessions;
    expect(created?.get('client_reference_id')).toBe(invoice.id);
    expect(created?.get('success_url')).toBe(
      `${base}/invoices/${invoice.id}?payment=success&session_id={CHECKOUT_SESSION_ID}`,
    );

    // Back from Stripe before its webhook: said, and the invoice read again until it moves.
    await page.goto(`${base}/invoices/${invoice.id}?payment=success&session_id=${sessionId}`);
    await page
      .getByTestId('payment-success')
      .getByText('Paiement reçu — la facture sera mise à jour dans un instant.')
      .waitFor();
    await screenshot(page, '105-online-payment-return', false);
    const { payload, headers } = checkoutCompleted({
      invoiceId: invoice.id,
      sessionId,
      amountCents: invoice.total_cents,
    });
    const delivered = await fetch(`${base}/api/v1/webhooks/stripe`, {
      method: 'POST',
      headers,
      body: payload,
    });
    expect(delivered.status).toBe(200);
    await page.getByTestId('payment-success').getByText('Paiement reçu : la facture est à jour.').waitFor();
    expect(await page.getByTestId('invoice-view').getByTestId('invoice-status').first().textContent()).toBe(
      'Payée',
    );
    await page.getByTestId('payment-row').filter({ hasText: 'En ligne · carte' }).waitFor();
    // Dismissed, the notice leaves the address too.
    await page.getByTestId('payment-success').getByRole('button', { name: 'Fermer' }).click();
    await page.waitForURL(`${base}/invoices/${invoice.id}`);
    expect(errors).toEqual([]);
  });
});
