import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { ResponseOf, Schema } from '../../lib/api-types';

export type CustomerDocument = Schema<'Document'>;
export type AccessLogEntry = Schema<'DocumentAccessLogEntry'>;

const documentsKey = (customerId: string) => ['documents', customerId] as const;

export function useCustomerDocuments(customerId: string) {
  return useQuery({
    queryKey: documentsKey(customerId),
    queryFn: ({ signal }) =>
      api<ResponseOf<'listCustomerDocuments'>>(`/api/v1/customers/${customerId}/documents`, {
        query: { per_page: 100 },
        signal,
      }),
  });
}

export function useAccessLog(documentId: string | null) {
  return useQuery({
    queryKey: ['documents', 'access-log', documentId],
    queryFn: ({ signal }) =>
      api<ResponseOf<'listDocumentAccessLog'>>(`/api/v1/documents/${documentId}/access-log`, {
        query: { per_page: 100 },
        signal,
      }),
    enabled: documentId !== null,
  });
}

export function useRefreshDocuments(customerId: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: documentsKey(customerId) });
}

/**
 * Sends one file as multipart with XMLHttpRequest: fetch() cannot report upload progress.
 * Resolves with the server's answer; rejects with the problem's code (or `network`).
 */
export function uploadWithProgress(
  url: string,
  fields: Record<string, string>,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<CustomerDocument> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file);
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.withCredentials = true;
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: { code?: string } | undefined;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      if (request.status === 201) resolve(body as CustomerDocument);
      else reject(new Error(body?.code ?? `http.${request.status}`));
    };
    request.onerror = () => reject(new Error('network'));
    request.send(form);
  });
}

export function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} Ko`;
  return `${(bytes / 1024 / 1024).toFixed(1)} Mo`;
}
