import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Role } from '../../core/context.ts';
import { formatTicketNumber } from './tickets.rules.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const url = '/api/v1/tickets';

function ticket(overrides: Record<string, unknown> = {}) {
  return {
    subject: 'Bruit au freinage',
    message: 'Les freins grincent depuis la dernière visite.',
    category: 'technical',
    priority: 'high',
    ...overrides,
  };
}

async function open(overrides: Record<string, unknown> = {}, as: Role = 'staff', customerId?: string) {
  const response = await t.request({ method: 'POST', url, as, customerId, payload: ticket(overrides) });
  if (response.statusCode !== 201)
    throw new Error(`create answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

function post(id: string, payload: Record<string, unknown>, as: Role = 'staff', customerId?: string) {
  return t.request({ method: 'POST', url: `${url}/${id}/messages`, as, customerId, payload });
}

async function events(entityId: string) {
  const { rows } = await t.database.db.execute<{ type: string; payload: Record<string, unknown> }>(
    sql`select type, payload from domain_events where entity_id = ${entityId} order by seq`,
  );
  return rows;
}

async function ticketTimeline(customerId: string, as: Role = 'staff') {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/customers/${customerId}/timeline?type=ticket`,
    as,
    customerId: as === 'client' ? customerId : undefined,
  });
  return response.json().data as { title: string; description: string | null; metadata: { event: string } }[];
}

describe('opening a ticket', () => {
  it('numbers it, keeps the request as its first public message, sets SLA deadlines and records the change', async () => {
    const customer = await createTestCustomer(t.ctx);
    const created = await open({ customer_id: customer.id });
    expect(created).toMatchObject({
      number: expect.stringMatching(/^TCK-\d{6}$/),
      subject: 'Bruit au freinage',
      category: 'technical',
      priority: 'high',
      status: 'open',
      channel: 'api',
      customer_id: customer.id,
      customer_name: customer.display_name,
      assigned_to: null,
      first_response_at: null,
      resolved_at: null,
      sla_breached: false,
      sla_paused: false,
      waiting_seconds: 0,
    });
    expect(created.first_response_due_at).toEqual(expect.any(String));
    expect(created.resolution_due_at).toEqual(expect.any(String));
    expect(created.sla_due_at).toBe(created.first_response_due_at);
    expect(created.messages).toEqual([
      expect.objectContaining({ kind: 'public', author_type: 'staff', body: ticket().message }),
    ]);
    expect(created.status_history).toEqual([
      expect.objectContaining({ from_status: null, to_status: 'open' }),
    ]);

    const read = await t.request({ method: 'GET', url: `${url}/${created.id}`, as: 'admin' });
    expect(read.json()).toEqual(created);
    expect(await ticketTimeline(customer.id)).toEqual([
      expect.objectContaining({
        title: `Billet ouvert : ${created.number}`,
        description: 'Bruit au freinage',
        metadata: expect.objectContaining({ event: 'ticket.opened' }),
      }),
    ]);
    expect((await events(created.id)).map((event) => event.type)).toEqual(['ticket.opened']);
  });

  it('lets a client open one for themself, and for no one else', async () => {
    const [own, other] = [await createTestCustomer(t.ctx), await createTestCustomer(t.ctx)];
    const created = await open({ priority: 'low' }, 'client', own.id);
    expect(created).toMatchObject({ customer_id: own.id, priority: 'low' });
    expect(created.messages[0]).toMatchObject({ author_type: 'customer' });
    const refused = await t.request({
      method: 'POST',
      url,
      as: 'client',
      customerId: own.id,
      payload: ticket({ customer_id: other.id }),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([{ path: 'customer_id', message: 'No such customer' }]);
  });

  it('lets staff open an internal ticket with no customer, and each staff role open one', async () => {
    for (const role of ['admin', 'staff', 'advisor'] as const) {
      expect((await open({ customer_id: null }, role)).customer_id).toBeNull();
    }
    expect((await t.request({ method: 'POST', url, payload: ticket() })).statusCode).toBe(401);
  });

  it.each([
    ['an empty subject', { subject: '  ' }, 'subject'],
    ['a missing message', { message: undefined }, 'message'],
    ['an empty message', { message: ' \n ' }, 'message'],
    ['a message over 20 000 characters', { message: 'x'.repeat(20_001) }, 'message'],
    ['an unknown category', { category: 'sales' }, 'category'],
    ['an unknown priority', { priority: 'critical' }, 'priority'],
    ['a customer id that is not a UUID', { customer_id: 'nope' }, 'customer_id'],
    [
      'a customer that does not exist',
      { customer_id: '01900000-0000-7000-8000-000000000000' },
      'customer_id',
    ],
    ['an unknown field', { status: 'closed' }, 'status'],
  ])('refuses %s (400 naming the field), opening nothing', async (_, overrides, path) => {
    const before = await t.database.db.$count(sql`support_tickets`);
    const response = await t.request({ method: 'POST', url, as: 'staff', payload: ticket(overrides) });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await t.database.db.$count(sql`support_tickets`)).toBe(before);
  });

  it('accepts a message of exactly 20 000 characters, and refuses a body over the request limit (413)', async () => {
    expect((await open({ message: 'é'.repeat(20_000) })).messages[0].body).toHaveLength(20_000);
    const huge = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: ticket({ message: 'x'.repeat(2_000_000) }),
    });
    expect(huge.statusCode).toBe(413);
  });

  it('gives tickets opened at the same moment consecutive numbers: none shared, none skipped', async () => {
    const first = Number((await open()).number.slice(4));
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        t.request({ method: 'POST', url, as: 'staff', payload: ticket({ subject: `Demande ${index}` }) }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201));
    const numbers = responses.map((response) => response.json().number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, index) => formatTicketNumber(first + index + 1)));
  });
});

