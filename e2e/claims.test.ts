import { randomInt } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { type Database, openDatabase } from '../server/src/core/db.ts';
import { domain_events } from '../server/src/core/events.tables.ts';
import { createUser } from '../server/src/modules/auth/index.ts';
import { createCustomer } from '../server/src/modules/customers/index.ts';
import { notifyOfEvent } from '../server/src/modules/notifications/index.ts';
import { horizontalOverflow, launchBrowser, screenshot } from './browser.ts';
import { type Credentials, openWindow, signIn } from './session.ts';

const baseUrl = inject('baseUrl');

let browser: Browser;
let database: Database;
let advisor: Credentials;
let policyholder: Credentials;
let matricule: string;
let customerId: string;

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const pick = () => letters[randomInt(26)]!;

/** An advisor, and a policyholder with a matricule and an active auto policy. */
beforeAll(async () => {
  browser = await launchBrowser();
  database = openDatabase(inject('databaseUrl'), { max: 2 });
  const ctx = { db: database.db, actor: systemActor, clock: systemClock };
  advisor = {
    email: `claims.advisor.${Date.now()}@atrium.test`,
    password: 'e2e-password-claims-advisor-0123',
  };
  await createUser(ctx, { ...advisor, name: 'Sophie Conseillère', role: 'advisor', locale: 'fr-CA' });
  matricule = `${pick()}${pick()}-${String(randomInt(1000)).padStart(3, '0')}-${pick()}${pick()}`;
  const customer = await createCustomer(ctx, {
    kind: 'individual',
    first_name: 'Nadia',
    last_name: 'Bouchard',
    email: `nadia.bouchard.${randomInt(1_000_000)}@exemple.ca`,
    matricule,
  });
  customerId = customer.id;
  // Her portal sign-in: she follows her claim from her own account too.
  policyholder = {
    email: `nadia.portal.${randomInt(1_000_000)}@exemple.ca`,
    password: 'e2e-password-claims-client-0123',
  };
  await createUser(ctx, {
    ...policyholder,
    name: 'Nadia Bouchard',
    role: 'client',
    customer_id: customer.id,
    locale: 'fr-CA',
  });
  await database.pool.query(
    `insert into contracts (id, customer_id, number, product, start_date, end_date, status, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, 'Assurance auto', '2024-01-01', null, 'active', now(), now())`,
    [customer.id, `AUTO-${matricule}`],
  );
});

afterAll(async () => {
  await browser?.close();
  await database?.close();
});

/**
 * What the dispatcher does after commit, for the latest event of this type about this entity:
 * the e2e server runs no jobs (see notifications.test.ts), so the test hands the event to the
 * notifications module, which stores it and NOTIFYs the live channel.
 */
async function dispatch(type: string, where: { entityId?: string; claimId?: string }) {
  const [event] = await database.db
    .select()
    .from(domain_events)
    .where(
      and(
        eq(domain_events.type, type),
        where.entityId ? eq(domain_events.entity_id, where.entityId) : undefined,
        where.claimId ? eq(sql`${domain_events.payload}->>'claim_id'`, where.claimId) : undefined,
      ),
    )
    .orderBy(desc(domain_events.seq))
    .limit(1);
  expect(event, `${type} recorded`).toBeDefined();
  const ctx = { db: database.db, actor: systemActor, clock: systemClock };
  await database.db.transaction((tx) => notifyOfEvent({ ...ctx, db: tx }, event!));
}

/** Live means well before the 30 s fallback poll: no reload, within a few seconds. */
const live = { timeout: 3000 };

