import { EventEmitter } from 'node:events';

/*
 * Live delivery of a conversation's messages to its WebSockets. Deliberately small: a socket
 * hears at once of messages written through this app instance (this emitter, one per
 * instance), and asks the database every `conversationPollMs` for messages written through
 * another instance (by `seq`, since the last one it sent). Nothing lives here that the
 * database does not have: a socket that misses a signal catches up at the next poll, and a
 * restarted process loses nothing. (LISTEN/NOTIFY would save the poll; the real-time
 * module's channel can replace it later.)
 */
export const conversationPollMs = 2000;

export interface ConversationLive {
  notify(conversationId: string): void;
  /** Calls `listener` when a message of the conversation is written here; returns the unsubscribe. */
  on(conversationId: string, listener: () => void): () => void;
}

export function createConversationLive(): ConversationLive {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    notify: (conversationId) => emitter.emit(conversationId),
    on(conversationId, listener) {
      emitter.on(conversationId, listener);
      return () => emitter.off(conversationId, listener);
    },
  };
}
