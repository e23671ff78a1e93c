import type { WebSocket } from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { ConversationLive } from './conversation.live.ts';
import { conversationMessageCreateSchema, wsQuery } from './conversation.schemas.ts';
import { accessConversation, getMessagesSince, postConversationMessage } from './conversation.service.ts';

/** A client that lets this much pile up unread is dropped rather than held in memory. */
const maxBuffered = 1024 * 1024;

/**
 * `/api/v1/conversations/{id}/ws`: the same conversation as the HTTP routes, live.
 * The customer (`?token=` or their session) or staff connect; anyone else is closed with 4404.
 * In: `{"text": "..."}` (a message, as POST .../messages). Out: `{"type":"turn", ...}` for the
 * answer to the socket's own message, `{"type":"messages", phase, escalated, data:[...]}` for
 * every message it has not seen (the others' included), `{"type":"error", status, code, detail}`.
 */
export function handleConversationSocket(socket: WebSocket, request: FastifyRequest, live: ConversationLive) {
  const { id } = request.params as { id: string };
  const query = wsQuery.safeParse(request.query);
  const token = query.success ? query.data.token : undefined;
  const ctx = request.ctx;
  let lastSeq = Number((request.query as { after?: string }).after ?? 0) || 0;
  let closed = false;
  let chain = Promise.resolve();
  let stop = () => {};
  let timer: NodeJS.Timeout | undefined;

  const send = (payload: unknown) => {
    if (closed || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBuffered) {
      socket.close(1013, 'Too slow');
      return;
    }
    socket.send(JSON.stringify(payload));
  };
  // One thing at a time per socket, so `lastSeq` only grows and nothing is sent twice.
  const enqueue = (work: () => Promise<void>) => {
    chain = chain.then(work).catch((error: unknown) => {
      request.log.warn({ err: error }, 'conversation socket');
    });
  };
  const catchUp = () =>
    enqueue(async () => {
      if (closed) return;
      const page = await getMessagesSince(ctx, id, token, lastSeq);
      const fresh = page.data.filter((message) => message.seq > lastSeq);
      if (fresh.length === 0) return;
      lastSeq = fresh.at(-1)!.seq;
      send({ type: 'messages', phase: page.phase, escalated: page.escalated, data: fresh });
    });

  socket.on('close', () => {
    closed = true;
    stop();
    if (timer) clearInterval(timer);
  });

  enqueue(async () => {
    try {
      await accessConversation(ctx, id, token);
    } catch {
      closed = true;
      socket.close(4404, 'No such conversation');
      return;
    }
    stop = live.on(id, catchUp);
    timer = setInterval(catchUp, live.pollMs);
    timer.unref();
  });
  catchUp();

  socket.on('message', (data) => {
    let text: unknown;
    try {
      text = (JSON.parse(String(data)) as { text?: unknown }).text;
    } catch {
      text = undefined;
    }
    const parsed = conversationMessageCreateSchema.safeParse({ text });
    if (!parsed.success) {
      send({
        type: 'error',
        status: 400,
        code: 'request.invalid',
        detail: 'text: Required',
        errors: [{ path: 'text', message: parsed.error.issues[0]?.message ?? 'Invalid' }],
      });
      return;
    }
    enqueue(async () => {
      try {
        const turn = await postConversationMessage(ctx, id, token, parsed.data.text);
        live.notify(id);
        const maxSeq = turn.messages.at(-1)?.seq ?? lastSeq;
        if (maxSeq > lastSeq) lastSeq = maxSeq;
        send({ type: 'turn', ...turn });
      } catch (error) {
        if (error instanceof AppError) {
          send({ type: 'error', status: error.status, code: error.code, detail: error.message });
        } else {
          request.log.error({ err: error }, 'conversation socket message');
          send({ type: 'error', status: 500, code: 'internal', detail: 'Internal error' });
        }
      }
    });
  });
}
