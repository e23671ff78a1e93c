import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { ResponseOf } from '../../lib/api-types';
import { customerKey } from '../customers/customers.api';
import type {
  ClaimDetail,
  ClaimFollowUp,
  ClaimListParams,
  ClaimPatch,
  Contract,
  ContractCreate,
  Conversation,
  ConversationStarted,
  ConversationTurn,
} from './claims.types';
import { openClaimStatuses } from './claims.types';

export const claimsKey = ['claims'] as const;
const claimKey = (id: string) => [...claimsKey, 'detail', id] as const;
export const queueKey = [...claimsKey, 'queue'] as const;

/**
 * The advisor queue's fallback poll: news arrives over the live channel (claims.live.ts), so
 * this only covers a socket that is down or a missed signal.
 */
export const queuePollMs = 30_000;

export function useClaims(
  params: ClaimListParams,
  options: { enabled?: boolean; refetchInterval?: number } = {},
) {
  return useQuery({
    queryKey: [...claimsKey, 'list', params],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listClaims'>>('/api/v1/claims', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval,
  });
}

/** How many of a customer's claims are still being handled. */
export function useOpenClaimCount(customerId: string, options: { enabled?: boolean } = {}) {
  const list = useClaims(
    { customer_id: customerId, status: openClaimStatuses.join(','), per_page: 1 },
    options,
  );
  return list.data?.pagination.total;
}

export function useClaim(id: string) {
  return useQuery({
    queryKey: claimKey(id),
    queryFn: ({ signal }) => api<ClaimDetail>(`/api/v1/claims/${id}`, { signal }),
  });
}

export function useClaimFollowUp(id: string) {
  return useQuery({
    queryKey: [...claimKey(id), 'follow-up'],
    queryFn: ({ signal }) => api<ClaimFollowUp>(`/api/v1/claims/${id}/follow-up`, { signal }),
  });
}

export function useClaimTranscript(id: string) {
  return useQuery({
    queryKey: [...claimKey(id), 'transcript'],
    queryFn: ({ signal }) =>
      api<ResponseOf<'getClaimTranscript'>>(`/api/v1/claims/${id}/transcript`, { signal }),
  });
}

export function useClaimQueue(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queueKey,
    queryFn: ({ signal }) => api<ResponseOf<'getClaimQueue'>>('/api/v1/claims/queue', { signal }),
    refetchInterval: queuePollMs,
    enabled: options.enabled ?? true,
  });
}

function useAfterClaimChange() {
  const queryClient = useQueryClient();
  return async (claim: ClaimDetail) => {
    queryClient.setQueryData(claimKey(claim.id), claim);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: [...claimsKey, 'list'] }),
      queryClient.invalidateQueries({ queryKey: [...claimKey(claim.id), 'follow-up'] }),
      queryClient.invalidateQueries({ queryKey: queueKey }),
      queryClient.invalidateQueries({ queryKey: customerKey(claim.customer_id) }),
    ]);
  };
}

export function useUpdateClaim() {
  const afterChange = useAfterClaimChange();
  return useMutation({
    mutationFn: ({ id, ...body }: ClaimPatch & { id: string }) =>
      api<ClaimDetail>(`/api/v1/claims/${id}`, { method: 'PATCH', body }),
    onSuccess: afterChange,
  });
}

export function useAssignClaim() {
  const afterChange = useAfterClaimChange();
  return useMutation({
    mutationFn: ({ id, assigned_to }: { id: string; assigned_to?: string | null }) =>
      api<ClaimDetail>(`/api/v1/claims/${id}/assign`, {
        method: 'POST',
        body: assigned_to === undefined ? {} : { assigned_to },
      }),
    onSuccess: afterChange,
  });
}

export function useContracts(customerId: string) {
  return useQuery({
    queryKey: [...claimsKey, 'contracts', customerId],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listCustomerContracts'>>(`/api/v1/customers/${customerId}/contracts`, {
        query: { per_page: 100 },
        signal,
      }),
  });
}

export function useCreateContract(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ContractCreate) =>
      api<Contract>(`/api/v1/customers/${customerId}/contracts`, { method: 'POST', body }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [...claimsKey, 'contracts', customerId] }),
        queryClient.invalidateQueries({ queryKey: customerKey(customerId) }),
      ]),
  });
}

// The conversation: a token for a customer without a session, the session otherwise.

const tokenHeaders = (token?: string): Record<string, string> =>
  token ? { 'x-conversation-token': token } : {};

export function startConversation(language: 'fr' | 'en') {
  return api<ConversationStarted>('/api/v1/conversations', { method: 'POST', body: { language } });
}

export function postConversationMessage(id: string, text: string, token?: string) {
  return api<ConversationTurn>(`/api/v1/conversations/${id}/messages`, {
    method: 'POST',
    body: { text },
    headers: tokenHeaders(token),
  });
}

export function fetchConversation(id: string, token?: string, signal?: AbortSignal) {
  return api<Conversation>(`/api/v1/conversations/${id}`, { headers: tokenHeaders(token), signal });
}

export function fetchMessagesSince(id: string, after: number, token?: string) {
  return api<ResponseOf<'listConversationMessages'>>(`/api/v1/conversations/${id}/messages`, {
    query: { after },
    headers: tokenHeaders(token),
  });
}

/** The conversations the advisor took and still holds. */
export function useMyConversations() {
  return useQuery({
    queryKey: [...claimsKey, 'my-conversations'],
    queryFn: ({ signal }) => api<ResponseOf<'listMyConversations'>>('/api/v1/conversations', { signal }),
    refetchInterval: queuePollMs,
  });
}

export function useTakeConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Conversation>(`/api/v1/conversations/${id}/take`, { method: 'POST' }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queueKey }),
        queryClient.invalidateQueries({ queryKey: [...claimsKey, 'list'] }),
        queryClient.invalidateQueries({ queryKey: [...claimsKey, 'my-conversations'] }),
      ]),
  });
}
