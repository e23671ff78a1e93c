import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { testPdf, uploadTestDocument } from '../../../test/documents.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { multipart } from '../../../test/multipart.ts';
import type { Role } from '../../core/context.ts';
import type { DomainEvent } from '../../core/events.ts';
import { LocalDiskStorage } from '../../core/storage.ts';
import { documentEventHandlers } from './documents.jobs.ts';
import { purgeExpiredDocuments, releaseContent } from './documents.lifecycle.ts';
import type { DocumentSettings } from './documents.service.ts';
import {
  customer_document_access_log,
  customer_document_versions,
  customer_documents,
} from './documents.tables.ts';

let t: TestApp;
let dir: string;
let storage: LocalDiskStorage;
let settings: DocumentSettings;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'atrium-documents-lifecycle-'));
  storage = new LocalDiskStorage(path.join(dir, 'files'));
  settings = {
    storage,
    maxUploadSize: 10 * 1024 * 1024,
    retentionDays: 30,
    cacheDir: path.join(dir, 'cache'),
  };
  t = await createTestApp({ documents: settings });
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pdf = testPdf;

function upload(customerId: string, bytes: Buffer, level = 'staff', name = 'Contrat.pdf') {
  return uploadTestDocument(t, customerId, { bytes, name, access_level: level, title: `Document ${name}` });
}

async function addVersion(documentId: string, bytes: Buffer, name: string) {
  const body = multipart({}, { name, type: 'application/pdf', bytes });
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/documents/${documentId}/versions`,
    as: 'staff',
    headers: body.headers,
    payload: body.payload,
  });
  expect(response.statusCode, response.body).toBe(201);
}

/** Every entry of a zip, by name. */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function exportZip(customerId: string, as: Role) {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/customers/${customerId}/export?format=zip`,
    as,
    customerId: as === 'client' ? customerId : undefined,
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/zip');
  expect(response.headers['content-disposition']).toBe(`attachment; filename="customer-${customerId}.zip"`);
  return unzip(response.rawPayload);
}

describe('the access-request export as a zip', () => {
  it('carries customer.json and every version of every document, byte for byte, each read logged', async () => {
    const customer = await createTestCustomer(t.ctx);
    const first = pdf('first');
    const second = pdf('second');
    const clientVisible = pdf('client');
    const contract = await upload(customer.id, first, 'staff', 'Contrat.pdf');
    await addVersion(contract.id, second, 'Contrat v2.pdf');
    const shared = await upload(customer.id, clientVisible, 'client', 'Facture.pdf');

    const entries = await exportZip(customer.id, 'admin');
    const json = JSON.parse(entries.get('customer.json')!.toString('utf8'));
    expect(json.format).toBe('atrium.customer-export.v1');
    expect(json.documents.documents).toHaveLength(2);
    expect(entries.get(`documents/${contract.id}/v1-Contrat.pdf`)).toEqual(first);
    expect(entries.get(`documents/${contract.id}/v2-Contrat v2.pdf`)).toEqual(second);
    expect(entries.get(`documents/${shared.id}/v1-Facture.pdf`)).toEqual(clientVisible);
    expect(entries.size).toBe(4);

    const downloads = await t.ctx.db
      .select()
      .from(customer_document_access_log)
      .where(eq(customer_document_access_log.document_id, contract.id));
    expect(
      downloads
        .filter((row) => row.action === 'download')
        .map((row) => row.version)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('gives a client their own export with only the documents they may see', async () => {
    const customer = await createTestCustomer(t.ctx);
    await upload(customer.id, pdf('staff only'), 'staff', 'Interne.pdf');
    const theirs = await upload(customer.id, pdf('theirs'), 'client', 'Devis.pdf');
    const entries = await exportZip(customer.id, 'client');
    expect([...entries.keys()].sort()).toEqual(['customer.json', `documents/${theirs.id}/v1-Devis.pdf`]);

    const other = await createTestCustomer(t.ctx);
    const refused = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${other.id}/export?format=zip`,
      as: 'client',
      customerId: customer.id,
    });
    expect(refused.statusCode).toBe(404);
    const advisor = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/export?format=zip`,
      as: 'advisor',
    });
    expect(advisor.statusCode).toBe(403);
  });

  it('never carries altered content: a tampered file is replaced by a note, and the failure is recorded', async () => {
    const customer = await createTestCustomer(t.ctx);
    const bytes = pdf('to be tampered');
    const document = await upload(customer.id, bytes, 'staff', 'Photo.pdf');
    await writeFile(storage.pathOf(document.version.sha256), pdf('tampered'));

    const entries = await exportZip(customer.id, 'staff');
    expect(entries.has(`documents/${document.id}/v1-Photo.pdf`)).toBe(false);
    expect(entries.get(`documents/${document.id}/v1-Photo.pdf.refused.txt`)?.toString()).toContain(
      document.version.sha256,
    );
    const [version] = await t.ctx.db
      .select()
      .from(customer_document_versions)
      .where(eq(customer_document_versions.document_id, document.id));
    expect(version!.integrity_failed_at).not.toBeNull();
  });

  it('answers 400 naming the format when it is neither json nor zip', async () => {
    const customer = await createTestCustomer(t.ctx);
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/export?format=tar`,
      as: 'admin',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('format');
  });
});

async function deleteDocument(id: string) {
  const response = await t.request({ method: 'DELETE', url: `/api/v1/documents/${id}`, as: 'staff' });
  expect(response.statusCode, response.body).toBe(204);
}

async function documentRow(id: string) {
  const [row] = await t.ctx.db.select().from(customer_documents).where(eq(customer_documents.id, id));
  return row!;
}

describe('retention', () => {
  it('purges deleted documents past their retention date, keeping legal holds and content still in use', async () => {
    const customer = await createTestCustomer(t.ctx);
    const expiredBytes = pdf('expired');
    const sharedBytes = pdf('shared with a live document');
    const expired = await upload(customer.id, expiredBytes, 'staff', 'Vieux.pdf');
    const held = await upload(customer.id, pdf('held'), 'staff', 'Litige.pdf');
    const sharer = await upload(customer.id, sharedBytes, 'staff', 'Copie.pdf');
    const live = await upload(customer.id, sharedBytes, 'staff', 'Original.pdf');
    const recent = await upload(customer.id, pdf('recent'), 'staff', 'Récent.pdf');
    const hold = await t.request({
      method: 'PATCH',
      url: `/api/v1/documents/${held.id}`,
      as: 'admin',
      payload: { legal_hold: true },
    });
    expect(hold.statusCode, hold.body).toBe(200);
    for (const id of [expired.id, held.id, sharer.id, recent.id]) await deleteDocument(id);
    // Three of them reached their retention date; the recent one has not.
    await t.ctx.db
      .update(customer_documents)
      .set({ retention_until: new Date(Date.now() - 1000) })
      .where(sql`${customer_documents.id} in (${expired.id}, ${held.id}, ${sharer.id})`);

    const result = await purgeExpiredDocuments(t.ctx, storage);
    expect(result.documents).toBeGreaterThanOrEqual(2);

    const purged = await documentRow(expired.id);
    expect(purged.purged_at).not.toBeNull();
    expect(purged.title).toBe('Document supprimé');
    expect(await storage.exists(sha(expiredBytes))).toBe(false);
    const [version] = await t.ctx.db
      .select()
      .from(customer_document_versions)
      .where(eq(customer_document_versions.document_id, expired.id));
    expect(version).toMatchObject({ sha256: sha(expiredBytes), file_name: 'document' });
    expect(version!.purged_at).not.toBeNull();

    expect((await documentRow(sharer.id)).purged_at).not.toBeNull();
    expect(await storage.exists(sha(sharedBytes))).toBe(true);
    const download = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${live.id}/content`,
      as: 'staff',
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload).toEqual(sharedBytes);

    expect((await documentRow(held.id)).purged_at).toBeNull();
    expect(await storage.exists(held.version.sha256)).toBe(true);
    expect((await documentRow(recent.id)).purged_at).toBeNull();
    expect(await storage.exists(recent.version.sha256)).toBe(true);

    // A second run has nothing left to do.
    const again = await purgeExpiredDocuments(t.ctx, storage);
    expect(again.documents).toBe(0);
  });

  it('releases content only when no live version has it', async () => {
    const customer = await createTestCustomer(t.ctx);
    const bytes = pdf('kept');
    await upload(customer.id, bytes);
    expect(await releaseContent(t.ctx, storage, sha(bytes))).toBe(false);
    expect(await storage.exists(sha(bytes))).toBe(true);
  });
});

