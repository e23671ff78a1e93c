import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { multipart } from '../../../test/multipart.ts';
import type { Role } from '../../core/context.ts';
import { LocalDiskStorage } from '../../core/storage.ts';
import type { DocumentSettings } from './documents.service.ts';

let t: TestApp;
let dir: string;
let storage: LocalDiskStorage;
let customerId: string;
let otherCustomerId: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'atrium-documents-'));
  storage = new LocalDiskStorage(path.join(dir, 'files'));
  t = await createTestApp({ documents: settings(50 * 1024 * 1024) });
  customerId = (await createTestCustomer(t.ctx)).id;
  otherCustomerId = (await createTestCustomer(t.ctx)).id;
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

function settings(maxUploadSize: number): DocumentSettings {
  return { storage, maxUploadSize, retentionDays: 2190, cacheDir: path.join(dir, 'cache') };
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pdf = (text = `${Math.random()}`) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${text}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
  );

async function upload(
  bytes: Buffer,
  fields: Record<string, string> = {},
  options: { name?: string; type?: string; as?: Role; customer?: string; app?: TestApp } = {},
) {
  const body = multipart(
    { title: 'Contrat de service', category: 'contract', access_level: 'staff', ...fields },
    { name: options.name ?? 'Contrat signé.pdf', type: options.type ?? 'application/pdf', bytes },
  );
  return (options.app ?? t).request({
    method: 'POST',
    url: `/api/v1/customers/${options.customer ?? customerId}/documents`,
    as: options.as ?? 'staff',
    customerId: options.as === 'client' ? customerId : undefined,
    headers: { ...body.headers, 'user-agent': 'vitest-agent' },
    payload: body.payload,
  });
}

async function uploaded(bytes: Buffer, fields: Record<string, string> = {}, name?: string) {
  const response = await upload(bytes, fields, { name });
  if (response.statusCode !== 201)
    throw new Error(`upload answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

async function storedFiles() {
  const found: string[] = [];
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) await walk(path.join(at, entry.name));
      else found.push(entry.name);
    }
  };
  await walk(path.join(dir, 'files'));
  return found;
}

async function auditActions(entityId: string) {
  const { rows } = await t.database.db.execute<{ action: string }>(
    sql`select action from audit_log where entity_id = ${entityId} order by id`,
  );
  return rows.map((row) => row.action);
}

describe('upload and download', () => {
  it('gives back the same bytes under the same SHA-256, with the sanitized name (RFC 5987 for accents)', async () => {
    const bytes = pdf();
    const document = await uploaded(bytes);
    expect(document).toMatchObject({
      customer_id: customerId,
      title: 'Contrat de service',
      category: 'contract',
      access_level: 'staff',
      current_version: 1,
      deduplicated: false,
      version: {
        version: 1,
        sha256: sha(bytes),
        size: bytes.length,
        mime_type: 'application/pdf',
        file_name: 'Contrat signé.pdf',
      },
    });
    const download = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${document.id}/content`,
      as: 'staff',
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload).toEqual(bytes);
    expect(sha(download.rawPayload)).toBe(document.version.sha256);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Contrat signe.pdf"; filename*=UTF-8''Contrat%20sign%C3%A9.pdf`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    const timeline = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customerId}/timeline?type=document`,
      as: 'staff',
    });
    expect(timeline.json().data.map((entry: { title: string }) => entry.title)).toContain(
      'Document ajouté : Contrat de service',
    );
    expect(await auditActions(document.id)).toEqual(['document.uploaded', 'document.downloaded']);
  });

  it('stores identical content once', async () => {
    const bytes = pdf('twice');
    const first = await uploaded(bytes, { title: 'Premier' });
    const second = await uploaded(bytes, { title: 'Second' });
    expect(second.id).not.toBe(first.id);
    expect(second.version.sha256).toBe(first.version.sha256);
    expect(second.deduplicated).toBe(true);
    expect((await storedFiles()).filter((name) => name === first.version.sha256)).toHaveLength(1);
  });

  it('detects plain text, and keeps only the last segment of a hostile file name', async () => {
    const document = await uploaded(
      Buffer.from('Notes de l’appel : rappeler lundi.\n'),
      {},
      '../../etc/pa\u202Esswd\u0007.txt',
    );
    expect(document.version).toMatchObject({ mime_type: 'text/plain', file_name: 'passwd.txt' });
    expect(document.title).toBe('Contrat de service');
  });
});

