import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { customerKey, useInvalidateCustomer } from '../customers/customers.api';
import type { Page } from '../customers/customers.types';
import type { Activity, ActivityType, ManualActivityType } from './timeline.types';

const pageSize = 25;

/** Newest first, one keyset page at a time (infinite scroll). */
export function useTimeline(customerId: string, types: ActivityType[]) {
  return useInfiniteQuery({
    queryKey: [...customerKey(customerId), 'timeline', types],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Activity>>(`/api/v1/customers/${customerId}/timeline`, {
        query: { per_page: pageSize, type: types, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

const chartPageSize = 100;
const chartMaxPages = 5;

/** Activities of the last 12 months, counted per month (at most the latest 500 are read). */
export function useActivityPerMonth(customerId: string) {
  return useQuery({
    queryKey: [...customerKey(customerId), 'timeline', 'per-month'],
    queryFn: async ({ signal }) => {
      const now = new Date();
      const start = new Date(now.getFullYear(), now.getMonth() - 11, 1);
      const months = Array.from(
        { length: 12 },
        (_, index) => new Date(start.getFullYear(), start.getMonth() + index, 1),
      );
      const counts = new Map(months.map((month) => [`${month.getFullYear()}-${month.getMonth()}`, 0]));
      let cursor: string | undefined;
      let read = 0;
      let truncated = false;
      for (let page = 0; page < chartMaxPages; page++) {
        const result = await api<Page<Activity>>(`/api/v1/customers/${customerId}/timeline`, {
          query: { per_page: chartPageSize, from: start.toISOString(), cursor },
          signal,
        });
        for (const activity of result.data) {
          const at = new Date(activity.created_at);
          const key = `${at.getFullYear()}-${at.getMonth()}`;
          if (counts.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        read += result.data.length;
        cursor = result.next_cursor ?? undefined;
        if (!cursor) break;
        truncated = page === chartMaxPages - 1;
      }
      return {
        months: months.map((month) => ({
          month,
          count: counts.get(`${month.getFullYear()}-${month.getMonth()}`) ?? 0,
        })),
        read,
        truncated,
      };
    },
    staleTime: 60_000,
  });
}

export function useLogActivity(customerId: string) {
  const invalidate = useInvalidateCustomer(customerId);
  return useMutation({
    mutationFn: (body: { activity_type: ManualActivityType; title: string; description: string | null }) =>
      api<Activity>(`/api/v1/customers/${customerId}/activities`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}
