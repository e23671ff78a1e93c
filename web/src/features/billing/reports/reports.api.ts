import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, apiBlob, downloadBlob } from '../../../lib/api';
import { everyValueOf, type QueryOf, type ResponseOf } from '../../../lib/api-types';

export type Receivables = ResponseOf<'listReceivables'>;
export type Receivable = Receivables['data'][number];
export type ReceivablesParams = Omit<Partial<QueryOf<'listReceivables'>>, 'format'>;
export type ReceivableSort = NonNullable<ReceivablesParams['sort']>;
export type SalesTaxReport = ResponseOf<'getSalesTaxReport'>;
export type SalesTaxMonth = SalesTaxReport['months'][number];
export type SalesTaxFigures = SalesTaxMonth['net'];
export type SalesTaxDocument = SalesTaxMonth['documents'][number];
export type SalesTaxParams = Pick<QueryOf<'getSalesTaxReport'>, 'from' | 'to'>;

export const receivableSorts = everyValueOf<ReceivableSort>()([
  '-balance',
  'balance',
  'name',
  'over_90',
  'oldest',
]);

/** The aging buckets, in order, as the API names them. */
export const agingBuckets = [
  'current',
  '1_30',
  '31_60',
  '61_90',
  'over_90',
] as const satisfies readonly (keyof Receivable)[];
export type AgingBucket = (typeof agingBuckets)[number];
export const agingColors: Record<AgingBucket, string> = {
  current: 'teal.6',
  '1_30': 'yellow.5',
  '31_60': 'orange.6',
  '61_90': 'red.6',
  over_90: 'grape.7',
};

export function useReceivables(params: ReceivablesParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['receivables', params],
    queryFn: ({ signal }) => api<Receivables>('/api/v1/receivables', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** Every row as CSV (the filters kept, no paging), saved as a file. */
export function useDownloadReceivables() {
  return useMutation({
    mutationFn: async (params: ReceivablesParams) => {
      const { page: _page, per_page: _perPage, ...filters } = params;
      const blob = await apiBlob('/api/v1/receivables', { query: { ...filters, format: 'csv' } });
      downloadBlob(blob, `comptes-clients-${params.as_of ?? 'aujourdhui'}.csv`);
    },
  });
}

export function useSalesTaxReport(params: SalesTaxParams | null) {
  return useQuery({
    queryKey: ['reports', 'sales-taxes', params],
    queryFn: ({ signal }) =>
      api<SalesTaxReport>('/api/v1/reports/sales-taxes', { query: { ...params }, signal }),
    enabled: params !== null,
    placeholderData: keepPreviousData,
  });
}

/** One CSV row per invoice and credit note of the period, for the accountant. */
export function useDownloadSalesTaxes() {
  return useMutation({
    mutationFn: async (params: SalesTaxParams) => {
      const blob = await apiBlob('/api/v1/reports/sales-taxes', { query: { ...params, format: 'csv' } });
      downloadBlob(blob, `taxes-${params.from}-${params.to}.csv`);
    },
  });
}
