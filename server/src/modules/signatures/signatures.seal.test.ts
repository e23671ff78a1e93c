import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSignedP12 } from './signatures.certificate.ts';
import { inkedPng, samplePdf } from './signatures.fixtures.ts';
import { pdfPageCount, sealPdf } from './signatures.seal.ts';

const run = promisify(execFile);
let dir: string;
const certificate = {
  p12: generateSelfSignedP12('Atrium seal test', 'pass'),
  passphrase: 'pass',
  subject: 'Atrium seal test',
  fingerprint: 'f'.repeat(64),
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'atrium-seal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function seal(signers: number) {
  const png = await inkedPng();
  return sealPdf({
    original: await samplePdf(1),
    title: 'Bail commercial',
    request_id: '0190a000-0000-7000-8000-000000000002',
    original_sha256: 'a'.repeat(64),
    final_audit_hash: 'b'.repeat(64),
    verify_url: 'https://atrium.example.ca/verify',
    created_at: new Date('2026-12-01T14:00:00Z'),
    completed_at: new Date('2026-12-01T15:00:00Z'),
    company_name: 'Garage Tremblay',
    certificate,
    signers: Array.from({ length: signers }, (_, index) => ({
      name: index === 0 ? 'Łukasz Wałęsa' : `Signataire ${index + 1}`,
      email: `s${index}@exemple.ca`,
      signed_at: new Date('2026-12-01T14:30:00Z'),
      ip: `198.51.100.${index + 1}`,
      signature:
        index % 2
          ? { type: 'typed' as const, name: `Signataire ${index + 1}` }
          : { type: 'drawn' as const, png },
    })),
    fields: [
      { type: 'text', page: 1, x: 0.1, y: 0.5, width: 0.4, height: 0.05, signer_index: 0, value: 'Gérant' },
    ],
  });
}

describe('the sealed PDF', () => {
  it('is signed (pdfsig: valid, whole document), its certificate pages list every signer', async () => {
    const sealed = await seal(14);
    const file = path.join(dir, 'sealed.pdf');
    await writeFile(file, sealed);
    const pdfsig = await run('pdfsig', [file]).catch((error: { stdout: string }) => error);
    expect(pdfsig.stdout).toContain('Signature is Valid');
    expect(pdfsig.stdout).toContain('Total document signed');
    expect(pdfsig.stdout).toContain('ETSI.CAdES.detached');
    // 14 signers do not fit one certificate page: it continues on another.
    expect((await PDFDocument.load(sealed)).getPageCount()).toBeGreaterThanOrEqual(3);
    const text = (await run('pdftotext', [file, '-'])).stdout;
    expect(text).toContain('Lukasz Walesa');
    expect(text).toContain('Signataire 14');
    expect(text).toContain('198.51.100.14');
    expect(text).toContain('Gérant');
    expect(text).toContain('https://atrium.example.ca/verify');
  });

  it('a changed byte makes pdfsig report the signature invalid', async () => {
    const sealed = await seal(1);
    // Inside the first signed range (the file's start), after the header.
    const at = 200;
    sealed.writeUInt8(sealed.readUInt8(at) ^ 0x01, at);
    const file = path.join(dir, 'tampered.pdf');
    await writeFile(file, sealed);
    const pdfsig = await run('pdfsig', [file]).catch((error: { stdout: string }) => error);
    expect(pdfsig.stdout).not.toContain('Signature is Valid');
  });

  it('tells a readable PDF from one it cannot seal', async () => {
    expect(await pdfPageCount(await samplePdf(3))).toBe(3);
    expect(await pdfPageCount(Buffer.from('%PDF-1.4 not really'))).toBeNull();
  });
});
