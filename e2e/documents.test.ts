import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, createOwnStaff, signIn } from './session.ts';

const baseUrl = inject('baseUrl');

let browser: Browser;
let staff: Credentials;
let customerId: string;

/** A small valid PDF (one empty page), built here so the test needs no fixture file. */
function onePagePdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await createOwnStaff('documents');
  const database = openDatabase(inject('databaseUrl'), { max: 1 });
  try {
    const customer = await createCustomer(
      { db: database.db, actor: systemActor, clock: systemClock },
      { kind: 'company', company_name: 'Déneigement Roy inc.', email: 'bureau@deneigement-roy.ca' },
    );
    customerId = customer.id;
  } finally {
    await database.close();
  }
});

afterAll(async () => {
  await browser?.close();
});

describe('the Documents tab', () => {
  it('takes several files at once, lists them, and refuses a file whose content is not allowed', async () => {
    const { context, page } = await signIn(browser, staff, { width: 1280, expectedErrorStatuses: [415] });
    await page.goto(`${baseUrl}/customers/${customerId}?tab=documents`);
    const tab = page.getByTestId('customer-documents');
    await tab.waitFor();
    const chooser = page.waitForEvent('filechooser');
    await tab.getByRole('button', { name: 'Choisir des fichiers' }).click();
    await (await chooser).setFiles([
      { name: 'Contrat déneigement 2026.pdf', mimeType: 'application/pdf', buffer: onePagePdf() },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Entrée côté garage, code 1234\n') },
      {
        name: 'facture.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('MZ\x90\x00 not a pdf at all'),
      },
    ]);
    // Each file has its own line; the two good ones end in the list, the disguised one is refused.
    await expect.poll(() => page.getByTestId('document-row').count(), { timeout: 15_000 }).toBe(2);
    const rows = await page.getByTestId('document-row').allInnerTexts();
    expect(rows.join('\n')).toContain('Contrat déneigement 2026');
    expect(await page.getByTestId('documents-upload').count()).toBe(3);
    await screenshot(page, 'documents-tab');
    await context.close();

    const phone = await signIn(browser, staff, { width: 390, height: 844 });
    await phone.page.goto(`${baseUrl}/customers/${customerId}?tab=documents`);
    await phone.page.getByTestId('document-row').first().waitFor();
    expect(await horizontalOverflow(phone.page)).toBe(0);
    await screenshot(phone.page, 'documents-tab-phone');
    await phone.context.close();
  });
});
