import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchMessagesSince, postConversationMessage } from './claims.api';
import type { ConversationMessage, ConversationPhase, ConversationTurn } from './claims.types';

/** Without a live socket, how often the thread asks for what it missed. */
const pollMs = 3000;

function merge(current: ConversationMessage[], incoming: readonly ConversationMessage[]) {
  if (incoming.length === 0) return current;
  const bySeq = new Map(current.map((message) => [message.seq, message]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function socketUrl(id: string, token: string | undefined, after: number) {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const query = new URLSearchParams({ after: String(after) });
  if (token) query.set('token', token);
  return `${scheme}://${window.location.host}/api/v1/conversations/${id}/ws?${query}`;
}

/**
 * One conversation's messages, live: the WebSocket brings what others write (the advisor, the
 * customer), a short poll takes over when the socket cannot be held. Sending goes over HTTP,
 * whose answer (the assistant's turn) is merged at once. Messages are keyed by `seq`, so
 * whatever arrives twice is shown once.
 */
export function useConversationFeed(options: {
  id: string | undefined;
  token?: string;
  initial?: readonly ConversationMessage[];
  initialPhase?: ConversationPhase;
}) {
  const { id, token } = options;
  const [messages, setMessages] = useState<ConversationMessage[]>(() => [...(options.initial ?? [])]);
  const [phase, setPhase] = useState<ConversationPhase | undefined>(options.initialPhase);
  const [live, setLive] = useState(false);
  const lastSeq = useRef(0);
  lastSeq.current = messages.at(-1)?.seq ?? 0;

  const receive = useCallback((incoming: readonly ConversationMessage[], nextPhase?: ConversationPhase) => {
    setMessages((current) => merge(current, incoming));
    if (nextPhase) setPhase(nextPhase);
  }, []);

  // A new conversation starts from what its creator returned.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the conversation changes
  useEffect(() => {
    setMessages([...(options.initial ?? [])]);
    setPhase(options.initialPhase);
  }, [id]);

  useEffect(() => {
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    const poll = () => {
      fetchMessagesSince(id, lastSeq.current, token)
        .then((page) => !stopped && receive(page.data, page.phase))
        .catch(() => {});
    };
    const startPolling = () => {
      if (!timer && !stopped) timer = setInterval(poll, pollMs);
    };
    let socket: WebSocket | undefined;
    try {
      socket = new WebSocket(socketUrl(id, token, lastSeq.current));
      socket.onopen = () => setLive(true);
      socket.onmessage = (event) => {
        const frame = JSON.parse(String(event.data)) as {
          type: string;
          phase?: ConversationPhase;
          data?: ConversationMessage[];
        };
        if (frame.type === 'messages' && frame.data) receive(frame.data, frame.phase);
      };
      socket.onclose = () => {
        setLive(false);
        startPolling();
      };
    } catch {
      startPolling();
    }
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
      if (socket) {
        socket.onclose = null;
        socket.close();
      }
    };
  }, [id, token, receive]);

  const send = useCallback(
    async (text: string): Promise<ConversationTurn> => {
      if (!id) throw new Error('No conversation');
      const turn = await postConversationMessage(id, text, token);
      receive(turn.messages, turn.phase);
      return turn;
    },
    [id, token, receive],
  );

  return { messages, phase, live, send };
}
