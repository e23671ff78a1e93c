import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, isApiError } from '../../lib/api';
import type { BodyOf, ResponseOf, Schema } from '../../lib/api-types';
import { errorMessage } from '../../lib/errors';

export type SignatureRequest = Schema<'SignatureRequest'>;
export type SignatureRequestInput = BodyOf<'createSignatureRequest'>;
export type SignerView = ResponseOf<'openSigning'>;
export type SealedVerification = ResponseOf<'verifySealedPdf'>;
export type FieldType = SignatureRequest['fields'][number]['type'];

const requestsKey = (documentId: string) => ['signature-requests', documentId] as const;

export function useSignatureRequests(documentId: string | null) {
  return useQuery({
    queryKey: requestsKey(documentId ?? ''),
    queryFn: ({ signal }) =>
      api<ResponseOf<'listSignatureRequests'>>(`/api/v1/documents/${documentId}/signature-requests`, {
        query: { per_page: 50 },
        signal,
      }),
    enabled: documentId !== null,
  });
}

export function useAuditTrail(requestId: string | null) {
  return useQuery({
    queryKey: ['signature-requests', 'audit', requestId],
    queryFn: ({ signal }) =>
      api<ResponseOf<'getSignatureAuditTrail'>>(`/api/v1/signature-requests/${requestId}/audit`, { signal }),
    enabled: requestId !== null,
  });
}

export function useCreateSignatureRequest(documentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignatureRequestInput) =>
      api<SignatureRequest>(`/api/v1/documents/${documentId}/signature-requests`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['signature-requests'] }),
  });
}

export function useRequestAction(action: 'cancel' | 'remind') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (requestId: string) =>
      api<SignatureRequest>(`/api/v1/signature-requests/${requestId}/${action}`, {
        method: 'POST',
        ...(action === 'remind' ? { body: {} } : {}),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['signature-requests'] }),
  });
}

/** The signer's side: the token in the address is the only credential. */
export function useSignerView(token: string) {
  return useQuery({
    queryKey: ['sign', token],
    queryFn: ({ signal }) => api<SignerView>(`/api/v1/sign/${token}`, { signal }),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export function verifySealed(sha256: string) {
  return api<SealedVerification>(`/api/v1/verify/${sha256}`);
}

/** A signature error in the signer's words (their page has its own table), else the general one. */
export function signatureErrorMessage(error: unknown, t: TFunction) {
  if (isApiError(error)) {
    const key = `signatures.errors.${error.code}`;
    const known = t(key, { defaultValue: '' });
    if (known) return known;
  }
  return errorMessage(error, t);
}

export type QuoteSignatureRequestInput = BodyOf<'createQuoteSignatureRequest'>;

/** A quote's signature requests (staff and admins). */
export function useQuoteSignatureRequests(quoteId: string, enabled = true) {
  return useQuery({
    queryKey: ['signature-requests', 'quote', quoteId],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listQuoteSignatureRequests'>>(`/api/v1/quotes/${quoteId}/signature-requests`, {
        query: { per_page: 20 },
        signal,
      }),
    enabled,
  });
}

export function useCreateQuoteSignatureRequest(quoteId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: QuoteSignatureRequestInput) =>
      api<SignatureRequest>(`/api/v1/quotes/${quoteId}/signature-requests`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['signature-requests'] }),
  });
}
