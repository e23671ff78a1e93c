import { z } from 'zod';
import { currencySchema } from './billing.schemas.ts';
import { chargedTaxSchema, dateSchema, datesInOrder } from './credit-notes.schemas.ts';
import { exportFormats } from './receivables.schemas.ts';

/** Ten years of returns: more is not a tax period, and would be a very large answer. */
const maxMonths = 120;

function monthSpan(from: string, to: string): number {
  const [fromYear, fromMonth] = from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
  return (toYear - fromYear) * 12 + (toMonth - fromMonth) + 1;
}

export const salesTaxQuery = z
  .object({
    /** First day of the period (YYYY-MM-DD), by issue date. */
    from: dateSchema,
    /** Last day of the period, included. */
    to: dateSchema,
    /** Documents in this currency only. */
    currency: currencySchema.default('CAD'),
    /** csv (or `Accept: text/csv`): one row per document, for the accountant. */
    format: z.enum(exportFormats).optional(),
  })
  .refine(datesInOrder, { error: 'Must not be before `from`', path: ['to'] })
  .refine((range) => monthSpan(range.from, range.to) <= maxMonths, {
    error: `The period may span at most ${maxMonths} months`,
    path: ['to'],
  });

export type SalesTaxQuery = z.infer<typeof salesTaxQuery>;

const taxTotalSchema = z
  .object({ code: z.string(), amount_cents: z.number().int() })
  .meta({ id: 'TaxTotal' });

export const salesTaxFiguresSchema = z
  .object({
    document_count: z.number().int(),
    sales_cents: z.number().int().meta({ description: 'Before taxes: taxable and non-taxable' }),
    taxable_cents: z.number().int().meta({ description: 'The amount the taxes were charged on' }),
    taxes: z.array(taxTotalSchema).meta({ description: 'One per tax code of the report, in its order' }),
    tax_cents: z.number().int(),
  })
  .meta({ id: 'SalesTaxFigures' });

export type SalesTaxFigures = z.infer<typeof salesTaxFiguresSchema>;

export const salesTaxDocumentSchema = z
  .object({
    kind: z.enum(['invoice', 'credit_note']),
    id: z.uuid(),
    number: z.string(),
    issued_on: z.string(),
    customer_id: z.uuid(),
    customer_name: z.string(),
    /** For a credit note, the invoice it corrects. */
    invoice_number: z.string().nullable(),
    sales_cents: z.number().int(),
    taxable_cents: z.number().int(),
    taxes: z.array(chargedTaxSchema),
    total_cents: z.number().int(),
  })
  .meta({
    id: 'SalesTaxDocument',
    description:
      "A document behind the figures; a credit note's amounts are negative (they reduce the month's)",
  });

export type SalesTaxDocument = z.infer<typeof salesTaxDocumentSchema>;

/** `invoiced`: the invoices; `credited`: the credit notes, as positive figures; `net`: invoiced less credited, what to declare. */
const figures = {
  invoiced: salesTaxFiguresSchema,
  credited: salesTaxFiguresSchema,
  net: salesTaxFiguresSchema,
};

export const salesTaxReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    tax_codes: z.array(z.string()),
    months: z.array(
      z.object({
        month: z.string().meta({ example: '2026-05' }),
        from: z.string(),
        to: z.string(),
        ...figures,
        documents: z.array(salesTaxDocumentSchema),
      }),
    ),
    totals: z.object(figures),
  })
  .meta({ id: 'SalesTaxReport' });

export type SalesTaxReport = z.infer<typeof salesTaxReportSchema>;
