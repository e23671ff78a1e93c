import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { uploadTestDocument } from '../../../test/documents.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Role } from '../../core/context.ts';
import { LocalDiskStorage } from '../../core/storage.ts';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'atrium-ticket-attachments-'));
  t = await createTestApp({
    documents: {
      storage: new LocalDiskStorage(path.join(dir, 'files')),
      maxUploadSize: 1024 * 1024,
      retentionDays: 30,
      cacheDir: path.join(dir, 'cache'),
    },
  });
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

async function upload(customerId: string, accessLevel: string, name: string) {
  const document = await uploadTestDocument(t, customerId, {
    name: `${name}.pdf`,
    title: name,
    category: 'correspondence',
    access_level: accessLevel,
  });
  return document.id;
}

async function openTicket(customerId: string | null) {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/tickets',
    as: 'staff',
    payload: {
      customer_id: customerId,
      subject: 'Pare-brise fissuré',
      message: 'Voir photos',
      category: 'general',
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

function post(ticketId: string, payload: Record<string, unknown>, as: Role = 'staff', customerId?: string) {
  return t.request({ method: 'POST', url: `/api/v1/tickets/${ticketId}/messages`, as, customerId, payload });
}

async function thread(ticketId: string, as: Role = 'staff', customerId?: string) {
  const response = await t.request({ method: 'GET', url: `/api/v1/tickets/${ticketId}`, as, customerId });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().messages as {
    body: string;
    kind: string;
    attachments: { document_id: string; title: string; file_name: string }[];
  }[];
}

describe('attachments on ticket messages', () => {
  it('carries the customer’s documents in order; the customer sees those shared with them, staff all', async () => {
    const customer = await createTestCustomer(t.ctx);
    const ticketId = await openTicket(customer.id);
    const estimate = await upload(customer.id, 'client', 'Estimation');
    const photo = await upload(customer.id, 'client', 'Photo');
    const internal = await upload(customer.id, 'staff', 'Rapport interne');

    const reply = await post(ticketId, {
      body: 'Voici l’estimation et la photo.',
      attachments: [photo, estimate],
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const note = await post(ticketId, {
      body: 'Rapport joint.',
      kind: 'internal_note',
      attachments: [internal],
    });
    expect(note.statusCode, note.body).toBe(201);

    const staffView = await thread(ticketId);
    expect(staffView.map((message) => message.attachments.map((a) => a.title))).toEqual([
      [],
      ['Photo', 'Estimation'],
      ['Rapport interne'],
    ]);
    expect(staffView[1]!.attachments[0]!.file_name).toBe('Photo.pdf');
    const clientView = await thread(ticketId, 'client', customer.id);
    expect(clientView.map((message) => message.attachments.map((a) => a.title))).toEqual([
      [],
      ['Photo', 'Estimation'],
    ]);

    // Sharing is logged in each document's access log.
    const { rows } = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from customer_document_access_log where document_id in (${photo}, ${estimate}) and action = 'share'`,
    );
    expect(rows[0]!.n).toBe(2);

    // A document deleted later is no longer shown with the message.
    const deleted = await t.request({ method: 'DELETE', url: `/api/v1/documents/${photo}`, as: 'staff' });
    expect(deleted.statusCode).toBe(204);
    expect((await thread(ticketId))[1]!.attachments.map((a) => a.title)).toEqual(['Estimation']);
  });

  it('lets the customer point at a document shared with them in their reply', async () => {
    const customer = await createTestCustomer(t.ctx);
    const ticketId = await openTicket(customer.id);
    const theirs = await upload(customer.id, 'client', 'Constat');
    const response = await post(
      ticketId,
      { body: 'Le constat signé.', attachments: [theirs] },
      'client',
      customer.id,
    );
    expect(response.statusCode, response.body).toBe(201);
    expect((await thread(ticketId, 'client', customer.id)).at(-1)!.attachments.map((a) => a.title)).toEqual([
      'Constat',
    ]);
  });

  it('refuses, naming the entry, another customer’s document, a staff-only one on a public reply, unknown ids and a ticket without customer', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const ticketId = await openTicket(customer.id);
    const mine = await upload(customer.id, 'client', 'Mien');
    const staffOnly = await upload(customer.id, 'staff', 'Interne');
    const theirs = await upload(other.id, 'client', 'Autre');
    const cases: [Record<string, unknown>, string][] = [
      [{ body: 'x', attachments: [mine, theirs] }, 'attachments.1'],
      [{ body: 'x', attachments: [staffOnly] }, 'attachments.0'],
      [{ body: 'x', attachments: ['01900000-0000-7000-8000-000000000000'] }, 'attachments.0'],
      [{ body: 'x', attachments: [mine, mine] }, 'attachments'],
      [{ body: 'x', attachments: Array.from({ length: 11 }, () => mine) }, 'attachments'],
    ];
    for (const [payload, field] of cases) {
      const response = await post(ticketId, payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
    }
    // A client cannot attach what they cannot see, even to an internal-looking request.
    const clientTry = await post(ticketId, { body: 'x', attachments: [staffOnly] }, 'client', customer.id);
    expect(clientTry.statusCode).toBe(400);
    const orphan = await openTicket(null);
    const refused = await post(orphan, { body: 'x', attachments: [mine] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('attachments');
    // Nothing was written by the refused messages.
    expect((await thread(ticketId)).length).toBe(1);
  });
});
