import { and, asc, count, desc, eq, getTableColumns, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { formatCents, ratePercent } from '../../core/money.ts';
import { paginate } from '../../core/schemas.ts';
import { recordChange } from '../changes/index.ts';
import { customers, getCustomerOrThrow } from '../customers/index.ts';
import { appendLedgerEntry, calendarDateIn, companyTimeZone } from '../finances/index.ts';
import type { CreditNote, CreditNoteCreate, CreditNoteListQuery } from './credit-notes.schemas.ts';
import { credit_note_lines, credit_notes } from './credit-notes.tables.ts';
import { creditNoteAmounts } from './credit-notes.totals.ts';
import { nextDocumentNumber } from './invoices.finalize.ts';
import { draftFor, visibleRow, withInvoiceCustomer } from './invoices.service.ts';
import { applyToInvoice } from './invoices.settlement.ts';
import { invoices } from './invoices.tables.ts';

type CreditNoteRow = typeof credit_notes.$inferSelect & { invoice_number: string | null };
type LineRow = typeof credit_note_lines.$inferSelect;

function notFound(id: string): AppError {
  return new AppError('credit_note.not_found', 'No such credit note', { credit_note_id: id });
}

async function linesOf(ctx: Ctx, ids: string[]): Promise<Map<string, LineRow[]>> {
  const byNote = new Map<string, LineRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byNote;
  const rows = await ctx.db
    .select()
    .from(credit_note_lines)
    .where(inArray(credit_note_lines.credit_note_id, ids))
    .orderBy(asc(credit_note_lines.credit_note_id), asc(credit_note_lines.position));
  for (const row of rows) byNote.get(row.credit_note_id)?.push(row);
  return byNote;
}

function toCreditNote(row: CreditNoteRow, lines: LineRow[]): CreditNote {
  const { created_by: _createdBy, taxes, invoice_number, ...rest } = row;
  return {
    ...rest,
    invoice_number: invoice_number ?? '',
    taxes: taxes.map((tax) => ({ ...tax, rate: ratePercent(tax.rate_ppm) })),
    lines: lines.map(({ credit_note_id: _note, ...line }) => line),
  };
}

function selectNotes(ctx: Ctx) {
  return ctx.db
    .select({ ...getTableColumns(credit_notes), invoice_number: invoices.number })
    .from(credit_notes)
    .innerJoin(invoices, eq(invoices.id, credit_notes.invoice_id));
}

async function withLines(ctx: Ctx, rows: CreditNoteRow[]): Promise<CreditNote[]> {
  const lines = await linesOf(
    ctx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toCreditNote(row, lines.get(row.id) ?? []));
}

/** Which credit notes the actor may see: a client their own customer's; others as they see customers. */
function visibleNotes(ctx: Ctx): SQL | undefined {
  const actor = ctx.actor;
  if (actor.role === 'client') {
    return eq(credit_notes.customer_id, actor.customer_id ?? '00000000-0000-0000-0000-000000000000');
  }
  if (actor.role === 'admin' || actor.role === 'system') return undefined;
  return sql`exists (select 1 from ${customers} c where c.id = ${credit_notes.customer_id} and (c.privacy_level <> 'confidentiel' or c.assigned_user_id = ${actor.id}))`;
}

/** One credit note, if the actor may see it (404 as if it did not exist otherwise). */
export async function getCreditNote(ctx: Ctx, id: string): Promise<CreditNote> {
  const [row] = await selectNotes(ctx).where(eq(credit_notes.id, id));
  if (!row) throw notFound(id);
  if (ctx.actor.role === 'client' && row.customer_id !== ctx.actor.customer_id) throw notFound(id);
  try {
    await getCustomerOrThrow(ctx, row.customer_id, { purpose: 'credit_note' });
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') throw notFound(id);
    throw error;
  }
  const [note] = await withLines(ctx, [row]);
  return note!;
}

export async function findCreditNotes(ctx: Ctx, query: CreditNoteListQuery) {
  const where = [
    visibleNotes(ctx),
    query.customer_id ? eq(credit_notes.customer_id, query.customer_id) : undefined,
    query.invoice_id ? eq(credit_notes.invoice_id, query.invoice_id) : undefined,
    query.from ? gte(credit_notes.issued_on, query.from) : undefined,
    query.to ? lte(credit_notes.issued_on, query.to) : undefined,
  ].filter((condition) => condition !== undefined);
  const condition = where.length ? and(...where) : undefined;
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: count() })
    .from(credit_notes)
    .where(condition);
  const rows = await selectNotes(ctx)
    .where(condition)
    .orderBy(desc(credit_notes.created_at), desc(credit_notes.id))
    .limit(query.per_page)
    .offset((query.page - 1) * query.per_page);
  return { data: await withLines(ctx, rows), pagination: paginate(total, query.page, query.per_page) };
}

