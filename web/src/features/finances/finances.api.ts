import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { BodyOf, ResponseOf, Schema } from '../../lib/api-types';
import { customerKey, useInvalidateCustomer } from '../customers/customers.api';

export type CustomerFinances = Schema<'CustomerFinances'>;
export type PaymentMethod = Schema<'PaymentMethod'>;
export type LedgerEntry = Schema<'LedgerEntry'>;
export type CreditProfileInput = BodyOf<'updateCustomerFinances'>;
export type PaymentMethodInput = BodyOf<'createPaymentMethod'>;
export type PaymentMethodPatch = BodyOf<'updatePaymentMethod'>;

const financesKey = (customerId: string) => [...customerKey(customerId), 'finances'] as const;

export function useFinances(customerId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...financesKey(customerId), 'summary'],
    queryFn: ({ signal }) =>
      api<ResponseOf<'getCustomerFinances'>>(`/api/v1/customers/${customerId}/finances`, { signal }),
    enabled: options.enabled ?? true,
  });
}

export function useUpdateFinances(customerId: string) {
  const invalidate = useInvalidateCustomer(customerId);
  return useMutation({
    mutationFn: (body: CreditProfileInput) =>
      api<CustomerFinances>(`/api/v1/customers/${customerId}/finances`, { method: 'PUT', body }),
    onSuccess: invalidate,
  });
}

export function usePaymentMethods(customerId: string) {
  return useQuery({
    queryKey: [...financesKey(customerId), 'payment-methods'],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listPaymentMethods'>>(`/api/v1/customers/${customerId}/payment-methods`, { signal }),
  });
}

export function useSavePaymentMethod(customerId: string) {
  const invalidate = useInvalidateCustomer(customerId);
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: PaymentMethodInput | PaymentMethodPatch }) =>
      id
        ? api<PaymentMethod>(`/api/v1/customers/${customerId}/payment-methods/${id}`, {
            method: 'PATCH',
            body,
          })
        : api<PaymentMethod>(`/api/v1/customers/${customerId}/payment-methods`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useDeletePaymentMethod(customerId: string) {
  const invalidate = useInvalidateCustomer(customerId);
  return useMutation({
    mutationFn: (id: string) =>
      api<unknown>(`/api/v1/customers/${customerId}/payment-methods/${id}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export const historyPageSize = 10;

/** One page of the ledger, newest first. */
export function useBalanceHistory(customerId: string, page: number) {
  return useQuery({
    queryKey: [...financesKey(customerId), 'history', page],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listBalanceHistory'>>(`/api/v1/customers/${customerId}/balance-history`, {
        query: { page, per_page: historyPageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

/** The latest entries, oldest first, for the balance-over-time chart. */
export function useBalanceTrend(customerId: string) {
  return useQuery({
    queryKey: [...financesKey(customerId), 'trend'],
    queryFn: async ({ signal }) => {
      const result = await api<ResponseOf<'listBalanceHistory'>>(
        `/api/v1/customers/${customerId}/balance-history`,
        { query: { per_page: 100 }, signal },
      );
      return [...result.data].reverse();
    },
  });
}

export function useAdjustBalance(customerId: string) {
  const invalidate = useInvalidateCustomer(customerId);
  return useMutation({
    mutationFn: (body: BodyOf<'createBalanceAdjustment'>) =>
      api<ResponseOf<'createBalanceAdjustment', 201>>(`/api/v1/customers/${customerId}/balance-adjustments`, {
        method: 'POST',
        body,
      }),
    onSuccess: invalidate,
  });
}
