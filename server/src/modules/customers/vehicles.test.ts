import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { fixedClock } from '../../core/clock.ts';
import { newId } from '../../core/ids.ts';

let t: TestApp;
beforeAll(async () => {
  // A frozen "now" so that the newest accepted model year is known: 2026 + 2.
  t = await createTestApp({ clock: fixedClock('2026-03-15T14:00:00Z') });
});
afterAll(() => t.close());

const unknownId = '0190a000-0000-7000-8000-000000000000';
const accord = {
  vin: '1hgcm82633a004352',
  plate: 'abc-123',
  make: 'Honda',
  model: 'Accord',
  year: 2003,
  mileage: 245_000,
};

function vehiclesUrl(customerId: string, vehicleId?: string) {
  return `/api/v1/customers/${customerId}/vehicles${vehicleId ? `/${vehicleId}` : ''}`;
}

async function addVehicle(customerId: string, payload: Record<string, unknown> = accord) {
  const response = await t.request({ method: 'POST', url: vehiclesUrl(customerId), as: 'staff', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; vin: string | null; plate: string | null };
}

async function timelineOf(customerId: string) {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/customers/${customerId}/timeline?type=vehicle,vehicle_added`,
    as: 'admin',
  });
  return response.json().data as {
    activity_type: string;
    title: string;
    reference_id: string;
    metadata: Record<string, unknown>;
  }[];
}

async function auditActions(entityId: string) {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/audit?entity_id=${entityId}`,
    as: 'admin',
  });
  return response.json().data.map((entry: { action: string }) => entry.action) as string[];
}

