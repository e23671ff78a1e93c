import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer, uniqueMatricule } from '../../../test/factories.ts';
import type { Role } from '../../core/context.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let contractSequence = 0;

async function customerWithContract(contract: Record<string, unknown> = {}) {
  const customer = await createTestCustomer(t.ctx, { matricule: uniqueMatricule() });
  contractSequence += 1;
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/customers/${customer.id}/contracts`,
    as: 'staff',
    payload: {
      number: `POL-${Date.now()}-${contractSequence}`,
      product: 'Assurance auto',
      start_date: '2025-01-01',
      end_date: '2027-12-31',
      ...contract,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { customer, contract: response.json() };
}

function claimBody(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    customer_id: customerId,
    type: 'auto',
    incident_on: '2026-11-20',
    description: 'Accrochage dans un stationnement',
    estimated_amount_cents: 250_000,
    ...overrides,
  };
}

async function openClaim(customerId: string, overrides: Record<string, unknown> = {}, as: Role = 'advisor') {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/claims',
    as,
    customerId: as === 'client' ? customerId : undefined,
    payload: claimBody(customerId, overrides),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

function patch(id: string, payload: Record<string, unknown>, as: Role = 'advisor') {
  return t.request({ method: 'PATCH', url: `/api/v1/claims/${id}`, as, payload });
}

describe('contracts', () => {
  it('are created by staff, listed for the customer, read by their client only, numbers unique', async () => {
    const { customer, contract } = await customerWithContract();
    expect(contract).toMatchObject({ customer_id: customer.id, status: 'active', end_date: '2027-12-31' });
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/contracts`,
      as: 'client',
      customerId: customer.id,
    });
    expect(list.json().data).toEqual([expect.objectContaining({ id: contract.id })]);
    const other = await createTestCustomer(t.ctx);
    for (const url of [`/api/v1/customers/${customer.id}/contracts`, `/api/v1/contracts/${contract.id}`]) {
      const foreign = await t.request({ method: 'GET', url, as: 'client', customerId: other.id });
      expect(foreign.statusCode).toBe(404);
    }
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${other.id}/contracts`,
      as: 'admin',
      payload: { number: contract.number, product: 'x', start_date: '2026-01-01' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('contract.number_taken');
    const client = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/contracts`,
      as: 'client',
      customerId: customer.id,
      payload: { number: 'X-1', product: 'x', start_date: '2026-01-01' },
    });
    expect(client.statusCode).toBe(403);
  });

  it('refuses an end before the start and unknown statuses, naming the field', async () => {
    const customer = await createTestCustomer(t.ctx);
    const url = `/api/v1/customers/${customer.id}/contracts`;
    const backwards = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: { number: 'B-1', product: 'x', start_date: '2026-05-01', end_date: '2026-01-01' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].path).toBe('end_date');
    const status = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: { number: 'B-2', product: 'x', start_date: '2026-05-01', status: 'paused' },
    });
    expect(status.json().errors[0].path).toBe('status');
  });

  it('change status through PATCH, recorded on the timeline', async () => {
    const { customer, contract } = await customerWithContract();
    const response = await t.request({
      method: 'PATCH',
      url: `/api/v1/contracts/${contract.id}`,
      as: 'staff',
      payload: { status: 'suspended' },
    });
    expect(response.json().status).toBe('suspended');
    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/timeline?type=claim`,
      as: 'staff',
    });
    expect(timeline.json().data.map((entry: { title: string }) => entry.title)).toContain(
      `Contrat ${contract.number} : suspended`,
    );
  });
});

describe('opening a claim', () => {
  it('numbers it per year, computes its CCI with factors, finds the contract and records the change', async () => {
    const { customer, contract } = await customerWithContract();
    const claim = await openClaim(customer.id);
    const year = new Date().toLocaleString('en-CA', { timeZone: 'America/Montreal', year: 'numeric' });
    expect(claim).toMatchObject({
      number: expect.stringMatching(new RegExp(`^SIN-${year}-\\d{6}$`)),
      customer_id: customer.id,
      contract_id: contract.id,
      contract_number: contract.number,
      status_dossier: 'ouvert',
      cci: 15,
      cci_factors: [
        { code: 'type', points: 10, detail: 'auto' },
        { code: 'amount', points: 5, detail: '250000' },
      ],
      escalated: false,
      conversation_id: null,
      allowed_transitions: ['en_cours', 'en_attente_documents', 'escalade', 'approuve', 'refuse', 'ferme'],
    });
    const { rows } = await t.database.db.execute<{ type: string; payload: Record<string, unknown> }>(
      sql`select type, payload from domain_events where entity_id = ${claim.id} order by seq`,
    );
    expect(rows).toEqual([
      {
        type: 'claim.opened',
        payload: expect.objectContaining({
          claim_id: claim.id,
          number: claim.number,
          customer_id: customer.id,
          cci: 15,
        }),
      },
    ]);
    // The second claim within 12 months counts as repeated.
    const second = await openClaim(customer.id);
    expect(second.cci).toBe(20);
    expect(Number(second.number.slice(-6))).toBe(Number(claim.number.slice(-6)) + 1);
  });

  it('gives gap-free numbers to concurrent claims', async () => {
    const { customer } = await customerWithContract();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.request({ method: 'POST', url: '/api/v1/claims', as: 'advisor', payload: claimBody(customer.id) }),
      ),
    );
    const numbers = responses
      .map((response) => Number(response.json().number.slice(-6)))
      .sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]!).toBe(5);
    expect(new Set(numbers).size).toBe(6);
  });

  it('refuses a claim without an active contract on the incident date (422)', async () => {
    const { customer, contract } = await customerWithContract({
      start_date: '2024-01-01',
      end_date: '2025-06-30',
    });
    const expired = await t.request({
      method: 'POST',
      url: '/api/v1/claims',
      as: 'advisor',
      payload: claimBody(customer.id),
    });
    expect(expired.statusCode).toBe(422);
    expect(expired.json().code).toBe('claim.contract_inactive');
    const named = await t.request({
      method: 'POST',
      url: '/api/v1/claims',
      as: 'advisor',
      payload: claimBody(customer.id, { contract_id: contract.id, incident_on: '2025-07-01' }),
    });
    expect(named.statusCode).toBe(422);
    await t.request({
      method: 'PATCH',
      url: `/api/v1/contracts/${contract.id}`,
      as: 'staff',
      payload: { status: 'cancelled' },
    });
    const cancelled = await t.request({
      method: 'POST',
      url: '/api/v1/claims',
      as: 'advisor',
      payload: claimBody(customer.id, { incident_on: '2025-03-01' }),
    });
    expect(cancelled.json().code).toBe('claim.contract_inactive');
  });

  it('refuses bad input naming the field, and a client opening a claim for someone else', async () => {
    const { customer } = await customerWithContract();
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'boat' }, 'type'],
      [{ incident_on: '2026-13-01' }, 'incident_on'],
      [{ description: '   ' }, 'description'],
      [{ estimated_amount_cents: -1 }, 'estimated_amount_cents'],
      [{ estimated_amount_cents: 1.5 }, 'estimated_amount_cents'],
      [{ customer_id: 'nope' }, 'customer_id'],
    ];
    for (const [overrides, path] of cases) {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/claims',
        as: 'staff',
        payload: claimBody(customer.id, overrides),
      });
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(response.json().errors[0].path).toBe(path);
    }
    const other = await customerWithContract();
    const foreign = await t.request({
      method: 'POST',
      url: '/api/v1/claims',
      as: 'client',
      customerId: customer.id,
      payload: claimBody(other.customer.id),
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].path).toBe('customer_id');
    const own = await openClaim(customer.id, { customer_id: undefined }, 'client');
    expect(own.customer_id).toBe(customer.id);
    const anonymous = await t.request({
      method: 'POST',
      url: '/api/v1/claims',
      payload: claimBody(customer.id),
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('reading claims', () => {
  it('filters by status, escalated, CCI range, customer, assignee and q, and paginates', async () => {
    const { customer } = await customerWithContract();
    const low = await openClaim(customer.id, { description: 'Rayure pare-chocs arrière' });
    const high = await openClaim(customer.id, {
      injuries: 'serious',
      estimated_amount_cents: 6_000_000,
      description: 'Collision frontale',
    });
    await patch(high.id, { status_dossier: 'en_cours' });
    const list = async (query: string) => {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/claims?customer_id=${customer.id}&${query}`,
        as: 'advisor',
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    expect((await list('status=en_cours')).data.map((c: { id: string }) => c.id)).toEqual([high.id]);
    expect((await list('cci_min=50')).data.map((c: { id: string }) => c.id)).toEqual([high.id]);
    expect((await list('cci_max=30')).data.map((c: { id: string }) => c.id)).toEqual([low.id]);
    expect((await list('escalated=false')).pagination.total).toBe(2);
    expect((await list('escalated=true')).pagination.total).toBe(0);
    expect((await list('q=pare-chocs')).data.map((c: { id: string }) => c.id)).toEqual([low.id]);
    expect((await list(`q=${low.number}`)).data.map((c: { id: string }) => c.id)).toEqual([low.id]);
    expect((await list('sort=cci')).data[0].id).toBe(high.id);
    const page = await list('per_page=1&page=2');
    expect(page.pagination).toMatchObject({
      total: 2,
      page: 2,
      per_page: 1,
      has_prev: true,
      has_next: false,
    });
    expect((await list('assigned_to=none')).pagination.total).toBe(2);
    const bad = await t.request({ method: 'GET', url: '/api/v1/claims?cci_min=70&cci_max=20', as: 'staff' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('cci_max');
    const badStatus = await t.request({ method: 'GET', url: '/api/v1/claims?status=lost', as: 'staff' });
    expect(badStatus.json().errors[0].path).toMatch(/^status/);
  });

  it('shows a client their own claims only: others are 404 and absent from lists', async () => {
    const mine = await customerWithContract();
    const theirs = await customerWithContract();
    const own = await openClaim(mine.customer.id);
    const other = await openClaim(theirs.customer.id);
    const as = { as: 'client' as const, customerId: mine.customer.id };
    const list = await t.request({ method: 'GET', url: '/api/v1/claims', ...as });
    expect(list.json().data.map((c: { id: string }) => c.id)).toEqual([own.id]);
    for (const path of ['', '/follow-up', '/transcript']) {
      expect(
        (await t.request({ method: 'GET', url: `/api/v1/claims/${own.id}${path}`, ...as })).statusCode,
      ).toBe(200);
      expect(
        (await t.request({ method: 'GET', url: `/api/v1/claims/${other.id}${path}`, ...as })).statusCode,
      ).toBe(404);
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/claims/queue', ...as })).statusCode).toBe(403);
    expect((await patch(own.id, { status_dossier: 'en_cours' }, 'client')).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: `/api/v1/claims/${own.id}` })).statusCode).toBe(401);
  });
});

