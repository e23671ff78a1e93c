import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testSecret } from '../../../test/app.ts';
import { createTestCustomer, uniqueMatricule } from '../../../test/factories.ts';
import { buildApp } from '../../app.ts';
import type { Clock } from '../../core/clock.ts';
import type { DomainEvent } from '../../core/events.ts';
import { createAuth } from '../auth/index.ts';
import { anonymizedClaimText, claimEventHandlers } from './claims.events.ts';

// A clock the test moves (the lockout lasts 15 minutes).
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

async function policyholder(options: { language_code?: string; contract?: Record<string, unknown> } = {}) {
  const matricule = uniqueMatricule();
  const customer = await createTestCustomer(t.ctx, {
    matricule,
    language_code: options.language_code ?? 'fr-CA',
  });
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/customers/${customer.id}/contracts`,
    as: 'staff',
    payload: {
      number: `POL-${matricule}`,
      product: 'Assurance auto',
      start_date: '2024-01-01',
      end_date: null,
      ...options.contract,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { customer, matricule };
}

let ipCount = 0;
async function start(options: { headers?: Record<string, string>; language?: 'fr' | 'en' } = {}) {
  ipCount += 1;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    remoteAddress: `10.77.0.${ipCount % 250}`,
    headers: options.headers,
    payload: options.language ? { language: options.language } : {},
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; token: string; phase: string; messages: { text: string }[] };
}

function say(conversation: { id: string; token: string }, text: string, app = t.app) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversation.id}/messages`,
    headers: { 'x-conversation-token': conversation.token },
    payload: { text },
  });
}

async function turn(conversation: { id: string; token: string }, text: string) {
  const response = await say(conversation, text);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    phase: string;
    message: string | null;
    claim_id: string | null;
    claim_number: string | null;
    escalated: boolean;
  };
}

async function eventsOf(type: string, conversationId: string) {
  const { rows } = await t.database.db.execute<{ payload: Record<string, unknown> }>(
    sql`select payload from domain_events where type = ${type} and payload->>'conversation_id' = ${conversationId} order by seq`,
  );
  return rows.map((row) => row.payload);
}

