import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from './ids.ts';

/** A SHA-256 in lower-case hex: the only name content has in storage. */
export type ContentHash = string;

const hashPattern = /^[0-9a-f]{64}$/;

export function isContentHash(value: string): value is ContentHash {
  return hashPattern.test(value);
}

/** Content written to a temporary object, hashed, not yet visible under its hash. */
export interface StagedObject {
  sha256: ContentHash;
  size: number;
  /** Makes it readable under its hash; identical content already there is kept, the copy dropped. */
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** Content read back after its hash was recomputed and matched. */
export interface VerifiedContent {
  size: number;
  stream: Readable;
}

/**
 * Content-addressed storage (ADR 0006): objects are named by the SHA-256 of their bytes, so
 * identical content is stored once and every read can prove it returns what was written.
 */
export interface Storage {
  readonly kind: 'local' | 's3';
  /** Streams into a temporary object while hashing; nothing is visible until commit(). */
  stage(content: Readable): Promise<StagedObject>;
  /** stage() + commit(). */
  put(content: Readable): Promise<{ sha256: ContentHash; size: number }>;
  /** The raw bytes, unchecked (null when absent). */
  get(hash: ContentHash): Promise<Readable | null>;
  /**
   * The bytes only once they hash to `hash`: `mismatch` when they do not (never the bytes),
   * `missing` when there is no such object.
   */
  getVerified(hash: ContentHash): Promise<VerifiedContent | 'mismatch' | 'missing'>;
  exists(hash: ContentHash): Promise<boolean>;
  delete(hash: ContentHash): Promise<void>;
}

/** Counts and hashes what passes through. */
export class HashingStream extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }
}

export async function put(storage: Storage, content: Readable) {
  const staged = await storage.stage(content);
  await staged.commit();
  return { sha256: staged.sha256, size: staged.size };
}

/** Hashes a local file through an open descriptor, then streams it from the same descriptor. */
async function verifiedFile(file: string, hash: ContentHash, removeAfter = false) {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing' as const;
    throw error;
  }
  try {
    const digest = createHash('sha256');
    // Read through the descriptor: a rename over the path cannot swap the bytes between check and send.
    for await (const chunk of handle.createReadStream({ start: 0, autoClose: false })) digest.update(chunk);
    if (digest.digest('hex') !== hash) {
      await handle.close();
      if (removeAfter) await rm(file, { force: true });
      return 'mismatch' as const;
    }
    const { size } = await handle.stat();
    const stream = handle.createReadStream({ start: 0, autoClose: true });
    if (removeAfter) stream.on('close', () => void rm(file, { force: true }));
    return { size, stream };
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

/**
 * Local disk: `<root>/sha256/ab/cd/<hash>`. Writes go to `<root>/tmp/` then are renamed into
 * place (same file system, atomic), so a half-written file never carries a content name.
 */
export class LocalDiskStorage implements Storage {
  readonly kind = 'local' as const;
  readonly root: string;
  constructor(root: string) {
    this.root = root;
  }

  pathOf(hash: ContentHash) {
    if (!isContentHash(hash)) throw new Error('not a SHA-256');
    return path.join(this.root, 'sha256', hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  /** A temporary file for a caller that needs one (S3 downloads, thumbnails). */
  async tempPath() {
    const dir = path.join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    return path.join(dir, newId());
  }

  async stage(content: Readable): Promise<StagedObject> {
    const temp = await this.tempPath();
    const hashing = new HashingStream();
    try {
      await pipeline(content, hashing, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const sha256 = hashing.hash.digest('hex');
    const target = this.pathOf(sha256);
    return {
      sha256,
      size: hashing.size,
      commit: async () => {
        if (await this.exists(sha256)) {
          await rm(temp, { force: true });
          return;
        }
        await mkdir(path.dirname(target), { recursive: true });
        await rename(temp, target);
      },
      discard: () => rm(temp, { force: true }),
    };
  }

  put(content: Readable) {
    return put(this, content);
  }

  async get(hash: ContentHash) {
    return (await this.exists(hash)) ? createReadStream(this.pathOf(hash)) : null;
  }

  getVerified(hash: ContentHash) {
    return verifiedFile(this.pathOf(hash), hash);
  }

  async exists(hash: ContentHash) {
    try {
      return (await stat(this.pathOf(hash))).isFile();
    } catch {
      return false;
    }
  }

  async delete(hash: ContentHash) {
    await rm(this.pathOf(hash), { force: true });
  }
}

export { verifiedFile };
