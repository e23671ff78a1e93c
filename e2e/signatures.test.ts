import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, openWindow, signIn } from './session.ts';

const baseUrl = inject('baseUrl');

let browser: Browser;
let staff: Credentials;
let customerId: string;

async function contractPdf() {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage([612, 792]);
  page.drawText('Contrat de service — Déneigement 2026-2027', { x: 50, y: 720, size: 18, font });
  page.drawText('Le client accepte les conditions ci-dessous.', { x: 50, y: 690, size: 12, font });
  page.drawText('Signature du client :', { x: 50, y: 160, size: 12, font });
  return Buffer.from(await document.save());
}

/** A signature drawn with the mouse: a few strokes across the pad. */
async function drawSignature(page: Page) {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = (x: number, y: number) => [box.x + box.width * x, box.y + box.height * y] as const;
  await page.mouse.move(...at(0.1, 0.6));
  await page.mouse.down();
  for (const [x, y] of [
    [0.2, 0.3],
    [0.3, 0.7],
    [0.4, 0.35],
    [0.5, 0.65],
    [0.6, 0.4],
    [0.75, 0.55],
  ] as const) {
    await page.mouse.move(...at(x, y), { steps: 6 });
  }
  await page.mouse.up();
  await page.mouse.move(...at(0.3, 0.8));
  await page.mouse.down();
  await page.mouse.move(...at(0.85, 0.75), { steps: 10 });
  await page.mouse.up();
}

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('signatures');
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
    const customer = await createCustomer(
      { db: database.db, actor: systemActor, clock: systemClock },
      { kind: 'individual', first_name: 'Hélène', last_name: 'Bergeron', email: 'helene@exemple.ca' },
    );
    customerId = customer.id;
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