describe('a claim conversation', () => {
  it('authenticates, describes, qualifies and opens a claim on the contract of the incident date', async () => {
    const { customer, matricule } = await policyholder();
    const conversation = await start();
    expect(conversation.phase).toBe('AUTHENTIFICATION');
    expect(conversation.messages[0]!.text).toMatch(/^Bonjour!.*matricule/);
    const authenticated = await turn(conversation, `C’est ${matricule.toLowerCase()}`);
    expect(authenticated).toMatchObject({
      phase: 'DESCRIPTION',
      message: expect.stringMatching(/identité est confirmée/),
    });
    expect(
      await turn(
        conversation,
        'Hier, ma voiture a été accrochée dans un stationnement. Personne n’est blessé.',
      ),
    ).toMatchObject({
      phase: 'QUALIFICATION',
      message: expect.stringMatching(/rouler/),
    });
    expect((await turn(conversation, 'peut-être')).message).toMatch(/^Je n’ai pas bien compris\. .*rouler/);
    await turn(conversation, 'oui');
    await turn(conversation, 'oui');
    expect((await turn(conversation, 'non')).message).toMatch(/estimez/);
    const decided = await turn(conversation, 'environ 1500 $');
    expect(decided).toMatchObject({
      phase: 'DECISION',
      escalated: false,
      claim_number: expect.stringMatching(/^SIN-\d{4}-\d{6}$/),
    });
    expect(decided.message).toContain(decided.claim_number);
    const claim = (
      await t.request({ method: 'GET', url: `/api/v1/claims/${decided.claim_id}`, as: 'advisor' })
    ).json();
    expect(claim).toMatchObject({
      customer_id: customer.id,
      conversation_id: conversation.id,
      type: 'auto',
      injuries: 'none',
      estimated_amount_cents: 150_000,
      cci: 15,
      status_dossier: 'ouvert',
      details: { drivable: true, other_party: true, police_report: false },
    });
    // The transcript is on the claim, every message in order.
    const transcript = (
      await t.request({
        method: 'GET',
        url: `/api/v1/claims/${claim.id}/transcript`,
        as: 'client',
        customerId: customer.id,
      })
    ).json();
    expect(transcript.data.map((m: { author: string }) => m.author)).toEqual([
      'assistant',
      ...Array.from({ length: 7 }, () => ['customer', 'assistant']).flat(),
    ]);
    // One timeline entry per phase, never one per message.
    const timeline = (
      await t.request({
        method: 'GET',
        url: `/api/v1/customers/${customer.id}/timeline?type=claim`,
        as: 'staff',
      })
    ).json();
    expect(timeline.data.map((entry: { title: string }) => entry.title).sort()).toEqual(
      [
        `Contrat ajouté : POL-${matricule}`,
        'Conversation de déclaration de sinistre',
        `Sinistre déclaré : ${decided.claim_number}`,
      ].sort(),
    );
    const added = await eventsOf('conversation.message_added', conversation.id);
    expect(added).toHaveLength(15);
    expect(added.at(-1)).toEqual({
      conversation_id: conversation.id,
      message_id: expect.any(String),
      author: 'assistant',
      claim_id: decided.claim_id,
      assigned_to: null,
    });
    // Afterwards the assistant only points to the claim.
    expect((await turn(conversation, 'merci')).message).toContain(decided.claim_number);
  });

  it('escalates a high CCI at once: claim in escalade, one handoff, the advisor takes it and answers the customer', async () => {
    const { customer, matricule } = await policyholder();
    const conversation = await start();
    await turn(conversation, matricule);
    await turn(
      conversation,
      'Hier soir collision avec un camion, ma fille est à l’hôpital, j’ai peur, c’est urgent',
    );
    await turn(conversation, 'non');
    await turn(conversation, 'oui');
    await turn(conversation, 'oui');
    const decided = await turn(conversation, 'je ne sais pas');
    expect(decided).toMatchObject({ phase: 'ESCALADE', escalated: true });
    expect(decided.message).toMatch(/conseiller/);
    const claim = (
      await t.request({ method: 'GET', url: `/api/v1/claims/${decided.claim_id}`, as: 'advisor' })
    ).json();
    expect(claim).toMatchObject({ status_dossier: 'escalade', escalated: true, escalation_reason: 'cci' });
    expect(claim.cci).toBeGreaterThan(60);
    expect(claim.cci_factors.map((f: { code: string }) => f.code)).toEqual([
      'type',
      'injuries',
      'urgency',
      'distress',
    ]);
    expect(await eventsOf('claim.escalated', conversation.id)).toEqual([
      {
        claim_id: claim.id,
        number: claim.number,
        conversation_id: conversation.id,
        cci: claim.cci,
        reason: 'cci',
      },
    ]);
    expect(await eventsOf('conversation.escalated', conversation.id)).toEqual([
      { conversation_id: conversation.id, claim_id: claim.id, reason: 'cci' },
    ]);

    const advisor = await t.signInNewUser('advisor');
    const queue = (
      await t.request({ method: 'GET', url: '/api/v1/claims/queue', headers: advisor.headers })
    ).json();
    const item = queue.data.find(
      (entry: { conversation_id: string }) => entry.conversation_id === conversation.id,
    );
    expect(item).toMatchObject({
      cycle: 1,
      reason: 'cci',
      claim_id: claim.id,
      claim_number: claim.number,
      customer_id: customer.id,
      cci: claim.cci,
    });
    // The customer waiting is told once, not after every message.
    expect((await turn(conversation, 'Allô?')).message).toMatch(/conseiller a été prévenu/);
    expect((await turn(conversation, 'Vous êtes là?')).message).toBeNull();
    // An advisor answers only a conversation they took.
    const early = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: advisor.headers,
      payload: { text: 'Bonjour' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('conversation.not_taken');
    const [take, takeAgain] = await Promise.all([
      t.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/take`,
        headers: advisor.headers,
      }),
      t.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/take`,
        headers: advisor.headers,
      }),
    ]);
    expect([take.statusCode, takeAgain.statusCode]).toEqual([200, 200]);
    expect(take.json()).toMatchObject({ assigned_to: advisor.id, escalated: true });
    const rival = await t.signInNewUser('advisor');
    const stolen = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/take`,
      headers: rival.headers,
    });
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json().code).toBe('conversation.taken');
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/conversations',
      headers: advisor.headers,
    });
    expect(mine.json().data).toEqual([
      expect.objectContaining({
        id: conversation.id,
        phase: 'ESCALADE',
        claim_number: claim.number,
        customer_id: customer.id,
      }),
    ]);
    const theirs = await t.app.inject({
      method: 'GET',
      url: '/api/v1/conversations',
      headers: rival.headers,
    });
    expect(theirs.json().data).toEqual([]);
    const after = (await t.request({ method: 'GET', url: '/api/v1/claims/queue', as: 'advisor' })).json();
    expect(
      after.data.some((entry: { conversation_id: string }) => entry.conversation_id === conversation.id),
    ).toBe(false);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/claims/${claim.id}`, as: 'advisor' })).json()
        .assigned_to,
    ).toBe(advisor.id);
    expect(await eventsOf('conversation.taken', conversation.id)).toEqual([
      { conversation_id: conversation.id, advisor_id: advisor.id, claim_id: claim.id },
    ]);

    const answer = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: advisor.headers,
      payload: { text: 'Bonjour, je m’occupe de votre dossier.' },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ phase: 'ESCALADE', message: null });
    // The customer reads it on the same conversation, and the assistant stays quiet.
    const since = await t.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}/messages?after=0`,
      headers: { 'x-conversation-token': conversation.token },
    });
    const last = since.json().data.at(-1);
    expect(last).toMatchObject({
      author: 'advisor',
      text: 'Bonjour, je m’occupe de votre dossier.',
      author_name: expect.any(String),
    });
    expect((await turn(conversation, 'Merci!')).message).toBeNull();
    // The customer's message names the advisor holding the conversation: their open pages hear of it.
    expect((await eventsOf('conversation.message_added', conversation.id)).at(-1)).toMatchObject({
      author: 'customer',
      claim_id: claim.id,
      assigned_to: advisor.id,
    });
    const { rows } = await t.database.db.execute<{ count: number }>(
      sql`select count(*)::int as count from conversation_handoffs where conversation_id = ${conversation.id}`,
    );
    expect(rows[0]!.count).toBe(1);
  });

  it('hands over when the customer asks for a person, once per cycle, even before they are identified', async () => {
    const conversation = await start({ language: 'en' });
    expect(conversation.messages[0]!.text).toMatch(/^Hello!/);
    const escalated = await turn(conversation, 'I want to talk to a human');
    expect(escalated).toMatchObject({ phase: 'ESCALADE', escalated: true, claim_id: null });
    expect(escalated.message).toMatch(/advisor/);
    await turn(conversation, 'a human please, an agent!');
    const queue = (await t.request({ method: 'GET', url: '/api/v1/claims/queue', as: 'advisor' })).json();
    expect(
      queue.data.filter((entry: { conversation_id: string }) => entry.conversation_id === conversation.id),
    ).toEqual([
      expect.objectContaining({ cycle: 1, reason: 'customer_request', customer_id: null, claim_id: null }),
    ]);
  });

  it('tells the customer when no contract covered the incident date, and opens nothing', async () => {
    const { customer, matricule } = await policyholder({
      contract: { start_date: '2020-01-01', end_date: '2021-01-01' },
    });
    const conversation = await start();
    await turn(conversation, matricule);
    await turn(conversation, 'Hier, dégât d’eau dans la maison');
    await turn(conversation, 'oui');
    await turn(conversation, 'non');
    const decided = await turn(conversation, '2000');
    expect(decided).toMatchObject({ phase: 'DECISION', claim_id: null, escalated: false });
    expect(decided.message).toMatch(/aucun contrat actif/);
    const claims = (
      await t.request({ method: 'GET', url: `/api/v1/claims?customer_id=${customer.id}`, as: 'staff' })
    ).json();
    expect(claims.pagination.total).toBe(0);
  });
});

describe('the matricule check', () => {
  it('counts malformed and unknown matricules, locks after three for 15 minutes (423), then accepts the right one', async () => {
    const { matricule } = await policyholder();
    const conversation = await start();
    expect((await turn(conversation, 'mon numéro est 12345')).message).toMatch(/format.*Essais restants : 2/);
    expect((await turn(conversation, 'ZZ-999-ZZ')).message).toMatch(/ne trouve pas.*Essais restants : 1/);
    const third = await turn(conversation, 'QQ-000-QQ');
    expect(third.message).toMatch(/bloquée pendant 15 minutes/);
    const locked = await say(conversation, matricule);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('conversation.locked');
    offsetMs = 16 * 60_000;
    try {
      expect(await turn(conversation, matricule)).toMatchObject({ phase: 'DESCRIPTION' });
    } finally {
      offsetMs = 0;
    }
  });

  it('accepts only their own matricule from a signed-in client, and greets them in their language', async () => {
    const { customer, matricule } = await policyholder({ language_code: 'en-CA' });
    const other = await policyholder();
    const client = await t.signInNewUser('client', customer.id);
    const conversation = await start({ headers: client.headers });
    expect(conversation.messages[0]!.text).toMatch(/^Hello!/);
    const viaSession = (payload: { text: string }) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/messages`,
        headers: client.headers,
        payload,
      });
    expect((await viaSession({ text: other.matricule })).json().message).toMatch(/cannot find/);
    expect((await viaSession({ text: matricule })).json().phase).toBe('DESCRIPTION');
  });
});

