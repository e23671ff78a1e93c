import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { customerKey, useInvalidateCustomer } from '../customers/customers.api';
import type { ConsentInput, ConsentRecord, Consents } from './privacy.types';

export function useConsents(customerId: string) {
  return useQuery({
    queryKey: [...customerKey(customerId), 'consents'],
    queryFn: ({ signal }) => api<Consents>(`/api/v1/customers/${customerId}/consents`, { signal }),
  });
}

export function useRecordConsent(customerId: string) {
  const invalidate = useInvalidateCustomer(customerId);
  return useMutation({
    mutationFn: (body: ConsentInput) =>
      api<ConsentRecord>(`/api/v1/customers/${customerId}/consents`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}