describe('what is refused, leaving nothing behind', () => {
  it('answers 413 document.too_large past MAX_UPLOAD_SIZE, while streaming: no file, no row', async () => {
    const small = await createTestApp({ documents: settings(1024) });
    try {
      const customer = await createTestCustomer(small.ctx);
      const before = await storedFiles();
      const bytes = pdf('x'.repeat(5000));
      const response = await upload(bytes, {}, { app: small, customer: customer.id });
      expect(response.statusCode).toBe(413);
      expect(response.json().code).toBe('document.too_large');
      expect(await storedFiles()).toEqual(before);
      expect(await storage.exists(sha(bytes))).toBe(false);
      const { rows } = await small.database.db.execute(
        sql`select id from customer_documents where customer_id = ${customer.id}`,
      );
      expect(rows).toEqual([]);
      // Under the limit, the same app accepts.
      expect((await upload(pdf(), {}, { app: small, customer: customer.id })).statusCode).toBe(201);
    } finally {
      await small.close();
    }
  });

  it.each([
    [
      'an .exe named .pdf',
      Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00'), Buffer.alloc(200, 0)]),
      'facture.pdf',
      'application/pdf',
    ],
    [
      'HTML sent as image/png',
      Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'),
      'photo.png',
      'image/png',
    ],
    [
      'a ZIP archive',
      Buffer.from('504b0304140000000800000000000000000000000000000000000800000061626364', 'hex'),
      'docs.zip',
      'application/zip',
    ],
    [
      'binary noise',
      Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81, 0x00, 0x02]),
      'notes.txt',
      'text/plain',
    ],
  ])(
    'answers 415 document.type_not_allowed for %s (by content), storing nothing',
    async (_label, bytes, name, type) => {
      const before = await storedFiles();
      const response = await upload(bytes, {}, { name, type });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toMatchObject({
        code: 'document.type_not_allowed',
        errors: [{ path: 'file' }],
      });
      expect(await storedFiles()).toEqual(before);
    },
  );

  it('answers 400 for an empty file, a missing file, or a bad field (named), storing nothing', async () => {
    const before = await storedFiles();
    const empty = await upload(Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('document.empty');
    const noFile = multipart({ title: 'Sans fichier' });
    const missing = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customerId}/documents`,
      as: 'staff',
      ...noFile,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([{ path: 'file', message: 'Required' }]);
    const badLevel = await upload(pdf(), { access_level: 'secret' });
    expect(badLevel.statusCode).toBe(400);
    expect(badLevel.json().errors[0].path).toBe('access_level');
    const json = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customerId}/documents`,
      as: 'staff',
      payload: {},
    });
    expect(json.statusCode).toBe(415);
    expect(await storedFiles()).toEqual(before);
  });
});

describe('integrity', () => {
  it('never serves tampered content: 409 on download, preview and verify, audited, shown on the version', async () => {
    const bytes = pdf('original');
    const document = await uploaded(bytes);
    const verified = await t.request({
      method: 'POST',
      url: `/api/v1/documents/${document.id}/verify`,
      as: 'staff',
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ valid: true, sha256: sha(bytes), version: 1 });

    await writeFile(storage.pathOf(document.version.sha256), pdf('falsifié'));
    for (const [method, url] of [
      ['GET', `/api/v1/documents/${document.id}/content`],
      ['GET', `/api/v1/documents/${document.id}/preview`],
      ['POST', `/api/v1/documents/${document.id}/verify`],
    ] as const) {
      const response = await t.request({ method, url, as: 'admin' });
      expect(response.statusCode, url).toBe(409);
      expect(response.json().code).toBe('document.integrity_failed');
      expect(response.body).not.toContain('falsifié');
    }
    expect(await auditActions(document.id)).toEqual([
      'document.uploaded',
      'document.verified',
      'document.integrity_failed',
      'document.integrity_failed',
      'document.integrity_failed',
    ]);
    const versions = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${document.id}/versions`,
      as: 'admin',
    });
    expect(versions.json().data[0].integrity_failed_at).toEqual(expect.any(String));
    const log = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${document.id}/access-log`,
      as: 'admin',
    });
    expect(
      log.json().data.filter((entry: { outcome: string }) => entry.outcome === 'integrity_failed'),
    ).toHaveLength(3);
  });
});

