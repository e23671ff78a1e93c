import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  type ContentHash,
  HashingStream,
  isContentHash,
  type LocalDiskStorage,
  put,
  type StagedObject,
  type Storage,
  verifiedFile,
} from './storage.ts';

export interface S3Settings {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

function isNotFound(error: unknown) {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)
  );
}

/**
 * S3-compatible storage, objects under `sha256/<hash>`. An upload is staged on local disk
 * (the scratch area) while it is hashed, then sent with its length in one PUT: an object
 * appears under its hash only complete, and an interrupted upload leaves nothing in the bucket.
 * Reads are downloaded to scratch and re-hashed before a byte is handed out.
 */
export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  readonly settings: S3Settings;
  private readonly scratch: LocalDiskStorage;

  constructor(settings: S3Settings, scratch: LocalDiskStorage) {
    this.settings = settings;
    this.scratch = scratch;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      // Checksums only when the API requires them: many S3-compatible servers store the
      // aws-chunked trailer encoding as-is. Atrium checks its own SHA-256 on every read.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
    });
  }

  keyOf(hash: ContentHash) {
    if (!isContentHash(hash)) throw new Error('not a SHA-256');
    return `sha256/${hash}`;
  }

  async stage(content: Readable): Promise<StagedObject> {
    const temp = await this.scratch.tempPath();
    const hashing = new HashingStream();
    try {
      await pipeline(content, hashing, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const sha256 = hashing.hash.digest('hex');
    const size = hashing.size;
    return {
      sha256,
      size,
      commit: async () => {
        try {
          if (await this.exists(sha256)) return;
          await this.client.send(
            new PutObjectCommand({
              Bucket: this.settings.bucket,
              Key: this.keyOf(sha256),
              Body: createReadStream(temp),
              ContentLength: size,
              ContentType: 'application/octet-stream',
            }),
          );
        } finally {
          await rm(temp, { force: true });
        }
      },
      discard: () => rm(temp, { force: true }),
    };
  }

  put(content: Readable) {
    return put(this, content);
  }

  async get(hash: ContentHash) {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(hash) }),
      );
      return (object.Body as Readable | undefined) ?? null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async getVerified(hash: ContentHash) {
    const body = await this.get(hash);
    if (!body) return 'missing' as const;
    const temp = await this.scratch.tempPath();
    try {
      await pipeline(body, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return verifiedFile(temp, hash, true);
  }

  async exists(hash: ContentHash) {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(hash) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async delete(hash: ContentHash) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(hash) }));
  }
}
