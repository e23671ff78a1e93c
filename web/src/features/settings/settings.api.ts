import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../lib/api';
import type { BodyOf, ResponseOf, Schema } from '../../lib/api-types';
import { DEFAULT_TAX_PROFILE, type TaxProfile } from '../../lib/totals';

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

/**
 * The taxes new invoices are charged with, for totals computed as you type: the company's
 * profile once read, Québec's until then (the server's default too).
 */
export function useCompanyTaxProfile(): TaxProfile {
  const settings = useCompanySettings().data;
  return useMemo(
    () =>
      settings
        ? {
            code: settings.tax_profile,
            taxes: settings.taxes.map((tax) => ({ code: tax.code, rate_ppm: tax.rate_ppm })),
          }
        : DEFAULT_TAX_PROFILE,
    [settings],
  );
}
