import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import type { Ctx } from '../../core/context.ts';
import { type Database, openDatabase } from '../../core/db.ts';
import { createEventDispatcher, type DomainEvent, type EventHandler, onEvent } from '../../core/events.ts';
import { recordChange } from '../changes/index.ts';
import { eventJobs } from './index.ts';

let now = new Date('2026-03-02T15:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
  // What handlers did, written in their own transaction: a completion that rolled back leaves nothing here.
  await t.ctx.db.execute(sql`create table handled (n bigserial, event_id uuid, handler text, seq bigint, customer_id uuid,
    primary key (event_id, handler))`);
});
afterAll(() => t.close());
beforeEach(async () => {
  now = new Date('2026-03-02T15:00:00Z');
  // Each test starts with an empty outbox: events left by other tests would be claimed too.
  await settleOutbox();
  await t.ctx.db.execute(sql`truncate handled`);
});

/** A handler that writes its completion into `handled` inside its own transaction. */
function recorder(
  type: string,
  name: string,
  before?: (event: DomainEvent) => Promise<void> | void,
): EventHandler {
  return onEvent(type, name, async (ctx, event) => {
    // Handlers get the event as its type says: instants are Dates.
    if (!(event.created_at instanceof Date)) throw new Error(`created_at is ${typeof event.created_at}`);
    await before?.(event);
    await ctx.db.execute(sql`insert into handled (event_id, handler, seq, customer_id)
      values (${event.id}, ${name}, ${event.seq}, ${event.customer_id})`);
  });
}

async function handledRows() {
  const { rows } = await t.ctx.db.execute<{
    event_id: string;
    handler: string;
    seq: number;
    customer_id: string;
  }>(sql`select event_id, handler, seq::int as seq, customer_id from handled order by n`);
  return rows;
}

async function eventRow(id: string) {
  const { rows } = await t.ctx.db.execute<{ status: string; attempts: number; last_error: string | null }>(
    sql`select status, attempts, last_error from domain_events where id = ${id}`,
  );
  return rows[0]!;
}

/** Records a test event about `customerId` (or none) the way a service does, in its own transaction. */
async function record(type: string, customerId: string | null, ctx: Ctx = t.ctx) {
  return ctx.db.transaction(async (tx) => {
    await recordChange(
      { ...ctx, db: tx },
      { event: type, entity: 'test', entity_id: null, customer_id: customerId },
    );
    const { rows } = await tx.execute<{ id: string }>(
      sql`select id from domain_events where type = ${type} and xmin = pg_current_xact_id()::xid`,
    );
    return rows[0]!.id;
  });
}

/** Marks every waiting event handled: customers made for a test bring their own `customer.created`. */
async function settleOutbox() {
  await t.ctx.db.execute(sql`update domain_events set status = 'done' where status <> 'done'`);
}

async function drain(dispatcher: { runOnce(): Promise<number> }) {
  while ((await dispatcher.runOnce()) > 0) {}
}