describe('e-signature', () => {
  it('uploads a PDF, sends it for signature, is signed on the signer page, and the sealed PDF verifies', async () => {
    // Staff: upload, then send for signature with a field placed on the page.
    const { context, page, errors } = await signIn(browser, staff, { width: 1280 });
    await page.goto(`${baseUrl}/customers/${customerId}?tab=documents`);
    const tab = page.getByTestId('customer-documents');
    await tab.waitFor();
    const chooser = page.waitForEvent('filechooser');
    await tab.getByRole('button', { name: 'Choisir des fichiers' }).click();
    await (await chooser).setFiles([
      { name: 'Contrat déneigement.pdf', mimeType: 'application/pdf', buffer: await contractPdf() },
    ]);
    await page.getByTestId('document-row').first().waitFor();
    await page.getByTestId('document-send-for-signature').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Nom' }).fill('Hélène Bergeron');
    await dialog.getByRole('textbox', { name: 'Courriel' }).fill('helene@exemple.ca');
    const pdfPage = dialog.getByTestId('pdf-page-1');
    await pdfPage.waitFor();
    await expect
      .poll(() => pdfPage.evaluate((element) => element.getBoundingClientRect().height))
      .toBeGreaterThan(300);
    const pageBox = (await pdfPage.boundingBox())!;
    await pdfPage.click({ position: { x: pageBox.width * 0.4, y: pageBox.height * 0.6 } });
    await expect.poll(() => dialog.getByTestId('field-box').count()).toBe(1);
    await screenshot(page, 'signature-request-dialog', false);
    await dialog.getByTestId('send-for-signature').click();
    const link = await dialog.getByTestId('signing-link').textContent();
    expect(link).toMatch(new RegExp(`^${baseUrl}/sign/[A-Za-z0-9_-]+$`));
    await dialog.getByRole('button', { name: 'Fermer' }).first().click();

    // The 360 header counts the document awaiting signature.
    await page.reload();
    await expect.poll(() => page.getByTestId('header-awaiting-signature').textContent()).toContain('1');

    // The signer's page on a large screen (looked at, not signed there).
    const wide = await openWindow(browser, { width: 1280 });
    await wide.page.goto(link!);
    await wide.page.getByTestId('pdf-page-1').waitFor();
    await wide.page.getByTestId('field-box').first().waitFor();
    await screenshot(wide.page, 'sign-page');
    await wide.context.close();

    // The signer, on a phone, without an account: reads, draws, consents, signs.
    const signer = await openWindow(browser, { width: 390, height: 844 });
    await signer.page.goto(link!);
    await signer.page.getByTestId('sign-title').waitFor();
    await signer.page.getByTestId('pdf-page-1').waitFor();
    await signer.page.getByTestId('field-box').first().waitFor();
    expect(await horizontalOverflow(signer.page)).toBe(0);
    await screenshot(signer.page, 'sign-page-phone');
    await drawSignature(signer.page);
    await signer.page.getByTestId('sign-consent').check();
    await screenshot(signer.page, 'sign-page-phone-drawn');
    await signer.page.getByTestId('sign-submit').click();
    await signer.page.getByTestId('sign-done').waitFor();
    expect(await signer.page.getByTestId('sign-done').textContent()).toContain('Merci');
    expect(signer.errors).toEqual([]);
    await signer.context.close();

    // Staff sees it signed, with the sealed PDF.
    const documents = await context.request.get(`${baseUrl}/api/v1/customers/${customerId}/documents`);
    const titles = (await documents.json()).data as { id: string; title: string }[];
    // The sealed copy is a document of its own beside the original.
    expect(titles.map((document) => document.title).sort()).toEqual([
      'Contrat déneigement.pdf',
      'Contrat déneigement.pdf (signé)',
    ]);
    const original = titles.find((document) => document.title === 'Contrat déneigement.pdf')!;
    const requests = await (
      await context.request.get(`${baseUrl}/api/v1/documents/${original.id}/signature-requests`)
    ).json();
    expect(requests.data[0]).toMatchObject({ status: 'signed' });
    const sealed = await context.request.get(
      `${baseUrl}/api/v1/documents/${requests.data[0].sealed_document_id}/content`,
    );
    expect(sealed.status()).toBe(200);
    const sealedPdf = await sealed.body();
    // The request's card on the Documents tab: signed, the sealed copy, the chain intact.
    await page.goto(`${baseUrl}/customers/${customerId}?tab=documents`);
    await page
      .getByTestId('document-row')
      .filter({ hasNotText: '(signé)' })
      .getByTestId('document-signature-requests')
      .click();
    const card = page.getByTestId('signature-request');
    await expect.poll(() => card.getByTestId('signature-request-status').textContent()).toBe('Signé');
    await card.getByRole('button', { name: 'Piste d’audit' }).click();
    await expect
      .poll(() => card.getByTestId('signature-audit').textContent())
      .toContain('Chaîne d’empreintes intacte');
    await screenshot(page, 'signature-requests-drawer', false);
    expect(errors).toEqual([]);
    await context.close();

    // Anyone: the verify page hashes the file in the browser and finds it sealed.
    for (const width of [1280, 390]) {
      const visitor = await openWindow(browser, { width, height: 900 });
      await visitor.page.goto(`${baseUrl}/verify`);
      const pick = visitor.page.waitForEvent('filechooser');
      await visitor.page.getByTestId('verify-choose').click();
      await (await pick).setFiles([
        { name: 'contrat-signe.pdf', mimeType: 'application/pdf', buffer: sealedPdf },
      ]);
      await visitor.page.getByTestId('verify-valid').waitFor();
      expect(await visitor.page.getByTestId('verify-signer').allInnerTexts()).toEqual([
        expect.stringContaining('Hélène Bergeron'),
      ]);
      expect(await horizontalOverflow(visitor.page)).toBe(0);
      await screenshot(visitor.page, width === 390 ? 'verify-page-phone' : 'verify-page');
      // One byte changed: not the sealed document any more.
      const tampered = Buffer.from(sealedPdf);
      tampered.writeUInt8(tampered.readUInt8(tampered.length - 10) ^ 1, tampered.length - 10);
      const again = visitor.page.waitForEvent('filechooser');
      await visitor.page.getByTestId('verify-choose').click();
      await (await again).setFiles([{ name: 'modifie.pdf', mimeType: 'application/pdf', buffer: tampered }]);
      await visitor.page.getByTestId('verify-invalid').waitFor();
      expect(visitor.errors).toEqual([]);
      await visitor.context.close();
    }
  });

  it('a forged link says so', async () => {
    const visitor = await openWindow(browser, { width: 1280, expectedErrorStatuses: [404] });
    await visitor.page.goto(`${baseUrl}/sign/${'x'.repeat(43)}`);
    await visitor.page.getByTestId('sign-unavailable').waitFor();
    expect(await visitor.page.getByTestId('sign-unavailable').textContent()).toContain('pas valide');
    await visitor.context.close();
  });
});