describe('versions', () => {
  it('adds a version; both stay readable, each with its own hash', async () => {
    const v1 = pdf('v1');
    const v2 = pdf('v2');
    const document = await uploaded(v1);
    const body = multipart({}, { name: 'Contrat v2.pdf', type: 'application/pdf', bytes: v2 });
    const added = await t.request({
      method: 'POST',
      url: `/api/v1/documents/${document.id}/versions`,
      as: 'staff',
      ...body,
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      current_version: 2,
      version: { version: 2, sha256: sha(v2), file_name: 'Contrat v2.pdf' },
    });
    const versions = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${document.id}/versions`,
      as: 'staff',
    });
    expect(
      versions.json().data.map((v: { version: number; sha256: string }) => [v.version, v.sha256]),
    ).toEqual([
      [2, sha(v2)],
      [1, sha(v1)],
    ]);
    const first = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${document.id}/content?version=1`,
      as: 'staff',
    });
    expect(first.rawPayload).toEqual(v1);
    const current = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${document.id}/content`,
      as: 'staff',
    });
    expect(current.rawPayload).toEqual(v2);
    const missing = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${document.id}/content?version=9`,
      as: 'staff',
    });
    expect(missing.statusCode).toBe(404);
    expect(await auditActions(document.id)).toContain('document.version_added');
  });
});

