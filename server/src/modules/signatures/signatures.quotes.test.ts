import { rm } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { createTestQuote, sendTestQuote } from '../../../test/quotes.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import type { DomainEvent } from '../../core/events.ts';
import { noPaymentProviders } from '../billing/index.ts';
import { inkedPng, testSignatureSettings } from './signatures.fixtures.ts';
import { endOfCompanyDay, quoteSignatureEventHandlers } from './signatures.quotes.ts';
import type { SignatureSettings } from './signatures.settings.ts';
import { submitSignature } from './signatures.signer.ts';

// 10:00 in Montréal on May 4th; quotes are valid 30 days (until June 3rd).
let now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let dir: string;
let customerId: string;
let settings: SignatureSettings;
const payments = { providers: noPaymentProviders, base_url: null };

beforeAll(async () => {
  const made = await testSignatureSettings();
  dir = made.dir;
  settings = { ...made.signatures, documents: made.documents };
  t = await createTestApp({ clock, documents: made.documents, signatures: made.signatures });
  customerId = (await createTestCustomer(t.ctx, { first_name: 'Éric', last_name: 'Tremblay' })).id;
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  now = new Date('2026-05-04T14:00:00Z');
});

interface Request {
  id: string;
  status: string;
  document_id: string;
  quote_id: string | null;
  quote_outcome: string | null;
  expires_at: string;
  signers: { id: string; name: string; email: string; status: string; signing_url: string }[];
}

async function sentQuote(customer = customerId) {
  const quote = await createTestQuote(t, customer);
  await sendTestQuote(t, quote.id);
  return quote.id as string;
}

function send(quoteId: string, payload: Record<string, unknown> = {}, as: Role | undefined = 'staff') {
  return t.request({ method: 'POST', url: `/api/v1/quotes/${quoteId}/signature-requests`, as, payload });
}

