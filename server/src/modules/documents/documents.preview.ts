import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';

const run = promisify(execFile);
export const thumbnailWidth = 320;

const sharpImages = new Set([
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/heic',
  'image/heif',
]);

function noPreview(mime: string) {
  return new AppError('document.no_preview', `No preview for ${mime}`, { mime_type: mime });
}

/**
 * A WebP thumbnail of an image, or of a PDF's first page (pdftoppm, poppler-utils, when
 * installed), cached under the content hash: the same content is drawn once.
 */
export async function thumbnailOf(
  cacheDir: string,
  sha256: string,
  mime: string,
  content: Readable,
): Promise<Buffer> {
  const cached = path.join(cacheDir, `${sha256}-${thumbnailWidth}.webp`);
  try {
    const hit = await readFile(cached);
    content.destroy();
    return hit;
  } catch {
    // Not drawn yet.
  }
  let image: Buffer;
  if (sharpImages.has(mime)) {
    image = await drawImage(content, mime);
  } else if (mime === 'application/pdf') {
    image = await drawPdfPage(cacheDir, content);
  } else {
    content.destroy();
    throw noPreview(mime);
  }
  await mkdir(cacheDir, { recursive: true });
  const temp = `${cached}.${newId()}`;
  await writeFile(temp, image);
  await rename(temp, cached);
  return image;
}

async function drawImage(content: Readable, mime: string) {
  // Bounded input: a decompression bomb stops at the pixel limit instead of filling memory.
  const transformer = sharp({ limitInputPixels: 100_000_000, failOn: 'error' })
    .rotate()
    .resize({ width: thumbnailWidth, withoutEnlargement: true })
    .webp({ quality: 75 });
  try {
    const [, output] = await Promise.all([pipeline(content, transformer), transformer.toBuffer()]);
    return output;
  } catch {
    throw noPreview(mime);
  }
}

async function drawPdfPage(cacheDir: string, content: Readable) {
  await mkdir(cacheDir, { recursive: true });
  const dir = await mkdtemp(path.join(cacheDir, 'pdf-'));
  try {
    const input = path.join(dir, 'in.pdf');
    await pipeline(content, createWriteStream(input));
    await run(
      'pdftoppm',
      [
        '-png',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        '-scale-to',
        String(thumbnailWidth * 2),
        input,
        path.join(dir, 'page'),
      ],
      {
        timeout: 20_000,
      },
    );
    return await sharp(path.join(dir, 'page.png'))
      .resize({ width: thumbnailWidth })
      .webp({ quality: 75 })
      .toBuffer();
  } catch {
    throw noPreview('application/pdf');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
