import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';

// Invoices are charged with the company's tax profile (settings), read when they are written.
let t: TestApp;
let customerId: string;
beforeAll(async () => {
  t = await createTestApp();
  customerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(() => t.close());

async function createDraft() {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/invoices',
    as: 'staff',
    payload: {
      customer_id: customerId,
      lines: [{ description: 'Main-d’œuvre', quantity: '1', unit_price_cents: 100_00 }],
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function finalize(id: string) {
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/invoices/${id}/finalize`,
    as: 'staff',
    payload: {},
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function read(id: string) {
  return (await t.request({ method: 'GET', url: `/api/v1/invoices/${id}`, as: 'admin' })).json();
}

async function setProfile(tax_profile: string) {
  const response = await t.request({
    method: 'PUT',
    url: '/api/v1/settings/company',
    as: 'admin',
    payload: { tax_profile },
  });
  expect(response.statusCode, response.body).toBe(200);
}

const quebec = [
  { code: 'GST', rate: '5', rate_ppm: 50_000, amount_cents: 5_00 },
  { code: 'QST', rate: '9.975', rate_ppm: 99_750, amount_cents: 9_98 },
];

describe('the company tax profile', () => {
  let issuedInQuebec: { id: string };
  let draftFromQuebec: { id: string };

  it('is Québec by default: GST and QST', async () => {
    issuedInQuebec = await finalize((await createDraft()).id);
    expect(issuedInQuebec).toMatchObject({ taxes: quebec, total_cents: 114_98 });
    draftFromQuebec = await createDraft();
    expect(draftFromQuebec).toMatchObject({ taxes: quebec, total_cents: 114_98 });
  });

  it('an Ontario company charges HST 13 % on a new invoice; issued invoices keep what they charged', async () => {
    await setProfile('ON');
    const draft = await createDraft();
    expect(draft).toMatchObject({
      taxes: [{ code: 'HST', rate: '13', rate_ppm: 130_000, amount_cents: 13_00 }],
      taxable_cents: 100_00,
      total_cents: 113_00,
    });
    const issued = await finalize(draft.id);
    expect(issued).toMatchObject({ taxes: [{ code: 'HST', amount_cents: 13_00 }], total_cents: 113_00 });
    expect(await read(issuedInQuebec.id)).toMatchObject({
      taxes: quebec,
      total_cents: 114_98,
      balance_due_cents: 114_98,
    });
  });

  it('a draft written before the change is charged the profile in force when it is finalized', async () => {
    // Not charged yet: the stored preview is what it was…
    expect(await read(draftFromQuebec.id)).toMatchObject({ taxes: quebec });
    // …and finalizing recomputes it in the same transaction, with the company's profile then.
    const issued = await finalize(draftFromQuebec.id);
    expect(issued).toMatchObject({ taxes: [{ code: 'HST', amount_cents: 13_00 }], total_cents: 113_00 });
  });

  it.each([
    ['GST_ONLY', [{ code: 'GST', amount_cents: 5_00 }], 105_00],
    ['NONE', [], 100_00],
    ['NS', [{ code: 'HST', rate: '14', amount_cents: 14_00 }], 114_00],
  ] as const)('profile %s', async (profile, taxes, total) => {
    await setProfile(profile);
    const draft = await createDraft();
    expect(draft.taxes).toHaveLength(taxes.length);
    expect(draft).toMatchObject({ taxes, total_cents: total });
  });
});
