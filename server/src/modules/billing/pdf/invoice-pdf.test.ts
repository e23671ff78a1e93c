import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, postCustomerParts, type TestApp } from '../../../../test/app.ts';
import { createTestCustomer } from '../../../../test/factories.ts';
import { pdfPages, pdfText, squeeze } from '../../../../test/pdf.ts';
import type { Clock } from '../../../core/clock.ts';
import type { Role } from '../../../core/context.ts';
import { formatCents } from '../../../core/money.ts';
import type { Invoice } from '../invoices.schemas.ts';
import { creditNotePdfModel } from './credit-note.pdf.ts';
import { renderCreditNotePdf } from './document.render.ts';

// 10:00 in Montréal on May 4th.
const now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let frenchId: string;
let englishId: string;
let otherId: string;

beforeAll(async () => {
  t = await createTestApp({ clock });
  const settings = await t.request({
    method: 'PUT',
    url: '/api/v1/settings/company',
    as: 'admin',
    payload: {
      name: 'Garage Côté & Fils',
      address_line1: '123, rue Principale',
      city: 'Lévis',
      province: 'QC',
      postal_code: 'G6V 1A1',
      gst_number: '123456789RT0001',
      qst_number: '1234567890TQ0001',
      document_terms_fr: 'Payable à 30 jours.',
      document_terms_en: 'Due within 30 days.',
      document_footer_fr: 'Merci de votre confiance!',
      document_footer_en: 'Thank you for your business!',
    },
  });
  expect(settings.statusCode, settings.body).toBe(200);
  frenchId = (await createTestCustomer(t.ctx, { first_name: 'Éloïse', last_name: 'Bélanger-Côté' })).id;
  await postCustomerParts(t, frenchId, [
    [
      'addresses',
      { label: 'Domicile', line1: '9, rue du Port', city: 'Rimouski', region: 'QC', postal_code: 'G5L 1A1' },
    ],
    [
      'addresses',
      {
        label: 'Facturation',
        line1: '45, avenue des Érables',
        city: 'Québec',
        region: 'QC',
        postal_code: 'g1r2l3',
      },
    ],
  ]);
  englishId = (
    await createTestCustomer(t.ctx, { first_name: 'John', last_name: 'Smith', language_code: 'en-CA' })
  ).id;
  otherId = (await createTestCustomer(t.ctx)).id;
});
afterAll(() => t.close());

const lines = [
  {
    description: 'Pneus d’hiver « Ice Guard » — pose',
    quantity: '4',
    unit_price_cents: 150_00,
    discount_cents: 20_00,
  },
  { description: 'Main-d’œuvre', quantity: '1.5', unit_price_cents: 90_00 },
  { description: 'Frais environnementaux', quantity: '4', unit_price_cents: 3_50, taxable: false },
];

