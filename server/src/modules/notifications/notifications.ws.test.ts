import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testSecret } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { isNotification, openSocket, socketUrl, type TestSocket } from '../../../test/websocket.ts';
import { buildApp } from '../../app.ts';
import { type Database, openDatabase } from '../../core/db.ts';
import type { DomainEvent } from '../../core/events.ts';
import { newId } from '../../core/ids.ts';
import { createAuth } from '../auth/index.ts';
import { notifyOfEvent } from './notifications.events.ts';
import { storeNotifications } from './notifications.service.ts';

let t: TestApp;
const apps: { app: FastifyInstance; database: Database }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const { app, database } of apps) {
    await app.close();
    await database.close();
  }
  await t.close();
});

/** Another server instance on the same database, as a second process behind a load balancer would be. */
async function anotherInstance(realtime: { maxBufferedBytes?: number; heartbeatMs?: number } = {}) {
  const database = openDatabase(t.database.url, { max: 4 });
  const auth = createAuth(database.db, {
    ATRIUM_BASE_URL: 'http://localhost:3000',
    ATRIUM_SECRET: testSecret,
  });
  const app = await buildApp({
    db: database.db,
    auth,
    logLevel: 'silent',
    webDir: '/nonexistent',
    realtime: { databaseUrl: t.database.url, ...realtime },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push({ app, database });
  return app;
}

/** One notification for each user, committed (as the event handler stores them). */
async function notify(userIds: string[], number = 'TCK-000001') {
  await t.ctx.db.transaction((tx) =>
    storeNotifications(
      { ...t.ctx, db: tx },
      {
        type: 'ticket.assigned',
        params: { number },
        link: '/tickets/x',
        entity: 'ticket',
        entity_id: newId(),
        customer_id: null,
        event_id: newId(),
      },
      userIds,
    ),
  );
}

async function ready(socket: TestSocket) {
  return socket.next((message) => message.type === 'ready');
}

async function listeners(): Promise<number> {
  const { rows } = await t.ctx.db.execute<{ total: number }>(
    sql`select count(*)::int as total from pg_stat_activity where application_name = 'atrium-listen' and datname = current_database()`,
  );
  return rows[0]!.total;
}

describe('GET /api/v1/ws: who may connect', () => {
  it('closes a socket without a session with 4401, after accepting it', async () => {
    const socket = openSocket(socketUrl(t.app));
    expect(await socket.closed).toMatchObject({ code: 4401 });
  });

  it('closes a socket with an invalid session cookie with 4401', async () => {
    const socket = openSocket(socketUrl(t.app), { cookie: 'better-auth.session_token=forged.signature' });
    expect(await socket.closed).toMatchObject({ code: 4401 });
  });

  it("closes a signed-in browser's socket opened from another site's page with 4403", async () => {
    const user = await t.signInNewUser('staff');
    const socket = openSocket(socketUrl(t.app), { ...user.headers, origin: 'https://evil.example' });
    expect(await socket.closed).toMatchObject({ code: 4403 });
  });

  it('accepts an API key (which has no notifications of its own)', async () => {
    const socket = openSocket(socketUrl(t.app), await t.as('staff'));
    expect(await ready(socket)).toMatchObject({ id: null, data: { last_id: 0 } });
    socket.close();
  });
});

describe('GET /api/v1/ws: delivery', () => {
  it("delivers a user's notifications to them only; subscribing to another customer is refused", async () => {
    const [customerA, customerB] = [await createTestCustomer(t.ctx), await createTestCustomer(t.ctx)];
    const clientA = await t.signInNewUser('client', customerA.id);
    const clientB = await t.signInNewUser('client', customerB.id);
    const a = openSocket(socketUrl(t.app), clientA.headers);
    const b = openSocket(socketUrl(t.app), clientB.headers);
    await Promise.all([ready(a), ready(b)]);

    a.send({ subscribe: { customer_id: customerB.id } });
    expect(await a.next()).toMatchObject({
      id: null,
      type: 'error',
      data: { code: 'subscription.forbidden' },
    });
    a.send({ resume_after: 'everything' });
    expect(await a.next()).toMatchObject({ type: 'error', data: { code: 'message.invalid' } });

    await notify([clientB.id], 'TCK-B');
    expect(await b.next(isNotification)).toMatchObject({
      type: 'ticket.assigned',
      data: { params: { number: 'TCK-B' }, title_key: 'notifications.types.ticket_assigned', read_at: null },
    });
    await notify([clientA.id], 'TCK-A');
    // A's first notification is its own: B's, sent before, never reached it.
    expect(await a.next(isNotification)).toMatchObject({ data: { params: { number: 'TCK-A' } } });
    a.close();
    b.close();
  });

  it('sends what was missed, in order, to a client that resumes after its last id', async () => {
    const user = await t.signInNewUser('advisor');
    const first = openSocket(socketUrl(t.app), user.headers);
    await ready(first);
    await notify([user.id], 'N1');
    const seen = await first.next(isNotification);
    first.close();
    await first.closed;

    await notify([user.id], 'N2');
    await notify([user.id], 'N3');
    const again = openSocket(socketUrl(t.app, `?after=${seen.id}`), user.headers);
    const replayed = [await again.next(isNotification), await again.next(isNotification)];
    expect(replayed.map((message) => message.data.params)).toEqual([{ number: 'N2' }, { number: 'N3' }]);
    expect(replayed[0]!.id! < replayed[1]!.id!).toBe(true);
    expect(await ready(again)).toMatchObject({ data: { last_id: replayed[1]!.id } });

    // The same by message, mid-connection: from N1 on again.
    again.send({ resume_after: seen.id });
    expect((await again.next(isNotification)).data.params).toEqual({ number: 'N2' });
    expect((await again.next(isNotification)).data.params).toEqual({ number: 'N3' });
    again.close();
  });

  it('ignores a resume point from the future (another database, a forged id): what comes next still arrives', async () => {
    const user = await t.signInNewUser('staff');
    const socket = openSocket(socketUrl(t.app, `?after=${Number.MAX_SAFE_INTEGER}`), user.headers);
    await ready(socket);
    await notify([user.id], 'NEXT');
    expect((await socket.next(isNotification)).data.params).toEqual({ number: 'NEXT' });
    socket.close();
  });

  it('drops a socket that stops answering pings, keeps one that answers', async () => {
    const instance = await anotherInstance({ heartbeatMs: 1000 });
    const user = await t.signInNewUser('staff');
    const silent = openSocket(socketUrl(instance), user.headers, { autoPong: false });
    const alive = openSocket(socketUrl(instance), user.headers);
    await Promise.all([ready(silent), ready(alive)]);
    expect((await silent.closed).code).toBe(1006);
    await notify([user.id], 'STILL-HERE');
    expect((await alive.next(isNotification)).data.params).toEqual({ number: 'STILL-HERE' });
    alive.close();
  });

  it('tells the other advisors live, without storing it, that a conversation was taken', async () => {
    const customer = await createTestCustomer(t.ctx);
    const [taker, other] = [await t.signInNewUser('advisor'), await t.signInNewUser('advisor')];
    const client = await t.signInNewUser('client', customer.id);
    const [takerSocket, otherSocket, clientSocket] = [taker, other, client].map((user) =>
      openSocket(socketUrl(t.app), user.headers),
    );
    await Promise.all([takerSocket!, otherSocket!, clientSocket!].map(ready));
    const conversationId = newId();
    const event: DomainEvent = {
      id: newId(),
      seq: 0,
      type: 'conversation.taken',
      customer_id: customer.id,
      entity: 'conversation',
      entity_id: conversationId,
      payload: { conversation_id: conversationId, advisor_id: taker.id },
      actor_type: 'user',
      actor_id: taker.id,
      created_at: new Date(),
      status: 'pending',
      attempts: 0,
      next_attempt_at: null,
      locked_until: null,
      last_error: null,
      processed_at: null,
    };
    await t.ctx.db.transaction((tx) => notifyOfEvent({ ...t.ctx, db: tx }, event));

    expect(await otherSocket!.next()).toMatchObject({
      id: null,
      type: 'conversation.taken',
      data: { conversation_id: conversationId },
    });
    expect(await clientSocket!.next(isNotification), 'the customer is notified (stored)').toMatchObject({
      type: 'conversation.taken',
    });
    await notify([taker.id], 'AFTER');
    expect(await takerSocket!.next(), 'the taker hears nothing of their own act').toMatchObject({
      data: { params: { number: 'AFTER' } },
    });
    const stored = await t.ctx.db.execute<{ total: number }>(
      sql`select count(*)::int as total from notifications where event_id = ${event.id}::uuid`,
    );
    expect(stored.rows[0]!.total, 'only the customer’s notification is stored').toBe(1);
    for (const socket of [takerSocket, otherSocket, clientSocket]) socket!.close();
  });

  it('refuses a malformed ?after= before upgrading', async () => {
    const user = await t.signInNewUser('staff');
    const socket = openSocket(socketUrl(t.app, '?after=yesterday'), user.headers);
    const error = await new Promise<Error>((resolve) => socket.socket.once('error', resolve));
    expect(error.message).toMatch(/400/);
  });

  it('delivers across two instances on one database: each pushes to its own clients', async () => {
    const second = await anotherInstance();
    const [one, two] = [await t.signInNewUser('staff'), await t.signInNewUser('advisor')];
    const onFirst = openSocket(socketUrl(t.app), one.headers);
    const onSecond = openSocket(socketUrl(second), two.headers);
    await Promise.all([ready(onFirst), ready(onSecond)]);

    // Committed through neither (the test's own connection, as a worker would): both hear of it.
    await notify([two.id], 'TO-SECOND');
    await notify([one.id], 'TO-FIRST');
    expect((await onSecond.next(isNotification)).data.params).toEqual({ number: 'TO-SECOND' });
    expect((await onFirst.next(isNotification)).data.params).toEqual({ number: 'TO-FIRST' });

    // Read in one tab (the first instance), the other tab (second instance) hears of it.
    const secondTab = openSocket(socketUrl(second), one.headers);
    await ready(secondTab);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: one.headers });
    const id = list.json().data[0].id as number;
    await t.app.inject({ method: 'POST', url: `/api/v1/notifications/${id}/read`, headers: one.headers });
    expect(await secondTab.next()).toMatchObject({ type: 'notifications.read', data: { ids: [id] } });
    for (const socket of [onFirst, onSecond, secondTab]) socket.close();
  });

  it("broadcasts another module's topic to every instance, telling each whether it sent it", async () => {
    const second = await anotherInstance();
    const heard: { where: string; key: string | null; local: boolean }[] = [];
    const arrived = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (heard.length >= count ? resolve() : setTimeout(check, 10));
        check();
      });
    const stops = [
      t.app.notificationHub.onBroadcast('conversation', (key, local) =>
        heard.push({ where: 'first', key, local }),
      ),
      second.notificationHub.onBroadcast('conversation', (key, local) =>
        heard.push({ where: 'second', key, local }),
      ),
      second.notificationHub.onBroadcast('other-topic', (key, local) =>
        heard.push({ where: 'other', key, local }),
      ),
    ];
    await second.notificationHub.broadcast('conversation', 'c-1');
    await arrived(2);
    expect(heard.sort((a, b) => a.where.localeCompare(b.where))).toEqual([
      { where: 'first', key: 'c-1', local: false },
      { where: 'second', key: 'c-1', local: true },
    ]);
    // Unsubscribed: a probe on each hub hears the next one, the stopped listeners do not.
    for (const stop of stops) stop();
    const probes: string[] = [];
    const probeStops = [t.app.notificationHub, second.notificationHub].map((hub) =>
      hub.onBroadcast('conversation', (key) => probes.push(String(key))),
    );
    await second.notificationHub.broadcast('conversation', 'c-2');
    while (probes.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(probes).toEqual(['c-2', 'c-2']);
    expect(heard).toHaveLength(2);
    for (const stop of probeStops) stop();
  });

  it('tells broadcast listeners to catch up (a null key) when its LISTEN connection comes back', async () => {
    const hub = t.app.notificationHub;
    const keys: (string | null)[] = [];
    const stop = hub.onBroadcast('conversation', (key) => keys.push(key));
    const before = hub.stats().reconnects;
    await t.ctx.db.execute(sql`select pg_terminate_backend(${await hub.listenerPid()})`);
    while (hub.stats().reconnects === before) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(keys).toEqual([null]);
    stop();
  });

  it('drops a client that does not read, while a fast one still receives', async () => {
    const instance = await anotherInstance({ maxBufferedBytes: 64 * 1024 });
    const [slowUser, fastUser] = [await t.signInNewUser('staff'), await t.signInNewUser('staff')];
    const slow = openSocket(socketUrl(instance), slowUser.headers);
    const fast = openSocket(socketUrl(instance), fastUser.headers);
    await Promise.all([ready(slow), ready(fast)]);
    // The slow client stops reading: the kernel's buffers fill, then the server's.
    const raw = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();

    // 1500 notifications of ~6 kB (still one NOTIFY each): far beyond every buffer on the way.
    const filler = 'x'.repeat(6000);
    await t.ctx.db.execute(sql`
      insert into notifications (user_id, type, params, link, entity, event_id, created_at)
      select ${slowUser.id}::uuid, 'ticket.replied', jsonb_build_object('number', 'TCK-' || n, 'filler', ${filler}::text),
             null, 'ticket', gen_random_uuid(), now()
      from generate_series(1, 1500) n`);
    await notify([fastUser.id], 'FAST');
    expect((await fast.next(isNotification)).data.params).toEqual({ number: 'FAST' });

    raw.resume();
    expect(await slow.closed).toMatchObject({ code: 4408 });
    expect(slow.received.filter(isNotification).length).toBeLessThan(1500);
    expect(instance.notificationHub.stats().dropped_slow).toBeGreaterThanOrEqual(1);
    fast.close();
  });

  it('reconnects its LISTEN connection when it is lost, and sends what came meanwhile', async () => {
    const user = await t.signInNewUser('staff');
    const socket = openSocket(socketUrl(t.app), user.headers);
    await ready(socket);
    const hub = t.app.notificationHub;
    const before = hub.stats().reconnects;
    const pid = await hub.listenerPid();
    await t.ctx.db.execute(sql`select pg_terminate_backend(${pid})`);
    await notify([user.id], 'WHILE-AWAY');
    expect((await socket.next(isNotification)).data.params).toEqual({ number: 'WHILE-AWAY' });
    while (hub.stats().reconnects === before) await new Promise((resolve) => setTimeout(resolve, 20));
    await notify([user.id], 'AFTER');
    expect((await socket.next(isNotification)).data.params).toEqual({ number: 'AFTER' });
    socket.close();
  });

  it('closes the LISTEN connection and the sockets when the app closes', async () => {
    const instance = await anotherInstance();
    const user = await t.signInNewUser('staff');
    const socket = openSocket(socketUrl(instance), user.headers);
    await ready(socket);
    const withIt = await listeners();
    await instance.close();
    // The server process behind the connection leaves pg_stat_activity as it exits.
    while ((await listeners()) !== withIt - 1) await new Promise((resolve) => setTimeout(resolve, 20));
    await apps
      .splice(
        apps.findIndex((entry) => entry.app === instance),
        1,
      )[0]
      ?.database.close();
    expect((await socket.closed).code).toBe(1001);
  });
});
