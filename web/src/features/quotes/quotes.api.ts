import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { BodyOf, QueryOf, ResponseOf, Schema } from '../../lib/api-types';
import { invoicesKey } from '../billing/invoices/invoices.api';

export type Quote = Schema<'Quote'>;
export type QuoteStatus = Quote['status'];
export type Order = Schema<'Order'>;
export type OrderStatus = Order['status'];
export type PublicQuote = Schema<'PublicQuote'>;
export type QuoteAcceptance = Schema<'QuoteAcceptance'>;
export type QuoteCreate = BodyOf<'createQuote'>;
export type QuotePatch = BodyOf<'updateQuote'>;

export const quotesKey = ['quotes'] as const;
export const ordersKey = ['orders'] as const;
const quoteKey = (id: string) => [...quotesKey, 'detail', id] as const;
const orderKey = (id: string) => [...ordersKey, 'detail', id] as const;

export function useQuotes(params: QueryOf<'listQuotes'>) {
  return useQuery({
    queryKey: [...quotesKey, 'list', params],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listQuotes'>>('/api/v1/quotes', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useQuote(id: string) {
  return useQuery({
    queryKey: quoteKey(id),
    queryFn: ({ signal }) => api<Quote>(`/api/v1/quotes/${id}`, { signal }),
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: quotesKey }),
      queryClient.invalidateQueries({ queryKey: ordersKey }),
      queryClient.invalidateQueries({ queryKey: invoicesKey }),
    ]);
}

export function useSaveQuote(id: string | undefined) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: QuoteCreate | QuotePatch) =>
      id
        ? api<Quote>(`/api/v1/quotes/${id}`, { method: 'PATCH', body })
        : api<Quote>('/api/v1/quotes', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

/** POST on a quote or order action; every list and detail is then stale. */
function useAction<Result>(path: (id: string) => string, method: 'POST' | 'DELETE' = 'POST') {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body?: unknown }) =>
      api<Result>(path(id), { method, body: method === 'POST' ? (body ?? {}) : undefined }),
    onSuccess: () => invalidate(),
  });
}

export const useDeleteQuote = () => useAction<void>((id) => `/api/v1/quotes/${id}`, 'DELETE');
export const useSendQuote = () => useAction<ResponseOf<'sendQuote'>>((id) => `/api/v1/quotes/${id}/send`);
export const useAcceptQuote = () => useAction<QuoteAcceptance>((id) => `/api/v1/quotes/${id}/accept`);
export const useDeclineQuote = () => useAction<Quote>((id) => `/api/v1/quotes/${id}/decline`);
export const useDuplicateQuote = () => useAction<Quote>((id) => `/api/v1/quotes/${id}/duplicate`);
export const useInvoiceOrder = () => useAction<Order>((id) => `/api/v1/orders/${id}/invoice`);
export const useCancelOrder = () => useAction<Order>((id) => `/api/v1/orders/${id}/cancel`);

export function useOrders(params: QueryOf<'listOrders'>) {
  return useQuery({
    queryKey: [...ordersKey, 'list', params],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listOrders'>>('/api/v1/orders', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: orderKey(id),
    queryFn: ({ signal }) => api<Order>(`/api/v1/orders/${id}`, { signal }),
    // Its invoices change elsewhere (a payment on the invoice's page): read again on each visit.
    refetchOnMount: 'always',
  });
}

// ---- The customer's page (no session) -----------------------------------------------------

export function usePublicQuote(token: string) {
  return useQuery({
    queryKey: ['public-quote', token],
    queryFn: ({ signal }) => api<PublicQuote>(`/api/v1/public/quotes/${token}`, { signal }),
    retry: false,
  });
}

export function usePublicAccept(token: string) {
  return useMutation({
    mutationFn: (body: BodyOf<'acceptPublicQuote'>) =>
      api<QuoteAcceptance>(`/api/v1/public/quotes/${token}/accept`, { method: 'POST', body }),
  });
}

export function usePublicDecline(token: string) {
  return useMutation({
    mutationFn: (body: BodyOf<'declinePublicQuote'>) =>
      api<void>(`/api/v1/public/quotes/${token}/decline`, { method: 'POST', body }),
  });
}
