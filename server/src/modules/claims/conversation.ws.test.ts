import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createTestApp, type TestApp, testSecret } from '../../../test/app.ts';
import { createTestCustomer, uniqueMatricule } from '../../../test/factories.ts';
import { buildApp } from '../../app.ts';
import { createAuth } from '../auth/index.ts';

let t: TestApp;
let second: FastifyInstance;
beforeAll(async () => {
  t = await createTestApp();
  // Another instance on the same database: what a load balancer would send the advisor to.
  second = await buildApp({
    db: t.database.db,
    auth: createAuth(t.database.db, { ATRIUM_BASE_URL: 'http://localhost:3000', ATRIUM_SECRET: testSecret }),
    logLevel: 'silent',
    webDir: '/nonexistent',
  });
  await second.ready();
});
afterAll(async () => {
  await second.close();
  await t.close();
});

interface Frame {
  type: string;
  [key: string]: unknown;
}

/** A socket whose frames are read in order, each awaited (no timing: the test times out if one never comes). */
async function connect(app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  const frames: Frame[] = [];
  const waiting: ((frame: Frame) => void)[] = [];
  let closed: ((code: number) => void) | undefined;
  const closedWith = new Promise<number>((resolve) => {
    closed = resolve;
  });
  const socket = await app.injectWS(
    url,
    { headers: { host: 'localhost', ...headers } },
    {
      onInit: (ws: WebSocket) => {
        ws.on('message', (data) => {
          const frame = JSON.parse(String(data)) as Frame;
          const waiter = waiting.shift();
          if (waiter) waiter(frame);
          else frames.push(frame);
        });
        ws.on('close', (code) => closed?.(code));
      },
    },
  );
  return {
    socket,
    closedWith,
    next: () =>
      new Promise<Frame>((resolve) => (frames.length ? resolve(frames.shift()!) : waiting.push(resolve))),
    /** The next frame that holds a message matching `test`. */
    async until(test: (frame: Frame) => boolean) {
      for (;;) {
        const frame = await new Promise<Frame>((resolve) =>
          frames.length ? resolve(frames.shift()!) : waiting.push(resolve),
        );
        if (test(frame)) return frame;
      }
    },
    send: (payload: unknown) => socket.send(JSON.stringify(payload)),
  };
}

async function escalatedConversation() {
  const matricule = uniqueMatricule();
  await createTestCustomer(t.ctx, { matricule });
  const started = await t.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
  return { ...(started.json() as { id: string; token: string }), matricule };
}

describe('the conversation WebSocket', () => {
  it('carries the customer’s turns, and an advisor’s answer written on another instance', async () => {
    const conversation = await escalatedConversation();
    const customer = await connect(
      t.app,
      `/api/v1/conversations/${conversation.id}/ws?token=${conversation.token}`,
    );
    const first = await customer.next();
    expect(first).toMatchObject({
      type: 'messages',
      phase: 'AUTHENTIFICATION',
      data: [expect.objectContaining({ author: 'assistant', seq: expect.any(Number) })],
    });

    customer.send({ text: '' });
    expect(await customer.next()).toMatchObject({ type: 'error', status: 400, errors: [{ path: 'text' }] });
    customer.send({ text: conversation.matricule });
    expect(await customer.until((frame) => frame.type === 'turn')).toMatchObject({ phase: 'DESCRIPTION' });
    customer.send({ text: 'Je veux parler à un conseiller' });
    expect(await customer.until((frame) => frame.type === 'turn')).toMatchObject({
      phase: 'ESCALADE',
      escalated: true,
    });

    const advisor = await t.signInNewUser('advisor');
    const take = await second.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/take`,
      headers: advisor.headers,
    });
    expect(take.statusCode, take.body).toBe(200);
    const answered = await second.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: advisor.headers,
      payload: { text: 'Bonjour, ici votre conseillère.' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    // Written through the other instance: it reaches this socket by the hub's NOTIFY (the
    // safety poll is 30 s, longer than the test's timeout).
    const pushed = await customer.until((frame) => frame.type === 'messages');
    expect(pushed.data).toEqual([
      expect.objectContaining({ author: 'advisor', text: 'Bonjour, ici votre conseillère.' }),
    ]);

    // The advisor's own socket (session cookie) sends through the same route.
    const advisorSocket = await connect(
      t.app,
      `/api/v1/conversations/${conversation.id}/ws`,
      advisor.headers,
    );
    const history = await advisorSocket.next();
    expect((history.data as unknown[]).length).toBeGreaterThan(4);
    advisorSocket.send({ text: 'Pouvez-vous m’envoyer des photos?' });
    expect(await advisorSocket.until((frame) => frame.type === 'turn')).toMatchObject({ message: null });
    const live = await customer.until((frame) => frame.type === 'messages');
    expect(live.data).toEqual([
      expect.objectContaining({ author: 'advisor', text: 'Pouvez-vous m’envoyer des photos?' }),
    ]);
    customer.socket.close();
    advisorSocket.socket.close();
  });

  it('closes a socket without the right token or session with 4404', async () => {
    const conversation = await escalatedConversation();
    for (const url of [
      `/api/v1/conversations/${conversation.id}/ws?token=forged`,
      `/api/v1/conversations/${conversation.id}/ws`,
      '/api/v1/conversations/01900000-0000-7000-8000-000000000000/ws',
    ]) {
      const stranger = await connect(t.app, url);
      expect(await stranger.closedWith).toBe(4404);
    }
  });
});
