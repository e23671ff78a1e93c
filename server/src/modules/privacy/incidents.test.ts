import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import { csvCell, guardFormula, toCsv } from './incidents.csv.ts';
import { formatIncidentNumber, statusRuleViolation } from './incidents.rules.ts';
import { createPrivacyIncident } from './incidents.service.ts';

// The clock each test sets: registration years and "not in the future" depend on it.
let now = new Date('2026-11-21T15:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());
beforeEach(() => {
  now = new Date('2026-11-21T15:00:00Z');
});

const url = '/api/v1/privacy/incidents';

function incident(overrides: Record<string, unknown> = {}) {
  return {
    occurred_at: '2026-11-18T22:00:00-05:00',
    discovered_at: '2026-11-20T09:30:00-05:00',
    description: 'Un courriel contenant la liste des clients a été envoyé au mauvais destinataire.',
    personal_information_types: ['identity', 'contact'],
    persons_count: 42,
    cause: 'Erreur humaine : adresse de destination autocomplétée',
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}) {
  const response = await t.request({ method: 'POST', url, as: 'admin', payload: incident(overrides) });
  if (response.statusCode !== 201)
    throw new Error(`create answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

function patch(id: string, payload: Record<string, unknown>) {
  return t.request({ method: 'PATCH', url: `${url}/${id}`, as: 'admin', payload });
}

async function auditActions(entityId: string) {
  const { rows } = await t.database.db.execute<{ action: string; changed_fields: string[] }>(
    sql`select action, changed_fields from audit_log where entity_id = ${entityId} order by occurred_at, id`,
  );
  return rows;
}

async function privacyTimeline(customerId: string) {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/customers/${customerId}/timeline?type=privacy`,
    as: 'admin',
  });
  return response.json().data as { title: string; reference_id: string; metadata: { event: string } }[];
}

