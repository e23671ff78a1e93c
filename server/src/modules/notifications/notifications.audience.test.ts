import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Actor, Role } from '../../core/context.ts';
import { domain_events } from '../../core/events.tables.ts';
import { createEventDispatcher, type EventDispatcher } from '../../core/events.ts';
import { newId } from '../../core/ids.ts';
import { recordChange } from '../changes/index.ts';
import { notificationEventHandlers } from './notifications.events.ts';
import { notifications } from './notifications.tables.ts';

let t: TestApp;
let dispatcher: EventDispatcher;
const people: Record<string, { id: string; headers: Record<string, string>; role: Role; customer?: string }> =
  {};
const customer: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };

beforeAll(async () => {
  t = await createTestApp();
  dispatcher = createEventDispatcher({
    db: t.ctx.db,
    clock: t.ctx.clock,
    handlers: notificationEventHandlers,
  });
  customer.A = (await createTestCustomer(t.ctx)).id;
  customer.B = (await createTestCustomer(t.ctx)).id;
  const users: [string, Role, ('A' | 'B')?][] = [
    ['admin1', 'admin'],
    ['staff1', 'staff'],
    ['staff2', 'staff'],
    ['advisor1', 'advisor'],
    ['advisor2', 'advisor'],
    ['clientA', 'client', 'A'],
    ['clientB', 'client', 'B'],
  ];
  for (const [name, role, of] of users) {
    const signedIn = await t.signInNewUser(role, of ? customer[of] : undefined);
    people[name] = { ...signedIn, role, customer: of ? customer[of] : undefined };
  }
  // A confidentiel customer, assigned to staff2: only admins and staff2 hear of it.
  customer.C = (
    await createTestCustomer(t.ctx, { privacy_level: 'confidentiel', assigned_user_id: people.staff2!.id })
  ).id;
});
afterAll(() => t.close());

async function drain() {
  while ((await dispatcher.runOnce()) > 0) {}
}

function actorOf(name: string): Actor {
  const person = people[name]!;
  return {
    type: 'user',
    id: person.id,
    role: person.role,
    customer_id: person.customer ?? null,
    ip: null,
    user_agent: null,
  };
}

const nameOf = (id: string) => Object.entries(people).find(([, person]) => person.id === id)?.[0] ?? id;

/** Who the latest event of this type about this entity notified, by name. */
async function notified(type: string, entityId: string) {
  await drain();
  const [event] = await t.ctx.db
    .select({ id: domain_events.id })
    .from(domain_events)
    .where(and(eq(domain_events.type, type), eq(domain_events.entity_id, entityId)))
    .orderBy(desc(domain_events.seq))
    .limit(1);
  expect(event, `${type} recorded`).toBeDefined();
  const rows = await t.ctx.db
    .select({ user_id: notifications.user_id })
    .from(notifications)
    .where(eq(notifications.event_id, event!.id));
  return rows.map((row) => nameOf(row.user_id)).sort();
}