async function sentForSignature(quoteId: string, payload: Record<string, unknown> = {}) {
  const response = await send(quoteId, payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Request;
}

const tokenOf = (url: string) => url.split('/sign/')[1]!;

async function signOnPage(token: string) {
  const png = `data:image/png;base64,${(await inkedPng()).toString('base64')}`;
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/sign/${token}`,
    remoteAddress: '198.51.100.7',
    headers: { 'user-agent': 'Mozilla/5.0 (iPhone) test' },
    payload: { consent: true, signature: { type: 'drawn', png_base64: png } },
  });
}

/** Signs through the service only: the route's immediate settling is skipped, as when the process stops. */
function signBehindTheRoute(token: string) {
  return submitSignature(t.ctx, settings, token, {
    consent: true,
    signature: { type: 'typed', name: 'Éric Tremblay' },
    fields: {},
  });
}

async function quoteRow(id: string) {
  const { rows } = await t.database.db.execute<{
    status: string;
    order_id: string | null;
    accepted_by_name: string | null;
    accepted_via: string | null;
    accepted_ip: string | null;
    signature_reference: string | null;
    decline_reason: string | null;
  }>(
    sql`select status, order_id, accepted_by_name, accepted_via, accepted_ip, signature_reference, decline_reason from quotes where id = ${id}`,
  );
  return rows[0]!;
}

async function ordersOf(quoteId: string) {
  const { rows } = await t.database.db.execute<{ id: string; deposit_invoice_id: string | null }>(
    sql`select id, deposit_invoice_id from orders where quote_id = ${quoteId}`,
  );
  return rows;
}

async function outcomeOf(requestId: string) {
  const { rows } = await t.database.db.execute<{ quote_outcome: string | null }>(
    sql`select quote_outcome from signature_requests where id = ${requestId}`,
  );
  return rows[0]!.quote_outcome;
}

async function timeline(quoteId: string) {
  const { rows } = await t.database.db.execute<{ title: string }>(
    sql`select title from customer_activity where reference_id = ${quoteId} order by created_at, id`,
  );
  return rows.map((row) => row.title);
}

async function completedEvent(entityId: string, type = 'signature_request.completed') {
  const { rows } = await t.database.db.execute<DomainEvent>(
    sql`select * from domain_events where type = ${type} and entity_id = ${entityId}`,
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** The event handler as the dispatcher runs it: in a transaction of its own. */
function deliver(event: DomainEvent) {
  const handlers = quoteSignatureEventHandlers(settings, payments);
  const handler = handlers.find((item) => item.type === event.type)!;
  return t.database.db.transaction((tx) => handler.handle({ ...t.ctx, db: tx }, event));
}

describe('sending a quote for signature', () => {
  it('stores its PDF as a client document and asks the customer to sign, until the quote expires', async () => {
    const quoteId = await sentQuote();
    const request = await sentForSignature(quoteId);
    expect(request).toMatchObject({ status: 'pending', quote_id: quoteId, quote_outcome: null });
    expect(request.signers).toEqual([
      expect.objectContaining({ name: 'Éric Tremblay', status: 'pending', signing_url: expect.any(String) }),
    ]);
    expect(request.signers[0]!.email).toMatch(/@exemple\.ca$/);
    // The end of June 3rd in Montréal (EDT): 04:00 UTC on June 4th.
    expect(request.expires_at).toBe('2026-06-04T04:00:00.000Z');
    const { rows } = await t.database.db.execute<{
      category: string;
      access_level: string;
      customer_id: string;
    }>(
      sql`select category, access_level, customer_id from customer_documents where id = ${request.document_id}`,
    );
    expect(rows[0]).toEqual({ category: 'quote', access_level: 'client', customer_id: customerId });

    const list = await t.request({
      method: 'GET',
      url: `/api/v1/quotes/${quoteId}/signature-requests`,
      as: 'staff',
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ data: [{ id: request.id }], pagination: { total: 1 } });
  });

  it('takes named signers and an earlier expiry; refuses bad input naming the field (400)', async () => {
    const quoteId = await sentQuote();
    for (const [payload, path] of [
      [{ signers: [{ name: '', email: 'julie@exemple.ca' }] }, 'signers.0.name'],
      [{ signers: [{ name: 'Julie', email: 'pas-un-courriel' }] }, 'signers.0.email'],
      [{ signers: [] }, 'signers'],
      [{ expires_at: '2026-06-05T12:00:00Z' }, 'expires_at'],
      [{ expires_at: '2026-05-01T12:00:00Z' }, 'expires_at'],
      [{ require_email_code: 'oui' }, 'require_email_code'],
    ] as const) {
      const response = await send(quoteId, payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    const request = await sentForSignature(quoteId, {
      signers: [{ name: 'Julie Gagnon', email: 'Julie@Exemple.ca' }],
      expires_at: '2026-05-20T12:00:00Z',
      require_email_code: true,
    });
    expect(request.signers).toEqual([
      expect.objectContaining({ name: 'Julie Gagnon', email: 'julie@exemple.ca' }),
    ]);
    expect(request.expires_at).toBe('2026-05-20T12:00:00.000Z');
  });

  it('needs a signer when the customer has no email (400 naming signers)', async () => {
    const other = (await createTestCustomer(t.ctx)).id;
    const quoteId = await sentQuote(other);
    // The address removed after the quote went out.
    await t.database.db.execute(sql`update customers set email = null where id = ${other}`);
    const response = await send(quoteId);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors[0].path).toBe('signers');
    expect(
      (await send(quoteId, { signers: [{ name: 'Marc Roy', email: 'marc@exemple.ca' }] })).statusCode,
    ).toBe(201);
  });

  it('only an open quote: draft 409, accepted 409, expired 422, already out for signature 409', async () => {
    const draft = await createTestQuote(t, customerId);
    expect((await send(draft.id)).json()).toMatchObject({ status: 409, code: 'quote.not_sent' });

    const accepted = await sentQuote();
    await t.request({
      method: 'POST',
      url: `/api/v1/quotes/${accepted}/accept`,
      as: 'staff',
      payload: { name: 'X' },
    });
    expect((await send(accepted)).json()).toMatchObject({ status: 409, code: 'quote.already_accepted' });

    const expired = await sentQuote();
    now = new Date('2026-06-05T14:00:00Z');
    expect((await send(expired)).json()).toMatchObject({ status: 422, code: 'quote.expired' });
    now = new Date('2026-05-04T14:00:00Z');

    const pending = await sentQuote();
    await sentForSignature(pending);
    expect((await send(pending)).json()).toMatchObject({
      status: 409,
      code: 'signature_request.quote_pending',
    });
  });

  it('two sends at once make one request', async () => {
    const quoteId = await sentQuote();
    const answers = await Promise.all([send(quoteId), send(quoteId)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
  });

  it('roles: admin and staff send and list; advisor and client 403; no session 401; unknown quote 404', async () => {
    const quoteId = await sentQuote();
    expect((await send(quoteId, {}, 'admin')).statusCode).toBe(201);
    const other = await sentQuote();
    for (const [role, status] of [
      ['advisor', 403],
      ['client', 403],
      [undefined, 401],
    ] as const) {
      const response = await t.request({
        method: 'POST',
        url: `/api/v1/quotes/${other}/signature-requests`,
        ...(role === 'client' ? { as: role, customerId } : { as: role }),
        payload: {},
      });
      expect(response.statusCode, `${role} POST`).toBe(status);
      const list = await t.request({
        method: 'GET',
        url: `/api/v1/quotes/${other}/signature-requests`,
        ...(role === 'client' ? { as: role, customerId } : { as: role }),
      });
      expect(list.statusCode, `${role} GET`).toBe(status);
    }
    expect((await send(other, {}, 'staff')).statusCode).toBe(201);
    const unknown = '0190a000-0000-7000-8000-00000000dead';
    expect((await send(unknown)).statusCode).toBe(404);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/quotes/${unknown}/signature-requests`, as: 'admin' }))
        .statusCode,
    ).toBe(404);
    expect((await send('pas-un-uuid')).statusCode).toBe(400);
  });
});