describe('registering an incident', () => {
  it('gives it the next number of the year, links customers with a timeline entry each, and records the change', async () => {
    const [first, second] = [await createTestCustomer(t.ctx), await createTestCustomer(t.ctx)];
    const created = await create({
      customer_ids: [first.id, second.id],
      serious_injury_risk: 'yes',
      risk_assessment: 'Noms et courriels : sensibilité faible, mais hameçonnage probable.',
    });
    expect(created).toMatchObject({
      number: expect.stringMatching(/^INC-2026-\d{4}$/),
      status: 'open',
      serious_injury_risk: 'yes',
      persons_count: 42,
      personal_information_types: ['identity', 'contact'],
      occurred_at: '2026-11-19T03:00:00.000Z',
      cai_notified_at: null,
      created_by: expect.any(String),
    });
    expect(new Set(created.customer_ids)).toEqual(new Set([first.id, second.id]));
    expect(created.customers.map((customer: { id: string }) => customer.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );

    const read = await t.request({ method: 'GET', url: `${url}/${created.id}`, as: 'admin' });
    expect(read.json()).toEqual(created);

    for (const customer of [first, second]) {
      expect(await privacyTimeline(customer.id)).toEqual([
        expect.objectContaining({
          title: `Lié à l’incident de confidentialité : ${created.number}`,
          reference_id: created.id,
          metadata: expect.objectContaining({ event: 'privacy_incident.customer_linked' }),
        }),
      ]);
    }
    expect((await auditActions(created.id)).map((entry) => entry.action).sort()).toEqual([
      'privacy_incident.created',
      'privacy_incident.customer_linked',
      'privacy_incident.customer_linked',
    ]);
    const { rows: events } = await t.database.db.execute<{ type: string; payload: { number: string } }>(
      sql`select type, payload from domain_events where entity_id = ${created.id} order by seq`,
    );
    expect(events.map((event) => event.type)).toContain('privacy_incident.created');
    expect(events[0]?.payload.number).toBe(created.number);
  });

  it('numbers by the year of registration in Montréal: New Year’s Eve at 23:30 there is still the old year', async () => {
    now = new Date('2031-01-01T04:30:00Z'); // 2030-12-31 23:30 in Montréal
    expect((await create()).number).toBe('INC-2030-0001');
    expect((await create()).number).toBe('INC-2030-0002');
    now = new Date('2031-01-01T05:30:00Z'); // 00:30 on New Year's Day
    expect((await create()).number).toBe('INC-2031-0001');
  });

  it('gives incidents registered at the same moment consecutive numbers: no gap, no duplicate', async () => {
    now = new Date('2032-03-01T15:00:00Z');
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        t.request({ method: 'POST', url, as: 'admin', payload: incident({ persons_count: index }) }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(8).fill(201));
    const numbers = responses.map((response) => response.json().number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, index) => formatIncidentNumber(2032, index + 1)));
  });

  it('gives a rolled-back registration’s number back', async () => {
    now = new Date('2033-05-01T15:00:00Z');
    const input = {
      ...incident(),
      occurred_at: new Date('2033-04-30T10:00:00Z'),
      discovered_at: new Date('2033-04-30T12:00:00Z'),
      personal_information_types: ['identity' as const],
      customer_ids: [],
      serious_injury_risk: 'under_assessment' as const,
      status: 'open' as const,
    };
    const rollback = new Error('rollback');
    await expect(
      t.ctx.db.transaction(async (tx) => {
        const created = await createPrivacyIncident({ ...t.ctx, db: tx }, input);
        expect(created.number).toBe('INC-2033-0001');
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect((await create()).number).toBe('INC-2033-0001');
  });

  it.each([
    ['discovered_at', { discovered_at: '2026-11-18T21:00:00-05:00' }, 'discovered_at'],
    [
      'an unknown information type',
      { personal_information_types: ['identity', 'horoscope'] },
      'personal_information_types.1',
    ],
    ['no information type', { personal_information_types: [] }, 'personal_information_types'],
    ['a negative persons_count', { persons_count: -1 }, 'persons_count'],
    ['a fractional persons_count', { persons_count: 2.5 }, 'persons_count'],
    ['an empty description', { description: '  ' }, 'description'],
    [
      'a date in the future',
      { occurred_at: '2026-12-01T00:00:00Z', discovered_at: '2026-12-02T00:00:00Z' },
      'occurred_at',
    ],
    ['a date without offset', { occurred_at: '2026-11-18T22:00:00' }, 'occurred_at'],
    ['a CAI notice before discovery', { cai_notified_at: '2026-11-19T00:00:00Z' }, 'cai_notified_at'],
    ['a risk decision without its reasons', { serious_injury_risk: 'no' }, 'risk_assessment'],
    ['an unknown risk', { serious_injury_risk: 'maybe' }, 'serious_injury_risk'],
    ['an unknown field', { severity: 'high' }, 'severity'],
    ['a customer id that is not a UUID', { customer_ids: ['nope'] }, 'customer_ids.0'],
  ])('refuses %s (400 naming the field), registering nothing', async (_, overrides, path) => {
    const before = await t.database.db.$count(sql`privacy_incidents`);
    const response = await t.request({ method: 'POST', url, as: 'admin', payload: incident(overrides) });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await t.database.db.$count(sql`privacy_incidents`)).toBe(before);
  });

  it('refuses a link to a customer that does not exist (400 naming customer_ids), and uses no number', async () => {
    now = new Date('2034-02-01T15:00:00Z');
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'POST',
      url,
      as: 'admin',
      payload: incident({
        occurred_at: '2034-01-30T10:00:00Z',
        discovered_at: '2034-01-31T10:00:00Z',
        customer_ids: [customer.id, '01900000-0000-7000-8000-000000000000'],
      }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ path: 'customer_ids.1', message: 'No such customer' }]);
    expect(await privacyTimeline(customer.id)).toEqual([]);
    const created = await create({
      occurred_at: '2034-01-30T10:00:00Z',
      discovered_at: '2034-01-31T10:00:00Z',
    });
    expect(created.number).toBe('INC-2034-0001');
  });
});

