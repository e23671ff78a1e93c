import { EventEmitter } from 'node:events';

/*
 * Live delivery of a conversation's messages to its WebSockets. Deliberately small: a socket
 * hears at once of messages written through this process (this emitter), and asks the
 * database every `pollMs` for messages written through another instance (by `seq`, since the
 * last one it sent). No state lives here that the database does not have: a socket that
 * misses a signal catches up at the next poll, and a restarted process loses nothing.
 * (LISTEN/NOTIFY would save the poll; the real-time module's channel can replace it later.)
 */
const emitter = new EventEmitter();
emitter.setMaxListeners(0);

export const conversationPollMs = 2000;

export function notifyConversation(conversationId: string) {
  emitter.emit(conversationId);
}

export function onConversation(conversationId: string, listener: () => void): () => void {
  emitter.on(conversationId, listener);
  return () => emitter.off(conversationId, listener);
}
