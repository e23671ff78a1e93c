import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { BodyOf, ResponseOf, Schema } from '../../lib/api-types';

export type CompanySettings = Schema<'CompanySettings'>;
export type CompanySettingsInput = BodyOf<'updateCompanySettings'>;
export type TaxProfileCode = CompanySettings['tax_profile'];

const companyKey = ['settings', 'company'] as const;

export function useCompanySettings() {
  return useQuery({
    queryKey: companyKey,
    queryFn: ({ signal }) => api<ResponseOf<'getCompanySettings'>>('/api/v1/settings/company', { signal }),
  });
}

export function useUpdateCompanySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CompanySettingsInput) =>
      api<CompanySettings>('/api/v1/settings/company', { method: 'PUT', body }),
    onSuccess: (saved) => queryClient.setQueryData(companyKey, saved),
  });
}
