import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, postCustomerParts, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/customers/{id}/360', () => {
  it('returns the customer, counts, current consents and the latest 10 activities in one response', async () => {
    const customer = await createTestCustomer(t.ctx, { first_name: 'Sophie', last_name: 'Gagnon' });
    const other = await createTestCustomer(t.ctx);
    const parts = [
      ['contacts', { first_name: 'Julie', is_primary: true }],
      ['contacts', { first_name: 'Marc' }],
      ['addresses', { line1: '12 rue Principale', city: 'Lévis', postal_code: 'g6v 1a1' }],
      ['vehicles', { plate: 'ABC 123', make: 'Toyota', model: 'Corolla', year: 2020 }],
    ] as const;
    await postCustomerParts(t, customer.id, parts);
    // Another customer's records must not be counted.
    await t.request({
      method: 'POST',
      url: `/api/v1/customers/${other.id}/contacts`,
      as: 'staff',
      payload: { first_name: 'Autre' },
    });
    for (let index = 1; index <= 12; index++) {
      await t.request({
        method: 'POST',
        url: `/api/v1/customers/${customer.id}/activities`,
        as: 'staff',
        payload: { activity_type: 'note', title: `Note ${index}` },
      });
    }
    await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/consents`,
      as: 'staff',
      payload: { consent_type: 'service_notifications', is_granted: true, source: 'counter' },
    });
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/360`,
      as: 'advisor',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.customer).toMatchObject({ id: customer.id, display_name: 'Sophie Gagnon' });
    expect(body.counts).toEqual({
      contacts: 2,
      addresses: 1,
      vehicles: 1,
      activities: 18,
      awaiting_signature: 0,
    });
    expect(body.consents).toHaveLength(6);
    expect(
      body.consents.find(
        (consent: { consent_type: string }) => consent.consent_type === 'service_notifications',
      ),
    ).toMatchObject({
      is_granted: true,
      is_valid: true,
      version: 1,
      source: 'counter',
    });
    expect(body.latest_activities).toHaveLength(10);
    expect(body.latest_activities[0].metadata.event).toBe('consent.granted');
    expect(body.latest_activities[1].title).toBe('Note 12');
    const times = body.latest_activities.map((activity: { created_at: string }) =>
      Date.parse(activity.created_at),
    );
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // The same entries, field for field and date for date, as the timeline's first page.
    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline?per_page=10`,
      as: 'advisor',
    });
    expect(body.latest_activities).toEqual(timeline.json().data);
  });

  it('answers 400, 401, 404 and hides other customers from a client', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/customers/not-a-uuid/360', as: 'staff' })).statusCode,
    ).toBe(400);
    expect((await t.request({ method: 'GET', url: `/api/v1/customers/${customer.id}/360` })).statusCode).toBe(
      401,
    );
    expect(
      (
        await t.request({
          method: 'GET',
          url: '/api/v1/customers/01a1fff0-0000-7000-8000-000000000000/360',
          as: 'staff',
        })
      ).statusCode,
    ).toBe(404);
    const own = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/360`,
      as: 'client',
      customerId: customer.id,
    });
    expect(own.statusCode).toBe(200);
    const theirs = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${other.id}/360`,
      as: 'client',
      customerId: customer.id,
    });
    expect(theirs.statusCode).toBe(404);
  });
});
