import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { ResponseOf, Schema } from '../../lib/api-types';

export type DunningOverview = Schema<'DunningOverview'>;
export type DunningRun = Schema<'DunningRun'>;

const overviewKey = ['dunning', 'overview'] as const;

export function useDunningOverview() {
  return useQuery({
    queryKey: overviewKey,
    queryFn: ({ signal }) => api<ResponseOf<'getDunningOverview'>>('/api/v1/dunning', { signal }),
  });
}

/** "Run now" (admins): the reminders due as of a day; the invoices' reminders and the outbox change. */
export function useRunDunning() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (asOf: string | null) =>
      api<DunningRun>('/api/v1/dunning/run', { method: 'POST', query: asOf ? { as_of: asOf } : {} }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: overviewKey }),
        queryClient.invalidateQueries({ queryKey: ['invoices'] }),
        queryClient.invalidateQueries({ queryKey: ['outbox'] }),
      ]),
  });
}
