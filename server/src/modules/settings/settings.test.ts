import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import type { Role } from '../../core/context.ts';
import { getCompanySettings, getCompanyTaxProfile } from './settings.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const url = '/api/v1/settings/company';

function put(payload: Record<string, unknown>, as: Role | 'nobody' = 'admin') {
  return t.request({ method: 'PUT', url, as: as === 'nobody' ? undefined : as, payload });
}

async function recordedChanges() {
  const audit = await t.database.db.execute<{
    action: string;
    entity: string;
    customer_id: string | null;
    changed_fields: string[];
  }>(
    sql`select action, entity, customer_id, changed_fields from audit_log where action = 'settings.company_updated' order by occurred_at, id`,
  );
  const events = await t.database.db.execute<{ type: string; customer_id: string | null; payload: unknown }>(
    sql`select type, customer_id, payload from domain_events where type = 'settings.company_updated' order by seq`,
  );
  return { audit: audit.rows, events: events.rows };
}

// In order: the first tests see the defaults, later ones what earlier ones saved.
describe('company settings', () => {
  it('are the defaults of a Québec company until saved', async () => {
    const response = await t.request({ method: 'GET', url, as: 'staff' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Atrium',
      province: 'QC',
      country: 'CA',
      tax_profile: 'QC',
      taxes: [
        { code: 'GST', rate_ppm: 50_000, rate: '5' },
        { code: 'QST', rate_ppm: 99_750, rate: '9.975' },
      ],
      gst_number: null,
      qst_number: null,
      is_set: false,
      updated_at: null,
    });
    expect((await getCompanyTaxProfile(t.ctx)).code).toBe('QC');
  });

  it.each([
    ['admin', 200],
    ['staff', 200],
    ['advisor', 200],
    ['client', 403],
    [undefined, 401],
  ] as const)('GET as %s answers %i', async (role, status) => {
    const response = await t.request({ method: 'GET', url, as: role });
    expect(response.statusCode, response.body).toBe(status);
  });

  it.each([
    ['staff', 403],
    ['advisor', 403],
    ['client', 403],
    ['nobody', 401],
  ] as const)('PUT as %s answers %i and changes nothing', async (role, status) => {
    const response = await put({ name: 'Pirate inc.' }, role);
    expect(response.statusCode, response.body).toBe(status);
    expect((await getCompanySettings(t.ctx)).name).not.toBe('Pirate inc.');
  });

  it('saves what an admin gives, written the way documents print it', async () => {
    const response = await put({
      name: '  Garage Tremblay  ',
      legal_name: 'Garage Tremblay et Fils inc.',
      address_line1: '123, rue Principale',
      address_line2: '',
      city: 'Lévis',
      province: 'qc',
      postal_code: 'g6v1a1',
      phone: '418 555-0199',
      email: 'Factures@Garage-Tremblay.ca',
      website: 'www.garage-tremblay.ca',
      gst_number: '123456789 rt 0001',
      qst_number: '1234567890-TQ-0001',
      tax_profile: 'QC',
      document_terms_fr: 'Payable sur réception.',
      document_terms_en: 'Due on receipt.',
      document_footer_fr: 'Merci de votre confiance!',
      document_footer_en: 'Thank you for your business!',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Garage Tremblay',
      address_line2: null,
      city: 'Lévis',
      province: 'QC',
      postal_code: 'G6V 1A1',
      country: 'CA',
      phone: '+14185550199',
      email: 'factures@garage-tremblay.ca',
      website: 'https://www.garage-tremblay.ca/',
      gst_number: '123456789RT0001',
      qst_number: '1234567890TQ0001',
      is_set: true,
    });
    expect(response.json().updated_at).toEqual(expect.any(String));
    const read = await t.request({ method: 'GET', url, as: 'advisor' });
    expect(read.json()).toEqual(response.json());
  });

  it('records the change for the audit and the outbox, about no customer and on no timeline', async () => {
    const { audit, events } = await recordedChanges();
    expect(audit.at(-1)).toEqual({
      action: 'settings.company_updated',
      entity: 'company_settings',
      customer_id: null,
      changed_fields: expect.arrayContaining(['name', 'city', 'gst_number', 'qst_number']),
    });
    // Unchanged values are not named: the tax profile was already QC.
    expect(audit.at(-1)!.changed_fields).not.toContain('tax_profile');
    expect(events.at(-1)).toMatchObject({ type: 'settings.company_updated', customer_id: null });
    expect(audit).toHaveLength(1);
  });

  it('changes only the fields given; null clears one', async () => {
    const response = await put({ website: null, document_footer_en: 'Thanks!' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Garage Tremblay',
      gst_number: '123456789RT0001',
      website: null,
      document_footer_en: 'Thanks!',
    });
    const { audit } = await recordedChanges();
    expect(audit.at(-1)!.changed_fields.sort()).toEqual(['document_footer_en', 'website']);
  });

  it('takes a province elsewhere than in Canada as written, and a postal code of that country', async () => {
    const response = await put({ country: 'FR', province: 'Île-de-France', postal_code: '75001' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ country: 'FR', province: 'Île-de-France', postal_code: '75001' });
    // Back in Canada, the stored French region and postal code do not do: both must be given again.
    const back = await put({ country: 'CA' });
    expect(back.statusCode).toBe(400);
    expect(back.json().errors.map((error: { path: string }) => error.path)).toEqual([
      'province',
      'postal_code',
    ]);
    const fixed = await put({ country: 'CA', province: 'QC', postal_code: 'G6V 1A1' });
    expect(fixed.statusCode, fixed.body).toBe(200);
  });

  it.each([
    ['an empty name', { name: '  ' }, 'name'],
    ['a name too long', { name: 'x'.repeat(201) }, 'name'],
    ['an unknown province', { province: 'XX' }, 'province'],
    ['a bad Canadian postal code', { postal_code: '12345' }, 'postal_code'],
    ['an unknown country', { country: 'ZZ' }, 'country'],
    ['a bad phone number', { phone: '123' }, 'phone'],
    ['a bad email', { email: 'factures@' }, 'email'],
    ['a bad website', { website: 'ftp://garage.ca' }, 'website'],
    ['a website without a domain', { website: 'garage' }, 'website'],
    ['a GST number of 8 digits', { gst_number: '12345678RT0001' }, 'gst_number'],
    ['a GST number with TQ', { gst_number: '123456789TQ0001' }, 'gst_number'],
    ['a QST number of 9 digits', { qst_number: '123456789TQ0001' }, 'qst_number'],
    ['a QST number with RT', { qst_number: '1234567890RT0001' }, 'qst_number'],
    ['an unknown tax profile', { tax_profile: 'QUEBEC' }, 'tax_profile'],
    ['a tax profile in lower case', { tax_profile: 'qc' }, 'tax_profile'],
    ['document terms too long', { document_terms_fr: 'x'.repeat(2_001) }, 'document_terms_fr'],
    ['a name that is not text', { name: 42 }, 'name'],
    ['an unknown field', { logo: 'x.png' }, 'logo'],
  ])('refuses %s (400 naming the field) and keeps what was saved', async (_case, payload, path) => {
    const before = await getCompanySettings(t.ctx);
    const response = await put(payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().code).toBe('request.invalid');
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await getCompanySettings(t.ctx)).toEqual(before);
  });

  it('clears a registration number given blank', async () => {
    const response = await put({ qst_number: '  ' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().qst_number).toBeNull();
    expect((await put({ qst_number: '1234567890TQ0001' })).statusCode).toBe(200);
  });

  it('switches the tax profile new invoices use', async () => {
    const response = await put({ tax_profile: 'ON', province: 'ON', postal_code: 'M5V 2T6' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      tax_profile: 'ON',
      taxes: [{ code: 'HST', rate_ppm: 130_000, rate: '13' }],
    });
    expect((await getCompanyTaxProfile(t.ctx)).code).toBe('ON');
  });

  it('two admins saving at once both succeed, one after the other', async () => {
    const [a, b] = await Promise.all([put({ city: 'Toronto' }), put({ phone: '416 555 0100' })]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(await getCompanySettings(t.ctx)).toMatchObject({ city: 'Toronto', phone: '+14165550100' });
  });
});
