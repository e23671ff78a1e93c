import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { newId } from '../../core/ids.ts';
import { customers } from './customers.tables.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const unknownId = '0190a000-0000-7000-8000-000000000000';

function contactsUrl(customerId: string, contactId?: string) {
  return `/api/v1/customers/${customerId}/contacts${contactId ? `/${contactId}` : ''}`;
}

async function addContact(customerId: string, payload: Record<string, unknown> = {}) {
  const response = await t.request({
    method: 'POST',
    url: contactsUrl(customerId),
    as: 'staff',
    payload: { first_name: 'Marie', last_name: 'Roy', ...payload },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; is_primary: boolean; first_name: string };
}

async function listContacts(customerId: string) {
  const response = await t.request({ method: 'GET', url: contactsUrl(customerId), as: 'staff' });
  expect(response.statusCode).toBe(200);
  return response.json().data as { id: string; is_primary: boolean; first_name: string }[];
}

async function timelineOf(customerId: string) {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/customers/${customerId}/timeline?type=contact`,
    as: 'admin',
  });
  return response.json().data as {
    title: string;
    activity_type: string;
    reference_id: string;
    metadata: Record<string, unknown>;
  }[];
}

async function auditOf(entityId: string) {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/audit?entity_id=${entityId}`,
    as: 'admin',
  });
  return response.json().data as { action: string; entity: string; changed_fields: string[]; role: string }[];
}

