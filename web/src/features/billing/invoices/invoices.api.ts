import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import type { ResponseOf } from '../../../lib/api-types';
import { customerKey } from '../../customers/customers.api';
import type { Customer } from '../../customers/customers.types';
import type {
  Invoice,
  InvoiceCreate,
  InvoiceFinalize,
  InvoiceListParams,
  InvoicePatch,
  PromoValidation,
} from './invoices.types';

export const invoicesKey = ['invoices'] as const;
export const invoiceKey = (id: string) => [...invoicesKey, 'detail', id] as const;

export function useInvoices(params: InvoiceListParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...invoicesKey, 'list', params],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listInvoices'>>('/api/v1/invoices', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useInvoice(id: string) {
  return useQuery({
    queryKey: invoiceKey(id),
    queryFn: ({ signal }) => api<Invoice>(`/api/v1/invoices/${id}`, { signal }),
  });
}

/** One customer (name, tax exemption), cached with everything else about it. */
export function useCustomer(id: string | null | undefined) {
  return useQuery({
    queryKey: [...customerKey(id ?? ''), 'record'],
    queryFn: ({ signal }) => api<Customer>(`/api/v1/customers/${id}`, { signal }),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

/** The names of the customers a page of invoices names (each asked once, then cached). */
export function useCustomerNames(ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: [...customerKey(id), 'record'],
      queryFn: ({ signal }: { signal: AbortSignal }) => api<Customer>(`/api/v1/customers/${id}`, { signal }),
      staleTime: 5 * 60_000,
    })),
  });
  const names = new Map<string, string>();
  results.forEach((result, index) => {
    if (result.data) names.set(unique[index]!, result.data.display_name);
  });
  return names;
}

/** Customers found by name, email, phone or matricule, for a picker. */
export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: ['customers', 'picker', q],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listCustomers'>>('/api/v1/customers', {
        query: { q: q || undefined, per_page: 10 },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

/** After a change to an invoice, its lists and its customer's finances (balance, ledger) are stale. */
export function useInvalidateInvoice() {
  const queryClient = useQueryClient();
  return async (invoice: Pick<Invoice, 'id' | 'customer_id'>) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: [...invoicesKey, 'list'] }),
      queryClient.invalidateQueries({ queryKey: customerKey(invoice.customer_id) }),
    ]);
  };
}

/** Create a draft (no id) or change one (id: `lines` replaces them whole). */
export function useSaveInvoice(id: string | undefined) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateInvoice();
  return useMutation({
    mutationFn: (body: InvoiceCreate | InvoicePatch) =>
      id
        ? api<Invoice>(`/api/v1/invoices/${id}`, { method: 'PATCH', body })
        : api<Invoice>('/api/v1/invoices', { method: 'POST', body }),
    onSuccess: async (invoice) => {
      queryClient.setQueryData(invoiceKey(invoice.id), invoice);
      await invalidate(invoice);
    },
  });
}

export function useDeleteInvoice() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateInvoice();
  return useMutation({
    mutationFn: (invoice: Invoice) => api<void>(`/api/v1/invoices/${invoice.id}`, { method: 'DELETE' }),
    onSuccess: async (_, invoice) => {
      queryClient.removeQueries({ queryKey: invoiceKey(invoice.id) });
      await invalidate(invoice);
    },
  });
}

export function useFinalizeInvoice(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateInvoice();
  return useMutation({
    mutationFn: (body: InvoiceFinalize) =>
      api<Invoice>(`/api/v1/invoices/${id}/finalize`, { method: 'POST', body }),
    onSuccess: async (invoice) => {
      queryClient.setQueryData(invoiceKey(invoice.id), invoice);
      await invalidate(invoice);
    },
  });
}

/** Whether a promo code applies to a cart (public endpoint, 20 checks a minute per address). */
export function usePromoValidation(
  check: { code: string; cart_total_cents: number; customer_id?: string } | null,
) {
  return useQuery({
    queryKey: ['promo-codes', 'validate', check],
    queryFn: ({ signal }) =>
      api<PromoValidation>('/api/v1/promo-codes/validate', { method: 'POST', body: check, signal }),
    enabled: check !== null,
    // While a new cart is checked, the last answer stays (flagged as placeholder) rather than none.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}