async function createDraft(customerId: string, payload: Record<string, unknown> = {}): Promise<Invoice> {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/invoices',
    as: 'staff',
    payload: {
      customer_id: customerId,
      lines,
      invoice_discount_cents: 10_00,
      shipping_cents: 25_00,
      ...payload,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function finalize(id: string): Promise<Invoice> {
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${id}/finalize`,
    as: 'staff',
    payload: {},
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

function getPdf(id: string, options: { as?: Role; customerId?: string; query?: string } = { as: 'staff' }) {
  return t.request({
    method: 'GET',
    url: `/api/v1/invoices/${id}/pdf${options.query ?? ''}`,
    as: options.as,
    customerId: options.customerId,
  });
}

async function textOf(id: string, query = '') {
  const response = await getPdf(id, { as: 'staff', query });
  expect(response.statusCode, response.body).toBe(200);
  return squeeze(await pdfText(response.rawPayload));
}

const fr = (cents: number) => formatCents(cents, 'CAD', 'fr-CA').replace(/[\u00a0\u202f]/g, ' ');
const en = (cents: number) => formatCents(cents, 'CAD', 'en-CA');

describe('GET /invoices/{id}/pdf', () => {
  let draft: Invoice;
  let issued: Invoice;

  it('renders a draft in French, marked BROUILLON, with every figure of the invoice', async () => {
    draft = await createDraft(frenchId);
    const response = await getPdf(draft.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`inline; filename="brouillon-${draft.id}.pdf"`);
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = squeeze(await pdfText(response.rawPayload));
    for (const expected of [
      'FACTURE',
      'BROUILLON',
      'Garage Côté & Fils',
      'Lévis QC G6V 1A1',
      'N° TPS 123456789 RT0001',
      'N° TVQ 1234567890 TQ0001',
      'Éloïse Bélanger-Côté',
      // The billing address, not the home one.
      '45, avenue des Érables',
      'Québec QC G1R 2L3',
      'Pneus d’hiver « Ice Guard » — pose',
      'Main-d’œuvre',
      'Non taxable',
      'Payable à 30 jours.',
      'Merci de votre confiance!',
      'Page 1 de 1',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Rimouski');
    // Each line: quantity, unit price, discount, amount.
    expect(text).toContain(`4 ${fr(150_00)} -${fr(20_00)} ${fr(580_00)}`);
    expect(text).toContain(`1,5 ${fr(90_00)} — ${fr(135_00)}`);
    expect(text).toContain(`Sous-total ${fr(draft.subtotal_cents)}`);
    expect(text).toContain(`Remise -${fr(10_00)}`);
    expect(text).toContain(`Livraison ${fr(25_00)}`);
    const [gst, qst] = draft.taxes as [Invoice['taxes'][number], Invoice['taxes'][number]];
    expect(text).toContain(`TPS 5 % ${fr(gst.amount_cents)}`);
    expect(text).toContain(`TVQ 9,975 % ${fr(qst.amount_cents)}`);
    expect(text).toContain(`Total ${fr(draft.total_cents)}`);
    // A draft owes nothing yet.
    expect(text).not.toContain('Solde dû');
    expect(text).not.toContain('INV-');
  });

  it('renders the issued invoice with its number, dates and balance due, and names it INV-000001.pdf', async () => {
    issued = await finalize(draft.id);
    const response = await getPdf(issued.id);
    expect(response.headers['content-disposition']).toBe(`inline; filename="${issued.number}.pdf"`);
    const text = squeeze(await pdfText(response.rawPayload));
    expect(text).toContain(issued.number);
    expect(text).toContain('4 mai 2026');
    expect(text).toContain('3 juin 2026');
    expect(text).toContain(`Solde dû ${fr(issued.balance_due_cents)}`);
    expect(text).not.toContain('BROUILLON');
  });

  it('is in English with ?lang=en-CA (or en), amounts and rates written the English way', async () => {
    for (const query of ['?lang=en-CA', '?lang=en']) {
      const text = await textOf(issued.id, query);
      for (const expected of [
        'INVOICE',
        'BILL TO',
        'May 4, 2026',
        'June 3, 2026',
        `Subtotal ${en(issued.subtotal_cents)}`,
        `GST 5% ${en(issued.taxes[0]!.amount_cents)}`,
        `QST 9.975% ${en(issued.taxes[1]!.amount_cents)}`,
        `Balance due ${en(issued.balance_due_cents)}`,
        'GST No. 123456789 RT0001',
        'Not taxable',
        'Due within 30 days.',
        'Thank you for your business!',
        'Page 1 of 1',
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).not.toContain('Solde dû');
    }
  });

  it("follows the customer's language, and ?lang=fr overrides it", async () => {
    const invoice = await createDraft(englishId);
    const english = await textOf(invoice.id);
    expect(english).toContain('DRAFT');
    expect(english).toContain(`Total ${en(invoice.total_cents)}`);
    const french = await textOf(invoice.id, '?lang=fr');
    expect(french).toContain('BROUILLON');
    expect(french).toContain(`Total ${fr(invoice.total_cents)}`);
  });

  it('says a tax-exempt customer pays no tax', async () => {
    const exempt = (await createTestCustomer(t.ctx, { tax_exempt: true })).id;
    const invoice = await createDraft(exempt, { invoice_discount_cents: 0, shipping_cents: 0 });
    const text = await textOf(invoice.id);
    expect(text).toContain('Client exonéré de taxes');
    expect(text).not.toContain('TPS 5 %');
  });

  it('runs over several pages with numbered pages and the totals once, at the end', async () => {
    const many = Array.from({ length: 70 }, (_, index) => ({
      description: `Pièce n° ${index + 1} — réglage`,
      quantity: '1',
      unit_price_cents: 10_00,
    }));
    const invoice = await createDraft(frenchId, {
      lines: many,
      invoice_discount_cents: 0,
      shipping_cents: 0,
    });
    const response = await getPdf(invoice.id);
    const pages = (await pdfPages(response.rawPayload)).map(squeeze);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((text, index) => {
      expect(text).toContain(`Page ${index + 1} de ${pages.length}`);
      // The column headings repeat on every page of lines.
      if (text.includes('Pièce n°')) expect(text).toContain('Description Qté Prix unitaire Remise Montant');
    });
    expect(pages.at(-1)).toContain(`Total ${fr(invoice.total_cents)}`);
    expect(pages.filter((text) => text.includes('Sous-total'))).toHaveLength(1);
    expect(pages.join('')).toContain('Pièce n° 70 — réglage');
  });

  it.each([
    ['admin', 200],
    ['staff', 200],
    ['advisor', 200],
    [undefined, 401],
  ] as const)('as %s answers %i', async (role, status) => {
    const response = await getPdf(issued.id, { as: role });
    expect(response.statusCode, response.body).toBe(status);
  });

  it("a client reads their own issued invoice's PDF, and nothing else (404)", async () => {
    const own = await getPdf(issued.id, { as: 'client', customerId: frenchId });
    expect(own.statusCode, own.body).toBe(200);
    expect(squeeze(await pdfText(own.rawPayload))).toContain(issued.number);
    const otherDraft = await createDraft(frenchId);
    expect((await getPdf(otherDraft.id, { as: 'client', customerId: frenchId })).statusCode).toBe(404);
    const theirs = await getPdf(issued.id, { as: 'client', customerId: otherId });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('invoice.not_found');
  });

  it.each([
    ['an unknown language', '?lang=de', 'lang'],
    ['a language in the wrong case', '?lang=FR-ca', 'lang'],
  ])('refuses %s (400 naming lang)', async (_case, query, path) => {
    const response = await getPdf(issued.id, { as: 'staff', query });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe(path);
  });

  it('answers 404 for an unknown invoice and 400 for an id that is not a UUID', async () => {
    expect((await getPdf('0190a1b2-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await getPdf('INV-000001')).statusCode).toBe(400);
  });
});

describe('documents beside invoices', () => {
  it('GET /credit-notes/{id}/pdf: the credit note in the customer’s language, CN-….pdf; a client only their own', async () => {
    const invoice = await finalize((await createDraft(frenchId)).id);
    const issuedNote = await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${invoice.id}/credit-notes`,
      as: 'staff',
      payload: { reason: 'Pneus retournés' },
    });
    expect(issuedNote.statusCode, issuedNote.body).toBe(201);
    const note = issuedNote.json() as { id: string; number: string; total_cents: number };
    const url = `/api/v1/credit-notes/${note.id}/pdf`;
    const response = await t.request({ method: 'GET', url, as: 'staff' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`inline; filename="${note.number}.pdf"`);
    const text = squeeze(await pdfText(response.rawPayload));
    expect(text).toContain(note.number);
    expect(text).toContain(invoice.number!);
    expect(text).toContain('Pneus retournés');
    expect(text).toContain(fr(note.total_cents));
    const english = squeeze(
      await pdfText((await t.request({ method: 'GET', url: `${url}?lang=en`, as: 'staff' })).rawPayload),
    );
    expect(english).toContain(en(note.total_cents));

    expect((await t.request({ method: 'GET', url, as: 'client', customerId: frenchId })).statusCode).toBe(
      200,
    );
    expect((await t.request({ method: 'GET', url, as: 'client', customerId: otherId })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url })).statusCode).toBe(401);
    expect(
      (
        await t.request({
          method: 'GET',
          url: '/api/v1/credit-notes/0190a1b2-0000-7000-8000-000000000000/pdf',
          as: 'staff',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('renders a credit note with the same layout, naming the invoice it corrects', async () => {
    const model = await creditNotePdfModel(t.ctx, {
      number: 'CN-000001',
      invoice_number: 'INV-000001',
      customer_id: frenchId,
      issued_on: '2026-05-04',
      currency: 'CAD',
      lines: [
        {
          description: 'Retour — pneu défectueux',
          quantity: '1',
          unit_price_cents: 150_00,
          line_total_cents: 150_00,
        },
      ],
      subtotal_cents: 150_00,
      taxes: [
        { code: 'GST', rate_ppm: 50_000, amount_cents: 7_50 },
        { code: 'QST', rate_ppm: 99_750, amount_cents: 14_96 },
      ],
      total_cents: 172_46,
      reason: 'Pneu défectueux retourné',
    });
    const french = squeeze(await pdfText(await renderCreditNotePdf(model)));
    for (const expected of [
      'NOTE DE CRÉDIT',
      'CN-000001',
      'relative à la facture INV-000001',
      'Pneu défectueux retourné',
      `TVQ 9,975 % ${fr(14_96)}`,
      `Total crédité ${fr(172_46)}`,
    ]) {
      expect(french).toContain(expected);
    }
    expect(french).not.toContain('Solde dû');
    expect(french).not.toContain('Payable à 30 jours.');
    const english = squeeze(await pdfText(await renderCreditNotePdf({ ...model, language: 'en-CA' })));
    expect(english).toContain('CREDIT NOTE');
    expect(english).toContain('for invoice INV-000001');
    expect(english).toContain(`Total credited ${en(172_46)}`);
  });

  it('charges and prints HST once the company is in Ontario', async () => {
    const put = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/company',
      as: 'admin',
      payload: { tax_profile: 'ON' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const invoice = await createDraft(frenchId);
    const hst = invoice.taxes[0]!;
    expect(hst).toMatchObject({ code: 'HST', rate_ppm: 130_000 });
    expect(await textOf(invoice.id)).toContain(`TVH 13 % ${fr(hst.amount_cents)}`);
    expect(await textOf(invoice.id, '?lang=en')).toContain(`HST 13% ${en(hst.amount_cents)}`);
  });
});