describe('claims in the browser', () => {
  it('a customer reports a claim through the widget; it escalates; an advisor sees it arrive, takes it and answers', async () => {
    // The advisor's dashboard is open before the customer starts.
    const desk = await signIn(browser, advisor);
    await desk.page.goto(`${baseUrl}/claims/dashboard`);
    const queue = desk.page.getByTestId('escalation-queue');
    await queue.waitFor();
    await screenshot(desk.page, '80-advisor-dashboard-before');

    // The customer, on a phone, without an account.
    const customer = await openWindow(browser, { width: 390, height: 844 });
    await customer.page.goto(`${baseUrl}/declarer`);
    await customer.page.getByTestId('conversation-start').click();
    const widget = customer.page.getByTestId('conversation-widget');
    await widget.getByTestId('message-assistant').filter({ hasText: 'matricule' }).waitFor();
    const say = async (text: string, answer: string | RegExp) => {
      await widget.getByTestId('conversation-input').fill(text);
      await widget.getByTestId('conversation-input').press('Enter');
      await widget.getByTestId('message-assistant').filter({ hasText: answer }).last().waitFor();
    };
    // A malformed matricule first: the assistant says so and counts it.
    await say('12345', 'Essais restants : 2');
    await say(matricule.toLowerCase(), 'identité est confirmée');
    await say(
      'Hier soir, collision avec un camion. Mon fils est à l’hôpital, j’ai peur, c’est urgent.',
      'rouler',
    );
    await say('non', 'autre véhicule');
    await say('oui', 'rapport de police');
    await say('oui', 'estimez');
    await screenshot(customer.page, '81-widget-phone-qualification');
    await say('je ne sais pas', 'transmise en priorité à un conseiller');
    await widget.getByTestId('conversation-phase').getByText('Avec un conseiller').waitFor();
    const claimNumber = (await widget.getByTestId('conversation-claim-number').textContent())!.replace(
      'Dossier ',
      '',
    );
    expect(claimNumber).toMatch(/^SIN-\d{4}-\d{6}$/);
    expect(await horizontalOverflow(customer.page)).toBeLessThanOrEqual(0);
    await screenshot(customer.page, '82-widget-phone-escalated');

    // The advisor's already-open queue shows it live: the escalation's notification comes over
    // /api/v1/ws within seconds (the fallback poll is 30 s), no reload.
    const [{ id: claimId }] = (
      await database.pool.query<{ id: string }>('select id from claims where number = $1', [claimNumber])
    ).rows as [{ id: string }];
    await dispatch('claim.escalated', { entityId: claimId });
    const item = queue.getByTestId('queue-item').filter({ hasText: claimNumber });
    await item.waitFor(live);
    await expect(item.getByTestId('claim-cci').textContent()).resolves.toMatch(/CCI (6[1-9]|[7-9]\d|100)/);
    await screenshot(desk.page, '83-advisor-dashboard-queue');
    await item.getByTestId('queue-take').click();
    await desk.page.waitForURL(/\/conversations\/[0-9a-f-]{36}$/);
    await desk.page
      .getByTestId('conversation-thread')
      .getByText('Mon fils est à l’hôpital', { exact: false })
      .waitFor();
    const answer = 'Bonjour Nadia, ici Sophie. Je m’occupe de votre dossier : votre fils va-t-il bien?';
    await desk.page.getByTestId('conversation-input').fill(answer);
    await desk.page.getByTestId('conversation-send').click();
    await desk.page.getByTestId('message-advisor').filter({ hasText: answer }).waitFor();
    await screenshot(desk.page, '84-advisor-conversation');

    // The customer reads the advisor's answer in the same thread (the conversation's socket), and answers back.
    await widget.getByTestId('message-advisor').filter({ hasText: answer }).waitFor(live);
    await widget.getByTestId('conversation-input').fill('Oui, merci, il a une fracture au bras.');
    await widget.getByTestId('conversation-input').press('Enter');
    await desk.page.getByTestId('message-customer').filter({ hasText: 'fracture au bras' }).waitFor();
    await screenshot(customer.page, '85-widget-phone-advisor');
    expect(customer.errors).toEqual([]);

    // Signed in on her phone, she follows the claim: the advisor's next answer and the status
    // move reach her open claim page live.
    const client = await signIn(browser, policyholder, { width: 390, height: 844 });
    await client.page.goto(`${baseUrl}/claims/${claimId}`);
    await client.page.getByTestId('claim-status').getByText('Escaladé').waitFor();
    await client.page.getByTestId('message-advisor').filter({ hasText: answer }).waitFor();
    const followUp = 'Je vous demande quelques documents pour avancer.';
    await desk.page.getByTestId('conversation-input').fill(followUp);
    await desk.page.getByTestId('conversation-send').click();
    await desk.page.getByTestId('message-advisor').filter({ hasText: followUp }).waitFor();
    await dispatch('conversation.message_added', { claimId });
    await client.page.getByTestId('message-advisor').filter({ hasText: followUp }).waitFor(live);

    // The claim page: escalated, assigned to the advisor who took it, its CCI factors and transcript.
    await desk.page.getByRole('link', { name: `Dossier ${claimNumber}` }).click();
    await desk.page.getByTestId('claim-number').getByText(claimNumber).waitFor();
    await desk.page.getByTestId('claim-status').getByText('Escaladé').waitFor();
    await desk.page.getByTestId('cci-factors').getByText('Blessures').waitFor();
    // Only the allowed moves are offered: no "Marquer remboursé" from escalade.
    await desk.page.getByTestId('move-en_attente_documents').click();
    await desk.page.getByTestId('move-confirm').click();
    await desk.page.getByTestId('claim-status').getByText('En attente de documents').waitFor();
    expect(await desk.page.getByTestId('move-rembourse').count()).toBe(0);
    await dispatch('claim.status_changed', { entityId: claimId });
    await client.page.getByTestId('claim-status').getByText('En attente de documents').waitFor(live);
    expect(await horizontalOverflow(client.page)).toBeLessThanOrEqual(0);
    await screenshot(client.page, '86b-claim-page-client-phone');
    expect(client.errors).toEqual([]);
    await client.context.close();
    await desk.page
      .getByTestId('pending-action')
      .getByText('Le client doit envoyer des documents', { exact: false })
      .waitFor();
    await screenshot(desk.page, '86-claim-page');

    // The Customer 360 counts the open claim and lists it with the contract.
    await desk.page.goto(`${baseUrl}/customers/${customerId}?tab=claims`);
    await desk.page.getByTestId('customer-claim-row').filter({ hasText: claimNumber }).waitFor();
    await desk.page
      .getByTestId('contract-row')
      .filter({ hasText: `AUTO-${matricule}` })
      .waitFor();
    await expect(desk.page.getByTestId('header-open-claims').textContent()).resolves.toContain('1');
    await expect(desk.page.getByTestId('header-awaiting-signature').textContent()).resolves.toContain('0');
    await screenshot(desk.page, '87-customer-claims-tab');

    // The claims list, on a desk and on a phone.
    await desk.page.goto(`${baseUrl}/claims?escalated=true&cci_min=60`);
    await desk.page.getByTestId('claim-row').filter({ hasText: claimNumber }).waitFor();
    await screenshot(desk.page, '88-claims-list');
    expect(desk.errors).toEqual([]);
    await desk.context.close();

    // A ticket of hers (opened by support) counts in the 360 header beside the open claim.
    const support = await signIn(browser, inject('admin'));
    const ticket = await support.page.request.post(`${baseUrl}/api/v1/tickets`, {
      data: {
        subject: 'Question sur mon sinistre',
        message: 'Où en est mon dossier?',
        category: 'general',
        priority: 'normal',
        customer_id: customerId,
      },
    });
    expect(ticket.status(), await ticket.text()).toBe(201);
    await support.context.close();

    const phone = await signIn(browser, advisor, { width: 390, height: 844 });
    // The 360 header on a phone: every figure, wrapped in two columns, nothing off the screen.
    await phone.page.goto(`${baseUrl}/customers/${customerId}`);
    await expect(phone.page.getByTestId('header-open-tickets').textContent()).resolves.toMatch(/1$/);
    await expect(phone.page.getByTestId('header-open-claims').textContent()).resolves.toMatch(/1$/);
    expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
    await screenshot(phone.page, '89c-customer-360-header-phone', false);
    await phone.page.goto(`${baseUrl}/claims/dashboard`);
    await phone.page.getByTestId('my-claims').getByText(claimNumber).waitFor();
    // The conversation she took stays within reach.
    await phone.page.getByTestId('my-conversations').getByText('Nadia Bouchard').waitFor();
    expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
    await screenshot(phone.page, '89-advisor-dashboard-phone');
    await phone.page.goto(`${baseUrl}/claims`);
    await phone.page.getByTestId('claim-row').first().waitFor();
    expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
    await screenshot(phone.page, '89b-claims-list-phone');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
    await customer.context.close();
  });
});
