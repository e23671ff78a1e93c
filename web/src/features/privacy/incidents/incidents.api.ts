import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiBlob, downloadBlob } from '../../../lib/api';
import type { Schema } from '../../../lib/api-types';
import type { Incident, IncidentDetail, IncidentInput, IncidentListParams } from './incidents.types';

const base = '/api/v1/privacy/incidents';
export const incidentsKey = ['privacy-incidents'] as const;

export function useIncidents(params: IncidentListParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...incidentsKey, 'list', params],
    queryFn: ({ signal }) =>
      api<{ data: Incident[]; pagination: Schema<'Pagination'> }>(base, { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** Serious-risk incidents whose notice to the CAI is not recorded: what the banner shows. */
export function useUnnotifiedIncidents(enabled: boolean) {
  return useIncidents({ awaiting_cai_notification: 'true', per_page: 5 }, { enabled });
}

export function useIncident(id: string | undefined) {
  return useQuery({
    queryKey: [...incidentsKey, 'one', id],
    queryFn: ({ signal }) => api<IncidentDetail>(`${base}/${id}`, { signal }),
    enabled: !!id,
  });
}

export function useSaveIncident(id: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<IncidentInput>) =>
      id
        ? api<IncidentDetail>(`${base}/${id}`, { method: 'PATCH', body: input })
        : api<IncidentDetail>(base, { method: 'POST', body: input }),
    onSuccess: async (saved) => {
      queryClient.setQueryData([...incidentsKey, 'one', saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: [...incidentsKey, 'list'] });
    },
  });
}

export async function downloadIncidentRegister() {
  const blob = await apiBlob(`${base}/export`);
  downloadBlob(blob, `registre-incidents-confidentialite-${new Date().toISOString().slice(0, 10)}.csv`);
}