describe('recordChange', () => {
  it('writes the timeline entry, the audit entry and the outbox event in the caller’s transaction', async () => {
    const customer = await createTestCustomer(t.ctx);
    await t.ctx.db.transaction(async (tx) => {
      await recordChange(
        { ...t.ctx, db: tx },
        {
          event: 'test.noted',
          entity: 'customer',
          entity_id: customer.id,
          customer_id: customer.id,
          changed_fields: ['title'],
          activity: { activity_type: 'note', title: 'Une note', metadata: { source: 'test' } },
          payload: { reason: 'test' },
        },
      );
    });
    const { rows } = await t.ctx.db.execute<Record<string, unknown>>(sql`select
      (select metadata from customer_activity where customer_id = ${customer.id} and title = 'Une note') as activity,
      (select action from audit_log where customer_id = ${customer.id} and action = 'test.noted') as audit,
      (select payload from domain_events where customer_id = ${customer.id} and type = 'test.noted') as payload`);
    expect(rows[0]).toEqual({
      activity: { event: 'test.noted', source: 'test' },
      audit: 'test.noted',
      payload: { reason: 'test', changed_fields: ['title'] },
    });
  });

  it('leaves nothing behind when the change’s transaction rolls back', async () => {
    const customer = await createTestCustomer(t.ctx);
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await recordChange(
          { ...t.ctx, db: tx },
          {
            event: 'test.rolled_back',
            entity: 'customer',
            entity_id: customer.id,
            customer_id: customer.id,
            activity: { activity_type: 'note', title: 'Jamais' },
          },
        );
        throw new Error('the change fails after recording');
      }),
    ).rejects.toThrow('the change fails');
    const { rows } = await t.ctx.db.execute<{ count: number }>(sql`select
      (select count(*) from customer_activity where customer_id = ${customer.id} and title = 'Jamais')
      + (select count(*) from audit_log where action = 'test.rolled_back')
      + (select count(*) from domain_events where type = 'test.rolled_back') as count`);
    expect(Number(rows[0]!.count)).toBe(0);
  });

  it('gives every service write its event: a new contact through the API is in the outbox', async () => {
    const customer = await createTestCustomer(t.ctx);
    const created = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/contacts`,
      as: 'staff',
      payload: { first_name: 'Marie', last_name: 'Roy', email: 'marie.roy@exemple.ca' },
    });
    expect(created.statusCode).toBe(201);
    const { rows } = await t.ctx.db.execute<{ type: string; entity_id: string; actor_type: string }>(
      sql`select type, entity_id, actor_type from domain_events where customer_id = ${customer.id} order by seq`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ type: 'customer.created', entity_id: customer.id }),
      { type: 'contact.added', entity_id: created.json().id, actor_type: 'api_key' },
    ]);
  });
});

describe('the dispatcher', () => {
  it('hands each committed event to the handlers of its type once, then marks it done', async () => {
    const customer = await createTestCustomer(t.ctx);
    const first = await record('test.alpha', customer.id);
    const second = await record('test.beta', null);
    const dispatcher = createEventDispatcher({
      db: t.database.db,
      clock,
      handlers: [
        recorder('test.alpha', 'alpha-one'),
        recorder('test.alpha', 'alpha-two'),
        recorder('test.beta', 'beta'),
      ],
    });
    await drain(dispatcher);
    await drain(dispatcher);
    // The customer's event came after its `customer.created`; the event of no customer did not wait.
    expect((await handledRows()).map((row) => [row.event_id, row.handler])).toEqual([
      [second, 'beta'],
      [first, 'alpha-one'],
      [first, 'alpha-two'],
    ]);
    expect((await eventRow(first)).status).toBe('done');
    expect((await eventRow(second)).status).toBe('done');
  });

  it('retries a handler that throws, then dead-letters the event; the change that caused it stays', async () => {
    const customer = await createTestCustomer(t.ctx);
    const id = await record('test.failing', customer.id);
    let calls = 0;
    const dispatcher = createEventDispatcher({
      db: t.database.db,
      clock,
      maxAttempts: 3,
      retryDelayMs: () => 60_000,
      log: () => {},
      handlers: [
        recorder('test.failing', 'works'),
        onEvent('test.failing', 'breaks', async () => {
          calls += 1;
          throw new Error(`SMTP refused (${calls})`);
        }),
      ],
    });
    await drain(dispatcher);
    expect(await eventRow(id)).toEqual({
      status: 'pending',
      attempts: 1,
      last_error: 'breaks: SMTP refused (1)',
    });
    // Not before its retry time.
    await drain(dispatcher);
    expect(calls).toBe(1);
    now = new Date(now.getTime() + 61_000);
    await drain(dispatcher);
    now = new Date(now.getTime() + 61_000);
    await drain(dispatcher);
    expect(calls).toBe(3);
    expect(await eventRow(id)).toEqual({
      status: 'failed',
      attempts: 3,
      last_error: 'breaks: SMTP refused (3)',
    });
    // The handler that worked completed once, whatever its neighbour did.
    expect((await handledRows()).map((row) => row.handler)).toEqual(['works']);
    const { rows } = await t.ctx.db.execute(sql`select 1 from audit_log where action = 'test.failing'`);
    expect(rows).toHaveLength(1);

    const failed = await t.request({ method: 'GET', url: '/api/v1/admin/events?status=failed', as: 'admin' });
    expect(failed.statusCode).toBe(200);
    expect(failed.json().data).toEqual([
      expect.objectContaining({
        id,
        type: 'test.failing',
        status: 'failed',
        attempts: 3,
        customer_id: customer.id,
      }),
    ]);
    const retried = await t.request({ method: 'POST', url: `/api/v1/admin/events/${id}/retry`, as: 'admin' });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'pending', attempts: 0 });
    const again = await t.request({ method: 'POST', url: `/api/v1/admin/events/${id}/retry`, as: 'admin' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('event.not_failed');
    const audit = await t.ctx.db.execute(
      sql`select 1 from audit_log where action = 'event.retried' and entity_id = ${id}`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('keeps a customer’s events in commit order: a later event waits while an earlier one is retried', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const first = await record('test.ordered', customer.id);
    const second = await record('test.ordered', customer.id);
    const unrelated = await record('test.ordered', other.id);
    let failOnce = true;
    const dispatcher = createEventDispatcher({
      db: t.database.db,
      clock,
      retryDelayMs: () => 60_000,
      log: () => {},
      handlers: [
        recorder('test.ordered', 'ordered', (event) => {
          if (event.id === first && failOnce) {
            failOnce = false;
            throw new Error('not yet');
          }
        }),
      ],
    });
    await drain(dispatcher);
    // The other customer's event went through; this customer's second waits behind its first.
    expect((await handledRows()).map((row) => row.event_id)).toEqual([unrelated]);
    now = new Date(now.getTime() + 61_000);
    await drain(dispatcher);
    expect((await handledRows()).map((row) => row.event_id)).toEqual([unrelated, first, second]);
  });

  it('lets a customer’s writers take turns, so its events’ order is their commit order', async () => {
    const customer = await createTestCustomer(t.ctx);
    // The first transaction records and then stays open; the second records meanwhile and commits first.
    let releaseFirst!: () => void;
    const firstOpen = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstRecorded!: () => void;
    const recorded = new Promise<void>((resolve) => {
      firstRecorded = resolve;
    });
    const first = t.ctx.db.transaction(async (tx) => {
      await recordChange(
        { ...t.ctx, db: tx },
        { event: 'test.turn', entity: 'test', entity_id: null, customer_id: customer.id, payload: { n: 1 } },
      );
      firstRecorded();
      await firstOpen;
    });
    await recorded;
    let secondDone = false;
    const second = t.ctx.db
      .transaction(async (tx) => {
        await recordChange(
          { ...t.ctx, db: tx },
          {
            event: 'test.turn',
            entity: 'test',
            entity_id: null,
            customer_id: customer.id,
            payload: { n: 2 },
          },
        );
      })
      .then(() => {
        secondDone = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The second writer waits for the first to commit.
    expect(secondDone).toBe(false);
    releaseFirst();
    await Promise.all([first, second]);
    const { rows } = await t.ctx.db.execute<{ n: number }>(
      sql`select (payload->>'n')::int as n from domain_events where type = 'test.turn' order by seq`,
    );
    expect(rows.map((row) => row.n)).toEqual([1, 2]);
  });
});

describe('two dispatchers on one database', () => {
  let second: Database;
  beforeAll(() => {
    second = openDatabase(t.database.url, { max: 4 });
  });
  afterAll(() => second.close());

  it('handle every event exactly once, never the same one at the same time, each customer in order', async () => {
    const customers = await Promise.all(Array.from({ length: 8 }, () => createTestCustomer(t.ctx)));
    await settleOutbox();
    const ids: string[] = [];
    for (let round = 0; round < 15; round++) {
      ids.push(...(await Promise.all(customers.map((customer) => record('test.parallel', customer.id)))));
    }
    const inFlight = new Set<string>();
    let overlaps = 0;
    const slowRecorder = recorder('test.parallel', 'parallel', async (event) => {
      if (inFlight.has(event.id)) overlaps += 1;
      inFlight.add(event.id);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight.delete(event.id);
    });
    const dispatchers = [t.database.db, second.db].map((db) =>
      createEventDispatcher({ db, clock, handlers: [slowRecorder], batchSize: 10, log: () => {} }),
    );
    await Promise.all(dispatchers.map(drain));
    await Promise.all(dispatchers.map(drain));
    const rows = await handledRows();
    expect(overlaps).toBe(0);
    expect(rows.map((row) => row.event_id).sort()).toEqual([...ids].sort());
    for (const customer of customers) {
      const seqs = rows.filter((row) => row.customer_id === customer.id).map((row) => row.seq);
      expect(seqs).toHaveLength(15);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('lose nothing when one dies mid-batch, and complete nothing twice', async () => {
    const customers = await Promise.all(Array.from({ length: 4 }, () => createTestCustomer(t.ctx)));
    await settleOutbox();
    const ids: string[] = [];
    for (const customer of customers) ids.push(await record('test.crash', customer.id));
    // The dying process: its own connections, one of which is killed inside the third handler's
    // transaction, after the handler wrote its work and before it committed.
    const doomed = openDatabase(t.database.url, { max: 2 });
    let victimPid: number | undefined;
    let reachedVictim!: () => void;
    const atVictim = new Promise<void>((resolve) => {
      reachedVictim = resolve;
    });
    const dying = createEventDispatcher({
      db: doomed.db,
      clock,
      leaseMs: 60_000,
      log: () => {},
      handlers: [
        recorder('test.crash', 'crash', async () => {}),
        onEvent('test.crash', 'crash-then-hang', async (ctx, event) => {
          if (event.id !== ids[2]) return;
          await ctx.db.execute(sql`insert into handled (event_id, handler, seq, customer_id)
            values (${event.id}, 'crash-then-hang', ${event.seq}, ${event.customer_id})`);
          const { rows } = await ctx.db.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
          victimPid = rows[0]!.pid;
          reachedVictim();
          // A killed process never goes on.
          await new Promise(() => {});
        }),
      ],
    });
    void dying.runOnce();
    await atVictim;
    await t.ctx.db.execute(sql`select pg_terminate_backend(${victimPid!})`);
    expect((await handledRows()).map((row) => row.event_id)).toEqual(ids.slice(0, 3));

    const survivor = createEventDispatcher({
      db: t.database.db,
      clock,
      log: () => {},
      handlers: [recorder('test.crash', 'crash'), recorder('test.crash', 'crash-then-hang')],
    });
    // The dead dispatcher's claim holds until its lease runs out.
    await drain(survivor);
    expect(await handledRows()).toHaveLength(3);
    now = new Date(now.getTime() + 61_000);
    await drain(survivor);
    const handled = await handledRows();
    // Event 3's first handler had completed (kept, not redone); its second, killed before its
    // commit, ran again once; the survivor took event 4 whole.
    expect(handled.filter((row) => row.handler === 'crash').map((row) => row.event_id)).toEqual(ids);
    expect(handled.filter((row) => row.handler === 'crash-then-hang').map((row) => row.event_id)).toEqual(
      ids.slice(2),
    );
    const { rows } = await t.ctx.db.execute<{ status: string }>(
      sql`select distinct status from domain_events where type = 'test.crash'`,
    );
    expect(rows).toEqual([{ status: 'done' }]);
  });
});

describe('GET /api/v1/admin/events', () => {
  it('is for admins only', async () => {
    for (const role of ['staff', 'advisor', 'client'] as const) {
      const customer = role === 'client' ? (await createTestCustomer(t.ctx)).id : undefined;
      const response = await t.request({
        method: 'GET',
        url: '/api/v1/admin/events',
        as: role,
        customerId: customer,
      });
      expect(response.statusCode, role).toBe(403);
      const retry = await t.request({
        method: 'POST',
        url: '/api/v1/admin/events/0190a8f0-0000-7000-8000-000000000000/retry',
        as: role,
        customerId: customer,
      });
      expect(retry.statusCode, role).toBe(403);
    }
    const anonymous = await t.request({ method: 'GET', url: '/api/v1/admin/events' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('names the field of a bad filter, and 404s an unknown event', async () => {
    const bad = await t.request({ method: 'GET', url: '/api/v1/admin/events?status=lost', as: 'admin' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('status');
    const unknown = await t.request({
      method: 'POST',
      url: '/api/v1/admin/events/0190a8f0-0000-7000-8000-000000000000/retry',
      as: 'admin',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('event.not_found');
  });

  it('lists events newest first, filtered by type and customer', async () => {
    const customer = await createTestCustomer(t.ctx);
    await record('test.listed', customer.id);
    await record('test.listed', customer.id);
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/admin/events?type=test.listed&customer_id=${customer.id}&per_page=1`,
      as: 'admin',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.pagination).toMatchObject({ total: 2, per_page: 1, has_next: true });
    expect(body.data[0]).toMatchObject({ type: 'test.listed', status: 'pending', actor_type: 'system' });
  });
});

describe('the outbox’s retention', () => {
  it('removes handled events after 30 days, keeps failed and pending ones', async () => {
    const customer = await createTestCustomer(t.ctx);
    const handled = await record('test.old', customer.id);
    const failed = await record('test.old', null);
    const pending = await record('test.old', null);
    await t.ctx.db.execute(sql`update domain_events set status = 'done' where id = ${handled}`);
    await t.ctx.db.execute(sql`update domain_events set status = 'failed' where id = ${failed}`);
    now = new Date(now.getTime() + 29 * 24 * 60 * 60 * 1000);
    await eventJobs[0]!.handler(t.ctx);
    const kept = await t.ctx.db.execute(
      sql`select id from domain_events where id in (${handled}, ${failed}, ${pending})`,
    );
    expect(kept.rows).toHaveLength(3);
    now = new Date(now.getTime() + 2 * 24 * 60 * 60 * 1000);
    await eventJobs[0]!.handler({ ...t.ctx, clock });
    const { rows } = await t.ctx.db.execute<{ id: string }>(
      sql`select id from domain_events where id in (${handled}, ${failed}, ${pending}) order by id`,
    );
    expect(rows.map((row) => row.id).sort()).toEqual([failed, pending].sort());
  });
});
