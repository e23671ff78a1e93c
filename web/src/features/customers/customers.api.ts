import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { BodyOf, ResponseOf, Schema } from '../../lib/api-types';
import type { Customer, CustomerListParams, PartKind, PartOf } from './customers.types';

export type Customer360 = Schema<'Customer360'>;

export const customerKey = (id: string) => ['customer', id] as const;

export function useCustomers(params: CustomerListParams) {
  return useQuery({
    queryKey: ['customers', 'list', params],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listCustomers'>>('/api/v1/customers', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCustomer360(id: string) {
  return useQuery({
    queryKey: [...customerKey(id), '360'],
    queryFn: ({ signal }) => api<Customer360>(`/api/v1/customers/${id}/360`, { signal }),
  });
}

/** After any change to a customer, everything shown about it and the lists are stale. */
export function useInvalidateCustomer(id: string) {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: customerKey(id) }),
      queryClient.invalidateQueries({ queryKey: ['customers'] }),
    ]);
  };
}

/** What a new customer may say; a change (PATCH) may say the same, and every field is optional in both. */
export type CustomerInput = BodyOf<'createCustomer'> & BodyOf<'updateCustomer'>;

export function useCreateCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomerInput) => api<Customer>('/api/v1/customers', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['customers'] }),
  });
}

export function useUpdateCustomer(id: string) {
  const invalidate = useInvalidateCustomer(id);
  return useMutation({
    mutationFn: (patch: CustomerInput) =>
      api<Customer>(`/api/v1/customers/${id}`, { method: 'PATCH', body: patch }),
    onSuccess: invalidate,
  });
}

export function useArchiveCustomer(id: string) {
  const invalidate = useInvalidateCustomer(id);
  return useMutation({
    mutationFn: (archive: boolean) =>
      archive
        ? api<Customer>(`/api/v1/customers/${id}`, { method: 'DELETE' })
        : api<Customer>(`/api/v1/customers/${id}/restore`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}

export function useParts<K extends PartKind>(id: string, kind: K) {
  return useQuery({
    queryKey: [...customerKey(id), 'parts', kind],
    queryFn: ({ signal }) => api<{ data: PartOf[K][] }>(`/api/v1/customers/${id}/${kind}`, { signal }),
  });
}

export function useSavePart<K extends PartKind>(id: string, kind: K) {
  const invalidate = useInvalidateCustomer(id);
  return useMutation({
    mutationFn: ({ partId, body }: { partId?: string; body: Record<string, unknown> }) =>
      partId
        ? api<PartOf[K]>(`/api/v1/customers/${id}/${kind}/${partId}`, { method: 'PATCH', body })
        : api<PartOf[K]>(`/api/v1/customers/${id}/${kind}`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useDeletePart(id: string, kind: PartKind) {
  const invalidate = useInvalidateCustomer(id);
  return useMutation({
    mutationFn: (partId: string) =>
      api<unknown>(`/api/v1/customers/${id}/${kind}/${partId}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}
