import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { BodyOf, ResponseOf } from '../../lib/api-types';
import { customerKey, useInvalidateCustomer } from '../customers/customers.api';
import type { ActivityType } from './timeline.types';

const pageSize = 25;

/** Newest first, one keyset page at a time (infinite scroll). */
export function useTimeline(customerId: string, types: ActivityType[]) {
  return useInfiniteQuery({
    queryKey: [...customerKey(customerId), 'timeline', types],
    queryFn: ({ pageParam, signal }) =>
      api<ResponseOf<'listTimeline'>>(`/api/v1/customers/${customerId}/timeline`, {
        query: { per_page: pageSize, type: types, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Entries per month over the last 12 months, counted by the server in the viewer's time zone. */
export function useActivityPerMonth(customerId: string) {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return useQuery({
    queryKey: [...customerKey(customerId), 'timeline', 'per-month', timeZone],
    queryFn: async ({ signal }) => {
      const result = await api<ResponseOf<'countActivitiesPerMonth'>>(
        `/api/v1/customers/${customerId}/timeline/monthly`,
        { query: { months: 12, tz: timeZone }, signal },
      );
      return {
        months: result.data.map((entry) => {
          const [year, month] = entry.month.split('-').map(Number);
          return { month: new Date(year ?? 1970, (month ?? 1) - 1, 1), count: entry.total };
        }),
      };
    },
  });
}

export function useLogActivity(customerId: string) {
  const invalidate = useInvalidateCustomer(customerId);
  return useMutation({
    mutationFn: (body: BodyOf<'logActivity'>) =>
      api<ResponseOf<'logActivity', 201>>(`/api/v1/customers/${customerId}/activities`, {
        method: 'POST',
        body,
      }),
    onSuccess: invalidate,
  });
}