describe('POST /api/v1/customers/{id}/contacts', () => {
  it('adds a contact with normalized email and phone, on the timeline and in the audit log', async () => {
    const customer = await createTestCustomer(t.ctx, { kind: 'company', company_name: 'Garage Beauce inc.' });
    const response = await t.request({
      method: 'POST',
      url: contactsUrl(customer.id),
      as: 'staff',
      payload: {
        first_name: ' Marie ',
        last_name: 'Roy',
        email: 'Marie.Roy@Garage-Beauce.CA',
        phone: '(418) 555-0142',
        role: 'Comptable',
        preferred_contact_channel: 'sms',
      },
    });
    expect(response.statusCode).toBe(201);
    const contact = response.json();
    expect(contact).toMatchObject({
      customer_id: customer.id,
      first_name: 'Marie',
      last_name: 'Roy',
      email: 'marie.roy@garage-beauce.ca',
      phone: '+14185550142',
      role: 'Comptable',
      is_primary: false,
      preferred_contact_channel: 'sms',
    });
    expect(contact).not.toHaveProperty('search_tokens');
    const [entry] = await timelineOf(customer.id);
    expect(entry).toMatchObject({
      activity_type: 'contact',
      title: 'Contact ajouté : Marie Roy',
      reference_id: contact.id,
      metadata: { event: 'contact.added' },
    });
    const [audit] = await auditOf(contact.id);
    expect(audit).toMatchObject({ action: 'contact.added', entity: 'customer_contact', role: 'staff' });
    expect(audit!.changed_fields).toContain('email');
  });

  it.each([
    ['first_name', { last_name: 'Roy' }],
    ['first_name', { first_name: '   ' }],
    ['first_name', { first_name: 42 }],
    ['last_name', { first_name: 'Ana', last_name: 'x'.repeat(101) }],
    ['email', { first_name: 'Ana', email: 'pas-un-courriel' }],
    ['phone', { first_name: 'Ana', phone: '555' }],
    ['role', { first_name: 'Ana', role: 'x'.repeat(101) }],
    ['is_primary', { first_name: 'Ana', is_primary: 'oui' }],
    ['preferred_contact_channel', { first_name: 'Ana', preferred_contact_channel: 'pigeon' }],
    ['customer_id', { first_name: 'Ana', customer_id: unknownId }],
    ['nickname', { first_name: 'Ana', nickname: 'Mimi' }],
  ])('refuses an invalid %s with a 400 naming it', async (field, payload) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({ method: 'POST', url: contactsUrl(customer.id), as: 'staff', payload });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('never answers 5xx to odd bodies', async () => {
    const customer = await createTestCustomer(t.ctx);
    for (const payload of [
      [],
      'texte',
      null,
      { first_name: null },
      { first_name: { nested: true } },
      { first_name: 'a'.repeat(100_000) },
      { first_name: 'Zoé', email: null, phone: null, role: null, last_name: null },
      { first_name: '\u0000' },
    ]) {
      const response = await t.request({
        method: 'POST',
        url: contactsUrl(customer.id),
        as: 'staff',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBeLessThan(500);
    }
  });
});

describe('primary contact', () => {
  it('keeps one primary contact: a new or changed primary takes the flag from the others', async () => {
    const customer = await createTestCustomer(t.ctx, {
      kind: 'company',
      company_name: 'Transport Laurentides',
    });
    const first = await addContact(customer.id, { first_name: 'Anne', is_primary: true });
    const second = await addContact(customer.id, { first_name: 'Benoît' });
    let contacts = await listContacts(customer.id);
    expect(contacts.map((contact) => [contact.first_name, contact.is_primary])).toEqual([
      ['Anne', true],
      ['Benoît', false],
    ]);
    const third = await addContact(customer.id, { first_name: 'Chloé', is_primary: true });
    contacts = await listContacts(customer.id);
    expect(contacts.map((contact) => [contact.first_name, contact.is_primary])).toEqual([
      ['Chloé', true],
      ['Anne', false],
      ['Benoît', false],
    ]);
    const patched = await t.request({
      method: 'PATCH',
      url: contactsUrl(customer.id, second.id),
      as: 'advisor',
      payload: { is_primary: true },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().is_primary).toBe(true);
    contacts = await listContacts(customer.id);
    expect(contacts.filter((contact) => contact.is_primary).map((contact) => contact.id)).toEqual([
      second.id,
    ]);
    expect(contacts[0]!.id).toBe(second.id);
    expect(contacts.map((contact) => contact.id)).toContain(first.id);
    expect(contacts.map((contact) => contact.id)).toContain(third.id);
  });

  it('ends with exactly one primary when several primary contacts arrive at once', async () => {
    const customer = await createTestCustomer(t.ctx);
    const responses = await Promise.all(
      ['Anne', 'Béa', 'Carl', 'Dany', 'Élie'].map((first_name) =>
        t.request({
          method: 'POST',
          url: contactsUrl(customer.id),
          as: 'staff',
          payload: { first_name, is_primary: true },
        }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const contacts = await listContacts(customer.id);
    expect(contacts).toHaveLength(5);
    expect(contacts.filter((contact) => contact.is_primary)).toHaveLength(1);
  });

  it('ends with exactly one primary when contacts are made primary at once', async () => {
    const customer = await createTestCustomer(t.ctx);
    const created = await Promise.all(
      ['A', 'B', 'C', 'D'].map((name) => addContact(customer.id, { first_name: name })),
    );
    const responses = await Promise.all(
      created.map((contact) =>
        t.request({
          method: 'PATCH',
          url: contactsUrl(customer.id, contact.id),
          as: 'staff',
          payload: { is_primary: true },
        }),
      ),
    );
    expect(responses.every((response) => response.statusCode === 200)).toBe(true);
    const contacts = await listContacts(customer.id);
    expect(contacts.filter((contact) => contact.is_primary)).toHaveLength(1);
  });
});

describe('PATCH and DELETE /api/v1/customers/{id}/contacts/{contact_id}', () => {
  it('changes only what was sent, logs the changed fields, and does nothing for an empty patch', async () => {
    const customer = await createTestCustomer(t.ctx);
    const contact = await addContact(customer.id, { email: 'marie@exemple.ca' });
    const response = await t.request({
      method: 'PATCH',
      url: contactsUrl(customer.id, contact.id),
      as: 'staff',
      payload: { role: 'Directrice', phone: '514 555 0100', email: 'marie@exemple.ca' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      first_name: 'Marie',
      role: 'Directrice',
      phone: '+15145550100',
      email: 'marie@exemple.ca',
    });
    const [entry] = await timelineOf(customer.id);
    expect(entry).toMatchObject({
      title: 'Contact modifié : Marie Roy',
      metadata: { event: 'contact.updated', fields: expect.arrayContaining(['role', 'phone']) },
    });
    const [audit] = await auditOf(contact.id);
    expect(audit).toMatchObject({ action: 'contact.updated' });
    expect(audit!.changed_fields.sort()).toEqual(['phone', 'role']);

    const empty = await t.request({
      method: 'PATCH',
      url: contactsUrl(customer.id, contact.id),
      as: 'staff',
      payload: {},
    });
    expect(empty.statusCode).toBe(200);
    expect(await timelineOf(customer.id)).toHaveLength(2);
  });

  it.each([
    ['first_name', { first_name: null }],
    ['first_name', { first_name: '' }],
    ['email', { email: 'nope@' }],
    ['phone', { phone: '+1 000' }],
    ['is_primary', { is_primary: null }],
    ['preferred_contact_channel', { preferred_contact_channel: 'fax' }],
    ['id', { id: unknownId }],
  ])('refuses an invalid %s with a 400 naming it', async (field, payload) => {
    const customer = await createTestCustomer(t.ctx);
    const contact = await addContact(customer.id);
    const response = await t.request({
      method: 'PATCH',
      url: contactsUrl(customer.id, contact.id),
      as: 'staff',
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('deletes a contact (204); the timeline and audit log keep it', async () => {
    const customer = await createTestCustomer(t.ctx);
    const contact = await addContact(customer.id, {
      first_name: 'Paul',
      last_name: 'Côté',
      is_primary: true,
    });
    const response = await t.request({
      method: 'DELETE',
      url: contactsUrl(customer.id, contact.id),
      as: 'advisor',
    });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(await listContacts(customer.id)).toEqual([]);
    const [entry] = await timelineOf(customer.id);
    expect(entry).toMatchObject({
      title: 'Contact retiré : Paul Côté',
      reference_id: contact.id,
      metadata: { event: 'contact.removed' },
    });
    expect((await auditOf(contact.id)).map((audit) => audit.action)).toEqual([
      'contact.removed',
      'contact.added',
    ]);
    const again = await t.request({
      method: 'DELETE',
      url: contactsUrl(customer.id, contact.id),
      as: 'staff',
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('contact.not_found');
  });
});

describe('ids', () => {
  it('answers 400 to non-UUID ids, naming them', async () => {
    const customer = await createTestCustomer(t.ctx);
    const badCustomer = await t.request({ method: 'GET', url: contactsUrl('42'), as: 'staff' });
    expect(badCustomer.statusCode).toBe(400);
    expect(badCustomer.json().errors[0].path).toBe('id');
    for (const method of ['PATCH', 'DELETE'] as const) {
      const response = await t.request({
        method,
        url: contactsUrl(customer.id, 'pas-un-uuid'),
        as: 'staff',
        ...(method === 'PATCH' ? { payload: { role: 'x' } } : {}),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toBe('contact_id');
    }
  });

  it('answers 404 to an unknown customer, an unknown contact, and another customer’s contact', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const othersContact = await addContact(other.id);
    for (const method of ['GET', 'POST'] as const) {
      const response = await t.request({
        method,
        url: contactsUrl(unknownId),
        as: 'admin',
        ...(method === 'POST' ? { payload: { first_name: 'X' } } : {}),
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('customer.not_found');
    }
    for (const contactId of [unknownId, othersContact.id]) {
      for (const method of ['PATCH', 'DELETE'] as const) {
        const response = await t.request({
          method,
          url: contactsUrl(customer.id, contactId),
          as: 'admin',
          ...(method === 'PATCH' ? { payload: { role: 'x' } } : {}),
        });
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('contact.not_found');
      }
    }
    expect(await listContacts(other.id)).toHaveLength(1);
  });
});

describe('access', () => {
  it('needs a session or key (401)', async () => {
    const customer = await createTestCustomer(t.ctx);
    const contact = await addContact(customer.id);
    for (const [method, url] of [
      ['GET', contactsUrl(customer.id)],
      ['POST', contactsUrl(customer.id)],
      ['PATCH', contactsUrl(customer.id, contact.id)],
      ['DELETE', contactsUrl(customer.id, contact.id)],
    ] as const) {
      const response = await t.request({ method, url, payload: { first_name: 'X' } });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('lets a client read their own contacts but not write them (403), nor see another customer’s (404)', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const contact = await addContact(customer.id);
    const own = await t.request({
      method: 'GET',
      url: contactsUrl(customer.id),
      as: 'client',
      customerId: customer.id,
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().data).toHaveLength(1);
    for (const [method, url] of [
      ['POST', contactsUrl(customer.id)],
      ['PATCH', contactsUrl(customer.id, contact.id)],
      ['DELETE', contactsUrl(customer.id, contact.id)],
    ] as const) {
      const response = await t.request({
        method,
        url,
        as: 'client',
        customerId: customer.id,
        payload: { first_name: 'X' },
      });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
    const others = await t.request({
      method: 'GET',
      url: contactsUrl(other.id),
      as: 'client',
      customerId: customer.id,
    });
    expect(others.statusCode).toBe(404);
  });

  it('hides a confidentiel customer from staff not assigned to it (404), not from an admin', async () => {
    const customer = await createTestCustomer(t.ctx, {
      privacy_level: 'confidentiel',
      assigned_user_id: newId(),
    });
    const created = await t.request({
      method: 'POST',
      url: contactsUrl(customer.id),
      as: 'admin',
      payload: { first_name: 'Secret' },
    });
    expect(created.statusCode).toBe(201);
    for (const role of ['staff', 'advisor'] as const) {
      for (const [method, url] of [
        ['GET', contactsUrl(customer.id)],
        ['POST', contactsUrl(customer.id)],
        ['PATCH', contactsUrl(customer.id, created.json().id)],
        ['DELETE', contactsUrl(customer.id, created.json().id)],
      ] as const) {
        const response = await t.request({ method, url, as: role, payload: { first_name: 'X' } });
        expect(response.statusCode, `${role} ${method} ${url}`).toBe(404);
        expect(response.json().code).toBe('customer.not_found');
      }
    }
    const asAdmin = await t.request({ method: 'GET', url: contactsUrl(customer.id), as: 'admin' });
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.json().data).toHaveLength(1);
  });

  it('refuses changes to an anonymized customer (422)', async () => {
    const customer = await createTestCustomer(t.ctx);
    await t.ctx.db.update(customers).set({ anonymized_at: new Date() }).where(eq(customers.id, customer.id));
    const response = await t.request({
      method: 'POST',
      url: contactsUrl(customer.id),
      as: 'admin',
      payload: { first_name: 'Marie' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('customer.anonymized');
  });
});

describe('OpenAPI', () => {
  it('documents the contact, address and vehicle routes', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    for (const part of ['contacts', 'addresses', 'vehicles']) {
      expect(paths).toContain(`/api/v1/customers/{id}/${part}`);
    }
    expect(paths).toContain('/api/v1/customers/{id}/contacts/{contact_id}');
  });
});