describe('working a claim', () => {
  it('follows the transitions, refuses others with 409, keeps the history and the follow-up', async () => {
    const { customer } = await customerWithContract();
    const claim = await openClaim(customer.id);
    const docs = await patch(claim.id, {
      status_dossier: 'en_attente_documents',
      documents_requested: 'Photos et constat',
    });
    expect(docs.json()).toMatchObject({
      status_dossier: 'en_attente_documents',
      documents_requested: 'Photos et constat',
    });
    let followUp = (
      await t.request({
        method: 'GET',
        url: `/api/v1/claims/${claim.id}/follow-up`,
        as: 'client',
        customerId: customer.id,
      })
    ).json();
    expect(followUp.pending_actions).toEqual([
      { code: 'send_documents', by: 'customer', detail: 'Photos et constat' },
    ]);
    const forbidden = await patch(claim.id, { status_dossier: 'rembourse' });
    expect(forbidden.statusCode).toBe(409);
    expect(forbidden.json()).toMatchObject({
      code: 'claim.invalid_transition',
      errors: [{ path: 'status_dossier' }],
    });
    expect((await patch(claim.id, { status_dossier: 'en_cours' })).statusCode).toBe(200);
    expect(
      (await patch(claim.id, { status_dossier: 'approuve', note: 'Couvert' })).json().allowed_transitions,
    ).toEqual(['rembourse', 'ferme']);
    const noAmount = await patch(claim.id, { status_dossier: 'rembourse' });
    expect(noAmount.statusCode).toBe(422);
    expect(noAmount.json().code).toBe('claim.reimbursement_required');
    const paid = await patch(claim.id, { status_dossier: 'rembourse', reimbursement_cents: 180_000 });
    expect(paid.json()).toMatchObject({ status_dossier: 'rembourse', reimbursement_cents: 180_000 });
    followUp = (
      await t.request({ method: 'GET', url: `/api/v1/claims/${claim.id}/follow-up`, as: 'advisor' })
    ).json();
    expect(followUp.status_history.map((h: { to_status: string }) => h.to_status)).toEqual([
      'ouvert',
      'en_attente_documents',
      'en_cours',
      'approuve',
      'rembourse',
    ]);
    expect(followUp.status_history[3].note).toBe('Couvert');
    expect(followUp.reimbursement).toEqual({ amount_cents: 180_000, currency: 'CAD', status: 'paid' });
    expect((await patch(claim.id, { status_dossier: 'ferme' })).json().allowed_transitions).toEqual([]);
    expect((await patch(claim.id, { status_dossier: 'en_cours' })).statusCode).toBe(409);
    const { rows } = await t.database.db.execute<{ payload: { from: string; to: string } }>(
      sql`select payload from domain_events where entity_id = ${claim.id} and type = 'claim.status_changed' order by seq`,
    );
    expect(rows.map((row) => `${row.payload.from}>${row.payload.to}`)).toEqual([
      'ouvert>en_attente_documents',
      'en_attente_documents>en_cours',
      'en_cours>approuve',
      'approuve>rembourse',
      'rembourse>ferme',
    ]);
    expect((await patch(claim.id, {})).statusCode).toBe(400);
  });

  it('assigns to the caller by default, to a named staff user, never to a client', async () => {
    const { customer } = await customerWithContract();
    const claim = await openClaim(customer.id);
    const advisor = await t.signInNewUser('advisor');
    const mine = await t.request({
      method: 'POST',
      url: `/api/v1/claims/${claim.id}/assign`,
      headers: advisor.headers,
      payload: {},
    });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ assigned_to: advisor.id, assignee_name: expect.any(String) });
    // A status move by someone else names the assignee: their open claim page hears of it live.
    const moved = await t.request({
      method: 'PATCH',
      url: `/api/v1/claims/${claim.id}`,
      as: 'admin',
      payload: { status_dossier: 'en_cours' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const { rows: moves } = await t.database.db.execute<{ payload: Record<string, unknown> }>(
      sql`select payload from domain_events where entity_id = ${claim.id} and type = 'claim.status_changed'`,
    );
    expect(moves.map((row) => row.payload.assigned_to)).toEqual([advisor.id]);
    const myList = await t.request({
      method: 'GET',
      url: '/api/v1/claims?assigned_to=me',
      headers: advisor.headers,
    });
    expect(myList.json().data.map((c: { id: string }) => c.id)).toEqual([claim.id]);
    const client = await t.signInNewUser('client', customer.id);
    const toClient = await t.request({
      method: 'POST',
      url: `/api/v1/claims/${claim.id}/assign`,
      as: 'admin',
      payload: { assigned_to: client.id },
    });
    expect(toClient.statusCode).toBe(400);
    expect(toClient.json().errors[0].path).toBe('assigned_to');
    const unassigned = await t.request({
      method: 'POST',
      url: `/api/v1/claims/${claim.id}/assign`,
      as: 'admin',
      payload: { assigned_to: null },
    });
    expect(unassigned.json().assigned_to).toBeNull();
    const { rows } = await t.database.db.execute<{ payload: Record<string, unknown> }>(
      sql`select payload from domain_events where entity_id = ${claim.id} and type = 'claim.assigned' order by seq`,
    );
    expect(rows.map((row) => row.payload.assigned_to)).toEqual([advisor.id, null]);
  });
});

describe('who may do what', () => {
  it('answers each role as declared: staff roles work claims, a client reads their own, nobody without a session', async () => {
    const { customer, contract } = await customerWithContract();
    const claim = await openClaim(customer.id);
    const routes: {
      method: 'GET' | 'POST' | 'PATCH';
      url: string;
      payload?: Record<string, unknown>;
      client: number;
    }[] = [
      { method: 'GET', url: '/api/v1/claims', client: 200 },
      { method: 'GET', url: `/api/v1/claims/${claim.id}`, client: 200 },
      { method: 'GET', url: `/api/v1/claims/${claim.id}/follow-up`, client: 200 },
      { method: 'GET', url: `/api/v1/claims/${claim.id}/transcript`, client: 200 },
      { method: 'GET', url: '/api/v1/claims/queue', client: 403 },
      {
        method: 'PATCH',
        url: `/api/v1/claims/${claim.id}`,
        payload: { description: 'Accrochage' },
        client: 403,
      },
      {
        method: 'POST',
        url: `/api/v1/claims/${claim.id}/assign`,
        payload: { assigned_to: null },
        client: 403,
      },
      { method: 'GET', url: `/api/v1/customers/${customer.id}/contracts`, client: 200 },
      { method: 'GET', url: `/api/v1/contracts/${contract.id}`, client: 200 },
      { method: 'PATCH', url: `/api/v1/contracts/${contract.id}`, payload: { product: 'Auto' }, client: 403 },
    ];
    for (const route of routes) {
      for (const role of ['admin', 'staff', 'advisor'] as const) {
        const response = await t.request({ ...route, as: role });
        expect(response.statusCode, `${role} ${route.method} ${route.url}`).toBe(200);
      }
      const client = await t.request({ ...route, as: 'client', customerId: customer.id });
      expect(client.statusCode, `client ${route.method} ${route.url}`).toBe(route.client);
      const nobody = await t.request({ method: route.method, url: route.url, payload: route.payload });
      expect(nobody.statusCode, `no session ${route.method} ${route.url}`).toBe(401);
    }
  });

  it('hides a confidentiel customer’s claims from staff not assigned to them', async () => {
    const { customer } = await customerWithContract();
    await t.request({
      method: 'PATCH',
      url: `/api/v1/customers/${customer.id}`,
      as: 'admin',
      payload: { privacy_level: 'confidentiel' },
    });
    const claim = await openClaim(customer.id, {}, 'admin');
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/claims/${claim.id}`, as: 'staff' })).statusCode,
    ).toBe(404);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/claims/${claim.id}`, as: 'admin' })).statusCode,
    ).toBe(200);
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/claims?customer_id=${customer.id}`,
      as: 'advisor',
    });
    expect(list.json().pagination.total).toBe(0);
  });

  it('answers malformed identifiers with 400, never 5xx', async () => {
    for (const url of ['/api/v1/claims/nope', '/api/v1/contracts/nope', '/api/v1/conversations/nope']) {
      expect((await t.request({ method: 'GET', url, as: 'admin' })).statusCode).toBe(400);
    }
  });
});