describe('status rules', () => {
  it.each([
    [
      'notified',
      { status: 'notified', serious_injury_risk: 'yes', risk_assessment: 'Grave' },
      'incident.cai_notification_required',
      'cai_notified_at',
    ],
    [
      'closed with a serious risk',
      { status: 'closed', serious_injury_risk: 'yes', risk_assessment: 'Grave' },
      'incident.cai_notification_required',
      'cai_notified_at',
    ],
    [
      'closed under assessment',
      { status: 'closed' },
      'incident.risk_decision_required',
      'serious_injury_risk',
    ],
    [
      'assessed under assessment',
      { status: 'assessed' },
      'incident.risk_decision_required',
      'serious_injury_risk',
    ],
  ])('refuses %s without what it needs (422 saying which)', async (_, overrides, code, field) => {
    const response = await t.request({ method: 'POST', url, as: 'admin', payload: incident(overrides) });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code, errors: [{ path: field }] });
    expect(response.json().detail).toContain(
      field === 'cai_notified_at' ? 'cai_notified_at' : 'under_assessment',
    );
  });

  it('lets a serious-risk incident be notified once the CAI notice is recorded, and a no-risk one close', async () => {
    const serious = await create({
      serious_injury_risk: 'yes',
      risk_assessment: 'Données de santé exposées',
    });
    const notified = await patch(serious.id, {
      status: 'notified',
      cai_notified_at: '2026-11-21T09:00:00-05:00',
    });
    expect(notified.statusCode).toBe(200);
    expect(notified.json()).toMatchObject({
      status: 'notified',
      cai_notified_at: '2026-11-21T14:00:00.000Z',
    });
    // Taking the notice back would break the rule the status rests on.
    const undo = await patch(serious.id, { cai_notified_at: null });
    expect(undo.statusCode).toBe(422);
    expect(undo.json().code).toBe('incident.cai_notification_required');

    const minor = await create({
      serious_injury_risk: 'no',
      risk_assessment: 'Données chiffrées, clé non exposée',
    });
    expect((await patch(minor.id, { status: 'closed' })).json().status).toBe('closed');
  });

  it('keeps the rules as pure functions the UI and the database agree with', () => {
    const base = {
      occurred_at: new Date(),
      discovered_at: new Date(),
      persons_notified_at: null,
      risk_assessment: 'x',
    };
    expect(
      statusRuleViolation({ ...base, status: 'notified', serious_injury_risk: 'no', cai_notified_at: null }),
    ).toBeUndefined();
    expect(
      statusRuleViolation({
        ...base,
        status: 'open',
        serious_injury_risk: 'under_assessment',
        cai_notified_at: null,
      }),
    ).toBeUndefined();
  });
});