describe('when the request is finished', () => {
  it('a completed request accepts the quote once: order, deposit invoice, signer and request as evidence', async () => {
    const quoteId = await sentQuote();
    const request = await sentForSignature(quoteId);
    const signed = await signOnPage(tokenOf(request.signers[0]!.signing_url));
    expect(signed.statusCode, signed.body).toBe(200);

    const quote = await quoteRow(quoteId);
    expect(quote).toMatchObject({
      status: 'accepted',
      accepted_by_name: 'Éric Tremblay',
      accepted_via: 'signature',
      accepted_ip: '198.51.100.7',
      signature_reference: `signature_request:${request.id}`,
    });
    const orders = await ordersOf(quoteId);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.id).toBe(quote.order_id);
    expect(orders[0]!.deposit_invoice_id).not.toBeNull();
    expect(await outcomeOf(request.id)).toBe('accepted');

    // The event delivered again, twice at once: nothing more.
    const event = await completedEvent(request.id);
    const titles = await timeline(quoteId);
    await Promise.all([deliver(event), deliver(event)]);
    expect(await ordersOf(quoteId)).toHaveLength(1);
    expect(await timeline(quoteId)).toEqual(titles);
    expect(titles.some((title) => title.includes('accepté par signature électronique (Éric Tremblay)'))).toBe(
      true,
    );
  });

  it('when the route could not settle it, the event does, once even when two deliveries run at once', async () => {
    const quoteId = await sentQuote();
    const request = await sentForSignature(quoteId);
    await signBehindTheRoute(tokenOf(request.signers[0]!.signing_url));
    expect((await quoteRow(quoteId)).status).toBe('sent');
    const event = await completedEvent(request.id);
    await Promise.all([deliver(event), deliver(event), deliver(event)]);
    expect((await quoteRow(quoteId)).status).toBe('accepted');
    expect(await ordersOf(quoteId)).toHaveLength(1);
    expect(await outcomeOf(request.id)).toBe('accepted');
  });

  it('a quote expired by the time the event runs is not accepted: said on the timeline, the handler succeeds once', async () => {
    const quoteId = await sentQuote();
    const request = await sentForSignature(quoteId);
    await signBehindTheRoute(tokenOf(request.signers[0]!.signing_url));
    now = new Date('2026-06-10T14:00:00Z');
    const event = await completedEvent(request.id);
    await expect(deliver(event)).resolves.toBeUndefined();
    await deliver(event);
    expect((await quoteRow(quoteId)).status).toBe('sent');
    expect(await ordersOf(quoteId)).toHaveLength(0);
    expect(await outcomeOf(request.id)).toBe('not_accepted');
    const notAccepted = (await timeline(quoteId)).filter((title) => title.includes('non accepté'));
    expect(notAccepted).toEqual([expect.stringContaining('le devis a expiré')]);
  });

  it('a quote accepted by staff meanwhile keeps its one order; the signature is recorded as not accepting it', async () => {
    const quoteId = await sentQuote();
    const request = await sentForSignature(quoteId);
    const staffAccept = await t.request({
      method: 'POST',
      url: `/api/v1/quotes/${quoteId}/accept`,
      as: 'staff',
      payload: { name: 'Julie Tremblay' },
    });
    expect(staffAccept.statusCode, staffAccept.body).toBe(200);
    const signed = await signOnPage(tokenOf(request.signers[0]!.signing_url));
    expect(signed.statusCode, signed.body).toBe(200);
    expect(await quoteRow(quoteId)).toMatchObject({ status: 'accepted', accepted_by_name: 'Julie Tremblay' });
    expect(await ordersOf(quoteId)).toHaveLength(1);
    expect(await outcomeOf(request.id)).toBe('not_accepted');
    expect(await timeline(quoteId)).toContainEqual(expect.stringContaining('le devis était déjà accepté'));
  });

  it('a quote accepted or declined by staff while out for signature closes its request (once)', async () => {
    for (const [action, type] of [
      ['accept', 'quote.accepted'],
      ['decline', 'quote.declined'],
    ] as const) {
      const quoteId = await sentQuote();
      const request = await sentForSignature(quoteId);
      const decided = await t.request({
        method: 'POST',
        url: `/api/v1/quotes/${quoteId}/${action}`,
        as: 'staff',
        payload: action === 'accept' ? { name: 'Julie Tremblay' } : { reason: 'Trop cher' },
      });
      expect(decided.statusCode, decided.body).toBe(200);
      const event = await completedEvent(quoteId, type);
      await deliver(event);
      await deliver(event);
      const listed = await t.request({
        method: 'GET',
        url: `/api/v1/quotes/${quoteId}/signature-requests`,
        as: 'staff',
      });
      expect(listed.json().data).toEqual([expect.objectContaining({ id: request.id, status: 'cancelled' })]);
      const signed = await signOnPage(tokenOf(request.signers[0]!.signing_url));
      expect(signed.statusCode).toBe(409);
    }
  });

  it('a declined request declines the quote with the signer’s reason', async () => {
    const quoteId = await sentQuote();
    const request = await sentForSignature(quoteId);
    const declined = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sign/${tokenOf(request.signers[0]!.signing_url)}/decline`,
      payload: { reason: 'Le prix a changé' },
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).not.toHaveProperty('request_id');
    expect(await quoteRow(quoteId)).toMatchObject({ status: 'declined', decline_reason: 'Le prix a changé' });
    expect(await outcomeOf(request.id)).toBe('declined');
    await deliver(await completedEvent(request.id, 'signature_request.declined'));
    expect(await ordersOf(quoteId)).toHaveLength(0);
  });
});

describe('endOfCompanyDay', () => {
  it('is local midnight after the day, in summer and in winter', () => {
    expect(endOfCompanyDay('2026-06-03').toISOString()).toBe('2026-06-04T04:00:00.000Z');
    expect(endOfCompanyDay('2026-01-15').toISOString()).toBe('2026-01-16T05:00:00.000Z');
    // The night clocks go forward (March 8th, 2026).
    expect(endOfCompanyDay('2026-03-07').toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });
});
