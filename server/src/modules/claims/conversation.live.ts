import { EventEmitter } from 'node:events';

/*
 * Live delivery of a conversation's messages to its WebSockets. A socket hears at once of
 * messages written through this app instance (this emitter, one per instance), and of those
 * written through another instance by the transport: PostgreSQL NOTIFY on the real-time
 * channel (the notifications hub, ADR 14), handed in by app.ts so that claims imports nothing
 * of notifications. Nothing lives here that the database does not have: a signal only makes
 * a socket read what followed its last `seq`, and a slow poll remains as the safety net (a
 * lost LISTEN connection, a NOTIFY sent while nobody listened). Without a transport (a
 * bare app, a tool) the poll is quick, as before.
 */
export const conversationPollMs = 2000;
/** The safety poll when a transport carries the other instances' writes. */
export const conversationSafetyPollMs = 30_000;

/** How other instances hear of a conversation's new messages (the notifications hub's broadcast). */
export interface ConversationTransport {
  publish(conversationId: string): Promise<void>;
  /** `conversationId` null: anything may have been missed; `local`: sent by this instance. */
  subscribe(listener: (conversationId: string | null, local: boolean) => void): () => void;
}

export interface ConversationLive {
  /** A message of the conversation was written here (after commit). */
  notify(conversationId: string): void;
  /** Calls `listener` when a message of the conversation is written; returns the unsubscribe. */
  on(conversationId: string, listener: () => void): () => void;
  /** How often a socket asks the database anyway. */
  readonly pollMs: number;
  close(): void;
}

export function createConversationLive(
  transport?: ConversationTransport,
  log?: (message: string, error: unknown) => void,
): ConversationLive {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const unsubscribe = transport?.subscribe((conversationId, local) => {
    if (local) return; // Already told at once, by `notify`.
    if (conversationId !== null) emitter.emit(conversationId);
    else for (const name of emitter.eventNames()) emitter.emit(name);
  });
  return {
    notify(conversationId) {
      emitter.emit(conversationId);
      transport?.publish(conversationId).catch((error: unknown) => {
        // The other instances' sockets catch up at their safety poll.
        log?.('conversation broadcast failed', error);
      });
    },
    on(conversationId, listener) {
      emitter.on(conversationId, listener);
      return () => emitter.off(conversationId, listener);
    },
    pollMs: transport ? conversationSafetyPollMs : conversationPollMs,
    close() {
      unsubscribe?.();
      emitter.removeAllListeners();
    },
  };
}
