import { describe, expect, it } from 'vitest';
import { pdfPages, pdfText, squeeze } from '../../../../test/pdf.ts';
import { fontCovers } from '../../../core/pdf.ts';
import { companySettingsDefaults } from '../../settings/index.ts';
import type { PdfDocumentModel } from './document.model.ts';
import { renderCreditNotePdf, renderInvoicePdf } from './document.render.ts';

// The renderer alone: a model in, a PDF out, read back as a person would read it.
const model: PdfDocumentModel = {
  kind: 'invoice',
  language: 'fr-CA',
  number: 'INV-000042',
  status: 'open',
  is_overdue: false,
  related_number: null,
  issued_on: '2026-05-04',
  due_on: '2026-06-03',
  currency: 'CAD',
  company: {
    ...companySettingsDefaults,
    name: 'Garage Tremblay',
    city: 'Lévis',
    postal_code: 'G6V 1A1',
    gst_number: '123456789RT0001',
    qst_number: '1234567890TQ0001',
    tax_profile: 'QC',
    taxes: [],
    is_set: true,
    has_logo: false,
    logo_sha256: null,
    updated_at: null,
  },
  customer: {
    name: 'Éloïse Bélanger',
    address_lines: ['45, avenue des Érables'],
    email: null,
    language_code: 'fr-CA',
  },
  lines: [
    {
      description: 'Pneus d’hiver « Ice Guard »',
      quantity: '4.000',
      unit_price_cents: 1_234_56,
      discount_cents: 0,
      amount_cents: 4_938_24,
      taxable: true,
    },
  ],
  totals: {
    subtotal_cents: 4_938_24,
    invoice_discount_cents: 0,
    promo_code: null,
    promo_discount_cents: 0,
    shipping_cents: 0,
    taxes: [
      { code: 'GST', rate_ppm: 50_000, amount_cents: 246_91 },
      { code: 'QST', rate_ppm: 99_750, amount_cents: 492_59 },
    ],
    tax_exempt: false,
    total_cents: 5_677_74,
    amount_paid_cents: 0,
    amount_credited_cents: 0,
    balance_due_cents: 5_677_74,
  },
  notes: null,
};

async function textOf(pdf: Promise<Buffer>) {
  return squeeze(await pdfText(await pdf));
}

describe('renderInvoicePdf', () => {
  it('writes money the fr-CA way, thousands apart, with its no-break spaces', async () => {
    const text = await textOf(renderInvoicePdf(model));
    expect(text).toContain('4 1 234,56 $ — 4 938,24 $');
    expect(text).toContain('TPS 5 % 246,91 $');
    expect(text).toContain('TVQ 9,975 % 492,59 $');
    expect(text).toContain('Solde dû 5 677,74 $');
    expect(text).toContain('Lévis QC G6V 1A1');
  });

  it.each([
    ['paid', 'fr-CA', 'PAYÉE'],
    ['paid', 'en-CA', 'PAID'],
    ['void', 'fr-CA', 'ANNULÉE'],
    ['void', 'en-CA', 'VOID'],
    ['draft', 'fr-CA', 'BROUILLON'],
    ['partially_paid', 'fr-CA', 'PAYÉE EN PARTIE'],
  ] as const)('marks a %s invoice in %s: %s', async (status, language, stamp) => {
    expect(await textOf(renderInvoicePdf({ ...model, status, language }))).toContain(stamp);
  });

  it('says an open invoice past due is late, and an open one on time nothing', async () => {
    expect(await textOf(renderInvoicePdf({ ...model, is_overdue: true }))).toContain('EN RETARD');
    const onTime = await textOf(renderInvoicePdf(model));
    expect(onTime).not.toMatch(/EN RETARD|BROUILLON|PAYÉE|ANNULÉE/);
  });

  it('renders a draft, which has no number nor dates yet', async () => {
    const text = await textOf(
      renderInvoicePdf({ ...model, status: 'draft', number: null, issued_on: null, due_on: null }),
    );
    expect(text).toContain('Facture Brouillon');
    expect(text).not.toContain('ÉCHÉANCE');
  });

  it('names a currency other than CAD', async () => {
    const text = await textOf(renderInvoicePdf({ ...model, currency: 'USD', language: 'en-CA' }));
    expect(text).toContain('CURRENCY USD');
    expect(text).toContain('US$1,234.56');
  });

  it('renders the same text whatever renders beside it (the parsed fonts are shared)', async () => {
    const alone = await Promise.all([
      textOf(renderInvoicePdf(model)),
      textOf(renderInvoicePdf({ ...model, language: 'en-CA' })),
    ]);
    const together = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        textOf(renderInvoicePdf(index % 2 ? { ...model, language: 'en-CA' } : model)),
      ),
    );
    together.forEach((text, index) => {
      expect(text).toBe(alone[index % 2]);
    });
  });

  it('keeps every character of a document, whatever was rendered before it', async () => {
    // A subset adds the parts of accented letters (ï, É) without their characters; with a glyph
    // cache shared between documents, a later document's periods were read back as spaces.
    await renderInvoicePdf(model);
    const text = await textOf(renderInvoicePdf({ ...model, language: 'en-CA' }));
    expect(text).toContain('GST No. 123456789 RT0001');
    expect(text).toContain('QST 9.975% $492.59');
    expect(text).toContain('Balance due $5,677.74');
  });

  it('wraps a long description and keeps a line on one page', async () => {
    const long = {
      ...model.lines[0]!,
      description: `Diagnostic complet ${'et réglage '.repeat(40)}`.trim(),
    };
    const pages = await pdfPages(
      await renderInvoicePdf({ ...model, lines: Array.from({ length: 12 }, () => long) }),
    );
    expect(pages.length).toBeGreaterThan(1);
  });
});

describe('renderCreditNotePdf', () => {
  it('titles the document a credit note whatever the model says, naming its invoice', async () => {
    const text = await textOf(
      renderCreditNotePdf({ ...model, number: 'CN-000007', related_number: 'INV-000042', status: 'issued' }),
    );
    expect(text).toContain('NOTE DE CRÉDIT');
    expect(text).toContain('relative à la facture INV-000042');
    expect(text).toContain('Total crédité 5 677,74 $');
  });
});

describe('the document font', () => {
  it('has a glyph for every character French money and quotes use', () => {
    expect(fontCovers('« » é è à ç ô œ É Ç ’ — … $ € ° №')).toBe(true);
    // fr-CA money: a no-break space, or the narrow one newer locale data uses.
    expect(fontCovers('1\u00a0234,56\u00a0$ 1\u202f234,56\u202f$')).toBe(true);
    expect(fontCovers('漢字')).toBe(false);
  });
});
