import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';

export interface SocketMessage {
  id: number | null;
  type: string;
  created_at: string;
  data: Record<string, unknown>;
}

/** A `ws` client that queues what it receives, for tests to take in order. */
export interface TestSocket {
  socket: WebSocket;
  /** The next message (optionally the next one matching), waiting for it if needed. */
  next(match?: (message: SocketMessage) => boolean): Promise<SocketMessage>;
  /** Messages received and not taken yet. */
  received: SocketMessage[];
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  close(): void;
}

export function socketUrl(app: FastifyInstance, query = ''): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening');
  return `ws://127.0.0.1:${address.port}/api/v1/ws${query}`;
}

export function openSocket(
  url: string,
  headers: Record<string, string> = {},
  options: { autoPong?: boolean } = {},
): TestSocket {
  const socket = new WebSocket(url, { headers, ...options });
  const received: SocketMessage[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', (raw) => {
    received.push(JSON.parse(raw.toString()) as SocketMessage);
    wake?.();
  });
  let closedWith = '';
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => {
      closedWith = `${code} ${reason.toString()}`;
      resolve({ code, reason: reason.toString() });
      wake?.();
    });
  });
  socket.on('error', () => {});
  return {
    socket,
    received,
    closed,
    async next(match = () => true) {
      for (;;) {
        const index = received.findIndex(match);
        if (index >= 0) return received.splice(index, 1)[0]!;
        if (socket.readyState === WebSocket.CLOSED)
          throw new Error(`socket closed (${closedWith}) before the message came`);
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    send(message) {
      socket.send(JSON.stringify(message));
    },
    close() {
      socket.close();
    },
  };
}

export const isNotification = (message: SocketMessage) => message.id !== null;