describe('reading tickets', () => {
  it('shows a ticket to each staff role and to its own client; another client and a stranger get 404 and 401', async () => {
    const [own, other] = [await createTestCustomer(t.ctx), await createTestCustomer(t.ctx)];
    const created = await open({ customer_id: own.id });
    const get = (as?: Role, customerId?: string) =>
      t.request({ method: 'GET', url: `${url}/${created.id}`, as, customerId });
    for (const role of ['admin', 'staff', 'advisor'] as const) expect((await get(role)).statusCode).toBe(200);
    expect((await get('client', own.id)).statusCode).toBe(200);
    const hidden = await get('client', other.id);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('ticket.not_found');
    expect((await get()).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: `${url}/not-a-uuid`, as: 'staff' })).statusCode).toBe(400);
    // The client's list holds their tickets only.
    const list = await t.request({ method: 'GET', url, as: 'client', customerId: other.id });
    expect(list.json().data.map((row: { id: string }) => row.id)).not.toContain(created.id);
    // Nor may they reply to it.
    expect((await post(created.id, { body: 'Bonjour' }, 'client', other.id)).statusCode).toBe(404);
  });

  it('hides the ticket of a confidentiel customer from staff not assigned to them, as the customer is', async () => {
    const secret = await createTestCustomer(t.ctx, { privacy_level: 'confidentiel' });
    const created = await open({ customer_id: secret.id }, 'admin');
    expect((await t.request({ method: 'GET', url: `${url}/${created.id}`, as: 'staff' })).statusCode).toBe(
      404,
    );
    const staffList = await t.request({ method: 'GET', url: `${url}?customer_id=${secret.id}`, as: 'staff' });
    expect(staffList.json().pagination.total).toBe(0);
    const adminList = await t.request({ method: 'GET', url: `${url}?customer_id=${secret.id}`, as: 'admin' });
    expect(adminList.json().pagination.total).toBe(1);
  });

  it('filters by status, category, priority, assignee, customer and words or number', async () => {
    const customer = await createTestCustomer(t.ctx);
    const agent = await t.signInNewUser('staff');
    const billing = await open({
      customer_id: customer.id,
      subject: 'Facturé deux fois',
      category: 'billing',
      priority: 'urgent',
    });
    const feature = await open({
      customer_id: customer.id,
      subject: 'Idée : rappel par SMS',
      category: 'feature',
      priority: 'low',
    });
    await t.request({
      method: 'PATCH',
      url: `${url}/${feature.id}`,
      as: 'staff',
      payload: { status: 'in_progress', assigned_to: agent.id },
    });
    const ids = async (query: string, headers?: Record<string, string>) => {
      const response = await t.request({
        method: 'GET',
        url: `${url}?customer_id=${customer.id}&${query}`,
        ...(headers ? { headers } : { as: 'staff' as const }),
      });
      expect(response.statusCode).toBe(200);
      return response.json().data.map((row: { id: string }) => row.id);
    };
    expect(await ids('status=open')).toEqual([billing.id]);
    expect(new Set(await ids('status=open,in_progress'))).toEqual(new Set([billing.id, feature.id]));
    expect(await ids('category=feature')).toEqual([feature.id]);
    expect(await ids('priority=urgent,high')).toEqual([billing.id]);
    expect(await ids(`assigned_to=${agent.id}`)).toEqual([feature.id]);
    expect(await ids('assigned_to=none')).toEqual([billing.id]);
    expect(await ids('assigned_to=me', agent.headers)).toEqual([feature.id]);
    // Words of the subject, whatever the accents and case; the number whole, or its digits.
    expect(await ids('q=FACTURE')).toEqual([billing.id]);
    expect(await ids(`q=${billing.number}`)).toEqual([billing.id]);
    expect(await ids(`q=${Number(billing.number.slice(4))}`)).toContain(billing.id);
    expect(await ids('sort=priority')).toEqual([billing.id, feature.id]);
    const list = await t.request({
      method: 'GET',
      url: `${url}?customer_id=${customer.id}&per_page=1&page=2`,
      as: 'staff',
    });
    expect(list.json().pagination).toMatchObject({
      total: 2,
      page: 2,
      per_page: 1,
      pages: 2,
      has_prev: true,
    });
  });

  it.each([
    ['status=lost', 'status.0'],
    ['status=open,lost', 'status.1'],
    ['category=sales', 'category.0'],
    ['assigned_to=someone', 'assigned_to'],
    ['per_page=101', 'per_page'],
    ['sort=random', 'sort'],
    ['colour=red', 'colour'],
  ])('refuses the filter %s (400 naming it)', async (query, path) => {
    const response = await t.request({ method: 'GET', url: `${url}?${query}`, as: 'staff' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
  });
});

