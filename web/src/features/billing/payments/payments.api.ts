import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { type BodyOf, everyValueOf, type ResponseOf, type Schema } from '../../../lib/api-types';
import { invoiceKey, useInvalidateInvoice } from '../invoices/invoices.api';

export type Payment = Schema<'Payment'>;
export type PaymentCreate = BodyOf<'recordInvoicePayment'>;
export type ManualPaymentMethod = PaymentCreate['method'];

// In the order the form offers them.
export const manualPaymentMethods = everyValueOf<ManualPaymentMethod>()([
  'interac',
  'cheque',
  'cash',
  'card_terminal',
]);

const paymentsKey = (invoiceId: string) => [...invoiceKey(invoiceId), 'payments'] as const;

/** The invoice's payments, newest first (an invoice has few: one page of 100). */
export function useInvoicePayments(invoiceId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: paymentsKey(invoiceId),
    queryFn: ({ signal }) =>
      api<ResponseOf<'listInvoicePayments'>>(`/api/v1/invoices/${invoiceId}/payments`, {
        query: { per_page: 100 },
        signal,
      }),
    enabled: options.enabled ?? true,
  });
}

/**
 * Records a payment received by hand. `idempotencyKey` is made once per opening of the form:
 * the same submission sent twice (a double click, a retry) records one payment.
 */
export function useRecordPayment(invoiceId: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateInvoice();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PaymentCreate; idempotencyKey: string }) =>
      api<ResponseOf<'recordInvoicePayment', 201>>(`/api/v1/invoices/${invoiceId}/payments`, {
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    // Refused (409: voided meanwhile), the page may show an invoice that changed: read again.
    onError: () => queryClient.invalidateQueries({ queryKey: invoiceKey(invoiceId) }),
    onSuccess: async ({ invoice }) => {
      queryClient.setQueryData(invoiceKey(invoice.id), invoice);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: paymentsKey(invoice.id) }),
        invalidate(invoice),
      ]);
    },
  });
}

/** Which online providers the server has (none: online payment is off). */
export function usePaymentProviders() {
  return useQuery({
    queryKey: ['payments', 'providers'],
    queryFn: ({ signal }) => api<ResponseOf<'getPaymentProviders'>>('/api/v1/payments/providers', { signal }),
    staleTime: 10 * 60_000,
  });
}

/** Opens a Stripe Checkout page for the balance due; the caller sends the browser there. */
export function useCreateCheckout(invoiceId: string) {
  return useMutation({
    mutationFn: () =>
      api<ResponseOf<'createInvoiceCheckout', 201>>(`/api/v1/invoices/${invoiceId}/checkout`, {
        method: 'POST',
        body: {},
      }),
  });
}

/** A fresh key for one opening of the payment form (randomUUID needs https; LAN installs may not have it). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
