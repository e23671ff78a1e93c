import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { createTestCustomer } from '../../../../test/factories.ts';
import { issueTestInvoice } from '../../../../test/invoices.ts';
import { multipart } from '../../../../test/multipart.ts';
import { pdfImages, pdfText } from '../../../../test/pdf.ts';

/*
 * The company's logo in the header of every document (invoice, credit note, quote, statement),
 * through the routes that print them; read back with poppler (pdfimages, pdftotext).
 */
let t: TestApp;
let customerId: string;
let invoiceId: string;
let creditNoteId: string;
let quoteId: string;

async function pdf(url: string) {
  const response = await t.request({ method: 'GET', url: `/api/v1${url}`, as: 'staff' });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toContain('application/pdf');
  return response.rawPayload;
}

async function setLogo(width: number, height: number, channels: 3 | 4 = 3) {
  const background = { r: 10, g: 120, b: 60, alpha: 0.5 };
  const png = await sharp({ create: { width, height, channels, background } }).png().toBuffer();
  const body = multipart({}, { name: 'logo.png', type: 'image/png', bytes: png });
  const response = await t.request({
    method: 'PUT',
    url: '/api/v1/settings/company/logo',
    as: 'admin',
    headers: body.headers,
    payload: body.payload,
  });
  expect(response.statusCode, response.body).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp();
  customerId = (await createTestCustomer(t.ctx, { language_code: 'fr-CA' })).id;
  invoiceId = (await issueTestInvoice(t, customerId)).id;
  const credited = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${invoiceId}/credit-notes`,
    as: 'staff',
    payload: { reason: 'Erreur de prix' },
  });
  expect(credited.statusCode, credited.body).toBe(201);
  creditNoteId = credited.json().id;
  const quoted = await t.request({
    method: 'POST',
    url: '/api/v1/quotes',
    as: 'staff',
    payload: {
      customer_id: customerId,
      lines: [{ description: 'Pose de pneus', quantity: '1', unit_price_cents: 100_00 }],
    },
  });
  expect(quoted.statusCode, quoted.body).toBe(201);
  quoteId = quoted.json().id;
});
afterAll(() => t.close());

/**
 * The words read, sorted: the taller header moves the page's lines down, and a status stamp
 * drawn across the page (its letters read one by one) then falls between other lines.
 */
const words = (text: string) => text.split(/\s+/).filter(Boolean).sort();

const documents = () => [
  ['an invoice', `/invoices/${invoiceId}/pdf`],
  ['a credit note', `/credit-notes/${creditNoteId}/pdf`],
  ['a quote', `/quotes/${quoteId}/pdf`],
  ['a statement', `/customers/${customerId}/statement`],
];

describe('the company logo on documents', () => {
  it('prints each document with the logo in its header, the text read the same as without it', async () => {
    const without = new Map<string, string[]>();
    for (const [what, url] of documents()) {
      const bytes = await pdf(url!);
      expect(await pdfImages(bytes), what).toEqual([]);
      without.set(url!, words(await pdfText(bytes)));
    }
    await setLogo(1200, 400);
    for (const [what, url] of documents()) {
      const bytes = await pdf(url!);
      // One image on the first page: the logo, 600×200 as stored, drawn 160 pt wide (the box is
      // 160×60 pt): 600 px over 160/72 inch is 270 pixels per inch, both ways (aspect kept).
      expect(await pdfImages(bytes), what).toEqual([
        { page: 1, width: 600, height: 200, x_ppi: 270, y_ppi: 270 },
      ]);
      expect(words(await pdfText(bytes)), what).toEqual(without.get(url!));
    }
  });

  it('prints a logo with transparency (its alpha as a soft mask)', async () => {
    await setLogo(300, 100, 4);
    const images = await pdfImages(await pdf(`/invoices/${invoiceId}/pdf`));
    expect(images[0]).toMatchObject({ page: 1, width: 300, height: 100 });
  });

  it('prints no image once the logo is removed', async () => {
    const removed = await t.request({ method: 'DELETE', url: '/api/v1/settings/company/logo', as: 'admin' });
    expect(removed.statusCode).toBe(204);
    expect(await pdfImages(await pdf(`/invoices/${invoiceId}/pdf`))).toEqual([]);
  });
});
