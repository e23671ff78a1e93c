import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../lib/api';
import type { ResponseOf, Schema } from '../../lib/api-types';

export type User = Schema<'User'>;
export type Role = User['role'];
export type Me = ResponseOf<'getCurrentUser'>;

export const meKey = ['me'] as const;

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async () => {
      try {
        return await api<Me>('/api/v1/me');
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Staff users (admin, staff, advisor): only staff may list them, so others pass enabled: false. */
export function useUsers(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['users'],
    queryFn: () => api<ResponseOf<'listUsers'>>('/api/v1/users'),
    staleTime: 5 * 60_000,
    enabled: options.enabled ?? true,
  });
}

export function signIn(email: string, password: string) {
  return api<{ twoFactorRedirect?: boolean }>('/api/auth/sign-in/email', {
    method: 'POST',
    body: { email, password },
  });
}

export function verifyTotp(code: string) {
  return api<unknown>('/api/auth/two-factor/verify-totp', { method: 'POST', body: { code } });
}

export function signOut() {
  return api<unknown>('/api/auth/sign-out', { method: 'POST', body: {} });
}

export function enableTwoFactor(password: string) {
  return api<{ totpURI: string; backupCodes: string[] }>('/api/auth/two-factor/enable', {
    method: 'POST',
    body: { password },
  });
}

export function disableTwoFactor(password: string) {
  return api<unknown>('/api/auth/two-factor/disable', { method: 'POST', body: { password } });
}
