import { useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * The tab's one connection to `/api/v1/ws` (server: ADR 14). It reconnects with backoff and
 * asks for what it missed (`?after=<last id>`); when the socket cannot open at all the bell
 * falls back to polling the unread count (`liveStatus() === 'unavailable'`).
 */

/** A message of the live channel: a notification (`id` set) or a control message (`id: null`). */
export interface LiveMessage {
  id: number | null;
  type: string;
  created_at: string;
  data: Record<string, unknown>;
}

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'unavailable' | 'signed_out';

type Listener = (message: LiveMessage) => void;

const listeners = new Set<Listener>();
const statusListeners = new Set<() => void>();
let status: LiveStatus = 'idle';
let socket: WebSocket | undefined;
let lastId: number | null = null;
let attempt = 0;
let failuresBeforeOpen = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let users = 0;

/** Close codes the server uses (see the ADR). */
const unauthenticated = 4401;
const forbiddenOrigin = 4403;

function setStatus(next: LiveStatus) {
  if (status === next) return;
  status = next;
  for (const listener of statusListeners) listener();
}

function socketUrl(): string {
  const url = new URL('/api/v1/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (lastId !== null) url.searchParams.set('after', String(lastId));
  return url.toString();
}

function scheduleReconnect() {
  if (users === 0 || retryTimer) return;
  // 1 s, 2 s, 4 s … 30 s, jittered so that a restarted server is not hit by every tab at once.
  const delay = Math.min(1000 * 2 ** attempt, 30_000) * (0.5 + Math.random() / 2);
  attempt += 1;
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    connect();
  }, delay);
}

function connect() {
  if (users === 0 || socket) return;
  if (typeof WebSocket === 'undefined') {
    setStatus('unavailable');
    return;
  }
  setStatus(failuresBeforeOpen >= 3 ? 'unavailable' : 'connecting');
  const current = new WebSocket(socketUrl());
  socket = current;
  let opened = false;
  current.onopen = () => {
    opened = true;
  };
  current.onmessage = (event) => {
    let message: LiveMessage;
    try {
      message = JSON.parse(String(event.data)) as LiveMessage;
    } catch {
      return;
    }
    if (message.type === 'ready') {
      attempt = 0;
      failuresBeforeOpen = 0;
      const last = message.data.last_id;
      if (typeof last === 'number') lastId = Math.max(lastId ?? 0, last);
      setStatus('open');
    }
    if (message.id !== null) lastId = Math.max(lastId ?? 0, message.id);
    for (const listener of listeners) listener(message);
  };
  current.onclose = (event) => {
    if (socket === current) socket = undefined;
    if (event.code === unauthenticated || event.code === forbiddenOrigin) {
      // No session (any more): polling takes over; the next API call leads to sign-in.
      setStatus('signed_out');
      return;
    }
    if (!opened) failuresBeforeOpen += 1;
    setStatus(failuresBeforeOpen >= 3 ? 'unavailable' : 'connecting');
    scheduleReconnect();
  };
}

function release() {
  users -= 1;
  if (users > 0) return;
  clearTimeout(retryTimer);
  retryTimer = undefined;
  socket?.close(1000, 'done');
  socket = undefined;
  // The next one to connect may be someone else (signed out, then in): their ids are their own.
  lastId = null;
  attempt = 0;
  failuresBeforeOpen = 0;
  setStatus('idle');
}

/** Keeps the tab's live connection open while the calling component is mounted (the bell). */
export function useLiveConnection(enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    users += 1;
    connect();
    // A tab coming back online retries at once rather than waiting out its backoff.
    const online = () => {
      clearTimeout(retryTimer);
      retryTimer = undefined;
      attempt = 0;
      connect();
    };
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      release();
    };
  }, [enabled]);
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (onChange) => {
      statusListeners.add(onChange);
      return () => statusListeners.delete(onChange);
    },
    () => status,
  );
}

/** Which live messages a `useLiveEvents` caller wants: one type, several, a prefix (`claim.`), or a test. */
export type LiveFilter = string | readonly string[] | ((message: LiveMessage) => boolean);

function matches(filter: LiveFilter, message: LiveMessage): boolean {
  if (typeof filter === 'function') return filter(message);
  const types = typeof filter === 'string' ? [filter] : filter;
  return types.some((type) => (type.endsWith('.') ? message.type.startsWith(type) : message.type === type));
}

/**
 * Calls `callback` for each live message matching `filter`, while the component is mounted.
 * For pages that refresh their queries when something happens elsewhere, e.g. the advisors'
 * dashboard:
 *
 *   useLiveEvents(['claim.escalated', 'conversation.escalated'], () =>
 *     queryClient.invalidateQueries({ queryKey: ['claims', 'queue'] }));
 *
 * Types are the domain events' (`ticket.assigned`, `claim.status_changed`, …; a string ending
 * in "." matches a prefix). Only the signed-in user's own notifications arrive (the server's
 * audience rules decide, ADR 14), plus `notifications.read` when they read some in another tab,
 * and live signals that are never stored (`id: null`, their params flat in `data`):
 * `conversation.taken`, to the advisors who did not take it, so their queue drops it;
 * `claim.status_changed` to the claim's assignee; `conversation.message_added` (a customer's) to
 * the advisor holding the conversation. Signals are not replayed on reconnect: a page that
 * relies on them refetches when the socket is back and keeps a slow poll (claims.live.ts).
 * The connection is the bell's (one per tab); this hook opens none of its own.
 */
export function useLiveEvents(filter: LiveFilter, callback: (message: LiveMessage) => void) {
  const latest = useRef({ filter, callback });
  latest.current = { filter, callback };
  useEffect(() => {
    const listener: Listener = (message) => {
      if (matches(latest.current.filter, message)) latest.current.callback(message);
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}
