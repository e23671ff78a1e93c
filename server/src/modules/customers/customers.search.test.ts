import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { createContact, deleteContact, updateContact } from './contacts.service.ts';
import { archiveCustomer, updateCustomer } from './customers.service.ts';

// Its own database: the totals below count every customer a name finds.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Found {
  ids: string[];
  names: string[];
  total: number;
  status: number;
}

async function search(
  q: string,
  options: { as?: 'staff' | 'admin' | 'advisor'; query?: string; headers?: Record<string, string> } = {},
): Promise<Found> {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/customers?q=${encodeURIComponent(q)}${options.query ?? ''}`,
    ...(options.headers ? { headers: options.headers } : { as: options.as ?? 'staff' }),
  });
  const body = response.json();
  return {
    status: response.statusCode,
    ids: body.data?.map((row: { id: string }) => row.id) ?? [],
    names: body.data?.map((row: { display_name: string }) => row.display_name) ?? [],
    total: body.pagination?.total ?? 0,
  };
}

describe('customer search by name', () => {
  it('matches the words of a name from any word, in order, the last one as a prefix', async () => {
    const customer = await createTestCustomer(t.ctx, {
      first_name: 'Jean-Michel',
      last_name: 'Vasseur-Côté',
    });
    for (const q of [
      'jean michel vasseur',
      'Vasseur Jean',
      'michel vass',
      'COTE',
      'jean vasseur',
      'côté jean-michel',
    ]) {
      expect((await search(q)).ids, q).toContain(customer.id);
    }
    for (const q of ['vasseur michel jean x', 'bernard']) {
      expect((await search(q)).ids, q).not.toContain(customer.id);
    }
  });

  it('ranks the words as typed before spelling variants, and tolerates a typo in any word', async () => {
    const exact = await createTestCustomer(t.ctx, { first_name: 'Marc', last_name: 'Gagnon' });
    const variant = await createTestCustomer(t.ctx, { first_name: 'Marc', last_name: 'Gagné' });
    const found = await search('marc gagnon');
    expect(found.ids.indexOf(exact.id)).toBe(0);
    expect(found.ids).toContain(variant.id);
    expect((await search('mark gagne')).ids).toEqual(expect.arrayContaining([exact.id, variant.id]));
    expect((await search('gagne')).ids[0]).toBe(variant.id);
  });

  it('finds a company by the name of one of its contacts, and follows the contact when it changes', async () => {
    const company = await createTestCustomer(t.ctx, {
      kind: 'company',
      first_name: null,
      last_name: null,
      company_name: 'Garage Côté inc.',
    });
    const contact = await createContact(t.ctx, company.id, { first_name: 'Ginette', last_name: 'Lapointe' });
    expect((await search('ginette lapointe')).ids).toEqual([company.id]);
    expect((await search('garage cote')).ids).toEqual([company.id]);

    await updateContact(t.ctx, company.id, contact.id, { last_name: 'Bouchard' });
    expect((await search('ginette lapointe')).ids).toEqual([]);
    expect((await search('ginette bouchard')).ids).toEqual([company.id]);

    await deleteContact(t.ctx, company.id, contact.id);
    expect((await search('ginette bouchard')).ids).toEqual([]);
  });

  it('follows a renamed customer', async () => {
    const customer = await createTestCustomer(t.ctx, { first_name: 'Odile', last_name: 'Fortier' });
    await updateCustomer(t.ctx, customer.id, { last_name: 'Beaulieu' });
    expect((await search('odile fortier')).ids).toEqual([]);
    expect((await search('odile beaulieu')).ids).toEqual([customer.id]);
  });

  it('pages the hits and counts them', async () => {
    const created = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        createTestCustomer(t.ctx, {
          first_name: `Prénom${String(index).padStart(2, '0')}`,
          last_name: 'Pelletrau',
        }),
      ),
    );
    const first = await search('pelletrau', { query: '&per_page=10' });
    expect(first.total).toBe(25);
    expect(first.ids).toHaveLength(10);
    const third = await search('pelletrau', { query: '&per_page=10&page=3' });
    expect(third.ids).toHaveLength(5);
    const past = await search('pelletrau', { query: '&per_page=10&page=4' });
    expect(past).toMatchObject({ ids: [], total: 25 });
    const all = [
      ...first.ids,
      ...(await search('pelletrau', { query: '&per_page=10&page=2' })).ids,
      ...third.ids,
    ];
    expect(new Set(all)).toEqual(new Set(created.map((customer) => customer.id)));
  });

  it('stops counting at 200 hits', async () => {
    for (let batch = 0; batch < 21; batch += 1) {
      await Promise.all(
        Array.from({ length: 10 }, () =>
          createTestCustomer(t.ctx, { first_name: 'Zénon', last_name: 'Abondant' }),
        ),
      );
    }
    const found = await search('abondant', { query: '&per_page=100&page=2' });
    expect(found.total).toBe(200);
    expect(found.ids).toHaveLength(100);
  });

  it('applies the list filters to the hits', async () => {
    const vip = await createTestCustomer(t.ctx, {
      first_name: 'Rémi',
      last_name: 'Filtrable',
      segments: ['VIP'],
    });
    const other = await createTestCustomer(t.ctx, { first_name: 'Rémi', last_name: 'Filtrable' });
    expect(new Set((await search('filtrable')).ids)).toEqual(new Set([vip.id, other.id]));
    expect((await search('filtrable', { query: '&segment=VIP' })).ids).toEqual([vip.id]);
    expect((await search('filtrable', { query: '&kind=company' })).ids).toEqual([]);
    expect((await search('filtrable', { query: '&privacy_level=normal' })).total).toBe(2);
  });
});

describe('customer search visibility', () => {
  it('finds a confidentiel customer only for admins and the assigned staff member', async () => {
    const assigned = await t.signInNewUser('staff');
    const other = await t.signInNewUser('staff');
    const customer = await createTestCustomer(t.ctx, {
      first_name: 'Hortense',
      last_name: 'Secrète',
      privacy_level: 'confidentiel',
      assigned_user_id: assigned.id,
    });
    expect((await search('hortense secrete', { headers: assigned.headers })).ids).toEqual([customer.id]);
    expect((await search('hortense secrete', { headers: other.headers })).ids).toEqual([]);
    expect((await search('hortense secrete', { as: 'advisor' })).ids).toEqual([]);
    expect((await search('hortense secrete', { as: 'admin' })).ids).toEqual([customer.id]);

    // Made normal, everyone finds it; assigned to nobody while confidentiel, only admins.
    await updateCustomer(t.ctx, customer.id, { privacy_level: 'normal' });
    expect((await search('hortense secrete', { headers: other.headers })).ids).toEqual([customer.id]);
    await updateCustomer(t.ctx, customer.id, { privacy_level: 'confidentiel', assigned_user_id: null });
    expect((await search('hortense secrete', { headers: assigned.headers })).ids).toEqual([]);
    expect((await search('hortense secrete', { as: 'admin' })).ids).toEqual([customer.id]);
  });

  it('leaves archived customers out unless asked', async () => {
    const customer = await createTestCustomer(t.ctx, { first_name: 'Armand', last_name: 'Rangé' });
    await archiveCustomer(t.ctx, customer.id);
    expect((await search('armand range')).ids).toEqual([]);
    expect((await search('armand range', { query: '&archived=only' })).ids).toEqual([customer.id]);
    expect((await search('armand range', { query: '&archived=include' })).ids).toEqual([customer.id]);
  });

  it('shows a client only their own record', async () => {
    const own = await createTestCustomer(t.ctx, { first_name: 'Clément', last_name: 'Client' });
    await createTestCustomer(t.ctx, { first_name: 'Clément', last_name: 'Client' });
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/customers?q=clement%20client',
      as: 'client',
      customerId: own.id,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.map((row: { id: string }) => row.id)).toEqual([own.id]);
  });

  it('finds names and identifiers together', async () => {
    const company = await createTestCustomer(t.ctx, {
      kind: 'company',
      first_name: null,
      last_name: null,
      company_name: 'Garage 2000 inc.',
    });
    const found = await search('garage 2000');
    expect(found.ids).toEqual([company.id]);
  });
});
