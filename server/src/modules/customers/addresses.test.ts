import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { newId } from '../../core/ids.ts';
import { addressIssues, normalisePostalCode } from './addresses.schemas.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const unknownId = '0190a000-0000-7000-8000-000000000000';

const office = {
  label: 'Bureau',
  line1: '1000 rue De La Gauchetière Ouest',
  line2: 'Bureau 2400',
  city: 'Montréal',
  region: 'QC',
  postal_code: 'h3b4w5',
  country: 'ca',
  latitude: 45.4987,
  longitude: -73.5663,
  delivery_windows: [
    { day: 'mon', from: '08:00', to: '12:00' },
    { day: 'fri', from: '13:30', to: '17:00' },
  ],
};

function addressesUrl(customerId: string, addressId?: string) {
  return `/api/v1/customers/${customerId}/addresses${addressId ? `/${addressId}` : ''}`;
}

async function addAddress(customerId: string, payload: Record<string, unknown> = office) {
  const response = await t.request({ method: 'POST', url: addressesUrl(customerId), as: 'staff', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; postal_code: string | null; city: string };
}

async function timelineOf(customerId: string) {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/customers/${customerId}/timeline?type=address`,
    as: 'admin',
  });
  return response.json().data as { title: string; reference_id: string; metadata: Record<string, unknown> }[];
}

async function auditOf(entityId: string) {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/audit?entity_id=${entityId}`,
    as: 'admin',
  });
  return response.json().data as { action: string; entity: string; changed_fields: string[] }[];
}

describe('postal codes and coordinates (pure rules)', () => {
  it.each([
    ['CA', 'h2x1y4', 'H2X 1Y4'],
    ['CA', ' G1R 4P5 ', 'G1R 4P5'],
    ['CA', 'j4k-2t3', 'J4K 2T3'],
    ['CA', 'D1A 1A1', undefined],
    ['CA', 'W1A 1A1', undefined],
    ['CA', 'H2X 1O4', undefined],
    ['CA', '12345', undefined],
    ['US', ' 90210 ', '90210'],
    ['FR', '75001', '75001'],
  ])('%s %s → %s', (country, input, expected) => {
    expect(normalisePostalCode(country, input)).toBe(expected);
  });

  it('wants latitude and longitude together', () => {
    expect(addressIssues({ country: 'CA', latitude: 45, longitude: null })).toEqual([
      { path: 'longitude', message: expect.any(String) },
    ]);
    expect(addressIssues({ country: 'CA', latitude: null, longitude: -73 })[0]?.path).toBe('latitude');
    expect(addressIssues({ country: 'CA', latitude: 45, longitude: -73 })).toEqual([]);
  });
});