describe('access levels', () => {
  let byLevel: Record<string, string>;
  let otherDocument: string;
  beforeAll(async () => {
    byLevel = {};
    for (const level of ['public', 'client', 'staff', 'admin']) {
      const response = await upload(
        pdf(level),
        { access_level: level, title: `Niveau ${level}` },
        { as: 'admin' },
      );
      byLevel[level] = response.json().id;
    }
    otherDocument = (
      await upload(pdf('other'), { access_level: 'public' }, { customer: otherCustomerId })
    ).json().id;
  });

  const visible: Record<Role, string[]> = {
    admin: ['public', 'client', 'staff', 'admin'],
    staff: ['public', 'client', 'staff'],
    advisor: ['public', 'client', 'staff'],
    client: ['public', 'client'],
  };

  it.each(Object.entries(visible))('lets %s see exactly %j', async (role, levels) => {
    const as = role as Role;
    const clientOf = as === 'client' ? customerId : undefined;
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customerId}/documents?q=niveau&per_page=100`,
      as,
      customerId: clientOf,
    });
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .data.map((d: { access_level: string }) => d.access_level)
        .sort(),
    ).toEqual([...levels].sort());
    for (const [level, id] of Object.entries(byLevel)) {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/documents/${id}/content`,
        as,
        customerId: clientOf,
      });
      expect(response.statusCode, `${role} ${level}`).toBe(levels.includes(level) ? 200 : 404);
    }
  });

  it("answers 404 to a client for another customer's documents, and 403 to a client uploading", async () => {
    const doc = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${otherDocument}`,
      as: 'client',
      customerId,
    });
    expect(doc.statusCode).toBe(404);
    expect(doc.json().code).toBe('document.not_found');
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${otherCustomerId}/documents`,
      as: 'client',
      customerId,
    });
    expect(list.statusCode).toBe(404);
    expect((await upload(pdf(), {}, { as: 'client' })).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/documents/${byLevel.public}` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses staff an admin-level upload or change', async () => {
    expect((await upload(pdf(), { access_level: 'admin' })).statusCode).toBe(403);
    const patch = await t.request({
      method: 'PATCH',
      url: `/api/v1/documents/${byLevel.staff}`,
      as: 'staff',
      payload: { access_level: 'admin' },
    });
    expect(patch.statusCode).toBe(403);
  });

  it('filters by category, access level and title, with pagination', async () => {
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customerId}/documents?access_level=client&category=contract&q=NIVEAU%20client&per_page=1`,
      as: 'staff',
    });
    expect(response.json()).toMatchObject({
      data: [{ id: byLevel.client }],
      pagination: { total: 1, page: 1, per_page: 1 },
    });
    const bad = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customerId}/documents?access_level=x`,
      as: 'staff',
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('preview, access log, edits and deletion', () => {
  it('previews a PDF inline, an image as a cached WebP thumbnail, and refuses text', async () => {
    const document = await uploaded(pdf());
    const inline = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${document.id}/preview`,
      as: 'staff',
    });
    expect(inline.statusCode).toBe(200);
    expect(inline.headers['content-disposition']).toMatch(/^inline;/);

    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const image = await uploaded(png, { category: 'photo' }, 'photo.png');
    expect(image.version.mime_type).toBe('image/png');
    const thumb = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${image.id}/preview?thumbnail=true`,
      as: 'staff',
    });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(320);
    expect(await readdir(path.join(dir, 'cache'))).toContain(`${image.version.sha256}-320.webp`);

    const text = await uploaded(Buffer.from('texte simple\n'), {}, 'a.txt');
    const refused = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${text.id}/preview`,
      as: 'staff',
    });
    expect(refused.statusCode).toBe(422);
  });

  it('logs every view, download, preview and verify with user, IP and user agent', async () => {
    const document = await uploaded(pdf());
    const headers = { 'user-agent': 'Mozilla/5.0 test' };
    for (const url of ['', '/content', '/preview']) {
      await t.request({
        method: 'GET',
        url: `/api/v1/documents/${document.id}${url}`,
        as: 'advisor',
        headers,
        remoteAddress: '10.1.2.3',
      });
    }
    await t.request({
      method: 'POST',
      url: `/api/v1/documents/${document.id}/verify`,
      as: 'advisor',
      headers,
      remoteAddress: '10.1.2.3',
    });
    const log = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${document.id}/access-log`,
      as: 'staff',
    });
    expect(log.statusCode).toBe(200);
    const entries = log.json().data as {
      action: string;
      role: string;
      ip: string;
      user_agent: string;
      user_id: string;
    }[];
    expect(entries.map((entry) => entry.action)).toEqual(['verify', 'preview', 'download', 'view', 'upload']);
    expect(entries[0]).toMatchObject({
      role: 'advisor',
      ip: '10.1.2.3',
      user_agent: 'Mozilla/5.0 test',
      user_id: expect.any(String),
    });
    const clientLog = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${document.id}/access-log`,
      as: 'client',
      customerId,
    });
    expect(clientLog.statusCode).toBe(403);
  });

  it('edits metadata, and deletion hides the document while keeping its content until the retention date', async () => {
    const bytes = pdf('to delete');
    const document = await uploaded(bytes);
    const patched = await t.request({
      method: 'PATCH',
      url: `/api/v1/documents/${document.id}`,
      as: 'staff',
      payload: { title: 'Renommé', category: 'claim' },
    });
    expect(patched.json()).toMatchObject({ title: 'Renommé', category: 'claim' });
    const hold = await t.request({
      method: 'PATCH',
      url: `/api/v1/documents/${document.id}`,
      as: 'staff',
      payload: { legal_hold: true },
    });
    expect(hold.statusCode).toBe(403);
    const empty = await t.request({
      method: 'PATCH',
      url: `/api/v1/documents/${document.id}`,
      as: 'staff',
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const deleted = await t.request({
      method: 'DELETE',
      url: `/api/v1/documents/${document.id}`,
      as: 'staff',
    });
    expect(deleted.statusCode).toBe(204);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/documents/${document.id}`, as: 'admin' })).statusCode,
    ).toBe(404);
    expect(await storage.exists(sha(bytes))).toBe(true);
    const { rows } = await t.database.db.execute<{ kept_days: number }>(
      sql`select extract(day from retention_until - deleted_at)::int as kept_days from customer_documents where id = ${document.id}`,
    );
    expect(rows[0]!.kept_days).toBe(2190);
    expect(await auditActions(document.id)).toEqual([
      'document.uploaded',
      'document.updated',
      'document.deleted',
    ]);
  });
});

describe('the access-request export', () => {
  it('lists the documents with their versions and accesses; a client gets only those they may see', async () => {
    const own = await createTestCustomer(t.ctx);
    const forClient = await upload(
      pdf(),
      { title: 'Facture signée', access_level: 'client' },
      { customer: own.id },
    );
    const forStaff = await upload(
      pdf(),
      { title: 'Évaluation interne', access_level: 'staff' },
      { customer: own.id },
    );
    expect(forClient.statusCode, forClient.body).toBe(201);
    expect(forStaff.statusCode, forStaff.body).toBe(201);
    const exported = async (as: 'staff' | 'client') => {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/customers/${own.id}/export`,
        as,
        customerId: as === 'client' ? own.id : undefined,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().documents.documents as {
        title: string;
        versions: { sha256: string }[];
        accesses: unknown[];
      }[];
    };
    const staffView = await exported('staff');
    expect(staffView.map((document) => document.title).sort()).toEqual([
      'Facture signée',
      'Évaluation interne',
    ]);
    expect(staffView[0]!.versions[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const clientView = await exported('client');
    expect(clientView.map((document) => document.title)).toEqual(['Facture signée']);
  });
});
