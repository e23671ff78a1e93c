import { and, asc, between, eq, notInArray } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { type CsvCell, centsCell, toCsv } from '../../core/csv.ts';
import { DEFAULT_TAX_PROFILE, ratePercent } from '../../core/money.ts';
import { customers } from '../customers/index.ts';
import { credit_notes } from './credit-notes.tables.ts';
import { type ChargedTax, invoices } from './invoices.tables.ts';
import type {
  SalesTaxDocument,
  SalesTaxFigures,
  SalesTaxQuery,
  SalesTaxReport,
} from './sales-taxes.schemas.ts';

/*
 * GST/QST collected over a period, for the Revenu Québec return. An invoice counts in the
 * month it was issued (issued_on, a Montréal calendar date); a credit note in the month IT
 * was issued, as a reduction (the tax given back is declared then, whatever the invoice's
 * month). A void invoice counts nowhere: its taxes were never collected (voiding is only
 * allowed while nothing was paid or credited). Drafts have no taxes yet.
 */

interface DocumentRow {
  id: string;
  number: string | null;
  issued_on: string | null;
  customer_id: string;
  customer_name: string;
  invoice_number: string | null;
  taxable_cents: number;
  taxes: ChargedTax[];
  total_cents: number;
}

async function invoiceRows(ctx: Ctx, query: SalesTaxQuery): Promise<DocumentRow[]> {
  return ctx.db
    .select({
      id: invoices.id,
      number: invoices.number,
      issued_on: invoices.issued_on,
      customer_id: invoices.customer_id,
      customer_name: customers.display_name,
      invoice_number: invoices.number,
      taxable_cents: invoices.taxable_cents,
      taxes: invoices.taxes,
      total_cents: invoices.total_cents,
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customer_id))
    .where(
      and(
        notInArray(invoices.status, ['draft', 'void']),
        between(invoices.issued_on, query.from, query.to),
        eq(invoices.currency, query.currency),
      ),
    )
    .orderBy(asc(invoices.issued_on), asc(invoices.number));
}

