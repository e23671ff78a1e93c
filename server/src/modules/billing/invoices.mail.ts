import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { recordChange } from '../changes/index.ts';
import { type Customer, getCustomerOrThrow } from '../customers/index.ts';
import { type AttachmentRenderers, type EmailRow, type InvoiceMailData, queueEmail } from '../mail/index.ts';
import type { InvoiceSend } from './invoices.schemas.ts';
import { visibleRow } from './invoices.service.ts';
import type { invoices } from './invoices.tables.ts';
import type { PaymentSettings } from './payments.checkout.ts';
import { invoicePaymentUrl } from './payments.link.ts';
import { invoicePdf } from './pdf/invoice.pdf.ts';

type InvoiceRow = typeof invoices.$inferSelect;

/** What the invoice and reminder messages show of an issued invoice. */
export function invoiceMailData(
  row: InvoiceRow,
  customer: Pick<Customer, 'display_name'>,
  paymentUrl: string | null,
  message: string | null = null,
): InvoiceMailData {
  return {
    customer_name: customer.display_name,
    invoice_number: row.number ?? '',
    issued_on: row.issued_on,
    due_on: row.due_on,
    currency: row.currency,
    total_cents: row.total_cents,
    balance_due_cents: row.balance_due_cents,
    payment_url: row.balance_due_cents > 0 ? paymentUrl : null,
    message,
  };
}

/** The files billing's messages carry, rendered when sent: `invoice_pdf` is the invoice as it is then. */
export const billingMailAttachments: AttachmentRenderers = {
  invoice_pdf: async (ctx, ref, language) => {
    const { filename, pdf } = await invoicePdf(ctx, ref.id, language);
    return { filename, content: pdf, contentType: 'application/pdf' };
  },
};

/**
 * Queues the invoice by email (with its PDF, and the online payment link when Stripe is on)
 * to the customer's address or `to`. A draft or void invoice is 409, no address 422; a
 * customer whose choices forbid it gets nothing (the message is recorded `suppressed`).
 */
export async function sendInvoiceEmail(
  ctx: Ctx,
  settings: PaymentSettings,
  id: string,
  input: InvoiceSend,
  requestOrigin: string | null,
): Promise<EmailRow> {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const row = await visibleRow(txCtx, id);
    if (row.status === 'draft' || row.status === 'void') {
      throw new AppError(
        'invoice.not_sendable',
        row.status === 'draft' ? 'Finalize the invoice before sending it' : 'A void invoice is not sent',
        { invoice_id: id, status: row.status },
      );
    }
    const customer = await getCustomerOrThrow(txCtx, row.customer_id, { purpose: 'invoice_email' });
    const to = input.to ?? customer.email;
    if (!to) {
      throw new AppError('invoice.no_email', 'The customer has no email address: give `to`', {
        invoice_id: id,
        customer_id: customer.id,
      });
    }
    const email = await queueEmail(txCtx, {
      kind: 'invoice',
      customer_id: customer.id,
      to,
      invoice_id: row.id,
      data: invoiceMailData(
        row,
        customer,
        invoicePaymentUrl(settings, row.id, requestOrigin),
        input.message ?? null,
      ),
      attachments: [{ kind: 'invoice_pdf', id: row.id }],
    });
    if (email.status === 'queued') {
      await recordChange(txCtx, {
        event: 'invoice.emailed',
        entity: 'invoice',
        entity_id: row.id,
        customer_id: customer.id,
        activity: {
          activity_type: 'invoice',
          title: `Facture ${row.number} mise en file d’envoi par courriel`,
          reference_table: 'invoices',
          metadata: { email_id: email.id, to_other_address: to !== customer.email },
        },
        payload: { number: row.number, email_id: email.id },
      });
    }
    return email;
  });
}
