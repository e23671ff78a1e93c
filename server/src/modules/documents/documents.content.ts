import { Transform, type TransformCallback } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../core/errors.ts';

/** What Atrium keeps, by the type its content shows (never the name or the header). */
export const allowedMimeTypes = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/heic',
  'image/heif',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/plain',
]);

/** Shown in the page (inline): browsers render these safely. */
export const inlineMimeTypes = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
]);

// Enough of the start for file-type to look into a zip (docx, odt) past its first entries.
const sampleBytes = 256 * 1024;

/**
 * Passes an upload through while enforcing the size limit (413 the moment it is passed, so
 * the rest is never read), keeping its first bytes for type detection, and checking whether
 * it is valid UTF-8 text without NUL (plain text has no magic bytes).
 */
export class UploadInspector extends Transform {
  size = 0;
  private sample: Buffer[] = [];
  private sampled = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private text = true;
  private readonly maxSize: number;

  constructor(maxSize: number) {
    super();
    this.maxSize = maxSize;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    if (this.size > this.maxSize) {
      // Already failed: whatever still arrives is dropped.
      callback();
      return;
    }
    this.size += chunk.length;
    if (this.size > this.maxSize) {
      callback(tooLarge(this.maxSize));
      return;
    }
    if (this.sampled < sampleBytes) {
      this.sample.push(chunk.subarray(0, sampleBytes - this.sampled));
      this.sampled += Math.min(chunk.length, sampleBytes - this.sampled);
    }
    if (this.text) {
      try {
        this.decoder.decode(chunk, { stream: true });
        if (chunk.includes(0)) this.text = false;
      } catch {
        this.text = false;
      }
    }
    callback(null, chunk);
  }

  /** The detected MIME type, or a 415/400 AppError. */
  async mimeType(): Promise<string> {
    if (this.size === 0) {
      throw new AppError('document.empty', 'The file is empty', undefined, [
        { path: 'file', message: 'Empty file' },
      ]);
    }
    const head = Buffer.concat(this.sample);
    const detected = await fileTypeFromBuffer(head);
    if (detected) {
      if (allowedMimeTypes.has(detected.mime)) return detected.mime;
      throw typeNotAllowed(detected.mime);
    }
    if (this.text && this.complete() && !looksLikeMarkup(head)) return 'text/plain';
    throw typeNotAllowed(null);
  }

  private complete() {
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}

/** HTML, SVG or XML would be active content in a browser: not plain text here. */
function looksLikeMarkup(head: Buffer) {
  const start = head
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return /^<(!doctype|html|head|body|script|svg|\?xml|iframe|!--)/.test(start) || /<script[\s>]/.test(start);
}

export function tooLarge(maxSize: number) {
  return new AppError('document.too_large', `The file is larger than ${maxSize} bytes`, {
    max_size: maxSize,
  });
}

function typeNotAllowed(mime: string | null) {
  return new AppError(
    'document.type_not_allowed',
    mime ? `Files of type ${mime} are not accepted` : 'This type of file is not accepted',
    { detected: mime },
    [{ path: 'file', message: 'Type not allowed: PDF, images, office documents or plain text' }],
  );
}

/**
 * A file name safe to show and to put in a header: the last path segment, without control
 * or bidirectional-override characters, NFC, at most 200 characters; `document` if nothing is left.
 */
export function sanitizeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/["<>|:*?]/g, '_')
    .trim()
    .replace(/^\.+/, '');
  return cleaned.slice(0, 200) || 'document';
}

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / RFC 5987). */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string) {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