async function creditNoteRows(ctx: Ctx, query: SalesTaxQuery): Promise<DocumentRow[]> {
  return ctx.db
    .select({
      id: credit_notes.id,
      number: credit_notes.number,
      issued_on: credit_notes.issued_on,
      customer_id: credit_notes.customer_id,
      customer_name: customers.display_name,
      invoice_number: invoices.number,
      taxable_cents: credit_notes.taxable_cents,
      taxes: credit_notes.taxes,
      total_cents: credit_notes.total_cents,
    })
    .from(credit_notes)
    .innerJoin(invoices, eq(invoices.id, credit_notes.invoice_id))
    .innerJoin(customers, eq(customers.id, credit_notes.customer_id))
    .where(
      and(between(credit_notes.issued_on, query.from, query.to), eq(credit_notes.currency, query.currency)),
    )
    .orderBy(asc(credit_notes.issued_on), asc(credit_notes.number));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function toDocument(row: DocumentRow, kind: SalesTaxDocument['kind']): SalesTaxDocument {
  const sign = kind === 'invoice' ? 1 : -1;
  const tax = sum(row.taxes.map((entry) => entry.amount_cents));
  return {
    kind,
    id: row.id,
    number: row.number ?? '',
    issued_on: row.issued_on ?? '',
    customer_id: row.customer_id,
    customer_name: row.customer_name,
    invoice_number: kind === 'credit_note' ? row.invoice_number : null,
    sales_cents: sign * (row.total_cents - tax),
    taxable_cents: sign * row.taxable_cents,
    taxes: row.taxes.map((entry) => ({
      code: entry.code,
      rate: ratePercent(entry.rate_ppm),
      rate_ppm: entry.rate_ppm,
      amount_cents: sign * entry.amount_cents,
    })),
    total_cents: sign * row.total_cents,
  };
}

/** The profile's codes first (GST, QST), then any other charged in the period, alphabetically. */
function taxCodesOf(documents: readonly SalesTaxDocument[]): string[] {
  const known = DEFAULT_TAX_PROFILE.taxes.map((tax) => tax.code);
  const others = new Set<string>();
  for (const document of documents) {
    for (const tax of document.taxes) if (!known.includes(tax.code)) others.add(tax.code);
  }
  return [...known, ...[...others].sort()];
}

/** The figures of some documents, as positive amounts when `sign` is −1 (credit notes). */
function figuresOf(documents: readonly SalesTaxDocument[], codes: string[], sign: 1 | -1): SalesTaxFigures {
  const taxes = codes.map((code) => ({
    code,
    amount_cents:
      sign * sum(documents.flatMap((d) => d.taxes.filter((t) => t.code === code).map((t) => t.amount_cents))),
  }));
  return {
    document_count: documents.length,
    sales_cents: sign * sum(documents.map((d) => d.sales_cents)),
    taxable_cents: sign * sum(documents.map((d) => d.taxable_cents)),
    taxes,
    tax_cents: sum(taxes.map((tax) => tax.amount_cents)),
  };
}

function net(invoiced: SalesTaxFigures, credited: SalesTaxFigures): SalesTaxFigures {
  return {
    document_count: invoiced.document_count + credited.document_count,
    sales_cents: invoiced.sales_cents - credited.sales_cents,
    taxable_cents: invoiced.taxable_cents - credited.taxable_cents,
    taxes: invoiced.taxes.map((tax, index) => ({
      code: tax.code,
      amount_cents: tax.amount_cents - credited.taxes[index]!.amount_cents,
    })),
    tax_cents: invoiced.tax_cents - credited.tax_cents,
  };
}

function figures(documents: readonly SalesTaxDocument[], codes: string[]) {
  const invoiced = figuresOf(
    documents.filter((d) => d.kind === 'invoice'),
    codes,
    1,
  );
  const credited = figuresOf(
    documents.filter((d) => d.kind === 'credit_note'),
    codes,
    -1,
  );
  return { invoiced, credited, net: net(invoiced, credited) };
}

/** 'YYYY-MM' of every month the period touches, in order. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key >= last) return months;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

function lastDayOf(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()).padStart(2, '0')}`;
}

async function documentsOf(ctx: Ctx, query: SalesTaxQuery): Promise<SalesTaxDocument[]> {
  const [issued, credited] = [await invoiceRows(ctx, query), await creditNoteRows(ctx, query)];
  return [
    ...issued.map((row) => toDocument(row, 'invoice')),
    ...credited.map((row) => toDocument(row, 'credit_note')),
  ].sort((a, b) =>
    a.issued_on === b.issued_on ? a.number.localeCompare(b.number) : a.issued_on < b.issued_on ? -1 : 1,
  );
}

/** The report: per month of the period, the figures and the documents behind them; totals for the period. */
export async function getSalesTaxReport(ctx: Ctx, query: SalesTaxQuery): Promise<SalesTaxReport> {
  const documents = await documentsOf(ctx, query);
  const codes = taxCodesOf(documents);
  const months = monthsOf(query.from, query.to).map((month) => {
    const inMonth = documents.filter((d) => d.issued_on.startsWith(month));
    const first = `${month}-01`;
    const last = lastDayOf(month);
    return {
      month,
      from: [first, query.from].sort()[1]!,
      to: [last, query.to].sort()[0]!,
      ...figures(inMonth, codes),
      documents: inMonth,
    };
  });
  return {
    from: query.from,
    to: query.to,
    currency: query.currency,
    tax_codes: codes,
    months,
    totals: figures(documents, codes),
  };
}

/** One row per document, with its month; a credit note's amounts negative; dollars with a dot. */
export async function exportSalesTaxCsv(ctx: Ctx, query: SalesTaxQuery): Promise<string> {
  const documents = await documentsOf(ctx, query);
  const codes = taxCodesOf(documents);
  const header: CsvCell[] = [
    'month',
    'document_type',
    'number',
    'issued_on',
    'customer_id',
    'customer_name',
    'invoice_number',
    'sales',
    'taxable',
    ...codes,
    'total',
  ];
  const rows = documents.map((d): CsvCell[] => [
    d.issued_on.slice(0, 7),
    d.kind,
    d.number,
    d.issued_on,
    d.customer_id,
    d.customer_name,
    d.invoice_number,
    centsCell(d.sales_cents),
    centsCell(d.taxable_cents),
    ...codes.map((code) => centsCell(sum(d.taxes.filter((t) => t.code === code).map((t) => t.amount_cents)))),
    centsCell(d.total_cents),
  ]);
  return toCsv([header, ...rows]);
}
