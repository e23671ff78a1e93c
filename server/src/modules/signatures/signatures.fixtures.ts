import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { LocalDiskStorage } from '../../core/storage.ts';
import type { DocumentSettings } from '../documents/index.ts';
import { generateSelfSignedP12 } from './signatures.certificate.ts';
import type { SignatureSettings } from './signatures.settings.ts';

/** Test (and bench) settings: storage in a temporary directory, a certificate made once. */
export async function testSignatureSettings(): Promise<{
  dir: string;
  documents: DocumentSettings;
  signatures: Omit<SignatureSettings, 'documents'>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'atrium-signatures-'));
  const documents: DocumentSettings = {
    storage: new LocalDiskStorage(path.join(dir, 'files')),
    maxUploadSize: 50 * 1024 * 1024,
    retentionDays: 2190,
    cacheDir: path.join(dir, 'cache'),
  };
  const p12 = generateSelfSignedP12('Atrium test sealing', 'test-pass');
  const certificate = {
    p12,
    passphrase: 'test-pass',
    subject: 'Atrium test sealing',
    fingerprint: '0'.repeat(64),
  };
  return {
    dir,
    documents,
    signatures: {
      certificate: async () => certificate,
      base_url: 'https://atrium.example.ca',
      secret: 'test-secret-test-secret-test-secret-0123',
      providers: {},
    },
  };
}

/** A small PDF with `pages` pages of text. */
export async function samplePdf(pages = 2, text = 'Contrat de service') {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let index = 0; index < pages; index += 1) {
    const page = document.addPage([612, 792]);
    page.drawText(`${text} — page ${index + 1} — ${Math.random()}`, { x: 50, y: 720, size: 14, font });
  }
  return Buffer.from(await document.save());
}

/** A drawn signature as signature_pad makes it: dark strokes on a transparent PNG. */
export async function inkedPng() {
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><path d="M10 90 C 80 0, 160 120, 240 40 S 360 100, 390 30" stroke="#111" stroke-width="5" fill="none"/></svg>',
  );
  return sharp(svg).png().toBuffer();
}

export async function blankPng() {
  return sharp({
    create: { width: 400, height: 120, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .png()
    .toBuffer();
}