describe('POST /api/v1/customers/{id}/addresses', () => {
  it('adds an address, normalized, on the timeline and in the audit log', async () => {
    const customer = await createTestCustomer(t.ctx);
    const address = await addAddress(customer.id);
    expect(address).toMatchObject({
      ...office,
      customer_id: customer.id,
      postal_code: 'H3B 4W5',
      country: 'CA',
    });
    const [entry] = await timelineOf(customer.id);
    expect(entry).toMatchObject({
      title: 'Adresse ajoutée : Bureau — 1000 rue De La Gauchetière Ouest, Montréal',
      reference_id: address.id,
      metadata: { event: 'address.added' },
    });
    const [audit] = await auditOf(address.id);
    expect(audit).toMatchObject({ action: 'address.added', entity: 'customer_address' });
  });

  it('needs only line1 and city; the country defaults to CA', async () => {
    const customer = await createTestCustomer(t.ctx);
    const address = await addAddress(customer.id, { line1: '12 rue Principale', city: 'Lévis' });
    expect(address).toMatchObject({
      label: null,
      line2: null,
      postal_code: null,
      country: 'CA',
      latitude: null,
      longitude: null,
      delivery_windows: [],
    });
  });

  it('keeps a foreign postal code as typed', async () => {
    const customer = await createTestCustomer(t.ctx);
    const address = await addAddress(customer.id, {
      line1: '1600 Pennsylvania Ave NW',
      city: 'Washington',
      postal_code: '20500',
      country: 'US',
    });
    expect(address.postal_code).toBe('20500');
  });

  it.each([
    ['line1', { line1: undefined }],
    ['line1', { line1: '  ' }],
    ['city', { city: undefined }],
    ['city', { city: 'x'.repeat(101) }],
    ['label', { label: 'x'.repeat(51) }],
    ['postal_code', { postal_code: 'H3B 4W' }],
    ['postal_code', { postal_code: 'DDD 111' }],
    ['country', { country: 'XX' }],
    ['country', { country: 'CAN' }],
    ['country', { country: 'EU' }],
    ['latitude', { latitude: 91 }],
    ['latitude', { latitude: '45.5' }],
    ['longitude', { longitude: -180.5 }],
    ['longitude', { longitude: null }],
    ['delivery_windows', { delivery_windows: 'lundi' }],
    ['delivery_windows.0.day', { delivery_windows: [{ day: 'lundi', from: '08:00', to: '12:00' }] }],
    ['delivery_windows.0.from', { delivery_windows: [{ day: 'mon', from: '8h', to: '12:00' }] }],
    ['delivery_windows.0.to', { delivery_windows: [{ day: 'mon', from: '08:00', to: '24:00' }] }],
    [
      'delivery_windows.1.to',
      { delivery_windows: [office.delivery_windows[0], { day: 'tue', from: '17:00', to: '09:00' }] },
    ],
    ['delivery_windows.0.to', { delivery_windows: [{ day: 'mon', from: '09:00', to: '09:00' }] }],
    [
      'delivery_windows.0.note',
      { delivery_windows: [{ day: 'mon', from: '08:00', to: '12:00', note: 'x' }] },
    ],
    ['floor', { floor: 3 }],
  ])('refuses an invalid %s with a 400 naming it', async (field, patch) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'POST',
      url: addressesUrl(customer.id),
      as: 'staff',
      payload: { ...office, ...patch },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('never answers 5xx to odd bodies', async () => {
    const customer = await createTestCustomer(t.ctx);
    for (const payload of [
      [],
      null,
      42,
      { line1: '\u0000', city: 'Laval' },
      { line1: 'a', city: 'b', delivery_windows: [null] },
      { line1: 'a', city: 'b', latitude: 1e308, longitude: 1e308 },
      {
        line1: 'a',
        city: 'b',
        delivery_windows: Array.from({ length: 500 }, () => office.delivery_windows[0]),
      },
    ]) {
      const response = await t.request({
        method: 'POST',
        url: addressesUrl(customer.id),
        as: 'staff',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBeLessThan(500);
    }
  });
});

describe('GET, PATCH and DELETE', () => {
  it('lists addresses in the order they were added', async () => {
    const customer = await createTestCustomer(t.ctx);
    const first = await addAddress(customer.id, { line1: '1 rue A', city: 'Québec' });
    const second = await addAddress(customer.id, { line1: '2 rue B', city: 'Sherbrooke' });
    const response = await t.request({ method: 'GET', url: addressesUrl(customer.id), as: 'advisor' });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.map((address: { id: string }) => address.id)).toEqual([first.id, second.id]);
  });

  it('changes an address, re-checking the postal code against the stored country', async () => {
    const customer = await createTestCustomer(t.ctx);
    const address = await addAddress(customer.id);
    const changed = await t.request({
      method: 'PATCH',
      url: addressesUrl(customer.id, address.id),
      as: 'staff',
      payload: { postal_code: 'g1r4p5', city: 'Québec', delivery_windows: [] },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ postal_code: 'G1R 4P5', city: 'Québec', delivery_windows: [] });
    const [entry] = await timelineOf(customer.id);
    expect(entry).toMatchObject({
      title: 'Adresse modifiée : Bureau — 1000 rue De La Gauchetière Ouest, Québec',
      metadata: { event: 'address.updated' },
    });
    expect((entry!.metadata.fields as string[]).sort()).toEqual(['city', 'delivery_windows', 'postal_code']);

    const badPostal = await t.request({
      method: 'PATCH',
      url: addressesUrl(customer.id, address.id),
      as: 'staff',
      payload: { postal_code: '90210' },
    });
    expect(badPostal.statusCode).toBe(400);
    expect(badPostal.json().errors[0].path).toBe('postal_code');

    const movedAbroad = await t.request({
      method: 'PATCH',
      url: addressesUrl(customer.id, address.id),
      as: 'staff',
      payload: { country: 'US', postal_code: '90210', city: 'Beverly Hills' },
    });
    expect(movedAbroad.statusCode).toBe(200);
    const backHome = await t.request({
      method: 'PATCH',
      url: addressesUrl(customer.id, address.id),
      as: 'staff',
      payload: { country: 'CA' },
    });
    expect(backHome.statusCode).toBe(400);
    expect(backHome.json().errors[0].path).toBe('postal_code');

    const halfCoordinates = await t.request({
      method: 'PATCH',
      url: addressesUrl(customer.id, address.id),
      as: 'staff',
      payload: { longitude: null },
    });
    expect(halfCoordinates.statusCode).toBe(400);
    expect(halfCoordinates.json().errors[0].path).toBe('longitude');

    const noChange = await t.request({
      method: 'PATCH',
      url: addressesUrl(customer.id, address.id),
      as: 'staff',
      payload: { city: 'Beverly Hills' },
    });
    expect(noChange.statusCode).toBe(200);
    expect((await auditOf(address.id)).map((audit) => audit.action)).toEqual([
      'address.updated',
      'address.updated',
      'address.added',
    ]);
  });

  it.each([
    ['line1', { line1: null }],
    ['city', { city: '' }],
    ['country', { country: null }],
    ['latitude', { latitude: -90.01 }],
    ['delivery_windows.0.from', { delivery_windows: [{ day: 'sun', from: '25:00', to: '26:00' }] }],
    ['customer_id', { customer_id: unknownId }],
  ])('refuses an invalid %s in a PATCH', async (field, payload) => {
    const customer = await createTestCustomer(t.ctx);
    const address = await addAddress(customer.id);
    const response = await t.request({
      method: 'PATCH',
      url: addressesUrl(customer.id, address.id),
      as: 'staff',
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('deletes an address (204); the timeline and audit log keep it', async () => {
    const customer = await createTestCustomer(t.ctx);
    const address = await addAddress(customer.id, { line1: '5 ch. du Lac', city: 'Magog' });
    const response = await t.request({
      method: 'DELETE',
      url: addressesUrl(customer.id, address.id),
      as: 'staff',
    });
    expect(response.statusCode).toBe(204);
    const list = await t.request({ method: 'GET', url: addressesUrl(customer.id), as: 'staff' });
    expect(list.json().data).toEqual([]);
    const [entry] = await timelineOf(customer.id);
    expect(entry).toMatchObject({
      title: 'Adresse retirée : 5 ch. du Lac, Magog',
      metadata: { event: 'address.removed' },
    });
    expect((await auditOf(address.id))[0]?.action).toBe('address.removed');
  });
});

describe('ids and access', () => {
  it('answers 400 to non-UUID ids and 404 to unknown ones or another customer’s address', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const othersAddress = await addAddress(other.id);
    const bad = await t.request({ method: 'DELETE', url: addressesUrl(customer.id, '123'), as: 'staff' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('address_id');
    const badCustomer = await t.request({
      method: 'POST',
      url: addressesUrl('abc'),
      as: 'staff',
      payload: office,
    });
    expect(badCustomer.statusCode).toBe(400);
    expect(badCustomer.json().errors[0].path).toBe('id');
    const unknownCustomer = await t.request({ method: 'GET', url: addressesUrl(unknownId), as: 'admin' });
    expect(unknownCustomer.statusCode).toBe(404);
    expect(unknownCustomer.json().code).toBe('customer.not_found');
    for (const addressId of [unknownId, othersAddress.id]) {
      for (const method of ['PATCH', 'DELETE'] as const) {
        const response = await t.request({
          method,
          url: addressesUrl(customer.id, addressId),
          as: 'admin',
          ...(method === 'PATCH' ? { payload: { city: 'Gatineau' } } : {}),
        });
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('address.not_found');
      }
    }
    const stillThere = await t.request({ method: 'GET', url: addressesUrl(other.id), as: 'staff' });
    expect(stillThere.json().data[0]).toMatchObject({ id: othersAddress.id, city: 'Montréal' });
  });

  it('checks every role on every route', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const secret = await createTestCustomer(t.ctx, {
      privacy_level: 'confidentiel',
      assigned_user_id: newId(),
    });
    const address = await addAddress(customer.id);
    const secretAddress = await t.request({
      method: 'POST',
      url: addressesUrl(secret.id),
      as: 'admin',
      payload: office,
    });
    expect(secretAddress.statusCode).toBe(201);
    const routes = (customerId: string, addressId: string) =>
      [
        ['GET', addressesUrl(customerId)],
        ['POST', addressesUrl(customerId)],
        ['PATCH', addressesUrl(customerId, addressId)],
        ['DELETE', addressesUrl(customerId, addressId)],
      ] as const;
    for (const [method, url] of routes(customer.id, address.id)) {
      expect((await t.request({ method, url, payload: office })).statusCode, `anonymous ${method}`).toBe(401);
      const asClient = await t.request({
        method,
        url,
        as: 'client',
        customerId: customer.id,
        payload: office,
      });
      expect(asClient.statusCode, `client ${method}`).toBe(method === 'GET' ? 200 : 403);
    }
    const clientElsewhere = await t.request({
      method: 'GET',
      url: addressesUrl(other.id),
      as: 'client',
      customerId: customer.id,
    });
    expect(clientElsewhere.statusCode).toBe(404);
    for (const role of ['staff', 'advisor'] as const) {
      for (const [method, url] of routes(secret.id, secretAddress.json().id)) {
        const payload = method === 'POST' ? office : { city: 'Laval' };
        const response = await t.request({ method, url, as: role, payload });
        expect(response.statusCode, `${role} ${method}`).toBe(404);
      }
    }
    const asAdmin = await t.request({ method: 'GET', url: addressesUrl(secret.id), as: 'admin' });
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.json().data).toHaveLength(1);
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entity=customer&entity_id=${secret.id}`,
      as: 'admin',
    });
    expect(audit.json().data.some((entry: { action: string }) => entry.action === 'customer.read')).toBe(
      true,
    );
  });
});
