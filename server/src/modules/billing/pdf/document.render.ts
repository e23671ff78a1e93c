import { type Content, renderPdf, type TableCell } from '../../../core/pdf.ts';
import type { PdfDocumentModel } from './document.model.ts';
import { longDate, money, pdfLabels, quantity, taxLabel } from './labels.ts';
import { colors, customerBlock, facts, header, page, paragraph, rule } from './layout.ts';

/** An invoice or a credit note as a pdfmake document (pure: the same model gives the same document). */
export function documentDefinition(model: PdfDocumentModel) {
  const labels = pdfLabels[model.language];
  const lang = model.language;
  const m = (cents: number) => money(cents, model.currency, lang);
  const isCreditNote = model.kind === 'credit_note';
  const kindName = isCreditNote ? labels.creditNote : model.quote ? labels.quote : labels.invoice;
  const reference = model.number ?? labels.draft;

  // Draft, void and paid are stamped across the page; overdue and part-paid are said under the number.
  const watermark =
    model.status === 'draft'
      ? { text: labels.status.draft!, color: colors.draft }
      : model.status === 'void'
        ? { text: labels.status.void!, color: colors.void }
        : model.status === 'paid'
          ? { text: labels.status.paid!, color: colors.paid }
          : null;
  const badge =
    model.status === 'void' || model.status === 'paid' || model.status === 'draft'
      ? { text: labels.status[model.status]!, color: watermark!.color }
      : model.status === 'partially_paid'
        ? { text: labels.status.partially_paid!, color: colors.accent }
        : model.is_overdue
          ? { text: labels.status.overdue!, color: colors.overdue }
          : null;

  const titleBlock: Content[] = [
    { text: kindName.toUpperCase(), style: 'title' },
    { text: reference, style: 'number', margin: [0, 2, 0, 0] },
    ...(model.related_number
      ? [{ text: labels.relatedTo(model.related_number), fontSize: 9, color: colors.muted }]
      : []),
    ...(badge
      ? [{ text: badge.text, bold: true, fontSize: 9, color: badge.color, margin: [0, 4, 0, 0] }]
      : []),
  ] as Content[];

  const factRows: [string, string][] = [];
  if (model.issued_on) factRows.push([labels.issuedOn, longDate(model.issued_on, lang)]);
  if (model.due_on) factRows.push([labels.dueOn, longDate(model.due_on, lang)]);
  if (model.quote) factRows.push([labels.validUntil, longDate(model.quote.valid_until, lang)]);
  if (model.currency !== 'CAD') factRows.push([labels.currency, model.currency]);

  const right = { alignment: 'right' as const };
  const headerRow: TableCell[] = [
    { text: labels.description, style: 'tableHeader' },
    { text: labels.quantity, style: 'tableHeader', ...right },
    { text: labels.unitPrice, style: 'tableHeader', ...right },
    { text: labels.discount, style: 'tableHeader', ...right },
    { text: labels.amount, style: 'tableHeader', ...right },
  ];
  const lineRows: TableCell[][] = model.lines.map((line) => [
    {
      stack: [
        { text: line.description },
        ...(line.taxable ? [] : [{ text: labels.notTaxable, style: 'small', italics: true }]),
      ],
    },
    { text: quantity(line.quantity, lang), ...right },
    { text: m(line.unit_price_cents), ...right },
    { text: line.discount_cents ? m(-line.discount_cents) : '—', ...right, color: colors.muted },
    { text: m(line.amount_cents), ...right },
  ]);

  const totals = model.totals;
  const totalRows: [string, string, 'plain' | 'strong' | 'highlight'][] = [
    [labels.subtotal, m(totals.subtotal_cents), 'plain'],
  ];
  if (totals.invoice_discount_cents) {
    totalRows.push([labels.invoiceDiscount, m(-totals.invoice_discount_cents), 'plain']);
  }
  if (totals.promo_discount_cents) {
    totalRows.push([labels.promo(totals.promo_code ?? ''), m(-totals.promo_discount_cents), 'plain']);
  }
  if (totals.shipping_cents) totalRows.push([labels.shipping, m(totals.shipping_cents), 'plain']);
  for (const tax of totals.taxes) {
    totalRows.push([taxLabel(tax.code, tax.rate_ppm, lang), m(tax.amount_cents), 'plain']);
  }
  if (totals.tax_exempt) totalRows.push([labels.taxExempt, m(0), 'plain']);
  totalRows.push([isCreditNote ? labels.totalCredited : labels.total, m(totals.total_cents), 'strong']);
  if (totals.amount_paid_cents) totalRows.push([labels.paid, m(-totals.amount_paid_cents), 'plain']);
  if (totals.amount_credited_cents) {
    totalRows.push([labels.credited, m(-totals.amount_credited_cents), 'plain']);
  }
  if (totals.balance_due_cents !== null) {
    totalRows.push([labels.balanceDue, m(totals.balance_due_cents), 'highlight']);
  }
  if (model.quote && model.quote.deposit_percent > 0) {
    totalRows.push([labels.deposit(model.quote.deposit_percent), m(model.quote.deposit_cents), 'highlight']);
  }

  const company = model.company;
  // Payment terms are for what is owed: a credit note owes nothing.
  const terms = isCreditNote
    ? null
    : lang === 'fr-CA'
      ? company.document_terms_fr
      : company.document_terms_en;
  const footer = lang === 'fr-CA' ? company.document_footer_fr : company.document_footer_en;

  return page({
    language: lang,
    labels,
    title: `${kindName} ${reference}`,
    author: company.name,
    reference: `${kindName} ${reference}`,
    footer,
    watermark,
    content: [
      header(company, labels, titleBlock, model.logo),
      rule([0, 14, 0, 12]),
      {
        columns: [
          {
            width: '*',
            stack: [customerBlock(model.customer, model.quote ? labels.quoteFor : labels.billTo)],
          },
          { width: 'auto', stack: [facts(factRows)] },
        ],
        columnGap: 16,
        margin: [0, 0, 0, 16],
      } as Content,
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: ['*', 38, 72, 62, 76],
          body: [headerRow, ...lineRows],
        },
        layout: {
          hLineWidth: (i, node) => (i === 0 || i === 1 || i === node.table.body.length ? 0 : 0.5),
          vLineWidth: () => 0,
          hLineColor: () => colors.rule,
          fillColor: (row) => (row > 0 && row % 2 === 0 ? colors.fill : null),
          paddingTop: () => 5,
          paddingBottom: () => 5,
          paddingLeft: () => 6,
          paddingRight: () => 6,
        },
      },
      {
        columns: [
          {
            width: '*',
            stack: [...paragraph(labels.notes, model.notes), ...paragraph(labels.terms, terms)],
          },
          {
            width: 230,
            table: {
              widths: ['*', 'auto'],
              body: totalRows.map(([label, value, kind]) => {
                const strong = kind !== 'plain';
                const fill = kind === 'highlight' ? colors.accent : undefined;
                const color = kind === 'highlight' ? '#ffffff' : undefined;
                return [
                  { text: label, bold: strong, fontSize: strong ? 10 : 9, fillColor: fill, color },
                  {
                    text: value,
                    bold: strong,
                    fontSize: strong ? 10 : 9,
                    alignment: 'right',
                    fillColor: fill,
                    color,
                  },
                ];
              }),
            },
            layout: {
              hLineWidth: (i) => (totalRows[i]?.[2] === 'strong' ? 0.75 : 0),
              vLineWidth: () => 0,
              hLineColor: () => colors.accent,
              paddingTop: () => 3,
              paddingBottom: () => 3,
              paddingLeft: () => 8,
              paddingRight: () => 8,
            },
          },
        ],
        columnGap: 24,
        margin: [0, 14, 0, 0],
        unbreakable: true,
      } as Content,
    ],
  });
}

/** Any commercial document's PDF (a quote: `kind: 'quote'` with its `quote` terms). */
export function renderDocumentPdf(model: PdfDocumentModel): Promise<Buffer> {
  return renderPdf(documentDefinition(model));
}

/** An invoice's PDF. */
export function renderInvoicePdf(model: PdfDocumentModel): Promise<Buffer> {
  return renderPdf(documentDefinition(model));
}

/** A credit note's PDF: the same layout, "Note de crédit CN-000001 — relative à la facture INV-000001". */
export function renderCreditNotePdf(model: PdfDocumentModel): Promise<Buffer> {
  return renderPdf(documentDefinition({ ...model, kind: 'credit_note' }));
}
