import { text } from 'node:stream/consumers';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, postCustomerParts, type TestApp } from '../../../test/app.ts';
import { createTestCustomer, uniqueMatricule } from '../../../test/factories.ts';
import { issueTestInvoice } from '../../../test/invoices.ts';
import { type Clock, fixedClock } from '../../core/clock.ts';
import { appendActivity } from '../timeline/index.ts';
import { exportCustomerData, hasValidConsent, recordExpiredConsents } from './index.ts';

const clock: Clock = fixedClock('2026-11-21T15:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

function consentUrl(id: string) {
  return `/api/v1/customers/${id}/consents`;
}

describe('consents', () => {
  it('grants and revokes as new versions, recording IP and collector, and shows them on the timeline', async () => {
    const customer = await createTestCustomer(t.ctx);
    const granted = await t.request({
      method: 'POST',
      url: consentUrl(customer.id),
      as: 'staff',
      remoteAddress: '192.0.2.44',
      payload: { consent_type: 'marketing_email', is_granted: true, source: 'web_form' },
    });
    expect(granted.statusCode).toBe(201);
    expect(granted.json()).toMatchObject({
      version: 1,
      is_granted: true,
      ip_address: '192.0.2.44',
      collected_by_type: 'api_key',
    });
    expect(await hasValidConsent(t.ctx, customer.id, 'marketing_email')).toBe(true);

    const revoked = await t.request({
      method: 'POST',
      url: consentUrl(customer.id),
      as: 'staff',
      payload: { consent_type: 'marketing_email', is_granted: false, source: 'phone' },
    });
    expect(revoked.json()).toMatchObject({ version: 2, is_granted: false });
    expect(await hasValidConsent(t.ctx, customer.id, 'marketing_email')).toBe(false);

    const state = (await t.request({ method: 'GET', url: consentUrl(customer.id), as: 'advisor' })).json();
    expect(state.current).toHaveLength(6);
    expect(
      state.current.find((item: { consent_type: string }) => item.consent_type === 'marketing_email'),
    ).toMatchObject({
      is_granted: false,
      is_valid: false,
      version: 2,
    });
    expect(
      state.current.find((item: { consent_type: string }) => item.consent_type === 'analytics'),
    ).toMatchObject({
      version: 0,
      is_valid: false,
    });
    expect(state.history.map((item: { version: number }) => item.version)).toEqual([2, 1]);

    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline?type=consent`,
      as: 'staff',
    });
    expect(
      timeline.json().data.map((entry: { metadata: { event: string } }) => entry.metadata.event),
    ).toEqual(['consent.revoked', 'consent.granted']);
  });

  it('honours expiry: a grant is valid until expires_at, then not', async () => {
    const customer = await createTestCustomer(t.ctx);
    await t.request({
      method: 'POST',
      url: consentUrl(customer.id),
      as: 'staff',
      payload: {
        consent_type: 'marketing_sms',
        is_granted: true,
        source: 'kiosk',
        expires_at: '2026-12-01T00:00:00Z',
      },
    });
    expect(await hasValidConsent(t.ctx, customer.id, 'marketing_sms')).toBe(true);
    expect(
      await hasValidConsent(
        { ...t.ctx, clock: fixedClock('2026-12-01T00:00:01Z') },
        customer.id,
        'marketing_sms',
      ),
    ).toBe(false);
    const past = await t.request({
      method: 'POST',
      url: consentUrl(customer.id),
      as: 'staff',
      payload: {
        consent_type: 'marketing_sms',
        is_granted: true,
        source: 'kiosk',
        expires_at: '2020-01-01T00:00:00Z',
      },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].path).toBe('expires_at');
  });

  it('gives two simultaneous changes consecutive versions', async () => {
    const customer = await createTestCustomer(t.ctx);
    const responses = await Promise.all(
      [true, false, true, false].map((is_granted) =>
        t.request({
          method: 'POST',
          url: consentUrl(customer.id),
          as: 'staff',
          payload: { consent_type: 'profiling', is_granted, source: 'api' },
        }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201, 201]);
    expect(responses.map((response) => response.json().version).sort()).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['consent_type', { consent_type: 'telepathy', is_granted: true, source: 'x' }],
    ['is_granted', { consent_type: 'analytics', is_granted: 'yes', source: 'x' }],
    ['source', { consent_type: 'analytics', is_granted: true, source: '' }],
    ['source', { consent_type: 'analytics', is_granted: true, source: 'x'.repeat(101) }],
    [
      'expires_at',
      { consent_type: 'analytics', is_granted: false, source: 'x', expires_at: '2030-01-01T00:00:00Z' },
    ],
    ['ip_address', { consent_type: 'analytics', is_granted: true, source: 'x', ip_address: '1.2.3.4' }],
  ])('refuses an invalid %s', async (field, payload) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({ method: 'POST', url: consentUrl(customer.id), as: 'staff', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('lets a client give or withdraw only their own consent', async () => {
    const own = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const payload = { consent_type: 'analytics', is_granted: true, source: 'portal' };
    const mine = await t.request({
      method: 'POST',
      url: consentUrl(own.id),
      as: 'client',
      customerId: own.id,
      payload,
    });
    expect(mine.statusCode).toBe(201);
    expect(mine.json().collected_by_type).toBe('api_key');
    const theirs = await t.request({
      method: 'POST',
      url: consentUrl(other.id),
      as: 'client',
      customerId: own.id,
      payload,
    });
    expect(theirs.statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: consentUrl(own.id) })).statusCode).toBe(401);
  });
});

describe('export', () => {
  it('returns every record about the customer and is itself audited', async () => {
    const customer = await createTestCustomer(t.ctx, { matricule: uniqueMatricule() });
    await t.request({
      method: 'POST',
      url: consentUrl(customer.id),
      as: 'staff',
      payload: { consent_type: 'data_sharing', is_granted: true, source: 'contract' },
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/activities`,
      as: 'staff',
      payload: { activity_type: 'call', title: 'Appel de suivi', description: 'Rappeler mardi' },
    });
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/export`,
      as: 'staff',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment');
    const data = response.json();
    expect(data.customer).toMatchObject({
      id: customer.id,
      email: customer.email,
      matricule: customer.matricule,
    });
    expect(data.consents).toHaveLength(1);
    expect(data.activities.map((entry: { title: string }) => entry.title)).toContain('Appel de suivi');
    expect(data.audit_log.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['customer.created', 'consent.granted', 'activity.logged']),
    );
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity_id=${customer.id}`,
      as: 'admin',
    });
    expect(audit.json().data.map((entry: { action: string }) => entry.action)).toContain('customer.exported');
    const advisor = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/export`,
      as: 'advisor',
    });
    expect(advisor.statusCode).toBe(403);
    const client = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/export`,
      as: 'client',
      customerId: customer.id,
    });
    expect(client.statusCode).toBe(200);
  });

  it('carries the finances, billing and tickets: ledger, invoices, payments, credit notes, public messages — never a token or an internal note', async () => {
    const customer = await createTestCustomer(t.ctx);
    const added = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/payment-methods`,
      as: 'staff',
      payload: {
        provider: 'stripe',
        token: 'pm_secretTokenForExport',
        brand: 'visa',
        last4: '4242',
        exp_month: 12,
        exp_year: 2031,
      },
    });
    expect(added.statusCode, added.body).toBe(201);
    const invoice = await issueTestInvoice(t, customer.id);
    const paid = await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${invoice.id}/payments`,
      as: 'staff',
      payload: { amount_cents: 50_00, method: 'cheque', reference: 'Chèque 1234' },
    });
    expect(paid.statusCode, paid.body).toBe(201);
    const credited = await t.request({
      method: 'POST',
      url: `/api/v1/invoices/${invoice.id}/credit-notes`,
      as: 'staff',
      payload: { reason: 'Geste commercial' },
    });
    expect(credited.statusCode, credited.body).toBe(201);
    const ticket = await t.request({
      method: 'POST',
      url: '/api/v1/tickets',
      as: 'staff',
      payload: {
        customer_id: customer.id,
        subject: 'Bruit au freinage',
        message: 'Le client entend un grincement',
        category: 'technical',
        priority: 'normal',
      },
    });
    expect(ticket.statusCode, ticket.body).toBe(201);
    const note = await t.request({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.json().id}/messages`,
      as: 'staff',
      payload: { body: 'Note interne : client difficile', kind: 'internal_note' },
    });
    expect(note.statusCode, note.body).toBe(201);

    const response = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/export`,
      as: 'client',
      customerId: customer.id,
    });
    expect(response.statusCode).toBe(200);
    const data = response.json();
    expect(data.finances.payment_methods).toMatchObject([{ brand: 'visa', last4: '4242' }]);
    expect(data.finances.ledger.map((entry: { entry_type: string }) => entry.entry_type)).toEqual([
      'invoice',
      'payment',
      'credit_note',
    ]);
    expect(data.billing.invoices).toMatchObject([
      { id: invoice.id, number: invoice.number, lines: [{ description: 'Pose de pneus' }] },
    ]);
    expect(data.billing.payments).toMatchObject([
      { amount_cents: 50_00, reference: 'Chèque 1234', refunds: [] },
    ]);
    expect(data.billing.credit_notes).toMatchObject([{ reason: 'Geste commercial', lines: [{}] }]);
    expect(data.support.tickets).toMatchObject([
      { subject: 'Bruit au freinage', messages: [{ body: 'Le client entend un grincement' }] },
    ]);
    expect(response.body).not.toContain('pm_secretTokenForExport');
    expect(response.body).not.toContain('client difficile');
  });

  it('answers 400, 401 and 404 (another client, an unknown id) before recording anything', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const exportOf = (id: string) => `/api/v1/customers/${id}/export`;
    const invalid = await t.request({ method: 'GET', url: exportOf('not-a-uuid'), as: 'staff' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors[0].path).toBe('id');
    expect((await t.request({ method: 'GET', url: exportOf(customer.id) })).statusCode).toBe(401);
    const unknown = await t.request({
      method: 'GET',
      url: exportOf('01a1fff0-0000-7000-8000-000000000000'),
      as: 'staff',
    });
    expect(unknown.statusCode).toBe(404);
    const theirs = await t.request({
      method: 'GET',
      url: exportOf(other.id),
      as: 'client',
      customerId: customer.id,
    });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).not.toContain(other.email!);
    const { rows } = await t.ctx.db.execute<{ action: string }>(
      sql`select action from audit_log where customer_id = ${other.id} and action = 'customer.exported'`,
    );
    expect(rows).toHaveLength(0);
  });
});