describe('POST /api/v1/customers/{id}/vehicles', () => {
  it('adds a vehicle with normalized VIN and plate, logged as vehicle_added', async () => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'POST',
      url: vehiclesUrl(customer.id),
      as: 'advisor',
      payload: accord,
    });
    expect(response.statusCode).toBe(201);
    const vehicle = response.json();
    expect(vehicle).toMatchObject({
      customer_id: customer.id,
      vin: '1HGCM82633A004352',
      plate: 'ABC123',
      make: 'Honda',
      model: 'Accord',
      year: 2003,
      mileage: 245_000,
      created_at: '2026-03-15T14:00:00.000Z',
    });
    const [entry] = await timelineOf(customer.id);
    expect(entry).toMatchObject({
      activity_type: 'vehicle_added',
      title: 'Véhicule ajouté : Honda Accord 2003',
      reference_id: vehicle.id,
      metadata: { event: 'vehicle.added' },
    });
    expect(await auditActions(vehicle.id)).toEqual(['vehicle.added']);
  });

  it('is found by the customer search through its plate', async () => {
    const customer = await createTestCustomer(t.ctx);
    await addVehicle(customer.id, { plate: 'FLQ 2026', make: 'Ford' });
    const response = await t.request({ method: 'GET', url: '/api/v1/customers?q=FLQ2026', as: 'staff' });
    expect(response.json().data.map((row: { id: string }) => row.id)).toContain(customer.id);
  });

  it('accepts model years 1900 to next year + 1', async () => {
    const customer = await createTestCustomer(t.ctx);
    for (const year of [1900, 2027, 2028]) {
      await addVehicle(customer.id, { make: 'Ford', year });
    }
    for (const year of [1899, 2029]) {
      const response = await t.request({
        method: 'POST',
        url: vehiclesUrl(customer.id),
        as: 'staff',
        payload: { make: 'Ford', year },
      });
      expect(response.statusCode, String(year)).toBe(400);
      expect(response.json().errors[0].path).toBe('year');
    }
  });

  it.each([
    ['vin', { vin: '1HGCM82634A004352' }],
    ['vin', { vin: '1HGCM82633A00435' }],
    ['vin', { vin: '1HGCM82633A00435O' }],
    ['vin', { vin: 12345 }],
    ['plate', { plate: 'A' }],
    ['plate', { plate: 'ÉTÉ 123' }],
    ['make', { make: 'x'.repeat(51) }],
    ['model', { model: 'x'.repeat(81) }],
    ['year', { year: 2003.5 }],
    ['year', { year: '2003' }],
    ['mileage', { mileage: -1 }],
    ['mileage', { mileage: 2_000_001 }],
    ['mileage', { mileage: 12.5 }],
    ['color', { color: 'rouge' }],
    ['vin', { vin: null, plate: null, make: null, model: null }],
    ['vin', {}],
  ])('refuses an invalid %s with a 400 naming it', async (field, payload) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'POST',
      url: vehiclesUrl(customer.id),
      as: 'staff',
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('refuses the same VIN twice on one customer (409) but not on two customers', async () => {
    const customer = await createTestCustomer(t.ctx);
    const buyer = await createTestCustomer(t.ctx);
    await addVehicle(customer.id);
    const duplicate = await t.request({
      method: 'POST',
      url: vehiclesUrl(customer.id),
      as: 'staff',
      payload: accord,
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('vehicle.vin_taken');
    await addVehicle(buyer.id);
    const second = await addVehicle(customer.id, { vin: 'JH4KA7561PC008269', make: 'Acura' });
    const clash = await t.request({
      method: 'PATCH',
      url: vehiclesUrl(customer.id, second.id),
      as: 'staff',
      payload: { vin: accord.vin },
    });
    expect(clash.statusCode).toBe(409);
  });

  it('never answers 5xx to odd bodies', async () => {
    const customer = await createTestCustomer(t.ctx);
    for (const payload of [
      [],
      null,
      'vin',
      { make: '\u0000' },
      { make: 'Ford', year: 1e20 },
      { make: 'Ford', mileage: Number.MAX_SAFE_INTEGER },
      { vin: 'x'.repeat(10_000) },
    ]) {
      const response = await t.request({
        method: 'POST',
        url: vehiclesUrl(customer.id),
        as: 'staff',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBeLessThan(500);
    }
  });
});

describe('GET, PATCH and DELETE', () => {
  it('lists vehicles newest first', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const local = await createTestApp({ clock: { now: () => new Date(now) } });
    try {
      const customer = await createTestCustomer(local.ctx);
      const ids: string[] = [];
      for (const make of ['Toyota', 'Honda', 'Subaru']) {
        const response = await local.request({
          method: 'POST',
          url: vehiclesUrl(customer.id),
          as: 'staff',
          payload: { make },
        });
        ids.push(response.json().id);
        now = new Date(now.getTime() + 60_000);
      }
      const response = await local.request({ method: 'GET', url: vehiclesUrl(customer.id), as: 'staff' });
      expect(response.json().data.map((vehicle: { id: string }) => vehicle.id)).toEqual(ids.reverse());
    } finally {
      await local.close();
    }
  });

  it('changes a vehicle (logged as vehicle) and refuses to empty it', async () => {
    const customer = await createTestCustomer(t.ctx);
    const vehicle = await addVehicle(customer.id);
    const response = await t.request({
      method: 'PATCH',
      url: vehiclesUrl(customer.id, vehicle.id),
      as: 'staff',
      payload: { mileage: 251_300, plate: 'abc 123' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ mileage: 251_300, plate: 'ABC123' });
    const [entry] = await timelineOf(customer.id);
    expect(entry).toMatchObject({
      activity_type: 'vehicle',
      title: 'Véhicule modifié : Honda Accord 2003',
      metadata: { event: 'vehicle.updated', fields: ['mileage'] },
    });
    const emptied = await t.request({
      method: 'PATCH',
      url: vehiclesUrl(customer.id, vehicle.id),
      as: 'staff',
      payload: { vin: null, plate: null, make: null, model: null },
    });
    expect(emptied.statusCode).toBe(400);
    const tooNew = await t.request({
      method: 'PATCH',
      url: vehiclesUrl(customer.id, vehicle.id),
      as: 'staff',
      payload: { year: 2030 },
    });
    expect(tooNew.statusCode).toBe(400);
    expect(tooNew.json().errors[0].path).toBe('year');
    const badVin = await t.request({
      method: 'PATCH',
      url: vehiclesUrl(customer.id, vehicle.id),
      as: 'staff',
      payload: { vin: '11111111111111112' },
    });
    expect(badVin.statusCode).toBe(400);
    expect(badVin.json().errors[0].path).toBe('vin');
    expect(await auditActions(vehicle.id)).toEqual(['vehicle.updated', 'vehicle.added']);
  });

  it('deletes a vehicle (204), logged as vehicle', async () => {
    const customer = await createTestCustomer(t.ctx);
    const vehicle = await addVehicle(customer.id, { plate: 'XYZ987' });
    const response = await t.request({
      method: 'DELETE',
      url: vehiclesUrl(customer.id, vehicle.id),
      as: 'staff',
    });
    expect(response.statusCode).toBe(204);
    const list = await t.request({ method: 'GET', url: vehiclesUrl(customer.id), as: 'staff' });
    expect(list.json().data).toEqual([]);
    const [entry] = await timelineOf(customer.id);
    expect(entry).toMatchObject({
      activity_type: 'vehicle',
      title: 'Véhicule retiré : XYZ987',
      metadata: { event: 'vehicle.removed' },
    });
    expect(await auditActions(vehicle.id)).toEqual(['vehicle.removed', 'vehicle.added']);
  });
});

describe('ids and access', () => {
  it('answers 400 to non-UUID ids and 404 to unknown ones or another customer’s vehicle', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const othersVehicle = await addVehicle(other.id);
    const bad = await t.request({
      method: 'PATCH',
      url: vehiclesUrl(customer.id, 'VIN'),
      as: 'staff',
      payload: { mileage: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('vehicle_id');
    const unknownCustomer = await t.request({
      method: 'POST',
      url: vehiclesUrl(unknownId),
      as: 'admin',
      payload: accord,
    });
    expect(unknownCustomer.statusCode).toBe(404);
    expect(unknownCustomer.json().code).toBe('customer.not_found');
    for (const vehicleId of [unknownId, othersVehicle.id]) {
      for (const method of ['PATCH', 'DELETE'] as const) {
        const response = await t.request({
          method,
          url: vehiclesUrl(customer.id, vehicleId),
          as: 'admin',
          ...(method === 'PATCH' ? { payload: { mileage: 1 } } : {}),
        });
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('vehicle.not_found');
      }
    }
  });

  it('checks every role on every route', async () => {
    const customer = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    const secret = await createTestCustomer(t.ctx, {
      privacy_level: 'confidentiel',
      assigned_user_id: newId(),
    });
    const vehicle = await addVehicle(customer.id);
    const secretVehicle = await t.request({
      method: 'POST',
      url: vehiclesUrl(secret.id),
      as: 'admin',
      payload: accord,
    });
    expect(secretVehicle.statusCode).toBe(201);
    const routes = (customerId: string, vehicleId: string) =>
      [
        ['GET', vehiclesUrl(customerId)],
        ['POST', vehiclesUrl(customerId)],
        ['PATCH', vehiclesUrl(customerId, vehicleId)],
        ['DELETE', vehiclesUrl(customerId, vehicleId)],
      ] as const;
    const payload = { make: 'Kia' };
    for (const [method, url] of routes(customer.id, vehicle.id)) {
      expect((await t.request({ method, url, payload })).statusCode, `anonymous ${method}`).toBe(401);
      const asClient = await t.request({ method, url, as: 'client', customerId: customer.id, payload });
      expect(asClient.statusCode, `client ${method}`).toBe(method === 'GET' ? 200 : 403);
    }
    const clientElsewhere = await t.request({
      method: 'GET',
      url: vehiclesUrl(other.id),
      as: 'client',
      customerId: customer.id,
    });
    expect(clientElsewhere.statusCode).toBe(404);
    for (const role of ['staff', 'advisor'] as const) {
      for (const [method, url] of routes(secret.id, secretVehicle.json().id)) {
        const response = await t.request({ method, url, as: role, payload });
        expect(response.statusCode, `${role} ${method}`).toBe(404);
      }
    }
    const asAdmin = await t.request({ method: 'GET', url: vehiclesUrl(secret.id), as: 'admin' });
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.json().data).toHaveLength(1);
  });
});
