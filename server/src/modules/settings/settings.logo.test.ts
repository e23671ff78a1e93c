import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { multipart } from '../../../test/multipart.ts';
import type { Role } from '../../core/context.ts';
import { getCompanyLogo } from './settings.logo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const url = '/api/v1/settings/company/logo';

/** A plain image of this size and format, made by sharp. */
function image(width: number, height: number, format: 'png' | 'jpeg' | 'webp' | 'gif' = 'png') {
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 80, b: 160 } } })
    .toFormat(format)
    .toBuffer();
}

function upload(bytes: Buffer, options: { as?: Role | 'nobody'; type?: string; name?: string } = {}) {
  const body = multipart({}, { name: options.name ?? 'logo.png', type: options.type ?? 'image/png', bytes });
  const as = options.as ?? 'admin';
  return t.request({
    method: 'PUT',
    url,
    as: as === 'nobody' ? undefined : as,
    headers: body.headers,
    payload: body.payload,
  });
}

async function recorded(action: string) {
  const audit = await t.database.db.execute<{
    entity: string;
    customer_id: string | null;
    changed_fields: string[];
  }>(sql`select entity, customer_id, changed_fields from audit_log where action = ${action}`);
  const events = await t.database.db.execute<{ customer_id: string | null }>(
    sql`select customer_id from domain_events where type = ${action}`,
  );
  const timeline = await t.database.db.execute(
    sql`select 1 from customer_activity where reference_table = 'company_settings'`,
  );
  return { audit: audit.rows, events: events.rows, timeline: timeline.rows.length };
}

// In order: the first tests see no logo, later ones what earlier ones saved.
describe('company logo', () => {
  it('is absent at first: 404, and has_logo false', async () => {
    expect((await t.request({ method: 'GET', url })).statusCode).toBe(404);
    const settings = await t.request({ method: 'GET', url: '/api/v1/settings/company', as: 'staff' });
    expect(settings.json()).toMatchObject({ has_logo: false, logo_sha256: null });
  });

  it('stores a JPEG as a PNG fitting 600×200, aspect kept, recorded without a timeline entry', async () => {
    const response = await upload(await image(1200, 300, 'jpeg'), { name: 'logo.jpg', type: 'image/jpeg' });
    expect(response.statusCode, response.body).toBe(200);
    const logo = await getCompanyLogo(t.ctx);
    expect(logo).toMatchObject({ width: 600, height: 150 });
    const meta = await sharp(logo!.png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 600, height: 150 });
    const sha256 = createHash('sha256').update(logo!.png).digest('hex');
    expect(response.json()).toEqual({ sha256 });
    expect(logo!.sha256).toBe(sha256);

    const settings = await t.request({ method: 'GET', url: '/api/v1/settings/company', as: 'advisor' });
    expect(settings.json()).toMatchObject({ has_logo: true, logo_sha256: sha256 });

    const changes = await recorded('settings.logo_updated');
    expect(changes.audit).toEqual([
      { entity: 'company_settings', customer_id: null, changed_fields: ['logo'] },
    ]);
    expect(changes.events).toEqual([{ customer_id: null }]);
    expect(changes.timeline).toBe(0);
  });

  it('keeps a small logo its size and takes a WebP', async () => {
    const response = await upload(await image(120, 80, 'webp'), { name: 'logo.webp', type: 'image/webp' });
    expect(response.statusCode, response.body).toBe(200);
    expect(await getCompanyLogo(t.ctx)).toMatchObject({ width: 120, height: 80 });
  });

  it('a tall image is limited by the height', async () => {
    const response = await upload(await image(300, 900));
    expect(response.statusCode, response.body).toBe(200);
    expect(await getCompanyLogo(t.ctx)).toMatchObject({ width: 67, height: 200 });
  });

  it('is served to anyone, with its SHA-256 as ETag, and 304 when unchanged', async () => {
    const logo = (await getCompanyLogo(t.ctx))!;
    const response = await t.request({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers.etag).toBe(`"${logo.sha256}"`);
    expect(response.headers['cache-control']).toContain('no-cache');
    expect(response.rawPayload.equals(logo.png)).toBe(true);

    const again = await t.request({ method: 'GET', url, headers: { 'if-none-match': `"${logo.sha256}"` } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(`"${logo.sha256}"`);

    const stale = await t.request({
      method: 'GET',
      url,
      headers: { 'if-none-match': `"${'0'.repeat(64)}"` },
    });
    expect(stale.statusCode).toBe(200);
  });

  it.each([
    ['a GIF', () => image(40, 40, 'gif'), 'image/gif', 415],
    [
      'a text file called logo.png',
      async () => Buffer.from('not an image at all, just text'),
      'image/png',
      415,
    ],
    ['a truncated PNG', async () => (await image(200, 100)).subarray(0, 60), 'image/png', 415],
    ['an empty file', async () => Buffer.alloc(0), 'image/png', 400],
    [
      'a file over 2 MB',
      async () => Buffer.concat([await image(10, 10), Buffer.alloc(2 * 1024 * 1024)]),
      'image/png',
      413,
    ],
  ])('refuses %s, naming the file, and keeps the logo', async (_what, bytes, type, status) => {
    const before = (await getCompanyLogo(t.ctx))!.sha256;
    const response = await upload(await bytes(), { type });
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().errors).toEqual([expect.objectContaining({ path: 'file' })]);
    expect((await getCompanyLogo(t.ctx))!.sha256).toBe(before);
  });

  it('needs a multipart body with a file', async () => {
    const json = await t.request({ method: 'PUT', url, as: 'admin', payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const body = multipart({ title: 'no file' });
    const noFile = await t.request({
      method: 'PUT',
      url,
      as: 'admin',
      headers: body.headers,
      payload: body.payload,
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().errors).toEqual([{ path: 'file', message: 'Required' }]);
  });

  it.each([
    ['staff', 403],
    ['advisor', 403],
    ['client', 403],
    ['nobody', 401],
  ] as const)('refuses a %s to replace or remove it (%i)', async (role, status) => {
    const before = (await getCompanyLogo(t.ctx))!.sha256;
    expect((await upload(await image(50, 50), { as: role })).statusCode).toBe(status);
    const removed = await t.request({ method: 'DELETE', url, as: role === 'nobody' ? undefined : role });
    expect(removed.statusCode).toBe(status);
    expect((await getCompanyLogo(t.ctx))!.sha256).toBe(before);
  });

  it('is removed by an admin (recorded once), then absent; removing again is harmless', async () => {
    const removed = await t.request({ method: 'DELETE', url, as: 'admin' });
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await getCompanyLogo(t.ctx)).toBeUndefined();
    expect((await t.request({ method: 'GET', url })).statusCode).toBe(404);
    const settings = await t.request({ method: 'GET', url: '/api/v1/settings/company', as: 'admin' });
    expect(settings.json()).toMatchObject({ has_logo: false, logo_sha256: null });

    expect((await t.request({ method: 'DELETE', url, as: 'admin' })).statusCode).toBe(204);
    const changes = await recorded('settings.logo_removed');
    expect(changes.audit).toEqual([
      { entity: 'company_settings', customer_id: null, changed_fields: ['logo'] },
    ]);
    expect(changes.events).toHaveLength(1);
  });
});