describe('export of a long history', () => {
  async function customerWithNotes(count: number) {
    const customer = await createTestCustomer(t.ctx);
    // The clock is fixed: every entry has the same instant, so pages must follow the ids.
    for (let index = 1; index <= count; index++) {
      await appendActivity(t.ctx, {
        customer_id: customer.id,
        activity_type: 'note',
        title: `Note ${index}`,
      });
    }
    const { rows } = await t.ctx.db.execute<{ id: string }>(
      sql`select id from customer_activity where customer_id = ${customer.id} order by created_at, id`,
    );
    return { customer, activityIds: rows.map((row) => row.id) };
  }

  async function auditActions(customerId: string) {
    const { rows } = await t.ctx.db.execute<{ action: string }>(
      sql`select action from audit_log where customer_id = ${customerId}`,
    );
    return rows.map((row) => row.action);
  }

  it('streams the timeline a page at a time, every entry once and in order, as one JSON document', async () => {
    const { customer, activityIds } = await customerWithNotes(7);
    const { document, complete } = await exportCustomerData(t.ctx, customer.id, { pageSize: 3 });
    const body = await text(document);
    expect(await complete).toBe(true);
    const data = JSON.parse(body);
    // Exactly what one JSON.stringify of the whole export would have written.
    expect(JSON.stringify(data)).toBe(body);
    expect(Object.keys(data)).toEqual([
      'format',
      'exported_at',
      'customer',
      'contacts',
      'addresses',
      'vehicles',
      'consents',
      'activities',
      'audit_log',
    ]);
    // Recorded before it was read, the export is the last entry of its own timeline.
    const exported = data.activities.map((entry: { id: string }) => entry.id);
    expect(exported.slice(0, -1)).toEqual(activityIds);
    expect(data.activities.at(-1).metadata).toEqual({ event: 'customer.exported' });
    expect(data.audit_log.map((entry: { action: string }) => entry.action)).toContain('customer.exported');
  });

  it('is recorded before any of it leaves, and stops reading when its reader goes away', async () => {
    const { customer } = await customerWithNotes(4);
    const { document, complete } = await exportCustomerData(t.ctx, customer.id, { pageSize: 1 });
    expect(await auditActions(customer.id)).toContain('customer.exported');
    document.destroy();
    expect(await complete).toBe(false);
  });

  it('runs twice at once for the same customer: two complete documents, two records', async () => {
    const { customer } = await customerWithNotes(5);
    const exports = await Promise.all(
      [1, 2].map(async () => {
        const { document, complete } = await exportCustomerData(t.ctx, customer.id, { pageSize: 2 });
        const body = await text(document);
        return { data: JSON.parse(body), complete: await complete };
      }),
    );
    expect(exports.map((entry) => entry.complete)).toEqual([true, true]);
    expect((await auditActions(customer.id)).filter((action) => action === 'customer.exported')).toHaveLength(
      2,
    );
  });

  it('refuses an unknown customer before anything is streamed', async () => {
    await expect(exportCustomerData(t.ctx, '01a1fff0-0000-7000-8000-000000000000')).rejects.toMatchObject({
      code: 'customer.not_found',
    });
  });
});

