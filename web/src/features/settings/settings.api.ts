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

/** Where the logo is read (public: it is printed on documents); `v` changes with it, past any cache. */
export function companyLogoUrl(sha256: string) {
  return `/api/v1/settings/company/logo?v=${sha256.slice(0, 16)}`;
}

export const logoTypes = ['image/png', 'image/jpeg', 'image/webp'];
export const logoMaxBytes = 2 * 1024 * 1024;

/** Sends the logo as multipart (the JSON client cannot); a refusal is thrown with its problem code. */
async function putLogo(file: File): Promise<void> {
  const form = new FormData();
  form.append('file', file);
  const response = await fetch('/api/v1/settings/company/logo', {
    method: 'PUT',
    body: form,
    credentials: 'include',
    headers: { accept: 'application/json, application/problem+json' },
  });
  if (response.ok) return;
  const body = (await response.json().catch(() => undefined)) as { code?: string } | undefined;
  throw new Error(body?.code ?? `http.${response.status}`);
}

export function useUploadCompanyLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putLogo,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companyKey }),
  });
}

export function useDeleteCompanyLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/v1/settings/company/logo', { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companyKey }),
  });
}
