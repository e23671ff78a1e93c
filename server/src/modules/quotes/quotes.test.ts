import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { pdfText, squeeze } from '../../../test/pdf.ts';
import { createTestQuote, sendTestQuote } from '../../../test/quotes.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import type { DomainEvent } from '../../core/events.ts';
import { createPromoCode } from '../billing/index.ts';
import { quoteEventHandlers } from './quotes.events.ts';
import { quotesExportSection } from './quotes.export.ts';
import { orders, quotes } from './quotes.tables.ts';

// 10:00 in Montréal on May 4th.
let now = new Date('2026-05-04T14:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let customerId: string;
let otherCustomerId: string;
beforeAll(async () => {
  t = await createTestApp({ clock });
  customerId = (await createTestCustomer(t.ctx)).id;
  otherCustomerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(() => t.close());
beforeEach(() => {
  now = new Date('2026-05-04T14:00:00Z');
});

const url = '/api/v1/quotes';

function asRole(role: Role | undefined, clientOf = customerId) {
  return role === 'client' ? { as: role, customerId: clientOf } : { as: role };
}

async function count(table: 'orders' | 'invoices', where: ReturnType<typeof sql>) {
  const { rows } = await t.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`,
  );
  return rows[0]!.n;
}

async function auditActions(entityId: string) {
  const { rows } = await t.database.db.execute<{ action: string }>(
    sql`select action from audit_log where entity_id = ${entityId} order by id`,
  );
  return rows.map((row) => row.action);
}

async function timelineTitles(customer: string) {
  const { rows } = await t.database.db.execute<{ title: string }>(
    sql`select title from customer_activity where customer_id = ${customer} order by created_at, id`,
  );
  return rows.map((row) => row.title);
}

function accept(
  id: string,
  as: Role | undefined = 'staff',
  payload: Record<string, unknown> = { name: 'Julie Tremblay' },
) {
  return t.request({ method: 'POST', url: `${url}/${id}/accept`, ...asRole(as), payload });
}

describe('drafts', () => {
  it('computes totals as invoices do and a 30 % deposit by default', async () => {
    const quote = await createTestQuote(t, customerId);
    expect(quote).toMatchObject({
      status: 'draft',
      number: null,
      subtotal_cents: 1000_00,
      taxes: [
        { code: 'GST', amount_cents: 50_00 },
        { code: 'QST', amount_cents: 99_75 },
      ],
      total_cents: 1149_75,
      deposit_percent: 30,
      // 300.00 + GST 15.00 + QST 29.93
      deposit_cents: 344_93,
      valid_until: '2026-06-03',
    });
    expect(quote).not.toHaveProperty('public_token_hash');
    expect(quote.lines).toEqual([
      expect.objectContaining({ position: 1, quantity: '2.000', line_total_cents: 1000_00 }),
    ]);
  });

  it.each([[101], [-1], [12.5], ['30']])(
    'refuses deposit_percent %s: 400 naming the field',
    async (value) => {
      const response = await t.request({
        method: 'POST',
        url,
        as: 'staff',
        payload: { customer_id: customerId, deposit_percent: value },
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(
        'deposit_percent',
      );
    },
  );

  it('accepts 0 and 100 %', async () => {
    expect((await createTestQuote(t, customerId, { deposit_percent: 0 })).deposit_cents).toBe(0);
    expect((await createTestQuote(t, customerId, { deposit_percent: 100 })).deposit_cents).toBe(1149_75);
  });

  it('refuses a line without price or a missing customer (400 naming the field)', async () => {
    const noPrice = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: { customer_id: customerId, lines: [{ description: 'X', quantity: '1' }] },
    });
    expect(noPrice.statusCode).toBe(400);
    expect(noPrice.json().errors[0].path).toBe('lines.0.unit_price_cents');
    const noCustomer = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: { customer_id: '0190a6c4-0000-7000-8000-000000000000' },
    });
    expect(noCustomer.statusCode).toBe(400);
    expect(noCustomer.json().errors[0].path).toBe('customer_id');
  });

  it('refuses an expired promo code on the draft (422 promo.expired)', async () => {
    await createPromoCode(t.ctx, {
      code: 'PASSE',
      discount_type: 'fixed',
      amount_off_cents: 50_00,
      min_amount_cents: 0,
      expires_at: new Date('2026-05-01T00:00:00Z'),
      max_uses: null,
      once_per_customer: false,
      is_active: true,
    });
    const response = await t.request({
      method: 'POST',
      url,
      as: 'staff',
      payload: {
        customer_id: customerId,
        promo_code: 'passe',
        lines: [{ description: 'X', quantity: '1', unit_price_cents: 100_00 }],
      },
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().code).toBe('promo.expired');
  });

  it('changes and deletes a draft; a sent quote is 409 for both', async () => {
    const quote = await createTestQuote(t, customerId);
    const patched = await t.request({
      method: 'PATCH',
      url: `${url}/${quote.id}`,
      as: 'staff',
      payload: {
        deposit_percent: 50,
        lines: [{ description: 'Pneus', quantity: '4', unit_price_cents: 100_00 }],
      },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ deposit_percent: 50, subtotal_cents: 400_00 });
    const bad = await t.request({
      method: 'PATCH',
      url: `${url}/${quote.id}`,
      as: 'staff',
      payload: { deposit_percent: 120 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('deposit_percent');
    await sendTestQuote(t, quote.id);
    const late = await t.request({
      method: 'PATCH',
      url: `${url}/${quote.id}`,
      as: 'staff',
      payload: { notes: 'x' },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('quote.not_draft');
    expect((await t.request({ method: 'DELETE', url: `${url}/${quote.id}`, as: 'staff' })).statusCode).toBe(
      409,
    );
    const draft = await createTestQuote(t, customerId);
    expect((await t.request({ method: 'DELETE', url: `${url}/${draft.id}`, as: 'staff' })).statusCode).toBe(
      204,
    );
    expect((await t.request({ method: 'GET', url: `${url}/${draft.id}`, as: 'staff' })).statusCode).toBe(404);
  });

  it('duplicates any quote into a new draft with the same lines', async () => {
    const quote = await createTestQuote(t, customerId);
    await sendTestQuote(t, quote.id);
    const copy = await t.request({ method: 'POST', url: `${url}/${quote.id}/duplicate`, as: 'staff' });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json()).toMatchObject({
      status: 'draft',
      number: null,
      duplicated_from_id: quote.id,
      total_cents: quote.total_cents,
      lines: quote.lines,
    });
  });
});

describe('the list', () => {
  it('finds by number or customer name, filters by customer and status, pages', async () => {
    const named = (await createTestCustomer(t.ctx, { last_name: 'Bérubé-Recherche' })).id;
    const first = await createTestQuote(t, named);
    const second = await createTestQuote(t, named);
    const { quote: sent } = await sendTestQuote(t, second.id);
    const list = (query: string) => t.request({ method: 'GET', url: `${url}?${query}`, as: 'staff' });
    const byName = (await list('q=recherche')).json();
    expect(byName.data.map((quote: { id: string }) => quote.id).sort()).toEqual([first.id, second.id].sort());
    expect(byName.data[0].customer_name).toContain('Bérubé-Recherche');
    expect((await list(`q=${sent.number}`)).json().data.map((quote: { id: string }) => quote.id)).toEqual([
      second.id,
    ]);
    expect(
      (await list(`customer_id=${named}&status=draft`)).json().data.map((quote: { id: string }) => quote.id),
    ).toEqual([first.id]);
    const paged = (await list(`customer_id=${named}&per_page=1&page=2`)).json();
    expect(paged.data).toHaveLength(1);
    expect(paged.pagination).toMatchObject({
      total: 2,
      page: 2,
      per_page: 1,
      pages: 2,
      has_prev: true,
      has_next: false,
    });
    const bad = await list('status=archived&per_page=500');
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((error: { path: string }) => error.path)
        .sort(),
    ).toEqual(['per_page', 'status']);
  });
});

describe('roles', () => {
  it.each([
    ['admin', 201],
    ['staff', 201],
    ['advisor', 403],
    ['client', 403],
    [undefined, 401],
  ] as const)('create as %s: %i', async (role, status) => {
    const response = await t.request({
      method: 'POST',
      url,
      ...asRole(role),
      payload: { customer_id: customerId },
    });
    expect(response.statusCode).toBe(status);
  });

  it('every write route refuses advisors and clients (403) and anonymous calls (401)', async () => {
    const quote = await createTestQuote(t, customerId);
    const routes: [string, string, Record<string, unknown> | undefined][] = [
      ['PATCH', `${url}/${quote.id}`, { notes: 'x' }],
      ['DELETE', `${url}/${quote.id}`, undefined],
      ['POST', `${url}/${quote.id}/send`, {}],
      ['POST', `${url}/${quote.id}/accept`, { name: 'X' }],
      ['POST', `${url}/${quote.id}/decline`, { reason: 'X' }],
      ['POST', `${url}/${quote.id}/duplicate`, undefined],
      ['POST', `/api/v1/orders/${quote.id}/invoice`, {}],
      ['POST', `/api/v1/orders/${quote.id}/cancel`, { reason: 'X' }],
    ];
    for (const [method, path, payload] of routes) {
      for (const [role, status] of [
        ['advisor', 403],
        ['client', 403],
        [undefined, 401],
      ] as const) {
        const response = await t.request({ method: method as 'POST', url: path, ...asRole(role), payload });
        expect(response.statusCode, `${method} ${path} as ${role}`).toBe(status);
      }
    }
    // Nothing was changed by any of them.
    expect((await t.request({ method: 'GET', url: `${url}/${quote.id}`, as: 'admin' })).json()).toMatchObject(
      { status: 'draft', notes: null },
    );
  });

  it('advisors read; a client reads only their own sent quotes (drafts and others 404)', async () => {
    const draft = await createTestQuote(t, customerId);
    const sent = await createTestQuote(t, customerId);
    await sendTestQuote(t, sent.id);
    const others = await createTestQuote(t, otherCustomerId);
    await sendTestQuote(t, others.id);
    expect((await t.request({ method: 'GET', url: `${url}/${draft.id}`, as: 'advisor' })).statusCode).toBe(
      200,
    );
    expect((await accept(sent.id, 'advisor')).statusCode).toBe(403);
    expect(
      (await t.request({ method: 'GET', url: `${url}/${sent.id}`, ...asRole('client') })).statusCode,
    ).toBe(200);
    expect(
      (await t.request({ method: 'GET', url: `${url}/${draft.id}`, ...asRole('client') })).statusCode,
    ).toBe(404);
    expect(
      (await t.request({ method: 'GET', url: `${url}/${others.id}`, ...asRole('client') })).statusCode,
    ).toBe(404);
    expect(
      (await t.request({ method: 'GET', url: `${url}/${sent.id}/pdf`, ...asRole('client') })).statusCode,
    ).toBe(200);
    expect(
      (await t.request({ method: 'GET', url: `${url}/${others.id}/pdf`, ...asRole('client') })).statusCode,
    ).toBe(404);
    const list = await t.request({ method: 'GET', url, ...asRole('client') });
    const ids = list.json().data.map((quote: { id: string }) => quote.id);
    expect(ids).toContain(sent.id);
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(others.id);
    expect((await accept(sent.id, 'client')).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url })).statusCode).toBe(401);
  });
});

describe('sending', () => {
  it('numbers it Q-…, emails a link and the PDF, and puts it on the timeline', async () => {
    const quote = await createTestQuote(t, customerId);
    const { quote: sent, token } = await sendTestQuote(t, quote.id);
    expect(sent.number).toMatch(/^Q-\d{6}$/);
    expect(sent.status).toBe('sent');
    expect(token.length).toBeGreaterThanOrEqual(43);
    const [row] = await t.ctx.db.select().from(quotes).where(eq(quotes.id, quote.id));
    // Only a hash is kept.
    expect(row!.public_token_hash).not.toContain(token);
    expect(await timelineTitles(customerId)).toContain(`Devis ${sent.number} envoyé par courriel`);
    expect(await auditActions(quote.id)).toEqual(['quote.created', 'quote.sent']);

    const pdf = await t.request({ method: 'GET', url: `${url}/${quote.id}/pdf`, as: 'staff' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const text = squeeze(await pdfText(pdf.rawPayload));
    expect(text).toContain('DEVIS');
    expect(text).toContain(sent.number);
    expect(text).toContain('VALIDE JUSQU’AU 3 juin 2026');
    expect(text).toMatch(/Acompte à l’acceptation \(30 %\) 344,93 \$/);
    const english = squeeze(
      await pdfText(
        (await t.request({ method: 'GET', url: `${url}/${quote.id}/pdf?lang=en`, as: 'staff' })).rawPayload,
      ),
    );
    expect(english).toContain('QUOTE');
    expect(english).toMatch(/Deposit on acceptance \(30%\) \$344\.93/);
  });

  it('refuses a quote without lines (422) and one past its validity (422 quote.expired)', async () => {
    const empty = await createTestQuote(t, customerId, { lines: [] });
    const none = await t.request({
      method: 'POST',
      url: `${url}/${empty.id}/send`,
      as: 'staff',
      payload: {},
    });
    expect(none.statusCode).toBe(422);
    expect(none.json().code).toBe('quote.no_lines');
    const old = await createTestQuote(t, customerId, { valid_until: '2026-05-01' });
    const late = await t.request({ method: 'POST', url: `${url}/${old.id}/send`, as: 'staff', payload: {} });
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe('quote.expired');
  });
});

describe('the customer’s page', () => {
  it('shows the quote without internal fields and marks it viewed once', async () => {
    const quote = await createTestQuote(t, customerId);
    const { token, quote: sent } = await sendTestQuote(t, quote.id);
    const first = await t.request({ method: 'GET', url: `/api/v1/public/quotes/${token}` });
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({
      number: sent.number,
      status: 'viewed',
      total_cents: 1149_75,
      deposit_cents: 344_93,
      language: 'fr-CA',
    });
    for (const field of ['id', 'customer_id', 'created_by', 'order_id', 'public_token_hash', 'accepted_ip']) {
      expect(body).not.toHaveProperty(field);
    }
    expect(body.lines[0]).not.toHaveProperty('product_id');
    await t.request({ method: 'GET', url: `/api/v1/public/quotes/${token}` });
    expect((await auditActions(quote.id)).filter((action) => action === 'quote.viewed')).toHaveLength(1);
    expect((await t.request({ method: 'GET', url: `${url}/${quote.id}`, as: 'staff' })).json().status).toBe(
      'viewed',
    );
  });

  it('answers 404 to a forged token and to a replaced one', async () => {
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/public/quotes/${'x'.repeat(43)}` })).statusCode,
    ).toBe(404);
    const quote = await createTestQuote(t, customerId);
    const { token: first } = await sendTestQuote(t, quote.id);
    const { token: second } = await sendTestQuote(t, quote.id);
    expect((await t.request({ method: 'GET', url: `/api/v1/public/quotes/${first}` })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/v1/public/quotes/${second}` })).statusCode).toBe(200);
  });

  it('accepts with the name, IP and user agent kept; the token is then refused (404)', async () => {
    const quote = await createTestQuote(t, customerId);
    const { token } = await sendTestQuote(t, quote.id);
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/public/quotes/${token}/accept`,
      remoteAddress: '203.0.113.7',
      headers: { 'user-agent': 'Mobile Safari' },
      payload: { name: 'Julie Tremblay' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      order_number: expect.stringMatching(/^CMD-\d{6}$/),
      deposit_total_cents: 344_93,
      // Online payment is off on this server; the customer gave no consent to email.
      payment_url: null,
      deposit_invoice_emailed: false,
    });
    const [row] = await t.ctx.db.select().from(quotes).where(eq(quotes.id, quote.id));
    expect(row).toMatchObject({
      status: 'accepted',
      accepted_by_name: 'Julie Tremblay',
      accepted_ip: '203.0.113.7',
      accepted_user_agent: 'Mobile Safari',
      accepted_via: 'public',
      accepted_at: now,
    });
    expect(await timelineTitles(customerId)).toContain(`Devis ${row!.number} accepté en ligne par le client`);
    for (const path of ['', '/accept', '/decline']) {
      const again = await t.request({
        method: path ? 'POST' : 'GET',
        url: `/api/v1/public/quotes/${token}${path}`,
        ...(path ? { payload: path === '/accept' ? { name: 'X' } : {} } : {}),
      });
      expect(again.statusCode, path).toBe(404);
    }
  });

  it('refuses an accept without a name (400 naming it)', async () => {
    const quote = await createTestQuote(t, customerId);
    const { token } = await sendTestQuote(t, quote.id);
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/public/quotes/${token}/accept`,
      payload: { name: ' ' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('name');
  });

  it('declines with a reason; recorded, and the link opens nothing more', async () => {
    const quote = await createTestQuote(t, customerId);
    const { token } = await sendTestQuote(t, quote.id);
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/public/quotes/${token}/decline`,
      payload: { reason: 'Trop cher' },
    });
    expect(response.statusCode, response.body).toBe(204);
    const read = (await t.request({ method: 'GET', url: `${url}/${quote.id}`, as: 'staff' })).json();
    expect(read).toMatchObject({ status: 'declined', decline_reason: 'Trop cher' });
    expect((await t.request({ method: 'GET', url: `/api/v1/public/quotes/${token}` })).statusCode).toBe(404);
  });

  it('limits the calls per address (429 with retry-after)', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 11; index += 1) {
      const response = await t.request({
        method: 'POST',
        url: `/api/v1/public/quotes/${'y'.repeat(43)}/decline`,
        remoteAddress: '198.51.100.99',
        payload: {},
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) expect(response.headers['retry-after']).toBeDefined();
    }
    expect(statuses.slice(0, 10).every((status) => status === 404)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe('accepting', () => {
  it('makes the order and its deposit invoice (finalized, due on receipt) in one go', async () => {
    const quote = await createTestQuote(t, customerId);
    const { quote: sent } = await sendTestQuote(t, quote.id);
    const response = await accept(quote.id);
    expect(response.statusCode, response.body).toBe(200);
    const { order_id, deposit_invoice_id } = response.json();
    const invoice = (
      await t.request({ method: 'GET', url: `/api/v1/invoices/${deposit_invoice_id}`, as: 'staff' })
    ).json();
    expect(invoice).toMatchObject({
      status: 'open',
      order_id,
      total_cents: 344_93,
      subtotal_cents: 300_00,
      taxes: [
        { code: 'GST', amount_cents: 15_00 },
        { code: 'QST', amount_cents: 29_93 },
      ],
      lines: [expect.objectContaining({ description: `Acompte 30 % — devis ${sent.number}`, taxable: true })],
    });
    expect(invoice.due_on).toBe(invoice.issued_on);
    const order = (await t.request({ method: 'GET', url: `/api/v1/orders/${order_id}`, as: 'staff' })).json();
    expect(order).toMatchObject({
      quote_id: quote.id,
      quote_number: sent.number,
      status: 'open',
      total_cents: 1149_75,
      deposit_invoice_id,
      invoices: [expect.objectContaining({ id: deposit_invoice_id, kind: 'deposit' })],
    });
    expect(order.lines).toEqual([
      expect.objectContaining({
        description: 'Remplacement des freins',
        quantity: '2.000',
        invoiced_quantity: '0',
        remaining_quantity: '2',
      }),
    ]);
    const read = (await t.request({ method: 'GET', url: `${url}/${quote.id}`, as: 'staff' })).json();
    expect(read).toMatchObject({
      status: 'accepted',
      order_id,
      accepted_by_name: 'Julie Tremblay',
      accepted_via: 'staff',
    });
    expect(await auditActions(quote.id)).toContain('quote.accepted');
    const { rows: events } = await t.database.db.execute<{ type: string }>(
      sql`select type from domain_events where entity_id in (${quote.id}, ${order_id}) order by id`,
    );
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['quote.created', 'quote.sent', 'quote.accepted', 'order.created']),
    );
    expect(await auditActions(order_id)).toContain('order.created');
    const titles = await timelineTitles(customerId);
    expect(titles.some((title) => title.startsWith(`Commande ${order.number} (devis ${sent.number})`))).toBe(
      true,
    );
  });

  it('writes the deposit line in English for an English-speaking customer', async () => {
    const english = (await createTestCustomer(t.ctx, { language_code: 'en-CA' })).id;
    const quote = await createTestQuote(t, english, { deposit_percent: 25 });
    const { quote: sent } = await sendTestQuote(t, quote.id);
    const { deposit_invoice_id } = (await accept(quote.id)).json();
    const invoice = (
      await t.request({ method: 'GET', url: `/api/v1/invoices/${deposit_invoice_id}`, as: 'staff' })
    ).json();
    expect(invoice.lines[0].description).toBe(`Deposit 25% — quote ${sent.number}`);
  });

  it('makes no deposit invoice at 0 %', async () => {
    const quote = await createTestQuote(t, customerId, { deposit_percent: 0 });
    await sendTestQuote(t, quote.id);
    const response = await accept(quote.id);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      deposit_invoice_id: null,
      payment_url: null,
      deposit_total_cents: 0,
    });
  });

  it('refuses a draft (409), an accepted (409), a declined (409) and an expired quote (422)', async () => {
    const draft = await createTestQuote(t, customerId);
    expect((await accept(draft.id)).json().code).toBe('quote.not_sent');

    const quote = await createTestQuote(t, customerId);
    await sendTestQuote(t, quote.id);
    expect((await accept(quote.id)).statusCode).toBe(200);
    const twice = await accept(quote.id);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('quote.already_accepted');

    const declined = await createTestQuote(t, customerId);
    await sendTestQuote(t, declined.id);
    const decline = await t.request({
      method: 'POST',
      url: `${url}/${declined.id}/decline`,
      as: 'staff',
      payload: { reason: 'Autre garage' },
    });
    expect(decline.statusCode, decline.body).toBe(200);
    const refused = await accept(declined.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('quote.declined');
    const noReason = await t.request({
      method: 'POST',
      url: `${url}/${draft.id}/decline`,
      as: 'staff',
      payload: {},
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('reason');

    const expiring = await createTestQuote(t, customerId, { valid_until: '2026-05-10' });
    const { token } = await sendTestQuote(t, expiring.id);
    now = new Date('2026-05-11T14:00:00Z');
    const late = await accept(expiring.id);
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe('quote.expired');
    expect(
      (await t.request({ method: 'GET', url: `${url}/${expiring.id}`, as: 'staff' })).json().status,
    ).toBe('expired');
    const expiredList = await t.request({
      method: 'GET',
      url: `${url}?status=expired&customer_id=${customerId}`,
      as: 'staff',
    });
    expect(expiredList.json().data.map((q: { id: string }) => q.id)).toContain(expiring.id);
    // The link expires with the quote.
    expect((await t.request({ method: 'GET', url: `/api/v1/public/quotes/${token}` })).statusCode).toBe(404);
    expect(await count('orders', sql`quote_id = ${expiring.id}`)).toBe(0);
  });

  it('redeems the promo code on acceptance: a code used up by then is 422 promo.exhausted, nothing made', async () => {
    await createPromoCode(t.ctx, {
      code: 'UNEFOIS',
      discount_type: 'fixed',
      amount_off_cents: 100_00,
      min_amount_cents: 0,
      max_uses: 1,
      once_per_customer: false,
      is_active: true,
    });
    const first = await createTestQuote(t, customerId, { promo_code: 'unefois' });
    const second = await createTestQuote(t, otherCustomerId, { promo_code: 'UNEFOIS' });
    expect(first).toMatchObject({
      promo_code: 'UNEFOIS',
      promo_discount_cents: 100_00,
      subtotal_cents: 1000_00,
    });
    await sendTestQuote(t, first.id);
    await sendTestQuote(t, second.id);
    expect((await accept(first.id)).statusCode).toBe(200);
    const refused = await accept(second.id);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().code).toBe('promo.exhausted');
    expect(await count('orders', sql`quote_id = ${second.id}`)).toBe(0);
    expect((await t.request({ method: 'GET', url: `${url}/${second.id}`, as: 'staff' })).json().status).toBe(
      'sent',
    );
    const { rows } = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from promo_code_redemptions where reference_id = ${first.id}`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('two acceptances at once make one order and one deposit invoice', async () => {
    const quote = await createTestQuote(t, customerId);
    const { token } = await sendTestQuote(t, quote.id);
    const responses = await Promise.all([
      t.request({ method: 'POST', url: `/api/v1/public/quotes/${token}/accept`, payload: { name: 'A' } }),
      t.request({ method: 'POST', url: `/api/v1/public/quotes/${token}/accept`, payload: { name: 'B' } }),
      accept(quote.id),
    ]);
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.every((status) => status === 200 || status === 404 || status === 409)).toBe(true);
    expect(await count('orders', sql`quote_id = ${quote.id}`)).toBe(1);
    const [order] = await t.ctx.db.select().from(orders).where(eq(orders.quote_id, quote.id));
    expect(await count('invoices', sql`order_id = ${order!.id}`)).toBe(1);
  });
});

describe('Loi 25', () => {
  it('exports the quotes and orders, and scrubs the acceptance evidence on anonymization (once)', async () => {
    const customer = (await createTestCustomer(t.ctx)).id;
    const quote = await createTestQuote(t, customer);
    const { token } = await sendTestQuote(t, quote.id);
    await t.request({
      method: 'POST',
      url: `/api/v1/public/quotes/${token}/accept`,
      remoteAddress: '203.0.113.8',
      payload: { name: 'Marc Gagnon' },
    });
    const exported = await quotesExportSection.read(t.ctx, customer);
    expect(exported.quotes).toHaveLength(1);
    expect(exported.quotes[0]).toMatchObject({ accepted_by_name: 'Marc Gagnon', accepted_ip: '203.0.113.8' });
    expect(exported.quotes[0]).not.toHaveProperty('public_token_hash');
    expect(exported.orders).toHaveLength(1);
    expect(exported.orders[0]!.lines).toHaveLength(1);

    const handler = quoteEventHandlers.find((entry) => entry.type === 'customer.anonymized')!;
    const run = () =>
      t.ctx.db.transaction((tx) =>
        handler.handle({ ...t.ctx, db: tx }, { customer_id: customer } as DomainEvent),
      );
    await run();
    await run();
    const [row] = await t.ctx.db.select().from(quotes).where(eq(quotes.id, quote.id));
    expect(row).toMatchObject({
      accepted_by_name: null,
      accepted_ip: null,
      accepted_user_agent: null,
      status: 'accepted',
    });
    expect((await auditActions(customer)).filter((action) => action === 'quote.anonymized_all')).toHaveLength(
      1,
    );
  });
});