describe('anonymization', () => {
  it('done twice at once (a double submit): one anonymizes, the other is refused, one audit entry', async () => {
    const customer = await createTestCustomer(t.ctx, { matricule: uniqueMatricule() });
    const responses = await Promise.all(
      [1, 2].map(() =>
        t.request({
          method: 'POST',
          url: `/api/v1/customers/${customer.id}/anonymize`,
          as: 'admin',
          payload: { confirm: true },
        }),
      ),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 422]);
    const refused = responses.find((response) => response.statusCode === 422)!;
    expect(refused.json()).toMatchObject({ code: 'customer.anonymized' });
    const { rows } = await t.ctx.db.execute<{ action: string }>(
      sql`select action from audit_log where customer_id = ${customer.id} and action = 'customer.anonymized'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('scrubs personal data, keeps ids and history, is audited and irreversible', async () => {
    const customer = await createTestCustomer(t.ctx, {
      first_name: 'Josée',
      last_name: 'Lavoie',
      phone: '+15145550111',
      matricule: uniqueMatricule(),
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/activities`,
      as: 'staff',
      payload: {
        activity_type: 'note',
        title: 'Josée préfère le matin',
        description: 'Cellulaire 514-555-0111',
      },
    });
    await t.request({
      method: 'POST',
      url: consentUrl(customer.id),
      as: 'staff',
      remoteAddress: '198.51.100.7',
      payload: { consent_type: 'marketing_email', is_granted: true, source: 'web_form' },
    });
    await postCustomerParts(t, customer.id, [
      ['contacts', { first_name: 'Ginette', last_name: 'Ouimet', email: 'ginette@exemple.ca' }],
      ['addresses', { line1: '742 rue des Érables', city: 'Sherbrooke', postal_code: 'J1H 1A1' }],
      [
        'vehicles',
        { plate: 'XYZ 987', vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2003 },
      ],
    ] as const);
    const refusedStaff = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/anonymize`,
      as: 'staff',
      payload: { confirm: true },
    });
    expect(refusedStaff.statusCode).toBe(403);
    const unconfirmed = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/anonymize`,
      as: 'admin',
      payload: {},
    });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json().errors[0].path).toBe('confirm');

    const response = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/anonymize`,
      as: 'admin',
      payload: { confirm: true },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: customer.id,
      first_name: null,
      last_name: null,
      email: null,
      phone: null,
      matricule: null,
    });
    expect(response.json().anonymized_at).not.toBeNull();

    const exported = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/export`,
      as: 'admin',
    });
    const text = exported.body;
    for (const secret of [
      'Josée',
      'Lavoie',
      '5145550111',
      customer.email!,
      customer.matricule!,
      '198.51.100.7',
      'Ginette',
      'Ouimet',
      'Érables',
      'XYZ987',
      '1HGCM82633A004352',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    const data = exported.json();
    expect(data.consents).toHaveLength(1);
    expect(data.activities.map((entry: { metadata: { event?: string } }) => entry.metadata.event)).toEqual(
      expect.arrayContaining(['customer.created', 'consent.granted', 'customer.anonymized']),
    );
    for (const name of ['Lavoie', 'Josée', 'Ginette Ouimet']) {
      const search = await t.request({
        method: 'GET',
        url: `/api/v1/customers?q=${encodeURIComponent(name)}`,
        as: 'admin',
      });
      expect(
        search.json().data.map((row: { id: string }) => row.id),
        name,
      ).not.toContain(customer.id);
    }
    // The search index keeps no phrase with a name of the customer or of its contact.
    const phrases = await t.ctx.db.execute<{ phrase: string }>(
      sql`select phrase from customer_search_phrases where customer_id = ${customer.id}`,
    );
    expect(phrases.rows.filter(({ phrase }) => /lavoie|josee|ginette|ouimet/.test(phrase))).toEqual([]);

    const again = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/anonymize`,
      as: 'admin',
      payload: { confirm: true },
    });
    expect(again.statusCode).toBe(422);
    const edit = await t.request({
      method: 'PATCH',
      url: `/api/v1/customers/${customer.id}`,
      as: 'admin',
      payload: { first_name: 'Josée' },
    });
    expect(edit.statusCode).toBe(422);
    expect(edit.json().code).toBe('customer.anonymized');
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity=customer&entity_id=${customer.id}`,
      as: 'admin',
    });
    expect(audit.json().data.map((entry: { action: string }) => entry.action)).toContain(
      'customer.anonymized',
    );
  });
});