/** The credit notes of an invoice the actor may see, oldest first. */
export async function findInvoiceCreditNotes(ctx: Ctx, invoiceId: string) {
  await visibleRow(ctx, invoiceId);
  const rows = await selectNotes(ctx)
    .where(eq(credit_notes.invoice_id, invoiceId))
    .orderBy(asc(credit_notes.created_at), asc(credit_notes.id));
  return { data: await withLines(ctx, rows) };
}

/**
 * Issues a credit note against an issued invoice, in one transaction: customer then invoice
 * locked, amounts computed against the credit notes already issued (so two at once take
 * turns and the second sees the first), the next CN number drawn, the invoice's balance
 * lowered by what it still owed (applyToInvoice), the ledger credited with the whole
 * amount (an invoice already paid leaves the customer a credit), the change recorded.
 */
export async function createCreditNote(
  ctx: Ctx,
  invoiceId: string,
  input: CreditNoteCreate,
): Promise<CreditNote> {
  const before = await visibleRow(ctx, invoiceId);
  const id = newId();
  const now = ctx.clock.now();
  await withInvoiceCustomer(ctx, before.customer_id, async (txCtx, customer) => {
    const invoice = await draftFor(txCtx, invoiceId, customer.id);
    if (invoice.status === 'draft' || invoice.status === 'void') {
      throw new AppError(
        'invoice.not_creditable',
        invoice.status === 'draft'
          ? 'A draft is changed or deleted, not credited'
          : 'A void invoice is not credited',
        { invoice_id: invoiceId, status: invoice.status },
      );
    }
    const previous = await txCtx.db
      .select({
        taxable_cents: credit_notes.taxable_cents,
        taxes: credit_notes.taxes,
        total_cents: credit_notes.total_cents,
      })
      .from(credit_notes)
      .where(eq(credit_notes.invoice_id, invoiceId));
    const amounts = creditNoteAmounts(
      { ...invoice, number: invoice.number ?? '' },
      previous,
      input.lines ?? null,
    );
    const number = await nextDocumentNumber(txCtx, 'CN');
    const applied = Math.min(amounts.total_cents, invoice.balance_due_cents);
    await txCtx.db.insert(credit_notes).values({
      id,
      number,
      invoice_id: invoiceId,
      customer_id: customer.id,
      kind: amounts.kind,
      reason: input.reason,
      currency: invoice.currency,
      subtotal_cents: amounts.subtotal_cents,
      taxable_cents: amounts.taxable_cents,
      taxes: amounts.taxes,
      total_cents: amounts.total_cents,
      applied_cents: applied,
      issued_on: calendarDateIn(now, companyTimeZone),
      created_by: ctx.actor.id,
      created_at: now,
    });
    await txCtx.db
      .insert(credit_note_lines)
      .values(amounts.lines.map((line, index) => ({ credit_note_id: id, position: index + 1, ...line })));
    await applyToInvoice(txCtx, invoice, {
      kind: 'credit_note',
      credited_cents: applied,
      reference_table: 'credit_notes',
      reference_id: id,
    });
    await appendLedgerEntry(txCtx, {
      customer_id: customer.id,
      entry_type: 'credit_note',
      amount_cents: -amounts.total_cents,
      reference_table: 'credit_notes',
      reference_id: id,
      description: `${number} (${invoice.number})`,
      currency: invoice.currency,
      timeline: false,
    });
    const facts = {
      number,
      invoice_id: invoiceId,
      invoice_number: invoice.number,
      kind: amounts.kind,
      total_cents: amounts.total_cents,
      applied_cents: applied,
      currency: invoice.currency,
    };
    await recordChange(txCtx, {
      event: 'credit_note.issued',
      entity: 'credit_note',
      entity_id: id,
      customer_id: customer.id,
      changed_fields: ['number', 'total_cents'],
      activity: {
        activity_type: 'invoice',
        title: `Note de crédit ${number} sur la facture ${invoice.number} : ${formatCents(amounts.total_cents, invoice.currency, 'fr-CA')}`,
        description: input.reason,
        reference_table: 'credit_notes',
        reference_id: id,
        metadata: facts,
      },
      payload: { credit_note_id: id, ...facts },
    });
  });
  return getCreditNote(ctx, id);
}