describe('who claims and conversations notify (events as the claims module records them)', () => {
  const claimId = newId();
  const conversationId = newId();
  const cases: {
    rule: string;
    type: string;
    by: string;
    about: 'A' | 'B' | 'C';
    payload: (ids: Record<string, string>) => Record<string, unknown>;
    expected: string[];
  }[] = [
    {
      rule: 'a claim the customer opened themselves does not echo back to them',
      type: 'claim.opened',
      by: 'clientA',
      about: 'A',
      payload: () => ({ claim_id: claimId, number: 'SIN-2026-000001', cci: 40 }),
      expected: [],
    },
    {
      rule: 'a claim opened by the assistant (no person) reaches the customer',
      type: 'claim.opened',
      by: 'system',
      about: 'A',
      payload: () => ({ claim_id: claimId, number: 'SIN-2026-000001', cci: 40 }),
      expected: ['clientA'],
    },
    {
      rule: "a claim's status reaches its customer's client users only",
      type: 'claim.status_changed',
      by: 'advisor1',
      about: 'A',
      payload: () => ({ claim_id: claimId, number: 'SIN-2026-000001', from: 'ouvert', to: 'en_cours' }),
      expected: ['clientA'],
    },
    {
      rule: 'an escalated claim reaches every advisor',
      type: 'claim.escalated',
      by: 'system',
      about: 'B',
      payload: () => ({
        claim_id: claimId,
        number: 'SIN-2026-000002',
        conversation_id: conversationId,
        cci: 75,
        reason: 'cci',
      }),
      expected: ['advisor1', 'advisor2'],
    },
    {
      rule: "a confidentiel customer's escalation reaches no advisor it is not assigned to",
      type: 'claim.escalated',
      by: 'system',
      about: 'C',
      payload: () => ({
        claim_id: claimId,
        number: 'SIN-2026-000003',
        conversation_id: conversationId,
        cci: 80,
        reason: 'cci',
      }),
      expected: [],
    },
    {
      rule: 'a claim assigned reaches that advisor',
      type: 'claim.assigned',
      by: 'advisor1',
      about: 'A',
      payload: (ids) => ({ claim_id: claimId, number: 'SIN-2026-000001', assigned_to: ids.advisor2 }),
      expected: ['advisor2'],
    },
    {
      rule: 'taking a claim oneself notifies nobody',
      type: 'claim.assigned',
      by: 'advisor2',
      about: 'A',
      payload: (ids) => ({ claim_id: claimId, number: 'SIN-2026-000001', assigned_to: ids.advisor2 }),
      expected: [],
    },
    {
      rule: 'a claim "assigned" to a client user notifies nobody',
      type: 'claim.assigned',
      by: 'advisor1',
      about: 'A',
      payload: (ids) => ({ claim_id: claimId, number: 'SIN-2026-000001', assigned_to: ids.clientB }),
      expected: [],
    },
    {
      rule: "an advisor's message reaches the customer",
      type: 'conversation.message_added',
      by: 'advisor1',
      about: 'A',
      payload: () => ({
        conversation_id: conversationId,
        message_id: newId(),
        author: 'advisor',
        claim_id: null,
      }),
      expected: ['clientA'],
    },
    {
      rule: "the customer's own message notifies nobody (the advisor has the conversation open)",
      type: 'conversation.message_added',
      by: 'clientA',
      about: 'A',
      payload: () => ({
        conversation_id: conversationId,
        message_id: newId(),
        author: 'customer',
        claim_id: claimId,
      }),
      expected: [],
    },
    {
      rule: 'a conversation handed to a person reaches every advisor',
      type: 'conversation.escalated',
      by: 'clientB',
      about: 'B',
      payload: () => ({ conversation_id: conversationId, claim_id: null, reason: 'customer_request' }),
      expected: ['advisor1', 'advisor2'],
    },
    {
      rule: 'a conversation taken tells its customer a person is there',
      type: 'conversation.taken',
      by: 'advisor1',
      about: 'B',
      payload: (ids) => ({ conversation_id: conversationId, advisor_id: ids.advisor1 }),
      expected: ['clientB'],
    },
  ];

  it.each(cases)('$rule', async ({ type, by, about, payload, expected }) => {
    const ids = Object.fromEntries(Object.entries(people).map(([name, person]) => [name, person.id]));
    const entityId = newId();
    await t.ctx.db.transaction(async (tx) => {
      const actor = by === 'system' ? t.ctx.actor : actorOf(by);
      await recordChange(
        { ...t.ctx, db: tx, actor },
        {
          event: type,
          entity: type.split('.')[0]!,
          entity_id: entityId,
          customer_id: customer[about],
          payload: payload(ids),
        },
      );
    });
    expect(await notified(type, entityId)).toEqual(expected);
  });

  it('carries numbers, ids and codes only, and a link to the claim', async () => {
    const entityId = newId();
    await t.ctx.db.transaction((tx) =>
      recordChange(
        { ...t.ctx, db: tx },
        {
          event: 'claim.escalated',
          entity: 'claim',
          entity_id: entityId,
          customer_id: customer.A,
          payload: {
            claim_id: entityId,
            number: 'SIN-2026-000009',
            conversation_id: conversationId,
            cci: 88,
            reason: 'Il a dit : « je suis blessé »',
          },
        },
      ),
    );
    await drain();
    const [row] = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.entity_id, entityId))
      .limit(1);
    expect(row).toMatchObject({
      type: 'claim.escalated',
      entity: 'claim',
      link: `/claims/${entityId}`,
      params: { claim_id: entityId, number: 'SIN-2026-000009', conversation_id: conversationId, cci: 88 },
    });
    expect(row!.params).not.toHaveProperty('reason');
  });
});

