import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { contactRateLimit } from './tickets.routes.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const url = '/api/v1/contact';
let addressCount = 0;

/** Each test writes from an address of its own, so that the rate limit counts it alone. */
function newAddress() {
  addressCount += 1;
  return `203.0.113.${addressCount}`;
}

function form(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Marie-Ève Bouchard',
    email: `marie-eve.${randomInt(1_000_000)}@exemple.ca`,
    subject: 'Question sur ma facture',
    message: 'Bonjour, je ne comprends pas le montant de ma dernière facture.',
    category: 'billing',
    language: 'fr-CA',
    website: '',
    ...overrides,
  };
}

function send(payload: Record<string, unknown>, remoteAddress = newAddress()) {
  return t.app.inject({ method: 'POST', url, payload, remoteAddress });
}

async function ticketsFrom(email: string) {
  const response = await t.request({ method: 'GET', url: `/api/v1/tickets?per_page=100`, as: 'admin' });
  return response
    .json()
    .data.filter((ticket: { requester_email: string | null }) => ticket.requester_email === email) as {
    id: string;
    customer_id: string;
    channel: string;
    requester_name: string;
    status: string;
    priority: string;
    category: string;
  }[];
}

describe('POST /api/v1/contact (public)', () => {
  it('opens a ticket for a new lead customer, without signing in', async () => {
    const payload = form({ email: 'Nouveau.Client@Exemple.CA', phone: '514 555-0199' });
    const response = await send(payload);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ received: true });

    const [ticket] = await ticketsFrom('nouveau.client@exemple.ca');
    expect(ticket).toMatchObject({
      channel: 'contact_form',
      requester_name: 'Marie-Ève Bouchard',
      status: 'open',
      priority: 'normal',
      category: 'billing',
    });
    const customer = (
      await t.request({ method: 'GET', url: `/api/v1/customers/${ticket!.customer_id}`, as: 'staff' })
    ).json();
    expect(customer).toMatchObject({
      first_name: 'Marie-Ève',
      last_name: 'Bouchard',
      email: 'nouveau.client@exemple.ca',
      phone: '+15145550199',
      segments: ['lead'],
      language_code: 'fr-CA',
    });
    const detail = (
      await t.request({ method: 'GET', url: `/api/v1/tickets/${ticket!.id}`, as: 'staff' })
    ).json();
    expect(detail.messages).toEqual([
      expect.objectContaining({
        author_type: 'customer',
        author_id: null,
        author_name: 'Marie-Ève Bouchard',
      }),
    ]);
    // Staff answer it like any other: that is its first response.
    const replied = await t.request({
      method: 'POST',
      url: `/api/v1/tickets/${ticket!.id}/messages`,
      as: 'staff',
      payload: { body: 'Bonjour, voici le détail.' },
    });
    expect(replied.json().first_response_at).toEqual(expect.any(String));
    // The audit says where it came from.
    const { rows } = await t.database.db.execute<{ action: string; ip: string | null }>(
      sql`select action, ip::text from audit_log where entity_id = ${ticket!.id}`,
    );
    expect(rows.find((row) => row.action === 'ticket.opened')?.ip).toMatch(/^203\.0\.113\./);
  });

  it('links the customer who already has this email, whatever its case, and makes no lead', async () => {
    const existing = await createTestCustomer(t.ctx, { email: 'julie.tremblay@exemple.ca' });
    const customersBefore = await t.database.db.$count(sql`customers`);
    const response = await send(
      form({ name: 'Julie T.', email: 'JULIE.Tremblay@Exemple.ca', language: 'en-CA' }),
    );
    expect(response.statusCode).toBe(202);
    const [ticket] = await ticketsFrom('julie.tremblay@exemple.ca');
    expect(ticket!.customer_id).toBe(existing.id);
    expect(await t.database.db.$count(sql`customers`)).toBe(customersBefore);
    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${existing.id}/timeline?type=ticket`,
      as: 'staff',
    });
    expect(timeline.json().data).toEqual([
      expect.objectContaining({ title: expect.stringMatching(/^Billet ouvert : TCK-/) }),
    ]);
  });

  it('makes one lead of two messages sent at once from a new address', async () => {
    const email = `double.${randomInt(1_000_000)}@exemple.ca`;
    const responses = await Promise.all([send(form({ email })), send(form({ email, subject: 'Encore' }))]);
    expect(responses.map((response) => response.statusCode)).toEqual([202, 202]);
    const tickets = await ticketsFrom(email);
    expect(tickets).toHaveLength(2);
    expect(tickets[0]!.customer_id).toBe(tickets[1]!.customer_id);
  });

  it('answers a filled-in trap field like a success, and creates nothing', async () => {
    const counts = async () => [
      await t.database.db.$count(sql`support_tickets`),
      await t.database.db.$count(sql`customers`),
      await t.database.db.$count(sql`domain_events`),
    ];
    const before = await counts();
    const response = await send(form({ website: 'https://spam.example' }));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ received: true });
    expect(await counts()).toEqual(before);
  });

  it(`refuses more than ${contactRateLimit.limit} messages in ${contactRateLimit.windowSeconds / 60} minutes from one address (429 with Retry-After)`, async () => {
    const address = newAddress();
    for (let index = 0; index < contactRateLimit.limit; index++) {
      expect((await send(form(), address)).statusCode).toBe(202);
    }
    const before = await t.database.db.$count(sql`support_tickets`);
    const refused = await send(form(), address);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('request.rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await t.database.db.$count(sql`support_tickets`)).toBe(before);
    // Another address is not held back.
    expect((await send(form())).statusCode).toBe(202);
  });

  it.each([
    ['no name', { name: ' ' }, 'name'],
    ['an invalid email', { email: 'marie@' }, 'email'],
    ['an invalid phone number', { phone: '123' }, 'phone'],
    ['no subject', { subject: '' }, 'subject'],
    ['an empty message', { message: '' }, 'message'],
    ['a message over 20 000 characters', { message: 'x'.repeat(20_001) }, 'message'],
    ['an unknown category', { category: 'sales' }, 'category'],
    ['a priority (the public does not choose one)', { priority: 'urgent' }, 'priority'],
  ])('refuses %s (400 naming the field), opening nothing', async (_, overrides, path) => {
    const before = await t.database.db.$count(sql`support_tickets`);
    const response = await send(form(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await t.database.db.$count(sql`support_tickets`)).toBe(before);
  });
});
