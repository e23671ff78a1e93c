import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { AuditEntryPage, AuditListParams, AuditSealResult, AuditVerification } from './audit.types';

export const auditKey = ['audit'] as const;

export function useAuditEntries(params: AuditListParams) {
  return useQuery({
    queryKey: [...auditKey, 'list', params],
    queryFn: ({ signal }) => api<AuditEntryPage>('/api/v1/audit', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useAuditVerification() {
  return useQuery({
    queryKey: [...auditKey, 'verify'],
    queryFn: ({ signal }) => api<AuditVerification>('/api/v1/audit/verify', { signal }),
    retry: false,
  });
}

/** Seals now, then verifies again: the status line follows the new block. */
export function useSealAuditLog() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<AuditSealResult>('/api/v1/audit/seal', { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: auditKey }),
  });
}