describe('confidentiel customers', () => {
  it('are visible to admins and the assigned staff only, and every read is audited', async () => {
    const assignedStaff = await t.signInNewUser('staff');
    const otherStaff = await t.signInNewUser('staff');
    const secret = await createTestCustomer(t.ctx, {
      last_name: 'Confidentiel',
      privacy_level: 'confidentiel',
      assigned_user_id: assignedStaff.id,
    });
    const as = (user: { headers: Record<string, string> }, path = '') => ({
      method: 'GET' as const,
      url: `/api/v1/customers/${secret.id}${path}`,
      headers: user.headers,
    });

    expect((await t.app.inject(as(assignedStaff))).statusCode).toBe(200);
    const hidden = await t.app.inject(as(otherStaff));
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain(secret.email!);
    for (const path of ['/360', '/timeline', '/consents', '/profile', '/export']) {
      expect((await t.app.inject(as(otherStaff, path))).statusCode, path).toBe(404);
    }
    const search = (user: { headers: Record<string, string> }) =>
      t.app.inject({ method: 'GET', url: `/api/v1/customers?q=${secret.last_name}`, headers: user.headers });
    expect((await search(assignedStaff)).json().data.map((row: { id: string }) => row.id)).toEqual([
      secret.id,
    ]);
    expect((await search(otherStaff)).json().data).toEqual([]);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/customers/${secret.id}/360`, as: 'admin' })).statusCode,
    ).toBe(200);

    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity_id=${secret.id}`,
      as: 'admin',
    });
    const reads = audit.json().data.filter((entry: { action: string }) => entry.action === 'customer.read');
    expect(
      reads.map((entry: { actor_id: string; metadata: { purpose: string } }) => [
        entry.actor_id,
        entry.metadata.purpose,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [assignedStaff.id, 'read'],
        [assignedStaff.id, 'search'],
      ]),
    );
    expect(
      reads.some(
        (entry: { role: string; metadata: { purpose: string } }) =>
          entry.role === 'admin' && entry.metadata.purpose === '360',
      ),
    ).toBe(true);
    expect(reads.some((entry: { actor_id: string }) => entry.actor_id === otherStaff.id)).toBe(false);
  });
});

describe('consent expiry job', () => {
  it('puts each expired consent on the timeline once', async () => {
    const customer = await createTestCustomer(t.ctx);
    await t.request({
      method: 'POST',
      url: consentUrl(customer.id),
      as: 'staff',
      payload: {
        consent_type: 'analytics',
        is_granted: true,
        source: 'web',
        expires_at: '2026-11-22T00:00:00Z',
      },
    });
    const later = { ...t.ctx, clock: fixedClock('2026-11-23T00:00:00Z') };
    expect((await recordExpiredConsents(t.ctx)).expired).toBe(0);
    expect((await recordExpiredConsents(later)).expired).toBeGreaterThanOrEqual(1);
    await Promise.all([recordExpiredConsents(later), recordExpiredConsents(later)]);
    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline?type=consent`,
      as: 'staff',
    });
    const events = timeline.json().data.map((entry: { metadata: { event: string } }) => entry.metadata.event);
    expect(events).toEqual(['consent.expired', 'consent.granted']);
  });
});