describe('a customer anonymized', () => {
  it('loses their documents except those on legal hold, and their own reads lose IP and browser', async () => {
    const customer = await createTestCustomer(t.ctx);
    const removed = await upload(customer.id, pdf('removed'), 'client', 'Permis.pdf');
    const held = await upload(customer.id, pdf('held for a claim'), 'staff', 'Sinistre.pdf');
    await t.request({
      method: 'PATCH',
      url: `/api/v1/documents/${held.id}`,
      as: 'admin',
      payload: { legal_hold: true },
    });
    const read = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${removed.id}`,
      as: 'client',
      customerId: customer.id,
      headers: { 'user-agent': 'Firefox of the customer' },
    });
    expect(read.statusCode).toBe(200);

    const [handler] = documentEventHandlers(settings).filter((entry) => entry.type === 'customer.anonymized');
    const run = () =>
      t.ctx.db.transaction((tx) =>
        handler!.handle({ ...t.ctx, db: tx }, { customer_id: customer.id } as DomainEvent),
      );
    await run();
    await run();

    const gone = await documentRow(removed.id);
    expect(gone).toMatchObject({ title: 'Document supprimé' });
    expect(gone.purged_at).not.toBeNull();
    expect(gone.deleted_at).not.toBeNull();
    expect(await storage.exists(removed.version.sha256)).toBe(false);
    const kept = await documentRow(held.id);
    expect(kept.purged_at).toBeNull();
    expect(await storage.exists(held.version.sha256)).toBe(true);

    const clientReads = await t.ctx.db
      .select()
      .from(customer_document_access_log)
      .where(eq(customer_document_access_log.document_id, removed.id));
    const byClient = clientReads.filter((row) => row.role === 'client');
    expect(byClient.length).toBeGreaterThan(0);
    expect(byClient.every((row) => row.ip === null && row.user_agent === null)).toBe(true);
    // Erasing is the one change the log accepts; rewriting what happened stays refused.
    await expect(
      t.ctx.db
        .update(customer_document_access_log)
        .set({ action: 'verify' })
        .where(eq(customer_document_access_log.id, byClient[0]!.id)),
    ).rejects.toThrow();
    const events = await t.ctx.db.execute<{ n: number }>(
      sql`select count(*)::int as n from domain_events where type = 'document.purged' and entity_id = ${removed.id}`,
    );
    expect(events.rows[0]!.n).toBe(1);
  });
});
