import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { type LiveMessage, useLiveEvents, useLiveStatus } from '../notifications/live';
import { claimsKey, queueKey } from './claims.api';

/*
 * Claims pages kept fresh by the tab's live channel (`/api/v1/ws`, ADR 14): what the server's
 * audience rules send (notifications.audience.ts) invalidates the queries it makes stale.
 * A slow poll stays as the safety net for when the socket is down or a signal was missed
 * (signals are not stored, so not replayed on reconnect).
 */

/** The claim a live message is about: a stored notification's subject, or a signal's params. */
export function claimIdOf(message: LiveMessage): string | null {
  const { data } = message;
  if (data.entity === 'claim' && typeof data.entity_id === 'string') return data.entity_id;
  const params = data.params as Record<string, unknown> | undefined;
  const fromParams = params?.claim_id ?? data.claim_id;
  return typeof fromParams === 'string' ? fromParams : null;
}

/** After a reconnect, signals sent while the socket was down are gone: refetch once. */
function useRefetchOnReconnect(refetch: () => void) {
  const status = useLiveStatus();
  const previous = useRef(status);
  const latest = useRef(refetch);
  latest.current = refetch;
  useEffect(() => {
    if (status === 'open' && previous.current !== 'open' && previous.current !== 'idle') latest.current();
    previous.current = status;
  }, [status]);
}

/**
 * The advisor's dashboard: the escalation queue (an escalation arrives, another advisor takes
 * one) and their own claims and conversations (a claim assigned to them, a customer writing).
 */
export function useAdvisorDashboardLive() {
  const queryClient = useQueryClient();
  const refreshQueue = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queueKey }),
      queryClient.invalidateQueries({ queryKey: [...claimsKey, 'my-conversations'] }),
    ]);
  const refreshMine = () => queryClient.invalidateQueries({ queryKey: [...claimsKey, 'list'] });
  useLiveEvents(['claim.escalated', 'conversation.escalated', 'conversation.taken'], () => {
    void refreshQueue();
  });
  useLiveEvents(['claim.assigned', 'claim.status_changed'], () => {
    void refreshMine();
  });
  useRefetchOnReconnect(() => {
    void refreshQueue();
    void refreshMine();
  });
}

/** One claim's page (staff or its customer): its status, follow-up and transcript. */
export function useClaimLive(claimId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: [...claimsKey, 'detail', claimId] });
  useLiveEvents(
    (message) =>
      (message.type.startsWith('claim.') || message.type.startsWith('conversation.')) &&
      claimIdOf(message) === claimId,
    () => void refresh(),
  );
  useRefetchOnReconnect(() => void refresh());
}

/** Lists of claims (the claims page, a customer's claims, the 360 header's count). */
export function useClaimListsLive() {
  const queryClient = useQueryClient();
  useLiveEvents(['claim.'], () => {
    void queryClient.invalidateQueries({ queryKey: [...claimsKey, 'list'] });
  });
}
