import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { BodyOf, ResponseOf, Schema } from '../../../lib/api-types';
import { invoiceKey, useInvalidateInvoice } from '../invoices/invoices.api';
import type { Invoice } from '../invoices/invoices.types';

export type CreditNote = Schema<'CreditNote'>;
export type CreditNoteCreate = BodyOf<'createCreditNote'>;
export type CreditNoteLineInput = NonNullable<CreditNoteCreate['lines']>[number];

const creditNotesKey = (invoiceId: string) => [...invoiceKey(invoiceId), 'credit-notes'] as const;

/** The credit notes issued against an invoice, oldest first. */
export function useInvoiceCreditNotes(invoiceId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: creditNotesKey(invoiceId),
    queryFn: ({ signal }) =>
      api<ResponseOf<'listInvoiceCreditNotes'>>(`/api/v1/invoices/${invoiceId}/credit-notes`, { signal }),
    enabled: options.enabled ?? true,
  });
}

/** Without `lines`, a full credit of what remains; with them, a partial one. */
export function useCreateCreditNote(invoice: Pick<Invoice, 'id' | 'customer_id'>) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateInvoice();
  return useMutation({
    mutationFn: (body: CreditNoteCreate) =>
      api<ResponseOf<'createCreditNote', 201>>(`/api/v1/invoices/${invoice.id}/credit-notes`, {
        method: 'POST',
        body,
      }),
    // Refused (409: voided or paid meanwhile), the page may show an invoice that changed: read again.
    onError: () => queryClient.invalidateQueries({ queryKey: invoiceKey(invoice.id) }),
    // The invoice itself changed (credited, balance, status): read again with its credit notes.
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: invoiceKey(invoice.id) }),
        invalidate(invoice),
      ]);
    },
  });
}

export function useVoidInvoice(invoice: Pick<Invoice, 'id' | 'customer_id'>) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateInvoice();
  return useMutation({
    mutationFn: (body: BodyOf<'voidInvoice'>) =>
      api<Invoice>(`/api/v1/invoices/${invoice.id}/void`, { method: 'POST', body }),
    onError: () => queryClient.invalidateQueries({ queryKey: invoiceKey(invoice.id) }),
    onSuccess: async (voided) => {
      queryClient.setQueryData(invoiceKey(voided.id), voided);
      await invalidate(voided);
    },
  });
}

export const creditNotePdfUrl = (id: string) => `/api/v1/credit-notes/${id}/pdf`;