describe('bad input and access', () => {
  it('refuses empty and oversized texts naming text, and a 10 MB body with 413', async () => {
    const conversation = await start();
    for (const text of ['', '   ', 'x'.repeat(4001)]) {
      const response = await say(conversation, text);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toBe('text');
    }
    const missing = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: { 'x-conversation-token': conversation.token },
      payload: {},
    });
    expect(missing.json().errors[0].path).toBe('text');
    const huge = await say(conversation, 'x'.repeat(10 * 1024 * 1024));
    expect(huge.statusCode).toBe(413);
  });

  it('hides a conversation from anyone but its customer and staff (404)', async () => {
    const { customer, matricule } = await policyholder();
    const conversation = await start();
    await turn(conversation, matricule);
    const other = await start();
    const stranger = await createTestCustomer(t.ctx);
    const attempts = [
      { headers: { 'x-conversation-token': other.token } },
      { headers: { 'x-conversation-token': 'forged' } },
      { headers: {} },
      { headers: await t.as('client', stranger.id) },
    ];
    for (const { headers } of attempts) {
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${conversation.id}`,
        headers,
      });
      expect(read.statusCode).toBe(404);
      const write = await t.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/messages`,
        headers,
        payload: { text: 'hello' },
      });
      expect(write.statusCode).toBe(404);
    }
    const own = await t.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}`,
      headers: await t.as('client', customer.id),
    });
    expect(own.statusCode).toBe(200);
    expect(
      (
        await t.request({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, as: 'staff' })
      ).json().customer_id,
    ).toBe(customer.id);
    const take = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/take`,
      headers: await t.as('client', customer.id),
    });
    expect(take.statusCode).toBe(403);
    await t.request({
      method: 'PATCH',
      url: `/api/v1/customers/${customer.id}`,
      as: 'admin',
      payload: { privacy_level: 'confidentiel' },
    });
    const hidden = await t.request({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}`,
      as: 'staff',
    });
    expect(hidden.statusCode).toBe(404);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, as: 'admin' }))
        .statusCode,
    ).toBe(200);
    const notEscalated = await t.request({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/take`,
      as: 'admin',
    });
    expect(notEscalated.statusCode).toBe(409);
    expect(notEscalated.json().code).toBe('conversation.not_escalated');
  });
});

