import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';

// Tuesday 10 February 2026, 9:00 in Montréal: the clock each test moves.
const start = new Date('2026-02-10T14:00:00Z');
let now = start;
const clock: Clock = { now: () => new Date(now) };
const later = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());
beforeEach(() => {
  now = start;
});

const url = '/api/v1/tickets';

async function open(overrides: Record<string, unknown> = {}) {
  const response = await t.request({
    method: 'POST',
    url,
    as: 'staff',
    payload: {
      subject: 'Portail inaccessible',
      message: 'Erreur 500 à la connexion.',
      priority: 'urgent',
      ...overrides,
    },
  });
  if (response.statusCode !== 201)
    throw new Error(`create answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

function patch(id: string, payload: Record<string, unknown>, as: Role = 'staff') {
  return t.request({ method: 'PATCH', url: `${url}/${id}`, as, payload });
}

async function move(id: string, status: string) {
  const response = await patch(id, { status });
  if (response.statusCode !== 200)
    throw new Error(`${status} answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

describe('status moves', () => {
  it.each([
    ['open', 'in_progress'],
    ['open', 'waiting'],
    ['open', 'resolved'],
    ['in_progress', 'waiting'],
    ['in_progress', 'resolved'],
    ['waiting', 'in_progress'],
    ['waiting', 'resolved'],
    ['resolved', 'closed'],
    ['resolved', 'open'],
    ['closed', 'open'],
  ])('allows %s → %s', async (from, to) => {
    const created = await open();
    const path: Record<string, string[]> = {
      open: [],
      in_progress: ['in_progress'],
      waiting: ['waiting'],
      resolved: ['resolved'],
      closed: ['resolved', 'closed'],
    };
    for (const step of path[from]!) await move(created.id, step);
    expect((await move(created.id, to)).status).toBe(to);
  });

  it.each([
    ['open', 'closed'],
    ['in_progress', 'open'],
    ['in_progress', 'closed'],
    ['waiting', 'open'],
    ['waiting', 'closed'],
    ['resolved', 'in_progress'],
    ['resolved', 'waiting'],
    ['closed', 'resolved'],
    ['closed', 'in_progress'],
  ])('refuses %s → %s with 409 ticket.invalid_transition naming both, changing nothing', async (from, to) => {
    const created = await open();
    const path: Record<string, string[]> = {
      open: [],
      in_progress: ['in_progress'],
      waiting: ['waiting'],
      resolved: ['resolved'],
      closed: ['resolved', 'closed'],
    };
    for (const step of path[from]!) await move(created.id, step);
    const response = await patch(created.id, { status: to, priority: 'low' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'ticket.invalid_transition',
      detail: `${created.number} cannot go from ${from} to ${to}`,
    });
    const read = await t.request({ method: 'GET', url: `${url}/${created.id}`, as: 'staff' });
    expect(read.json()).toMatchObject({ status: from, priority: 'urgent' });
  });

  it('treats the current status as no change, and refuses an empty or unknown patch (400)', async () => {
    const created = await open();
    expect((await patch(created.id, { status: 'open' })).json().status_history).toHaveLength(1);
    for (const [payload, path] of [
      [{}, 'body'],
      [{ status: 'done' }, 'status'],
      [{ priority: 'critical' }, 'priority'],
      [{ assigned_to: 'me' }, 'assigned_to'],
      [{ subject: 'Nouveau' }, 'subject'],
    ] as const) {
      const response = await patch(created.id, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    }
  });

  it('lets staff roles change a ticket; a client may not (403), a stranger is 401, an unknown ticket 404', async () => {
    const customer = await createTestCustomer(t.ctx);
    const created = await open({ customer_id: customer.id });
    expect((await patch(created.id, { priority: 'high' }, 'admin')).statusCode).toBe(200);
    expect((await patch(created.id, { priority: 'normal' }, 'advisor')).statusCode).toBe(200);
    const client = await t.request({
      method: 'PATCH',
      url: `${url}/${created.id}`,
      as: 'client',
      customerId: customer.id,
      payload: { status: 'closed' },
    });
    expect(client.statusCode).toBe(403);
    expect(
      (await t.request({ method: 'PATCH', url: `${url}/${created.id}`, payload: { priority: 'low' } }))
        .statusCode,
    ).toBe(401);
    expect((await patch('01900000-0000-7000-8000-000000000000', { priority: 'low' })).statusCode).toBe(404);
  });
});

describe('resolved_at, closed_at and the customer’s replies', () => {
  it('sets resolved_at on resolution from any status, keeps it when closed, clears both on reopen', async () => {
    for (const before of [[], ['in_progress'], ['waiting']]) {
      const created = await open();
      for (const step of before) await move(created.id, step);
      later(30);
      const resolved = await move(created.id, 'resolved');
      expect(resolved.resolved_at).toBe(now.toISOString());
      later(10);
      const closed = await move(created.id, 'closed');
      expect(closed).toMatchObject({ resolved_at: resolved.resolved_at, closed_at: now.toISOString() });
      const reopened = await move(created.id, 'open');
      expect(reopened).toMatchObject({ resolved_at: null, closed_at: null, status: 'open' });
    }
  });

  it('brings a waiting ticket back in progress and reopens a resolved one when the client writes; a closed one refuses (409)', async () => {
    const customer = await createTestCustomer(t.ctx);
    const created = await open({ customer_id: customer.id });
    const reply = (body: string) =>
      t.request({
        method: 'POST',
        url: `${url}/${created.id}/messages`,
        as: 'client',
        customerId: customer.id,
        payload: { body },
      });
    await move(created.id, 'waiting');
    later(60);
    const back = (await reply('Voici la capture demandée.')).json();
    expect(back).toMatchObject({ status: 'in_progress', waiting_seconds: 3600 });
    await move(created.id, 'resolved');
    const reopened = (await reply('Le problème est revenu.')).json();
    expect(reopened).toMatchObject({ status: 'open', resolved_at: null });
    await move(created.id, 'resolved');
    await move(created.id, 'closed');
    const refused = await reply('Encore moi.');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('ticket.closed');
    // Each move is on the record, the automatic ones included.
    const { rows } = await t.database.db.execute<{ type: string; payload: { from: string; to: string } }>(
      sql`select type, payload from domain_events where entity_id = ${created.id} and type = 'ticket.status_changed' order by seq`,
    );
    expect(rows.map((row) => `${row.payload.from}→${row.payload.to}`)).toEqual([
      'open→waiting',
      'waiting→in_progress',
      'in_progress→resolved',
      'resolved→open',
      'open→resolved',
      'resolved→closed',
    ]);
  });

  it('puts status changes on the customer’s timeline, assignments without a name, and priority changes nowhere', async () => {
    const customer = await createTestCustomer(t.ctx);
    const agent = await t.signInNewUser('staff');
    const created = await open({ customer_id: customer.id });
    await patch(created.id, { status: 'in_progress', assigned_to: agent.id, priority: 'high' });
    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline?type=ticket`,
      as: 'client',
      customerId: customer.id,
    });
    const titles = timeline.json().data.map((entry: { title: string }) => entry.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        `Billet en cours : ${created.number}`,
        `Billet pris en charge : ${created.number}`,
        `Billet ouvert : ${created.number}`,
      ]),
    );
    expect(titles).toHaveLength(3);
    const { rows } = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_log where entity_id = ${created.id} order by occurred_at, id`,
    );
    expect(rows.map((row) => row.action).sort()).toEqual(
      ['ticket.assigned', 'ticket.opened', 'ticket.priority_changed', 'ticket.status_changed'].sort(),
    );
  });
});

describe('assignment', () => {
  it('assigns to a staff user and back to nobody; refuses a client user or an unknown id (400 naming assigned_to)', async () => {
    const created = await open();
    const agent = await t.signInNewUser('advisor');
    const assigned = (await patch(created.id, { assigned_to: agent.id })).json();
    expect(assigned).toMatchObject({
      assigned_to: agent.id,
      assignee_name: expect.stringMatching(/^advisor/),
    });
    expect((await patch(created.id, { assigned_to: null })).json().assigned_to).toBeNull();
    const customer = await createTestCustomer(t.ctx);
    const clientUser = await t.signInNewUser('client', customer.id);
    for (const id of [clientUser.id, '01900000-0000-7000-8000-000000000000']) {
      const response = await patch(created.id, { assigned_to: id });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ path: 'assigned_to', message: 'Must be a staff user' }]);
    }
  });
});