describe('the conversation', () => {
  it('sets first_response_at at the first public staff reply only, and shows clients no internal note', async () => {
    const customer = await createTestCustomer(t.ctx);
    const created = await open({ customer_id: customer.id }, 'client', customer.id);
    // A client's own follow-up and a staff note are not a response.
    expect(
      (await post(created.id, { body: 'Des nouvelles ?' }, 'client', customer.id)).json().first_response_at,
    ).toBeNull();
    const noted = await post(
      created.id,
      { body: 'Client difficile, voir avec Marc.', kind: 'internal_note' },
      'advisor',
    );
    expect(noted.statusCode).toBe(201);
    expect(noted.json().first_response_at).toBeNull();

    const replied = await post(created.id, { body: 'Nous regardons cela.' });
    expect(replied.statusCode).toBe(201);
    const firstResponseAt = replied.json().first_response_at;
    expect(firstResponseAt).toEqual(expect.any(String));
    expect(replied.json().sla_due_at).toBe(replied.json().resolution_due_at);
    const again = await post(created.id, { body: 'Pièce commandée.' }, 'admin');
    expect(again.json().first_response_at).toBe(firstResponseAt);
    expect(again.json().messages.map((message: { kind: string }) => message.kind)).toEqual([
      'public',
      'public',
      'internal_note',
      'public',
      'public',
    ]);

    const seen = await t.request({
      method: 'GET',
      url: `${url}/${created.id}`,
      as: 'client',
      customerId: customer.id,
    });
    const bodies = seen.json().messages.map((message: { body: string }) => message.body);
    expect(bodies).toHaveLength(4);
    expect(bodies).not.toContain('Client difficile, voir avec Marc.');
    // Nor does the timeline a client reads mention the note.
    const titles = (await ticketTimeline(customer.id, 'client')).map((entry) => entry.metadata.event);
    expect(titles).not.toContain('ticket.note_added');
    expect(titles.filter((event) => event === 'ticket.replied')).toHaveLength(3);
    expect((await events(created.id)).map((event) => event.type)).toEqual([
      'ticket.opened',
      'ticket.replied',
      'ticket.note_added',
      'ticket.replied',
      'ticket.replied',
    ]);
  });

  it('names who wrote each message', async () => {
    const agent = await t.signInNewUser('staff');
    const created = await open();
    const response = await t.request({
      method: 'POST',
      url: `${url}/${created.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Je m’en occupe.' },
    });
    expect(response.json().messages.at(-1)).toMatchObject({
      author_type: 'staff',
      author_id: agent.id,
      author_name: expect.stringMatching(/^staff \d+$/),
    });
  });

  it('refuses an internal note from a client (403) and bad messages (400 naming the field)', async () => {
    const customer = await createTestCustomer(t.ctx);
    const created = await open({ customer_id: customer.id });
    expect(
      (await post(created.id, { body: 'Note', kind: 'internal_note' }, 'client', customer.id)).statusCode,
    ).toBe(403);
    for (const [payload, path] of [
      [{ body: '' }, 'body'],
      [{ body: '   ' }, 'body'],
      [{}, 'body'],
      [{ body: 'x'.repeat(20_001) }, 'body'],
      [{ body: 'Bonjour', kind: 'secret' }, 'kind'],
      [{ body: 'Bonjour', attachments: ['pas-un-uuid'] }, 'attachments.0'],
    ] as const) {
      const response = await post(created.id, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    expect((await post('01900000-0000-7000-8000-000000000000', { body: 'Bonjour' })).statusCode).toBe(404);
    expect(
      (await t.request({ method: 'POST', url: `${url}/${created.id}/messages`, payload: { body: 'x' } }))
        .statusCode,
    ).toBe(401);
  });
});
