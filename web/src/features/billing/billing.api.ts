import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { ResponseOf } from '../../lib/api-types';
import type {
  Product,
  ProductInput,
  ProductListParams,
  ProductPatch,
  PromoCode,
  PromoCodeInput,
  PromoCodeListParams,
} from './billing.types';

const productsKey = ['products'] as const;
const promoCodesKey = ['promo-codes'] as const;

export function useProducts(params: ProductListParams) {
  return useQuery({
    queryKey: [...productsKey, 'list', params],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listProducts'>>('/api/v1/products', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useProductCategories() {
  return useQuery({
    queryKey: [...productsKey, 'categories'],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listProductCategories'>>('/api/v1/products/categories', { signal }),
  });
}

/** Create (no id) or change (id: only the fields given). */
export function useSaveProduct(id: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProductInput | ProductPatch) =>
      id
        ? api<Product>(`/api/v1/products/${id}`, { method: 'PATCH', body: input })
        : api<Product>('/api/v1/products', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: productsKey }),
  });
}

/** Archive (DELETE) or restore. */
export function useArchiveProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, archive }: { id: string; archive: boolean }) =>
      archive
        ? api<Product>(`/api/v1/products/${id}`, { method: 'DELETE' })
        : api<Product>(`/api/v1/products/${id}/restore`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: productsKey }),
  });
}

export function usePromoCodes(params: PromoCodeListParams) {
  return useQuery({
    queryKey: [...promoCodesKey, 'list', params],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listPromoCodes'>>('/api/v1/promo-codes', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCreatePromoCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PromoCodeInput) =>
      api<PromoCode>('/api/v1/promo-codes', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: promoCodesKey }),
  });
}

export function useDeactivatePromoCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      api<PromoCode>(`/api/v1/promo-codes/${encodeURIComponent(code)}/deactivate`, { method: 'PATCH' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: promoCodesKey }),
  });
}

export function useDeletePromoCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      api<void>(`/api/v1/promo-codes/${encodeURIComponent(code)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: promoCodesKey }),
  });
}
