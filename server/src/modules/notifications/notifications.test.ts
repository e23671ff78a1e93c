import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import type { Role } from '../../core/context.ts';
import { newId } from '../../core/ids.ts';
import { pruneReadNotifications, storeNotifications } from './notifications.service.ts';
import { notifications } from './notifications.tables.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function notify(userId: string, number: string) {
  await t.ctx.db.transaction((tx) =>
    storeNotifications(
      { ...t.ctx, db: tx },
      {
        type: 'ticket.replied',
        params: { number },
        link: `/tickets/${number}`,
        entity: 'ticket',
        entity_id: newId(),
        customer_id: null,
        event_id: newId(),
      },
      [userId],
    ),
  );
}

async function list(headers: Record<string, string>, query = '') {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/notifications${query}`, headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    data: { id: number; params: { number: string }; read_at: string | null }[];
    pagination: { total: number };
  };
}

async function unread(headers: Record<string, string>) {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/notifications/unread-count', headers });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { unread: number }).unread;
}

describe('notifications over REST, for each role', () => {
  const roles: Role[] = ['admin', 'staff', 'advisor', 'client'];

  it.each(roles)('a %s sees, counts and marks read their own notifications only', async (role) => {
    const me = await t.signInNewUser(role);
    const other = await t.signInNewUser(role);
    await notify(me.id, `MINE-1-${role}`);
    await notify(other.id, `THEIRS-${role}`);
    await notify(me.id, `MINE-2-${role}`);

    const mine = await list(me.headers);
    expect(mine.data.map((item) => item.params.number)).toEqual([`MINE-2-${role}`, `MINE-1-${role}`]);
    expect(mine.data[0]).toMatchObject({
      type: 'ticket.replied',
      title_key: 'notifications.types.ticket_replied',
      link: `/tickets/MINE-2-${role}`,
      entity: 'ticket',
      read_at: null,
    });
    expect(await unread(me.headers)).toBe(2);

    const theirs = (await list(other.headers)).data[0]!;
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${theirs.id}/read`,
      headers: me.headers,
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'notification.not_found' });
    expect(await unread(other.headers), 'still unread for its owner').toBe(1);

    const read = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${mine.data[1]!.id}/read`,
      headers: me.headers,
    });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().read_at).toEqual(expect.any(String));
    const unreadOnly = await list(me.headers, '?unread=true');
    expect(unreadOnly.data.map((item) => item.params.number)).toEqual([`MINE-2-${role}`]);
    expect(unreadOnly.pagination.total).toBe(1);

    const all = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      headers: me.headers,
    });
    expect(all.json()).toEqual({ updated: 1 });
    expect(await unread(me.headers)).toBe(0);
    expect(await unread(other.headers), "read-all leaves others' alone").toBe(1);
  });

  it('marking read twice keeps the first time', async () => {
    const me = await t.signInNewUser('staff');
    await notify(me.id, 'TWICE');
    const [item] = (await list(me.headers)).data;
    const url = `/api/v1/notifications/${item!.id}/read`;
    const first = await t.app.inject({ method: 'POST', url, headers: me.headers });
    const second = await t.app.inject({ method: 'POST', url, headers: me.headers });
    expect(second.json().read_at).toBe(first.json().read_at);
  });

  it('gives an API key (no person behind it) an empty list and 404s', async () => {
    const someone = await t.signInNewUser('staff');
    await notify(someone.id, 'NOT-FOR-KEYS');
    const [item] = (await list(someone.headers)).data;
    expect((await list(await t.as('admin'))).data).toEqual([]);
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/notifications/${item!.id}/read`,
      as: 'admin',
    });
    expect(response.statusCode).toBe(404);
  });

  it('refuses a caller without a session (401)', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/notifications'],
      ['GET', '/api/v1/notifications/unread-count'],
      ['POST', '/api/v1/notifications/1/read'],
      ['POST', '/api/v1/notifications/read-all'],
    ] as const) {
      expect((await t.app.inject({ method, url })).statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('names the field of bad input (400)', async () => {
    const me = await t.signInNewUser('staff');
    for (const [url, path] of [
      ['/api/v1/notifications?per_page=500', 'per_page'],
      ['/api/v1/notifications?unread=maybe', 'unread'],
      ['/api/v1/notifications?colour=red', ''],
    ] as const) {
      const response = await t.app.inject({ method: 'GET', url, headers: me.headers });
      expect(response.statusCode, url).toBe(400);
      if (path) expect(JSON.stringify(response.json().errors), url).toContain(path);
    }
    const badId = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/abc/read',
      headers: me.headers,
    });
    expect(badId.statusCode).toBe(400);
    expect(JSON.stringify(badId.json().errors)).toContain('id');
  });
});

describe('retention', () => {
  it('deletes read notifications older than 90 days, never unread ones', async () => {
    const me = await t.signInNewUser('staff');
    for (const number of ['OLD-READ', 'RECENT-READ', 'OLD-UNREAD']) await notify(me.id, number);
    const day = 24 * 60 * 60 * 1000;
    const now = t.ctx.clock.now().getTime();
    const setRead = (number: string, readAt: Date | null, createdAt: Date) =>
      t.ctx.db
        .update(notifications)
        .set({ read_at: readAt, created_at: createdAt })
        .where(sql`${notifications.user_id} = ${me.id} and ${notifications.params}->>'number' = ${number}`);
    await setRead('OLD-READ', new Date(now - 91 * day), new Date(now - 100 * day));
    await setRead('RECENT-READ', new Date(now - 89 * day), new Date(now - 100 * day));
    await setRead('OLD-UNREAD', null, new Date(now - 400 * day));

    const { pruned } = await pruneReadNotifications(t.ctx);
    expect(pruned).toBeGreaterThanOrEqual(1);
    const left = await t.ctx.db
      .select({ number: sql<string>`${notifications.params}->>'number'` })
      .from(notifications)
      .where(eq(notifications.user_id, me.id));
    expect(left.map((row) => row.number).sort()).toEqual(['OLD-UNREAD', 'RECENT-READ']);
  });
});
