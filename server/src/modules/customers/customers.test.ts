import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer, uniqueMatricule } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('POST /api/v1/customers', () => {
  it('creates a customer with normalized phone and matricule, and logs it on the timeline and audit log', async () => {
    const matricule = uniqueMatricule();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/customers',
      as: 'staff',
      payload: {
        kind: 'individual',
        first_name: 'Éric',
        last_name: 'Tremblé',
        email: 'Eric.Tremble@Exemple.CA',
        phone: '(514) 555-0199',
        matricule: matricule.toLowerCase(),
        segments: ['VIP', 'VIP', 'Flotte'],
      },
    });
    expect(response.statusCode).toBe(201);
    const customer = response.json();
    expect(customer).toMatchObject({
      display_name: 'Éric Tremblé',
      email: 'eric.tremble@exemple.ca',
      phone: '+15145550199',
      matricule,
      language_code: 'fr-CA',
      timezone: 'America/Montreal',
      privacy_level: 'normal',
      segments: ['VIP', 'Flotte'],
    });
    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline`,
      as: 'staff',
    });
    expect(
      timeline.json().data.map((entry: { metadata: { event: string } }) => entry.metadata.event),
    ).toEqual(['customer.created']);
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity=customer&entity_id=${customer.id}`,
      as: 'admin',
    });
    expect(audit.json().data[0]).toMatchObject({
      action: 'customer.created',
      actor_type: 'api_key',
      role: 'staff',
    });
  });

  it.each([
    ['email', { email: 'pas-un-courriel' }],
    ['phone', { phone: '123' }],
    ['matricule', { matricule: 'AB-12-CD' }],
    ['timezone', { timezone: 'Mars/Olympus' }],
    ['language_code', { language_code: 'français' }],
    ['privacy_level', { privacy_level: 'secret' }],
    ['preferred_contact_channel', { preferred_contact_channel: 'pigeon' }],
    ['kind', { kind: 'robot' }],
    ['tax_exempt', { tax_exempt: 'oui' }],
    ['first_name', { first_name: 'x'.repeat(101) }],
    ['unknown_field', { unknown_field: 1 }],
    ['last_name', { first_name: null, last_name: null }],
    ['company_name', { kind: 'company' }],
  ])('refuses an invalid %s with a 400 naming the field', async (field, patch) => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/customers',
      as: 'staff',
      payload: { first_name: 'Ana', last_name: 'Roy', ...patch },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('refuses malformed JSON with a 400 problem', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/customers',
      as: 'staff',
      headers: { 'content-type': 'application/json' },
      payload: '{"first_name": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, code: 'request.malformed_json' });
  });

  it('answers 409 to a duplicate matricule, even when two arrive at once', async () => {
    const matricule = uniqueMatricule();
    const responses = await Promise.all(
      [1, 2].map(() =>
        t.request({
          method: 'POST',
          url: '/api/v1/customers',
          as: 'staff',
          payload: { last_name: 'Double', matricule },
        }),
      ),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    const conflict = responses.find((response) => response.statusCode === 409)!;
    expect(conflict.json().code).toBe('customer.matricule_taken');
  });

  it('needs a session or key (401) and a writing role (403)', async () => {
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/customers', payload: { last_name: 'X' } })).statusCode,
    ).toBe(401);
    const customer = await createTestCustomer(t.ctx);
    const asClient = await t.request({
      method: 'POST',
      url: '/api/v1/customers',
      as: 'client',
      customerId: customer.id,
      payload: { last_name: 'X' },
    });
    expect(asClient.statusCode).toBe(403);
    const badKey = await t.request({
      method: 'GET',
      url: '/api/v1/customers',
      headers: { authorization: 'Bearer atr_not-a-real-key' },
    });
    expect(badKey.statusCode).toBe(401);
  });
});

