import path from 'node:path';
import type { Config } from './config.ts';
import { LocalDiskStorage, type Storage } from './storage.ts';
import { S3Storage } from './storage-s3.ts';

/** The storage the configuration names; local disk under ATRIUM_DATA_DIR/files also serves as scratch. */
export function storageFromConfig(
  config: Pick<
    Config,
    | 'ATRIUM_DATA_DIR'
    | 'STORAGE_DRIVER'
    | 'S3_ENDPOINT'
    | 'S3_BUCKET'
    | 'S3_REGION'
    | 'S3_ACCESS_KEY_ID'
    | 'S3_SECRET_ACCESS_KEY'
    | 'S3_FORCE_PATH_STYLE'
  >,
): Storage {
  const local = new LocalDiskStorage(path.join(config.ATRIUM_DATA_DIR, 'files'));
  if (config.STORAGE_DRIVER !== 's3') return local;
  return new S3Storage(
    {
      endpoint: config.S3_ENDPOINT,
      bucket: config.S3_BUCKET ?? '',
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    },
    local,
  );
}
