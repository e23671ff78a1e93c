import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { BodyOf, QueryOf, ResponseOf, Schema } from '../../lib/api-types';

export type Schedule = Schema<'RecurringInvoice'>;
export type ScheduleDetail = Schema<'RecurringInvoiceDetail'>;
export type ScheduleCreate = BodyOf<'createRecurringInvoice'>;
export type SchedulePatch = BodyOf<'updateRecurringInvoice'>;
export type ScheduleListParams = QueryOf<'listRecurringInvoices'>;
export type RecurringRun = Schema<'RecurringInvoiceRun'>;
export type Frequency = Schedule['frequency'];
export type ScheduleStatus = Schedule['status'];

const recurringKey = ['recurring-invoices'] as const;
const detailKey = (id: string) => [...recurringKey, 'detail', id] as const;

export function useSchedules(params: ScheduleListParams) {
  return useQuery({
    queryKey: [...recurringKey, 'list', params],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listRecurringInvoices'>>('/api/v1/recurring-invoices', {
        query: { ...params },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useSchedule(id: string) {
  return useQuery({
    queryKey: detailKey(id),
    queryFn: ({ signal }) => api<ScheduleDetail>(`/api/v1/recurring-invoices/${id}`, { signal }),
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return (schedule?: ScheduleDetail) => {
    if (schedule) queryClient.setQueryData(detailKey(schedule.id), schedule);
    return queryClient.invalidateQueries({ queryKey: [...recurringKey, 'list'] });
  };
}

export function useSaveSchedule(id?: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ScheduleCreate | SchedulePatch) =>
      id
        ? api<ScheduleDetail>(`/api/v1/recurring-invoices/${id}`, { method: 'PATCH', body })
        : api<ScheduleDetail>('/api/v1/recurring-invoices', { method: 'POST', body }),
    onSuccess: (schedule) => refresh(schedule),
  });
}

export function usePauseResume(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (action: 'pause' | 'resume') =>
      api<ScheduleDetail>(`/api/v1/recurring-invoices/${id}/${action}`, { method: 'POST' }),
    onSuccess: (schedule) => refresh(schedule),
  });
}

export function useDeleteSchedule(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => api<null>(`/api/v1/recurring-invoices/${id}`, { method: 'DELETE' }),
    onSuccess: () => refresh(),
  });
}

/** "Run now" (admins): every period due as of a day gets its invoice, once. */
export function useRunRecurring() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (asOf: string | null) =>
      api<RecurringRun>('/api/v1/recurring-invoices/run', {
        method: 'POST',
        query: asOf ? { as_of: asOf } : {},
      }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: recurringKey }),
        queryClient.invalidateQueries({ queryKey: ['invoices'] }),
      ]),
  });
}