describe('changing an entry', () => {
  it('records each change with the names of the fields, links and unlinks customers on their timelines', async () => {
    const [kept, added, removed] = [
      await createTestCustomer(t.ctx),
      await createTestCustomer(t.ctx),
      await createTestCustomer(t.ctx),
    ];
    const created = await create({ customer_ids: [kept.id, removed.id] });
    const changed = await patch(created.id, {
      measures_taken: 'Destinataire joint, courriel supprimé; formation rappelée.',
      serious_injury_risk: 'no',
      risk_assessment: 'Destinataire de confiance ayant confirmé la suppression.',
      status: 'assessed',
      customer_ids: [kept.id, added.id],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ status: 'assessed', serious_injury_risk: 'no' });
    expect(new Set(changed.json().customer_ids)).toEqual(new Set([kept.id, added.id]));

    const updates = (await auditActions(created.id)).filter(
      (entry) => entry.action === 'privacy_incident.updated',
    );
    expect(updates).toHaveLength(1);
    expect(new Set(updates[0]!.changed_fields)).toEqual(
      new Set(['measures_taken', 'serious_injury_risk', 'risk_assessment', 'status', 'customer_ids']),
    );
    expect((await privacyTimeline(added.id)).map((entry) => entry.metadata.event)).toEqual([
      'privacy_incident.customer_linked',
    ]);
    expect((await privacyTimeline(removed.id)).map((entry) => entry.metadata.event)).toEqual([
      'privacy_incident.customer_unlinked',
      'privacy_incident.customer_linked',
    ]);
    expect(await privacyTimeline(kept.id)).toHaveLength(1);

    // The same values again change nothing and record nothing.
    const again = await patch(created.id, {
      status: 'assessed',
      measures_taken: changed.json().measures_taken,
    });
    expect(again.statusCode).toBe(200);
    expect(
      (await auditActions(created.id)).filter((entry) => entry.action === 'privacy_incident.updated'),
    ).toHaveLength(1);
  });

  it('checks dates against the stored ones (400 naming the field)', async () => {
    const created = await create();
    const response = await patch(created.id, { occurred_at: '2026-11-20T12:00:00-05:00' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { path: 'discovered_at', message: 'Must not be before occurred_at' },
    ]);
    const negative = await patch(created.id, { persons_count: -3 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].path).toBe('persons_count');
  });

  it('refuses any change to a closed entry (409), which stays as it was', async () => {
    const created = await create({
      serious_injury_risk: 'no',
      risk_assessment: 'Aucun risque',
      status: 'closed',
    });
    for (const payload of [{ description: 'Réécrit' }, { status: 'open' }, {}]) {
      const response = await patch(created.id, payload);
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('incident.closed');
    }
    const read = await t.request({ method: 'GET', url: `${url}/${created.id}`, as: 'admin' });
    expect(read.json()).toEqual(created);
  });

  it('answers 404 for an unknown incident and 400 for an id that is not one', async () => {
    const unknown = '01900000-0000-7000-8000-000000000001';
    expect((await t.request({ method: 'GET', url: `${url}/${unknown}`, as: 'admin' })).json().code).toBe(
      'incident.not_found',
    );
    expect((await patch(unknown, { persons_count: 1 })).statusCode).toBe(404);
    const bad = await t.request({ method: 'GET', url: `${url}/INC-2026-0001`, as: 'admin' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('id');
  });
});

describe('the register is kept', () => {
  it('has no DELETE route, and the database refuses to delete, truncate or change a closed entry', async () => {
    const created = await create({
      serious_injury_risk: 'no',
      risk_assessment: 'Aucun risque',
      status: 'closed',
    });
    expect(t.app.hasRoute({ method: 'DELETE', url: `${url}/:id` })).toBe(false);
    // An undeclared route is refused to everyone.
    const response = await t.request({ method: 'DELETE', url: `${url}/${created.id}`, as: 'admin' });
    expect(response.statusCode).toBe(403);
    for (const statement of [
      sql`delete from privacy_incidents where id = ${created.id}`,
      sql`truncate privacy_incidents cascade`,
      sql`update privacy_incidents set description = 'x' where id = ${created.id}`,
    ]) {
      await expect(t.database.db.execute(statement)).rejects.toMatchObject({
        cause: expect.objectContaining({ code: '42501' }),
      });
    }
    const open = await create();
    await expect(
      t.database.db.execute(sql`update privacy_incidents set number = 'INC-1999-0001' where id = ${open.id}`),
    ).rejects.toMatchObject({ cause: expect.objectContaining({ code: '42501' }) });
    expect((await t.request({ method: 'GET', url: `${url}/${created.id}`, as: 'admin' })).statusCode).toBe(
      200,
    );
  });
});

describe('listing', () => {
  it('filters by status, risk, awaiting CAI notification and words, a page at a time', async () => {
    const marker = `Rançongiciel-${Date.now()}`;
    const serious = await create({
      description: `${marker} serveur`,
      serious_injury_risk: 'yes',
      risk_assessment: 'Grave',
    });
    const minor = await create({
      description: `${marker} portable`,
      serious_injury_risk: 'no',
      risk_assessment: 'Chiffré',
    });
    const list = async (query: string) => {
      const response = await t.request({ method: 'GET', url: `${url}?${query}`, as: 'admin' });
      expect(response.statusCode).toBe(200);
      return response.json() as { data: { id: string }[]; pagination: { total: number; has_next: boolean } };
    };
    const q = `q=${encodeURIComponent(marker)}`;
    expect((await list(q)).data.map((row) => row.id)).toEqual([minor.id, serious.id]);
    expect((await list(`${q}&serious_injury_risk=yes`)).data.map((row) => row.id)).toEqual([serious.id]);
    expect((await list(`${q}&awaiting_cai_notification=true`)).data.map((row) => row.id)).toEqual([
      serious.id,
    ]);
    expect((await list(`${q}&awaiting_cai_notification=false`)).data.map((row) => row.id)).toEqual([
      minor.id,
    ]);
    expect((await list(`${q}&status=closed`)).data).toEqual([]);
    expect((await list(`q=${serious.number}`)).data.map((row) => row.id)).toEqual([serious.id]);
    expect((await list('q=100%25')).data).toEqual([]);
    const page = await list(`${q}&per_page=1&page=1`);
    expect(page.data).toHaveLength(1);
    expect(page.pagination).toMatchObject({ total: 2, has_next: true });

    await patch(serious.id, { cai_notified_at: '2026-11-21T08:00:00-05:00' });
    expect((await list(`${q}&awaiting_cai_notification=true`)).data).toEqual([]);
  });

  it.each([
    ['status=bogus', 'status'],
    ['serious_injury_risk=perhaps', 'serious_injury_risk'],
    ['per_page=101', 'per_page'],
    ['awaiting_cai_notification=maybe', 'awaiting_cai_notification'],
  ])('refuses %s (400 naming it)', async (query, path) => {
    const response = await t.request({ method: 'GET', url: `${url}?${query}`, as: 'admin' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe(path);
  });
});

describe('the CSV export', () => {
  it('is the register as the CAI asks for it: BOM, French headers, RFC 4180, formulas disarmed, audited', async () => {
    const created = await create({
      description: '=HYPERLINK("http://evil.example","Cliquez ici")',
      cause: 'Ligne 1\nLigne 2, avec "guillemets"',
      personal_information_types: ['health', 'government_id'],
      persons_count: 3,
    });
    const response = await t.request({ method: 'GET', url: `${url}/export`, as: 'admin' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('attachment; filename="registre-incidents');
    const body = response.rawPayload.toString('utf8');
    expect(body.startsWith('\uFEFF"Numéro","Date de l’incident (heure de Montréal)"')).toBe(true);
    expect(body.endsWith('\r\n')).toBe(true);
    const line = body.split('\r\n').find((row) => row.startsWith(`"${created.number}"`));
    expect(line).toBe(
      [
        `"${created.number}"`,
        '"2026-11-18 22:00"',
        '"2026-11-20 09:30"',
        `"'=HYPERLINK(""http://evil.example"",""Cliquez ici"")"`,
        '"Santé; Numéros d’identification gouvernementaux"',
        '3',
        '"Ligne 1\nLigne 2, avec ""guillemets"""',
        '"En cours d’évaluation"',
        '',
        '',
        '',
        '',
        '"Ouvert"',
        '"2026-11-21 10:00"',
        '"2026-11-21 10:00"',
      ].join(','),
    );
    const { rows } = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_log where action = 'privacy_incident.exported'`,
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  it('guards every cell that a spreadsheet would run, and quotes what RFC 4180 asks', () => {
    for (const text of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '＝1']) {
      expect(guardFormula(text)).toBe(`'${text}`);
    }
    expect(guardFormula('Fuite = grave')).toBe('Fuite = grave');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-4)).toBe('-4');
    expect(toCsv([['a"b', 'c,d']])).toBe('\uFEFF"a""b","c,d"\r\n');
  });
});

describe('who may read and write the register', () => {
  const id = '01900000-0000-7000-8000-000000000002';
  const routes = [
    { method: 'GET' as const, url },
    { method: 'GET' as const, url: `${url}/export` },
    { method: 'GET' as const, url: `${url}/${id}` },
    { method: 'POST' as const, url, payload: incident() },
    { method: 'PATCH' as const, url: `${url}/${id}`, payload: { persons_count: 1 } },
  ];

  it.each(['staff', 'advisor', 'client'] as const)('refuses %s on every route (403)', async (role: Role) => {
    const customer = role === 'client' ? await createTestCustomer(t.ctx) : undefined;
    for (const route of routes) {
      const response = await t.request({ ...route, as: role, customerId: customer?.id });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
    }
  });

  it('refuses a signed-in staff member’s session as well (403)', async () => {
    const { headers } = await t.signInNewUser('staff');
    expect((await t.request({ method: 'GET', url, headers })).statusCode).toBe(403);
  });

  it('answers 401 with no session on every route', async () => {
    for (const route of routes) {
      expect((await t.request(route)).statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('lets a signed-in admin in, and records them as the author', async () => {
    const admin = await t.signInNewUser('admin');
    const response = await t.request({ method: 'POST', url, headers: admin.headers, payload: incident() });
    expect(response.statusCode).toBe(201);
    expect(response.json().created_by).toBe(admin.id);
  });
});
