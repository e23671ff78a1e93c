import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { BodyOf, QueryOf, ResponseOf, Schema } from '../../lib/api-types';
import { customerKey } from '../customers/customers.api';

export type Email = Schema<'Email'>;
export type EmailSummary = Schema<'EmailSummary'>;
export type EmailStatus = EmailSummary['status'];
export type EmailListParams = QueryOf<'listEmails'>;
export type InvoiceReminders = Schema<'InvoiceReminders'>;
export type DunningPause = Schema<'DunningPause'>;

const outboxKey = ['outbox'] as const;
const dunningKey = (customerId: string) => ['customers', customerId, 'dunning'] as const;
const remindersKey = (invoiceId: string) => ['invoices', 'reminders', invoiceId] as const;

export function useEmails(params: EmailListParams) {
  return useQuery({
    queryKey: [...outboxKey, 'list', params],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listEmails'>>('/api/v1/outbox', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useEmail(id: string | null) {
  return useQuery({
    queryKey: [...outboxKey, 'detail', id],
    queryFn: ({ signal }) => api<Email>(`/api/v1/outbox/${id}`, { signal }),
    enabled: !!id,
  });
}

export function useRetryEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Email>(`/api/v1/outbox/${id}/retry`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: outboxKey }),
  });
}

export function useSendInvoice(invoiceId: string, customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<'sendInvoice'>) =>
      api<ResponseOf<'sendInvoice', 202>>(`/api/v1/invoices/${invoiceId}/send`, { method: 'POST', body }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: outboxKey }),
        queryClient.invalidateQueries({ queryKey: customerKey(customerId) }),
      ]),
  });
}

export function useInvoiceReminders(invoiceId: string, enabled = true) {
  return useQuery({
    queryKey: remindersKey(invoiceId),
    queryFn: ({ signal }) => api<InvoiceReminders>(`/api/v1/invoices/${invoiceId}/reminders`, { signal }),
    enabled,
  });
}

export function useCustomerDunning(customerId: string) {
  return useQuery({
    queryKey: dunningKey(customerId),
    queryFn: ({ signal }) => api<DunningPause>(`/api/v1/customers/${customerId}/dunning`, { signal }),
  });
}

export function useSetCustomerDunning(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<'setCustomerDunning'>) =>
      api<DunningPause>(`/api/v1/customers/${customerId}/dunning`, { method: 'PUT', body }),
    onSuccess: (data) => queryClient.setQueryData(dunningKey(customerId), data),
  });
}