describe('who tickets notify', () => {
  async function call(name: string, method: 'POST' | 'PATCH', url: string, payload: Record<string, unknown>) {
    const response = await t.app.inject({ method, url, headers: people[name]!.headers, payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json() as { id: string };
  }
  const ticket = {
    subject: 'Freins qui grincent',
    message: 'Depuis lundi',
    category: 'technical',
    priority: 'normal',
  };

  it('follows a ticket from its opening to its status, each step to its own audience', async () => {
    const { id } = await call('clientA', 'POST', '/api/v1/tickets', ticket);
    expect(await notified('ticket.opened', id), 'new ticket: support staff').toEqual([
      'admin1',
      'staff1',
      'staff2',
    ]);

    await call('admin1', 'PATCH', `/api/v1/tickets/${id}`, { assigned_to: people.staff1!.id });
    expect(await notified('ticket.assigned', id), 'assigned: the assignee').toEqual(['staff1']);

    await call('staff1', 'POST', `/api/v1/tickets/${id}/messages`, {
      body: 'Nous regardons.',
      kind: 'public',
    });
    expect(await notified('ticket.replied', id), 'staff reply: the customer').toEqual(['clientA']);

    await call('clientA', 'POST', `/api/v1/tickets/${id}/messages`, { body: 'Merci', kind: 'public' });
    expect(await notified('ticket.replied', id), 'customer reply: the assignee').toEqual(['staff1']);

    await call('staff2', 'POST', `/api/v1/tickets/${id}/messages`, {
      body: 'Voir la facture',
      kind: 'internal_note',
    });
    expect(
      await notified('ticket.note_added', id),
      'internal note: the assignee, never the customer',
    ).toEqual(['staff1']);

    await call('staff1', 'PATCH', `/api/v1/tickets/${id}`, { status: 'in_progress' });
    expect(await notified('ticket.status_changed', id), 'status: the customer').toEqual(['clientA']);
  });

  it("sends a customer's reply on an unassigned ticket to support staff", async () => {
    const { id } = await call('clientB', 'POST', '/api/v1/tickets', ticket);
    await call('clientB', 'POST', `/api/v1/tickets/${id}/messages`, {
      body: 'Des nouvelles ?',
      kind: 'public',
    });
    expect(await notified('ticket.replied', id)).toEqual(['admin1', 'staff1', 'staff2']);
  });

  it("keeps a confidentiel customer's ticket to admins and its assigned user", async () => {
    const { id } = await call('admin1', 'POST', '/api/v1/tickets', { ...ticket, customer_id: customer.C });
    expect(await notified('ticket.opened', id)).toEqual(['staff2']);
    await call('admin1', 'PATCH', `/api/v1/tickets/${id}`, { assigned_to: people.staff1!.id });
    expect(await notified('ticket.assigned', id), 'an assignee who may not see the customer').toEqual([]);
  });

  it('stores an event redelivered to the handler once', async () => {
    const { id } = await call('clientA', 'POST', '/api/v1/tickets', ticket);
    await drain();
    const [event] = await t.ctx.db
      .select()
      .from(domain_events)
      .where(and(eq(domain_events.type, 'ticket.opened'), eq(domain_events.entity_id, id)));
    const handler = notificationEventHandlers.find((entry) => entry.type === 'ticket.opened')!;
    await t.ctx.db.transaction((tx) => handler.handle({ ...t.ctx, db: tx }, event!));
    expect(await notified('ticket.opened', id)).toEqual(['admin1', 'staff1', 'staff2']);
  });
});
