import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { DomainEvent } from '../../core/events.ts';
import { anonymizedText, supportEventHandlers } from './support.events.ts';
import { support_tickets, ticket_messages } from './tickets.tables.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function openTicket(customerId: string, subject: string) {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/tickets',
    as: 'staff',
    payload: {
      customer_id: customerId,
      subject,
      message: `Message de ${subject}`,
      category: 'general',
      priority: 'normal',
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  const id = response.json().id as string;
  const note = await t.request({
    method: 'POST',
    url: `/api/v1/tickets/${id}/messages`,
    as: 'staff',
    payload: { body: 'Note interne sur la personne', kind: 'internal_note' },
  });
  expect(note.statusCode, note.body).toBe(201);
  return id;
}

describe('a customer anonymized', () => {
  it('keeps their tickets but not what they say: subjects and messages replaced, once', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const theirs = await openTicket(customer.id, 'Freins de Julie Tremblay');
    const kept = await openTicket(other.id, 'Pneus de Marc');
    const handler = supportEventHandlers.find((entry) => entry.type === 'customer.anonymized')!;
    const run = () =>
      t.ctx.db.transaction((tx) =>
        handler.handle({ ...t.ctx, db: tx }, { customer_id: customer.id } as DomainEvent),
      );
    await run();
    await run();

    const [ticket] = await t.ctx.db.select().from(support_tickets).where(eq(support_tickets.id, theirs));
    expect(ticket).toMatchObject({ subject: anonymizedText, requester_name: null, requester_email: null });
    const messages = await t.ctx.db
      .select()
      .from(ticket_messages)
      .where(eq(ticket_messages.ticket_id, theirs));
    expect(messages.map((message) => message.body)).toEqual([anonymizedText, anonymizedText]);
    // Another customer's ticket is untouched.
    const [untouched] = await t.ctx.db.select().from(support_tickets).where(eq(support_tickets.id, kept));
    expect(untouched!.subject).toBe('Pneus de Marc');
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity_id=${customer.id}`,
      as: 'admin',
    });
    expect(
      audit.json().data.filter((entry: { action: string }) => entry.action === 'ticket.anonymized_all'),
    ).toHaveLength(1);
  });
});
