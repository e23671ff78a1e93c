import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type OutboxRow = {
  kind: string;
  to: string | null;
  subject: string;
  text: string;
  language: string;
  status: string;
  suppressed_reason: string | null;
};

async function outboxFor(customerId: string) {
  const { rows } = await t.database.db.execute<OutboxRow>(
    sql`select kind, "to", subject, text, language, status, suppressed_reason from email_outbox
        where customer_id = ${customerId} order by created_at, id`,
  );
  return rows;
}

async function openAsClient(customerId: string) {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/tickets',
    as: 'client',
    customerId,
    payload: {
      subject: 'Bruit au freinage',
      message: 'Mes freins grincent depuis lundi.',
      category: 'technical',
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string };
}

function reply(
  ticketId: string,
  body: string,
  kind: 'public' | 'internal_note' = 'public',
  as: 'staff' | 'client' = 'staff',
  customerId?: string,
) {
  return t.request({
    method: 'POST',
    url: `/api/v1/tickets/${ticketId}/messages`,
    as,
    customerId,
    payload: { body, kind },
  });
}

describe('ticket emails', () => {
  it('acknowledges a request and sends staff replies, not internal notes, in the customer’s language', async () => {
    const customer = await createTestCustomer(t.ctx, { language_code: 'en-CA' });
    const ticket = await openAsClient(customer.id);
    expect((await reply(ticket.id, 'Internal: check the pads', 'internal_note')).statusCode).toBe(201);
    expect((await reply(ticket.id, 'Please bring the car in on Tuesday.')).statusCode).toBe(201);
    expect((await reply(ticket.id, 'Tuesday works.', 'public', 'client', customer.id)).statusCode).toBe(201);

    const sent = await outboxFor(customer.id);
    expect(sent.map((row) => row.kind)).toEqual(['ticket_received', 'ticket_reply']);
    expect(
      sent.every((row) => row.to === customer.email && row.language === 'en-CA' && row.status === 'queued'),
    ).toBe(true);
    expect(sent[0]!.subject).toBe(`[${ticket.number}] Request received: Bruit au freinage`);
    expect(sent[0]!.text).toContain('Mes freins grincent depuis lundi.');
    expect(sent[1]!.subject).toBe(`[${ticket.number}] Reply: Bruit au freinage`);
    expect(sent[1]!.text).toContain('Please bring the car in on Tuesday.');
    expect(sent.some((row) => row.text.includes('Internal: check the pads'))).toBe(false);
  });

  it('does not echo a ticket staff open on a customer’s behalf', async () => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/tickets',
      as: 'staff',
      payload: {
        customer_id: customer.id,
        subject: 'Appel reçu',
        message: 'Le client a appelé.',
        category: 'general',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(await outboxFor(customer.id)).toEqual([]);
  });

  it('answers the contact form at the address it came from, in French, without asking for a consent', async () => {
    const email = `demande.${randomInt(1_000_000)}@exemple.ca`;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contact',
      remoteAddress: '198.51.100.77',
      payload: {
        name: 'Josée Lavoie',
        email,
        subject: 'Rendez-vous',
        message: 'Puis-je prendre rendez-vous samedi?',
        category: 'general',
        language: 'fr-CA',
        website: '',
      },
    });
    expect(response.statusCode, response.body).toBe(202);
    const { rows } = await t.database.db.execute<OutboxRow>(
      sql`select kind, "to", subject, text, language, status, suppressed_reason from email_outbox where "to" = ${email}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'ticket_received', language: 'fr-CA', status: 'queued' });
    expect(rows[0]!.subject).toMatch(/^\[TCK-\d{6}\] Demande reçue : Rendez-vous$/);
    expect(rows[0]!.text).toContain('Bonjour Josée Lavoie,');
  });

  it('holds the reply back for a customer who refuses all contact, and says why', async () => {
    const customer = await createTestCustomer(t.ctx, { preferred_contact_channel: 'none' });
    const ticket = await openAsClient(customer.id);
    expect((await reply(ticket.id, 'Réponse')).statusCode).toBe(201);
    const rows = await outboxFor(customer.id);
    expect(rows.map((row) => [row.kind, row.status, row.suppressed_reason])).toEqual([
      ['ticket_received', 'suppressed', 'contact_channel_none'],
      ['ticket_reply', 'suppressed', 'contact_channel_none'],
    ]);
  });
});