describe('GET/PATCH/DELETE /api/v1/customers/{id}', () => {
  it('reads, changes and archives a customer', async () => {
    const customer = await createTestCustomer(t.ctx);
    const read = await t.request({ method: 'GET', url: `/api/v1/customers/${customer.id}`, as: 'advisor' });
    expect(read.statusCode).toBe(200);
    const patched = await t.request({
      method: 'PATCH',
      url: `/api/v1/customers/${customer.id}`,
      as: 'staff',
      payload: { first_name: 'Geneviève', tax_exempt: true },
    });
    expect(patched.json()).toMatchObject({ first_name: 'Geneviève', tax_exempt: true });
    const archived = await t.request({
      method: 'DELETE',
      url: `/api/v1/customers/${customer.id}`,
      as: 'staff',
    });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archived_at).not.toBeNull();
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/customers?q=${customer.last_name}`,
      as: 'staff',
    });
    expect(list.json().data.map((row: { id: string }) => row.id)).not.toContain(customer.id);
    const withArchived = await t.request({
      method: 'GET',
      url: `/api/v1/customers?q=${customer.last_name}&archived=include`,
      as: 'staff',
    });
    expect(withArchived.json().data.map((row: { id: string }) => row.id)).toContain(customer.id);
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity_id=${customer.id}`,
      as: 'admin',
    });
    const update = audit.json().data.find((entry: { action: string }) => entry.action === 'customer.updated');
    expect(update.changed_fields.sort()).toEqual(['first_name', 'tax_exempt']);

    const restored = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/restore`,
      as: 'staff',
    });
    expect(restored.json().archived_at).toBeNull();
    const advisor = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/restore`,
      as: 'advisor',
    });
    expect(advisor.statusCode).toBe(403);
    const after = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity_id=${customer.id}`,
      as: 'admin',
    });
    expect(after.json().data.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['customer.archived', 'customer.restored']),
    );
  });

  it('keeps the identity rule on change: a company needs its name, a person a name', async () => {
    const customer = await createTestCustomer(t.ctx);
    const company = await t.request({
      method: 'PATCH',
      url: `/api/v1/customers/${customer.id}`,
      as: 'staff',
      payload: { kind: 'company' },
    });
    expect(company.statusCode).toBe(400);
    expect(company.json().errors[0].path).toBe('company_name');
    const nameless = await t.request({
      method: 'PATCH',
      url: `/api/v1/customers/${customer.id}`,
      as: 'staff',
      payload: { first_name: null, last_name: null },
    });
    expect(nameless.json().errors[0].path).toBe('last_name');
  });

  it('answers 400 to a non-UUID id and 404 to an unknown one', async () => {
    const bad = await t.request({ method: 'GET', url: '/api/v1/customers/42', as: 'staff' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('id');
    const unknown = await t.request({
      method: 'GET',
      url: '/api/v1/customers/0190a000-0000-7000-8000-000000000000',
      as: 'staff',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('edits the profile through /profile', async () => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'PATCH',
      url: `/api/v1/customers/${customer.id}/profile`,
      as: 'staff',
      payload: {
        language_code: 'en-CA',
        timezone: 'America/Toronto',
        segments: ['VIP'],
        preferred_contact_channel: 'sms',
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: customer.id,
      language_code: 'en-CA',
      timezone: 'America/Toronto',
      segments: ['VIP'],
      privacy_level: 'normal',
      preferred_contact_channel: 'sms',
      tax_exempt: false,
    });
    const refused = await t.request({
      method: 'PATCH',
      url: `/api/v1/customers/${customer.id}/profile`,
      as: 'staff',
      payload: { first_name: 'not a profile field' },
    });
    expect(refused.statusCode).toBe(400);
  });
});

describe('search', () => {
  it('finds a customer by name without accents, case or with a typo', async () => {
    const customer = await createTestCustomer(t.ctx, {
      first_name: 'Éric',
      last_name: 'Tremblé',
      email: 'eric@garage-tremble.ca',
    });
    for (const q of ['Eric Tremblay', 'eric tremble', 'TREMBLÉ', 'trem', 'Eric@Garage-Tremble']) {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/customers?q=${encodeURIComponent(q)}`,
        as: 'staff',
      });
      expect(response.statusCode, q).toBe(200);
      expect(
        response.json().data.map((row: { id: string }) => row.id),
        q,
      ).toContain(customer.id);
    }
  });

  it('finds a customer by phone and matricule', async () => {
    const matricule = uniqueMatricule();
    const customer = await createTestCustomer(t.ctx, { phone: '+14185550123', matricule });
    for (const q of ['418 555-0123', '4185550123', matricule, matricule.replaceAll('-', '').toLowerCase()]) {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/customers?q=${encodeURIComponent(q)}`,
        as: 'staff',
      });
      expect(
        response.json().data.map((row: { id: string }) => row.id),
        q,
      ).toContain(customer.id);
    }
  });
});

describe('GET /api/v1/search', () => {
  it('finds customers by name and vehicles by plate, only among visible customers', async () => {
    const customer = await createTestCustomer(t.ctx, { first_name: 'Gaétan', last_name: 'Bélanger-Ouellet' });
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/search?q=gaetan%20belanger',
      as: 'staff',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.customers.map((row: { id: string }) => row.id)).toContain(customer.id);
    expect(body).toHaveProperty('contacts');
    expect(body).toHaveProperty('vehicles');
  });

  it('needs a query and a staff role', async () => {
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/search', as: 'staff' })).json().errors[0].path,
    ).toBe('q');
    expect((await t.request({ method: 'GET', url: '/api/v1/search?q=', as: 'staff' })).statusCode).toBe(400);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/search?q=${'x'.repeat(201)}`, as: 'staff' }))
        .statusCode,
    ).toBe(400);
    const customer = await createTestCustomer(t.ctx);
    expect(
      (
        await t.request({
          method: 'GET',
          url: '/api/v1/search?q=test',
          as: 'client',
          customerId: customer.id,
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/search?q=test' })).statusCode).toBe(401);
  });
});

describe('list', () => {
  it('pages by cursor without gaps or repeats, and validates paging input', async () => {
    const segment = `seg${Date.now()}`;
    for (let index = 0; index < 5; index++) await createTestCustomer(t.ctx, { segments: [segment] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/customers?segment=${segment}&per_page=2&sort=-created_at${cursor ? `&cursor=${cursor}` : ''}`,
        as: 'staff',
      });
      const body = response.json();
      expect(body.pagination.total).toBe(5);
      expect(body.pagination.total_is_exact).toBe(true);
      seen.push(...body.data.map((row: { id: string }) => row.id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
    for (const query of [
      'per_page=0',
      'per_page=10000',
      'page=0',
      'sort=age',
      'privacy_level=top',
      'cursor=garbage',
      'bogus=1',
    ]) {
      const response = await t.request({ method: 'GET', url: `/api/v1/customers?${query}`, as: 'staff' });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].path, query).toBe(query.split('=')[0]);
    }
  });
});

describe('text with a NUL character', () => {
  it('is refused with a 400 naming the field, never a 5xx', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/customers',
      as: 'staff',
      payload: { last_name: 'Null\u0000Byte' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('last_name');
    const query = await t.request({ method: 'GET', url: '/api/v1/customers?q=a%00b', as: 'staff' });
    expect(query.statusCode).toBe(400);
    expect(query.json().errors[0].path).toBe('q');
  });
});