describe('SLA in business hours', () => {
  it('does not count the time spent waiting for the customer', async () => {
    const created = await open(); // urgent: 1 h to answer, 4 h to resolve, from Tuesday 9:00
    expect(created).toMatchObject({
      first_response_due_at: '2026-02-10T15:00:00.000Z',
      resolution_due_at: '2026-02-10T18:00:00.000Z',
      sla_due_at: '2026-02-10T15:00:00.000Z',
    });
    later(30); // 9:30: waiting for the customer, the clock stops
    const waiting = await move(created.id, 'waiting');
    expect(waiting).toMatchObject({ sla_due_at: null, sla_paused: true, sla_breached: false });
    later(24 * 60); // the next day, 9:30: still within the SLA, the clock having stopped
    const read = await t.request({ method: 'GET', url: `${url}/${created.id}`, as: 'staff' });
    expect(read.json()).toMatchObject({ sla_breached: false, waiting_seconds: 24 * 3600 });
    const resumed = await move(created.id, 'in_progress');
    // 30 minutes were left to answer, 3 h 30 to resolve: from Wednesday 9:30.
    expect(resumed).toMatchObject({
      first_response_due_at: '2026-02-11T15:00:00.000Z',
      resolution_due_at: '2026-02-11T18:00:00.000Z',
      sla_due_at: '2026-02-11T15:00:00.000Z',
      waiting_seconds: 24 * 3600,
      sla_breached: false,
    });
    later(45); // 10:15: answered 15 minutes late
    const replied = await t.request({
      method: 'POST',
      url: `${url}/${created.id}/messages`,
      as: 'staff',
      payload: { body: 'Nous avons trouvé la cause.' },
    });
    expect(replied.json()).toMatchObject({
      first_response_at: '2026-02-11T15:15:00.000Z',
      sla_breached: true,
      sla_due_at: '2026-02-11T18:00:00.000Z',
    });
  });

  it('counts only working hours: a ticket opened on Friday afternoon is due on Monday', async () => {
    now = new Date('2026-02-13T21:30:00Z'); // Friday 16:30
    const created = await open({ priority: 'high' }); // 4 h to answer
    expect(created.first_response_due_at).toBe('2026-02-16T17:30:00.000Z'); // Monday 12:30
    now = new Date('2026-02-16T17:00:00Z');
    expect(
      (await t.request({ method: 'GET', url: `${url}/${created.id}`, as: 'staff' })).json().sla_breached,
    ).toBe(false);
    now = new Date('2026-02-16T18:00:00Z');
    expect(
      (await t.request({ method: 'GET', url: `${url}/${created.id}`, as: 'staff' })).json().sla_breached,
    ).toBe(true);
  });

  it('moves the deadlines when the priority changes, and uses the targets an admin sets', async () => {
    const created = await open({ priority: 'low' });
    const raised = (await patch(created.id, { priority: 'urgent' })).json();
    expect(raised.first_response_due_at).toBe('2026-02-10T15:00:00.000Z');

    const settings = await t.request({ method: 'GET', url: '/api/v1/support/sla-targets', as: 'advisor' });
    expect(settings.json()).toMatchObject({
      targets: {
        urgent: { first_response_minutes: 60, resolution_minutes: 240 },
        low: { resolution_minutes: 2400 },
      },
      business_hours: {
        time_zone: 'America/Montreal',
        days: [1, 2, 3, 4, 5],
        start_minute: 540,
        end_minute: 1020,
      },
    });
    const put = (payload: Record<string, unknown>, as: Role = 'admin') =>
      t.request({ method: 'PUT', url: '/api/v1/support/sla-targets', as, payload });
    expect(
      (await put({ urgent: { first_response_minutes: 30, resolution_minutes: 120 } }, 'staff')).statusCode,
    ).toBe(403);
    const badTargets = await put({ urgent: { first_response_minutes: 60, resolution_minutes: 30 } });
    expect(badTargets.statusCode).toBe(400);
    expect(badTargets.json().errors.map((error: { path: string }) => error.path)).toContain(
      'urgent.resolution_minutes',
    );
    expect((await put({ urgent: { first_response_minutes: 0, resolution_minutes: 30 } })).statusCode).toBe(
      400,
    );
    const saved = await put({ urgent: { first_response_minutes: 30, resolution_minutes: 120 } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().targets.urgent).toEqual({ first_response_minutes: 30, resolution_minutes: 120 });
    expect((await open()).first_response_due_at).toBe('2026-02-10T14:30:00.000Z');
    await put({ urgent: { first_response_minutes: 60, resolution_minutes: 240 } });
  });
});
