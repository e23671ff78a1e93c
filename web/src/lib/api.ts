/** One way to call the API: JSON in, JSON out, every failure an ApiError. */
import type { Schema } from './api-types';

/** A field a problem+json answer names (`errors: [{ path, message }]`). */
export type FieldError = Pick<NonNullable<Schema<'Problem'>['errors']>[number], 'path' | 'message'>;

/** An RFC 9457 problem (or a better-auth error) as the UI uses it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];

  constructor(options: {
    status: number;
    code: string;
    title: string;
    detail?: string;
    errors?: FieldError[];
  }) {
    super(options.detail ?? options.title);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.title = options.title;
    this.detail = options.detail;
    this.errors = options.errors ?? [];
  }

  /** Field errors keyed by path (`email`, `delivery_windows.0.from`), first message wins. */
  get fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const error of this.errors) {
      if (!(error.path in result)) result[error.path] = error.message;
    }
    return result;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type Query = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Query-string from an object: empty values are left out, arrays are comma-joined. */
export function toSearch(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
      continue;
    }
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

let onUnauthenticated: (() => void) | undefined;

/** Called when a request answers 401: the session ended, the UI goes back to sign-in. */
export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

async function toError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors = Array.isArray(record.errors)
    ? record.errors
        .filter((item): item is FieldError => !!item && typeof item === 'object' && 'path' in item)
        .map((item) => ({ path: String(item.path), message: String(item.message) }))
    : [];
  return new ApiError({
    status: response.status,
    // problem+json has `code`; better-auth answers { code, message }.
    code: typeof record.code === 'string' ? record.code : `http.${response.status}`,
    title: typeof record.title === 'string' ? record.title : response.statusText || 'Error',
    detail:
      typeof record.detail === 'string'
        ? record.detail
        : typeof record.message === 'string'
          ? record.message
          : undefined,
    errors,
  });
}

/** The response to a request that succeeded; any failure is thrown as an ApiError. */
async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    ...options.headers,
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(`${path}${toSearch(options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body,
      credentials: 'include',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network.unreachable', title: 'Network error' });
  }
  if (!response.ok) {
    const error = await toError(response);
    if (response.status === 401 && path.startsWith('/api/v1/') && path !== '/api/v1/me')
      onUnauthenticated?.();
    throw error;
  }
  return response;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A document as the server sent it (an export may be hundreds of megabytes: never parsed here). */
export async function apiBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  return (await send(path, options)).blob();
}

/** Saves a document as a file download. */
export function downloadBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
