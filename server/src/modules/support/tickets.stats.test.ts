import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';

let now = new Date('2025-12-09T15:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const at = (iso: string) => {
  now = new Date(iso);
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

const url = '/api/v1/tickets';

async function open(payload: Record<string, unknown>) {
  const response = await t.request({
    method: 'POST',
    url,
    as: 'staff',
    payload: { subject: 'Demande', message: 'Bonjour', ...payload },
  });
  if (response.statusCode !== 201)
    throw new Error(`create answered ${response.statusCode}: ${response.body}`);
  return response.json() as { id: string };
}

async function reply(id: string) {
  const response = await t.request({
    method: 'POST',
    url: `${url}/${id}/messages`,
    as: 'staff',
    payload: { body: 'Réponse' },
  });
  expect(response.statusCode).toBe(201);
}

async function resolve(id: string) {
  const response = await t.request({
    method: 'PATCH',
    url: `${url}/${id}`,
    as: 'staff',
    payload: { status: 'resolved' },
  });
  expect(response.statusCode).toBe(200);
}

function stats(query = '', as: Role = 'staff') {
  return t.request({ method: 'GET', url: `${url}/stats${query}`, as });
}

beforeAll(async () => {
  // Two months before: outside the period asked for.
  await open({ priority: 'urgent', category: 'technical' });
  // Tuesday 10 February 2026 in Montréal.
  at('2026-02-10T14:00:00Z'); // 9:00
  const first = await open({ priority: 'urgent', category: 'technical' });
  at('2026-02-10T14:30:00Z');
  await reply(first.id); // answered after 30 minutes
  at('2026-02-10T15:00:00Z'); // 10:00
  const second = await open({ priority: 'low', category: 'billing' });
  at('2026-02-10T16:00:00Z');
  await resolve(first.id); // resolved after 2 hours
  const third = await open({ priority: 'high', category: 'general' }); // 11:00, never answered
  at('2026-02-10T18:00:00Z');
  await reply(second.id); // answered after 3 hours
  // 22:00 in Montréal is still the 10th there, though the 11th in UTC.
  at('2026-02-11T03:00:00Z');
  await open({ priority: 'normal', category: 'feature' });
  // Wednesday 16:00: the third ticket is past both its deadlines (Tuesday 15:00 and Wednesday 11:00).
  at('2026-02-11T21:00:00Z');
  expect(third.id).toEqual(expect.any(String));
});

describe('GET /api/v1/tickets/stats', () => {
  it('counts the tickets opened in the period by Montréal days, with averages and SLA breaches', async () => {
    const response = await stats('?from=2026-02-10&to=2026-02-10');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      from: '2026-02-10',
      to: '2026-02-10',
      total: 4,
      by_status: { open: 3, in_progress: 0, waiting: 0, resolved: 1, closed: 0 },
      by_category: { general: 1, technical: 1, billing: 1, feature: 1 },
      by_priority: { low: 1, normal: 1, high: 1, urgent: 1 },
      avg_first_response_seconds: (30 * 60 + 3 * 3600) / 2,
      avg_resolution_seconds: 2 * 3600,
      sla_breached: 1,
      sla_breached_first_response: 1,
      sla_breached_resolution: 1,
      by_day: [{ date: '2026-02-10', opened: 4, resolved: 1 }],
    });
  });

  it('defaults to the last 30 days, one entry a day', async () => {
    const body = (await stats()).json();
    expect(body).toMatchObject({ from: '2026-01-13', to: '2026-02-11', total: 4 });
    expect(body.by_day).toHaveLength(30);
    expect(body.by_day.at(-2)).toEqual({ date: '2026-02-10', opened: 4, resolved: 1 });
    const wider = (await stats('?from=2025-12-01&to=2026-02-28')).json();
    expect(wider.total).toBe(5);
  });

  it('answers an empty period with zeros and no averages', async () => {
    expect((await stats('?from=2026-03-01&to=2026-03-02')).json()).toMatchObject({
      total: 0,
      avg_first_response_seconds: null,
      avg_resolution_seconds: null,
      sla_breached: 0,
      by_day: [
        { date: '2026-03-01', opened: 0, resolved: 0 },
        { date: '2026-03-02', opened: 0, resolved: 0 },
      ],
    });
  });

  it('is for staff roles: a client 403, a stranger 401', async () => {
    for (const role of ['admin', 'staff', 'advisor'] as const)
      expect((await stats('', role)).statusCode).toBe(200);
    expect(
      (
        await t.request({
          method: 'GET',
          url: `${url}/stats`,
          as: 'client',
          customerId: '01900000-0000-7000-8000-000000000000',
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.request({ method: 'GET', url: `${url}/stats` })).statusCode).toBe(401);
  });

  it.each([
    ['?from=2026-13-01', 'from'],
    ['?to=yesterday', 'to'],
    ['?from=2026-02-11&to=2026-02-10', 'from'],
    ['?period=month', 'period'],
  ])('refuses %s (400 naming the field)', async (query, path) => {
    const response = await stats(query);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
  });
});
