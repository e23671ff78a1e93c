import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import { appendActivity } from './index.ts';

let now = new Date('2026-01-01T12:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

/** A customer with `count` notes, one per day from 2026-01-02, plus its creation entry on 2026-01-01. */
async function customerWithHistory(count: number) {
  now = new Date('2026-01-01T12:00:00Z');
  const customer = await createTestCustomer(t.ctx);
  for (let day = 1; day <= count; day++) {
    now = new Date(Date.UTC(2026, 0, 1 + day, 12));
    await appendActivity(t.ctx, {
      customer_id: customer.id,
      activity_type: day % 2 ? 'note' : 'call',
      title: `Entry ${day}`,
    });
  }
  return customer;
}

function timeline(id: string, query = '', role: 'staff' | 'client' = 'staff', customerId?: string) {
  return t.request({ method: 'GET', url: `/api/v1/customers/${id}/timeline${query}`, as: role, customerId });
}

describe('GET /api/v1/customers/{id}/timeline', () => {
  it('lists newest first with the seed pagination object, and walks the whole history by cursor', async () => {
    const customer = await customerWithHistory(25);
    const first = (await timeline(customer.id, '?per_page=10')).json();
    expect(first.pagination).toEqual({
      total: 26,
      page: 1,
      per_page: 10,
      pages: 3,
      has_next: true,
      has_prev: false,
    });
    expect(first.data[0].title).toBe('Entry 25');
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { title: string }[]; next_cursor: string | null } = (
        await timeline(customer.id, `?per_page=10${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      titles.push(...page.data.map((entry) => entry.title));
      cursor = page.next_cursor;
    } while (cursor);
    expect(titles).toHaveLength(26);
    expect(new Set(titles).size).toBe(26);
    expect(titles.at(-1)).toBe('Client créé');
    const third = (await timeline(customer.id, '?per_page=10&page=3')).json();
    expect(third.data.map((entry: { title: string }) => entry.title)).toEqual(titles.slice(20));
  });

  it('filters by type and by period', async () => {
    const customer = await customerWithHistory(10);
    const calls = (await timeline(customer.id, '?type=call')).json();
    expect(calls.pagination.total).toBe(5);
    expect(calls.data.every((entry: { activity_type: string }) => entry.activity_type === 'call')).toBe(true);
    const both = (await timeline(customer.id, '?type=call,system')).json();
    expect(both.pagination.total).toBe(6);
    const period = (await timeline(customer.id, '?from=2026-01-03T00:00:00Z&to=2026-01-05T23:59:59Z')).json();
    expect(period.data.map((entry: { title: string }) => entry.title)).toEqual([
      'Entry 4',
      'Entry 3',
      'Entry 2',
    ]);
    expect(period.pagination.total).toBe(3);
  });

  it.each([
    ['type', '?type=telepathy'],
    ['per_page', '?per_page=0'],
    ['per_page', '?per_page=10000'],
    ['from', '?from=yesterday'],
    ['to', '?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'],
    ['cursor', '?cursor=not-a-cursor'],
    ['page', '?page=-1'],
  ])('refuses a bad %s', async (field, query) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await timeline(customer.id, query);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path.split('.')[0])).toContain(
      field,
    );
  });

  it("lets a client read their own timeline and no one else's", async () => {
    const own = await createTestCustomer(t.ctx);
    const other = await createTestCustomer(t.ctx);
    expect((await timeline(own.id, '', 'client', own.id)).statusCode).toBe(200);
    expect((await timeline(other.id, '', 'client', own.id)).statusCode).toBe(404);
  });
});

describe('POST /api/v1/customers/{id}/activities', () => {
  it('logs a call by hand, with its author, on the timeline and in the audit log', async () => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/activities`,
      as: 'advisor',
      payload: { activity_type: 'call', title: 'Appel : rendez-vous confirmé', description: 'Jeudi 9 h' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      activity_type: 'call',
      actor_type: 'api_key',
      description: 'Jeudi 9 h',
    });
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?customer_id=${customer.id}`,
      as: 'admin',
    });
    expect(audit.json().data.map((entry: { action: string }) => entry.action)).toContain('activity.logged');
  });

  it.each([
    ['activity_type', { activity_type: 'consent', title: 'x' }],
    ['activity_type', { activity_type: 'invoice', title: 'x' }],
    ['title', { activity_type: 'note', title: '' }],
    ['title', { activity_type: 'note', title: 'x'.repeat(201) }],
    ['description', { activity_type: 'note', title: 'x', description: 'x'.repeat(5001) }],
    ['actor_id', { activity_type: 'note', title: 'x', actor_id: '01a1fff0-0000-7000-8000-000000000000' }],
  ])('refuses a bad %s', async (field, payload) => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/activities`,
      as: 'staff',
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('is for staff roles only', async () => {
    const customer = await createTestCustomer(t.ctx);
    const payload = { activity_type: 'note', title: 'Note' };
    const url = `/api/v1/customers/${customer.id}/activities`;
    expect((await t.request({ method: 'POST', url, payload })).statusCode).toBe(401);
    expect(
      (await t.request({ method: 'POST', url, payload, as: 'client', customerId: customer.id })).statusCode,
    ).toBe(403);
    expect((await t.request({ method: 'POST', url, payload, as: 'admin' })).statusCode).toBe(201);
  });
});

describe('GET /api/v1/customers/{id}/timeline/monthly', () => {
  it('counts entries per month in the viewer time zone, with empty months', async () => {
    const customer = await customerWithHistory(3);
    now = new Date('2026-01-31T23:30:00-05:00');
    await appendActivity(t.ctx, {
      customer_id: customer.id,
      activity_type: 'note',
      title: 'Late January in Montréal',
    });
    now = new Date('2026-03-15T12:00:00Z');
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline/monthly?months=4&tz=America/Montreal`,
      as: 'staff',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual([
      { month: '2025-12', total: 0 },
      { month: '2026-01', total: 5 },
      { month: '2026-02', total: 0 },
      { month: '2026-03', total: 0 },
    ]);
    const utc = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline/monthly?months=4&tz=UTC`,
      as: 'staff',
    });
    expect(utc.json().data.find((row: { month: string }) => row.month === '2026-02').total).toBe(1);
    for (const query of ['months=0', 'months=61', 'tz=Mars/Base', 'extra=1']) {
      const bad = await t.request({
        method: 'GET',
        url: `/api/v1/customers/${customer.id}/timeline/monthly?${query}`,
        as: 'staff',
      });
      expect(bad.statusCode, query).toBe(400);
    }
  });
});
