import { type Content, renderPdf, type TableCell } from '../../../core/pdf.ts';
import { agingBucketKeys } from '../../finances/index.ts';
import type { StatementPdfModel } from './document.model.ts';
import { longDate, money, pdfLabels } from './labels.ts';
import { colors, customerBlock, header, page, rule } from './layout.ts';

const right = { alignment: 'right' as const };

function tableLayout(options: { zebra: boolean }) {
  return {
    hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
      i === 0 || i === 1 || i === node.table.body.length ? 0 : 0.5,
    vLineWidth: () => 0,
    hLineColor: () => colors.rule,
    fillColor: (row: number) => (options.zebra && row > 0 && row % 2 === 0 ? colors.fill : null),
    paddingTop: () => 4,
    paddingBottom: () => 4,
    paddingLeft: () => 6,
    paddingRight: () => 6,
  };
}

function heading(text: string): Content {
  return { text: text.toUpperCase(), style: 'label', fontSize: 8.5, margin: [0, 18, 0, 6] };
}

/** A customer statement as a pdfmake document (pure). */
export function statementDefinition(model: StatementPdfModel) {
  const labels = pdfLabels[model.language];
  const lang = model.language;
  const m = (cents: number) => money(cents, model.currency, lang);
  const from = longDate(model.from, lang);
  const to = longDate(model.to, lang);
  const charges = model.entries.reduce((sum, entry) => sum + Math.max(entry.amount_cents, 0), 0);
  const credits = model.entries.reduce((sum, entry) => sum + Math.min(entry.amount_cents, 0), 0);

  const summary: [string, string, boolean][] = [
    [labels.openingBalance, m(model.opening_balance_cents), false],
    [labels.charges, m(charges), false],
    [labels.credits, m(credits), false],
    [labels.closingBalance, m(model.closing_balance_cents), true],
  ];

  const entryHeader: TableCell[] = [
    { text: labels.date, style: 'tableHeader' },
    { text: labels.type, style: 'tableHeader' },
    { text: labels.reference, style: 'tableHeader' },
    { text: labels.amount, style: 'tableHeader', ...right },
    { text: labels.balance, style: 'tableHeader', ...right },
  ];
  const balanceRow = (label: string, date: string, cents: number): TableCell[] => [
    { text: longDate(date, lang), bold: true },
    { text: label, bold: true, colSpan: 2 },
    {},
    { text: '' },
    { text: m(cents), bold: true, ...right },
  ];
  const entryRows: TableCell[][] = model.entries.map((entry) => [
    { text: longDate(entry.date, lang) },
    { text: labels.entryTypes[entry.entry_type] },
    {
      stack: [
        { text: entry.reference ?? '—' },
        ...(entry.detail || entry.payment_method
          ? [
              {
                text: [entry.payment_method && labels.paymentMethods[entry.payment_method], entry.detail]
                  .filter(Boolean)
                  .join(' · '),
                style: 'small',
                italics: true,
              },
            ]
          : []),
      ],
    },
    { text: m(entry.amount_cents), ...right },
    { text: m(entry.balance_after_cents), ...right },
  ]);

  const invoiceHeader: TableCell[] = [
    { text: labels.number, style: 'tableHeader' },
    { text: labels.issuedOn, style: 'tableHeader' },
    { text: labels.dueOn, style: 'tableHeader' },
    { text: labels.daysLate, style: 'tableHeader', ...right },
    { text: labels.total, style: 'tableHeader', ...right },
    { text: labels.openAmount, style: 'tableHeader', ...right },
  ];
  const invoiceRows: TableCell[][] = model.open_invoices.map((invoice) => [
    { text: invoice.number },
    { text: longDate(invoice.issued_on, lang) },
    { text: longDate(invoice.due_on, lang) },
    {
      text: invoice.days_past_due ? String(invoice.days_past_due) : '—',
      ...right,
      color: invoice.days_past_due ? colors.overdue : colors.muted,
    },
    { text: m(invoice.total_cents), ...right },
    { text: m(invoice.open_cents), ...right },
  ]);
  const agingTotal = agingBucketKeys.reduce((sum, key) => sum + model.aging[key], 0);

  const company = model.company;
  const footer = lang === 'fr-CA' ? company.document_footer_fr : company.document_footer_en;
  const title = `${labels.statement} — ${model.customer.name}`;

  return page({
    language: lang,
    labels,
    title,
    author: company.name,
    reference: `${labels.statement} · ${labels.period(from, to)}`,
    footer,
    content: [
      header(
        company,
        labels,
        [
          { text: labels.statement.toUpperCase(), style: 'title', fontSize: 18 },
          { text: labels.period(from, to), style: 'number', fontSize: 10, margin: [0, 3, 0, 0] },
        ],
        model.logo,
      ),
      rule([0, 14, 0, 12]),
      {
        columns: [
          { width: '*', stack: [customerBlock(model.customer, labels.account)] },
          {
            width: 220,
            table: {
              widths: ['*', 'auto'],
              body: summary.map(([label, value, strong]) => [
                {
                  text: label,
                  bold: strong,
                  fillColor: strong ? colors.accent : undefined,
                  color: strong ? '#ffffff' : undefined,
                },
                {
                  text: value,
                  bold: strong,
                  ...right,
                  fillColor: strong ? colors.accent : undefined,
                  color: strong ? '#ffffff' : undefined,
                },
              ]),
            },
            layout: {
              hLineWidth: () => 0,
              vLineWidth: () => 0,
              paddingTop: () => 3,
              paddingBottom: () => 3,
              paddingLeft: () => 8,
              paddingRight: () => 8,
            },
          },
        ],
        columnGap: 16,
      } as Content,
      ...(model.closing_balance_cents < 0
        ? [
            {
              text: labels.creditBalance,
              ...right,
              fontSize: 8.5,
              color: colors.paid,
              margin: [0, 4, 0, 0],
            } as Content,
          ]
        : []),
      heading(labels.transactions),
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: [88, 78, '*', 80, 80],
          body: [
            entryHeader,
            balanceRow(labels.openingBalance, model.from, model.opening_balance_cents),
            ...(entryRows.length
              ? entryRows
              : [
                  [
                    { text: labels.noEntries, colSpan: 5, italics: true, color: colors.muted },
                    {},
                    {},
                    {},
                    {},
                  ],
                ]),
            balanceRow(labels.closingBalance, model.to, model.closing_balance_cents),
          ],
        },
        layout: tableLayout({ zebra: true }),
      },
      heading(labels.openInvoicesAt(to)),
      model.open_invoices.length
        ? {
            table: {
              headerRows: 1,
              dontBreakRows: true,
              widths: [72, 80, 80, '*', 76, 76],
              body: [invoiceHeader, ...invoiceRows],
            },
            layout: tableLayout({ zebra: true }),
          }
        : { text: labels.noOpenInvoices, italics: true, color: colors.muted },
      {
        margin: [0, 14, 0, 0],
        unbreakable: true,
        table: {
          widths: ['*', '*', '*', '*', '*', '*'],
          body: [
            [...agingBucketKeys, 'total' as const].map((key) => ({
              text: labels.aging[key],
              style: 'tableHeader',
              ...right,
            })),
            [
              ...agingBucketKeys.map((key) => ({
                text: m(model.aging[key]),
                ...right,
                color: key !== 'current' && model.aging[key] ? colors.overdue : undefined,
              })),
              { text: m(agingTotal), bold: true, ...right },
            ],
          ],
        },
        layout: tableLayout({ zebra: false }),
      } as Content,
    ],
  });
}

export function renderStatementPdf(model: StatementPdfModel): Promise<Buffer> {
  return renderPdf(statementDefinition(model));
}
