import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDiskStorage, Storage } from './storage.ts';
import { storageFromConfig } from './storage-config.ts';

async function read(stream: Readable) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let dir: string;
let server: S3rver;
let s3: Storage;
let local: LocalDiskStorage;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'atrium-storage-'));
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(dir, 's3'),
    configureBuckets: [{ name: 'atrium-test', configs: [] }],
  });
  const { port } = await server.run();
  const base = { ATRIUM_DATA_DIR: path.join(dir, 'data'), S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true };
  s3 = storageFromConfig({
    ...base,
    STORAGE_DRIVER: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_BUCKET: 'atrium-test',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  });
  local = storageFromConfig({ ...base, STORAGE_DRIVER: 'local' }) as LocalDiskStorage;
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(['local', 's3'] as const)('%s storage', (kind) => {
  const storage = () => (kind === 's3' ? s3 : local);

  it('stores content under its SHA-256, once, and reads back the same bytes verified', async () => {
    const bytes = Buffer.from(`contrat signé ${kind} ${Math.random()}`);
    const first = await storage().put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]));
    expect(first).toEqual({ sha256: sha(bytes), size: bytes.length });
    const second = await storage().put(Readable.from([bytes]));
    expect(second.sha256).toBe(first.sha256);
    expect(await storage().exists(first.sha256)).toBe(true);
    const verified = await storage().getVerified(first.sha256);
    if (typeof verified === 'string') throw new Error(verified);
    expect(await read(verified.stream)).toEqual(bytes);
    expect(verified.size).toBe(bytes.length);
    await storage().delete(first.sha256);
    expect(await storage().exists(first.sha256)).toBe(false);
    expect(await storage().getVerified(first.sha256)).toBe('missing');
    expect(await storage().get(first.sha256)).toBeNull();
  });

  it('shows nothing under the hash of a staged object until commit, and nothing after a discard', async () => {
    const bytes = Buffer.from(`brouillon ${kind} ${Math.random()}`);
    const staged = await storage().stage(Readable.from([bytes]));
    expect(await storage().exists(staged.sha256)).toBe(false);
    await staged.discard();
    expect(await storage().exists(staged.sha256)).toBe(false);
    expect(await readdir(path.join(dir, 'data', 'files', 'tmp'))).toEqual([]);
  });

  it('leaves nothing behind when the upload stream fails halfway', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 1));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(storage().stage(failing)).rejects.toThrow('connection reset');
    expect(await readdir(path.join(dir, 'data', 'files', 'tmp'))).toEqual([]);
  });
});

describe('a tampered object', () => {
  it('is reported as a mismatch on local disk, never read out', async () => {
    const bytes = Buffer.from(`original ${Math.random()}`);
    const { sha256 } = await local.put(Readable.from([bytes]));
    await writeFile(local.pathOf(sha256), 'falsifié');
    expect(await local.getVerified(sha256)).toBe('mismatch');
  });

  it('is reported as a mismatch on S3, and the downloaded copy is removed', async () => {
    const bytes = Buffer.from(`original s3 ${Math.random()}`);
    const { sha256 } = await s3.put(Readable.from([bytes]));
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const client = (s3 as import('./storage-s3.ts').S3Storage).client;
    await client.send(
      new PutObjectCommand({ Bucket: 'atrium-test', Key: `sha256/${sha256}`, Body: 'falsifié' }),
    );
    expect(await s3.getVerified(sha256)).toBe('mismatch');
    expect(await readdir(path.join(dir, 'data', 'files', 'tmp'))).toEqual([]);
  });
});