describe('a server restarted mid-conversation', () => {
  it('resumes where it was: the state is in the database', async () => {
    const { matricule } = await policyholder();
    const conversation = await start();
    await turn(conversation, matricule);
    await turn(conversation, 'Avant-hier on a volé mes bagages pendant mon voyage');
    const second = await buildApp({
      db: t.database.db,
      auth: createAuth(t.database.db, {
        ATRIUM_BASE_URL: 'http://localhost:3000',
        ATRIUM_SECRET: testSecret,
      }),
      clock,
      logLevel: 'silent',
      webDir: '/nonexistent',
    });
    await second.ready();
    try {
      const resumed = await say(conversation, 'Paris, France', second);
      expect(resumed.statusCode, resumed.body).toBe(200);
      expect(resumed.json()).toMatchObject({
        phase: 'QUALIFICATION',
        message: expect.stringMatching(/rentrez-vous/),
      });
    } finally {
      await second.close();
    }
  });
});

describe('Loi 25', () => {
  it('exports the claims and conversations, and anonymization scrubs what the customer said, once', async () => {
    const { customer, matricule } = await policyholder();
    const conversation = await start();
    await turn(conversation, matricule);
    await turn(conversation, 'Hier ma voiture de Julie Tremblay a été emboutie, personne blessé');
    for (const answer of ['oui', 'non', 'non', '800 $']) await turn(conversation, answer);
    const exported = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/export`,
      as: 'client',
      customerId: customer.id,
    });
    expect(exported.statusCode).toBe(200);
    const section = JSON.parse(exported.body).claims;
    expect(section.contracts).toHaveLength(1);
    expect(section.claims[0].description).toContain('Julie Tremblay');
    expect(section.claims[0].status_history).toHaveLength(1);
    expect(section.conversations[0].messages.length).toBeGreaterThan(5);
    expect(JSON.stringify(section)).not.toContain('token_hash');

    const handler = claimEventHandlers.find((entry) => entry.type === 'customer.anonymized')!;
    const run = () =>
      t.ctx.db.transaction((tx) =>
        handler.handle({ ...t.ctx, db: tx }, { customer_id: customer.id } as DomainEvent),
      );
    await run();
    await run();
    const { rows } = await t.database.db.execute<{ text: string }>(
      sql`select text from conversation_messages where conversation_id = ${conversation.id}`,
    );
    expect(new Set(rows.map((row) => row.text))).toEqual(new Set([anonymizedClaimText]));
    const claims = (
      await t.request({ method: 'GET', url: `/api/v1/claims?customer_id=${customer.id}`, as: 'staff' })
    ).json();
    expect(claims.data[0]).toMatchObject({
      description: anonymizedClaimText,
      details: {},
      estimated_amount_cents: 80_000,
    });
    const recorded = await t.database.db.execute<{ count: number }>(
      sql`select count(*)::int as count from domain_events where type = 'claim.anonymized_all' and customer_id = ${customer.id}`,
    );
    expect(recorded.rows[0]!.count).toBe(1);
  });
});
