import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { grantServiceNotifications } from '../../../test/smtp.ts';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/context.ts';
import { revealSecrets } from '../mail/index.ts';
import { loadSigningCertificate } from './signatures.certificate.ts';
import { signatureEventHandlers } from './signatures.completion.ts';
import { blankPng, inkedPng, samplePdf, testSignatureSettings } from './signatures.fixtures.ts';
import type { SignatureSettings } from './signatures.settings.ts';

const run = promisify(execFile);
let t: TestApp;
let dir: string;
let customerId: string;
let offsetMs = 0;
let sealingDown = false;
let signatureSettings: SignatureSettings;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  const settings = await testSignatureSettings();
  dir = settings.dir;
  const certificate = settings.signatures.certificate;
  // A sealing outage on demand: the crash path (the completion event's handler) must make the PDF.
  const signatures = {
    ...settings.signatures,
    certificate: () => (sealingDown ? Promise.reject(new Error('sealing down')) : certificate()),
  };
  signatureSettings = { ...signatures, documents: settings.documents };
  t = await createTestApp({ clock, documents: settings.documents, signatures });
  customerId = (await createTestCustomer(t.ctx)).id;
  await grantServiceNotifications(t.ctx, customerId);
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

function multipart(bytes: Buffer, name: string, type: string) {
  const boundary = `----atrium${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nContrat\r\n--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\ncontract\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function uploadPdf(bytes?: Buffer, name = 'contrat.pdf', type = 'application/pdf') {
  const body = multipart(bytes ?? (await samplePdf()), name, type);
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/customers/${customerId}/documents`,
    as: 'staff',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: { sha256: string } };
}

interface Created {
  id: string;
  status: string;
  signers: { id: string; status: string; signing_url: string }[];
  fields: { id: string; type: string; signer_index: number }[];
}

const twoSigners = [
  { name: 'Éric Tremblay', email: 'eric@exemple.ca' },
  { name: 'Julie Gagnon', email: 'julie@exemple.ca' },
];

async function createRequest(documentId: string, body: Record<string, unknown> = {}, as: Role = 'staff') {
  return t.request({
    method: 'POST',
    url: `/api/v1/documents/${documentId}/signature-requests`,
    as,
    payload: {
      signers: twoSigners,
      fields: [
        { type: 'signature', signer_index: 0, page: 1, x: 0.1, y: 0.8, width: 0.3, height: 0.08 },
        { type: 'date', signer_index: 0, page: 1, x: 0.5, y: 0.8, width: 0.2, height: 0.04 },
        { type: 'signature', signer_index: 1, page: 2, x: 0.1, y: 0.8, width: 0.3, height: 0.08 },
        { type: 'text', signer_index: 1, page: 2, x: 0.5, y: 0.8, width: 0.3, height: 0.04, label: 'Titre' },
      ],
      ...body,
    },
  });
}

async function created(body: Record<string, unknown> = {}) {
  const document = await uploadPdf();
  const response = await createRequest(document.id, body);
  expect(response.statusCode, response.body).toBe(201);
  return { document, request: response.json() as Created };
}

const tokenOf = (url: string) => url.split('/sign/')[1]!;

async function drawn() {
  return { type: 'drawn', png_base64: `data:image/png;base64,${(await inkedPng()).toString('base64')}` };
}

function sign(token: string, payload: Record<string, unknown>, ip = '198.51.100.7') {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/sign/${token}`,
    remoteAddress: ip,
    headers: { 'user-agent': 'Mozilla/5.0 (iPhone) test' },
    payload: { consent: true, ...payload },
  });
}

describe('creating a request', () => {
  it('sends a PDF to its signers, with their links, emails and the chain started', async () => {
    const { document, request } = await created({ message: 'Merci de signer' });
    expect(request.status).toBe('pending');
    expect(request.signers).toHaveLength(2);
    expect(request.signers[0]!.signing_url).toMatch(
      /^https:\/\/atrium\.example\.ca\/sign\/[A-Za-z0-9_-]{40,}$/,
    );
    const mails = await t.database.db.execute(
      sql`select kind, "to", subject, html from email_outbox where kind = 'signature_request' and secrets::text like ${`%${tokenOf(request.signers[0]!.signing_url)}%`}`,
    );
    expect(mails.rows).toHaveLength(1);
    // The link is held apart until sent: the stored message never shows it.
    expect(mails.rows[0]!.html).not.toContain(tokenOf(request.signers[0]!.signing_url));
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${document.id}/signature-requests`,
      as: 'advisor',
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().data[0].signers[0]).not.toHaveProperty('signing_url');
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/signature-requests/${request.id}/audit`,
      as: 'admin',
    });
    expect(audit.json()).toMatchObject({ chain_valid: true });
    expect(audit.json().events.map((event: { event: string }) => event.event)).toEqual([
      'created',
      'sent',
      'sent',
    ]);
  });

  it('refuses what is not a PDF (422), fields naming no signer or page (400), and non-staff', async () => {
    const text = await uploadPdf(Buffer.from('Bonjour, ceci est du texte.\n'), 'note.txt', 'text/plain');
    const notPdf = await createRequest(text.id);
    expect(notPdf.statusCode).toBe(422);
    expect(notPdf.json().code).toBe('signature.not_pdf');

    const document = await uploadPdf();
    const badFields = await createRequest(document.id, {
      fields: [
        { type: 'signature', signer_index: 5, page: 1, x: 0.1, y: 0.1, width: 0.2, height: 0.1 },
        { type: 'signature', signer_index: 0, page: 9, x: 0.1, y: 0.1, width: 0.2, height: 0.1 },
      ],
    });
    expect(badFields.statusCode).toBe(400);
    expect(badFields.json().errors.map((error: { path: string }) => error.path)).toEqual([
      'fields.0.signer_index',
      'fields.1.page',
    ]);
    const outside = await createRequest(document.id, {
      fields: [{ type: 'signature', signer_index: 0, page: 1, x: 0.9, y: 0.1, width: 0.2, height: 0.1 }],
    });
    expect(outside.statusCode).toBe(400);
    expect(JSON.stringify(outside.json().errors)).toContain('width');
    const noSigner = await createRequest(document.id, { signers: [] });
    expect(noSigner.statusCode).toBe(400);
    expect(JSON.stringify(noSigner.json().errors)).toContain('signers');

    expect((await createRequest(document.id, {}, 'client')).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/documents/${document.id}/signature-requests`,
      payload: { signers: twoSigners },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await createRequest(document.id, {}, 'admin')).statusCode).toBe(201);
  });
});

describe('signing', () => {
  it('two signers at once: both recorded, completed once, sealed, pdfsig finds it valid', async () => {
    const { request } = await created();
    const [first, second] = request.signers.map((signer) => tokenOf(signer.signing_url));
    const textField = request.fields.find((field) => field.type === 'text')!;
    const opened = await t.app.inject({ method: 'GET', url: `/api/v1/sign/${first}` });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().fields).toHaveLength(2);
    expect(opened.json().signer.can_sign).toBe(true);
    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/sign/${first}/document` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    const [a, b] = await Promise.all([
      sign(first!, { signature: await drawn() }, '198.51.100.1'),
      sign(
        second!,
        { signature: { type: 'typed', name: 'Julie Gagnon' }, fields: { [textField.id]: 'Directrice' } },
        '198.51.100.2',
      ),
    ]);
    expect([a.statusCode, b.statusCode], `${a.body} ${b.body}`).toEqual([200, 200]);

    const got = await t.request({
      method: 'GET',
      url: `/api/v1/signature-requests/${request.id}`,
      as: 'staff',
    });
    const done = got.json();
    expect(done.status).toBe('signed');
    expect(done.signers.map((signer: { status: string }) => signer.status)).toEqual(['signed', 'signed']);
    expect(done.sealed_sha256).toMatch(/^[0-9a-f]{64}$/);

    const audit = (
      await t.request({ method: 'GET', url: `/api/v1/signature-requests/${request.id}/audit`, as: 'staff' })
    ).json();
    expect(audit.chain_valid).toBe(true);
    const events = audit.events.map((event: { event: string }) => event.event);
    expect(events.filter((event: string) => event === 'completed')).toHaveLength(1);
    expect(events.filter((event: string) => event === 'signed')).toHaveLength(2);
    expect(done.final_audit_hash).toBe(
      audit.events.find((event: { event: string }) => event.event === 'completed').hash,
    );

    // The sealed PDF: a document of the customer, its SHA-256 recorded, valid for pdfsig.
    const sealed = await t.request({
      method: 'GET',
      url: `/api/v1/documents/${done.sealed_document_id}/content`,
      as: 'staff',
    });
    expect(sealed.statusCode).toBe(200);
    expect(sha(sealed.rawPayload)).toBe(done.sealed_sha256);
    const file = path.join(dir, `${request.id}.pdf`);
    await writeFile(file, sealed.rawPayload);
    const pdfsig = await run('pdfsig', [file]).catch((error: { stdout: string }) => error);
    expect(pdfsig.stdout).toContain('Signature is Valid');
    expect(pdfsig.stdout).toContain('Total document signed');
    const text = (await run('pdftotext', [file, '-'])).stdout;
    expect(text).toContain('Certificat de signature électronique');
    expect(text).toContain('Éric Tremblay');
    expect(text).toContain('198.51.100.1');
    expect(text).toContain(done.original_sha256);
    expect(text).toContain(done.final_audit_hash);
    expect(text).toContain('Directrice');

    // Everyone is emailed the sealed copy.
    const mails = await t.database.db.execute(
      sql`select attachments from email_outbox where kind = 'signature_completed' and attachments::text like ${`%${request.id}%`}`,
    );
    expect(mails.rows).toHaveLength(2);

    // Public verification: who and when, never emails or addresses.
    const verified = await t.app.inject({ method: 'GET', url: `/api/v1/verify/${done.sealed_sha256}` });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ sealed_by_atrium: true, document: { request_id: request.id } });
    expect(
      verified
        .json()
        .document.signers.map((signer: { name: string }) => signer.name)
        .sort(),
    ).toEqual(['Julie Gagnon', 'Éric Tremblay']);
    expect(verified.body).not.toContain('@exemple.ca');
    expect(verified.body).not.toContain('198.51.100');
    const unknown = await t.app.inject({ method: 'GET', url: `/api/v1/verify/${'a'.repeat(64)}` });
    expect(unknown.json()).toMatchObject({ sealed_by_atrium: false, document: null });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/verify/not-a-hash' })).statusCode).toBe(400);

    // Used links are dead; signing twice is a conflict.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/sign/${first}` })).statusCode).toBe(404);
    const again = await sign(first!, { signature: await drawn() });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('signature.already_signed');
  });

  it('several requests of one customer completed at once: each sealed, no deadlock', async () => {
    const requests = await Promise.all(
      Array.from(
        { length: 4 },
        async (_, index) =>
          (
            await created({
              fields: [],
              signers: [{ name: `Signataire ${index}`, email: `s${index}@exemple.ca` }],
            })
          ).request,
      ),
    );
    const answers = await Promise.all(
      requests.map((request) =>
        sign(tokenOf(request.signers[0]!.signing_url), { signature: { type: 'typed', name: 'S' } }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
    for (const request of requests) {
      const got = (
        await t.request({ method: 'GET', url: `/api/v1/signature-requests/${request.id}`, as: 'staff' })
      ).json();
      expect(got).toMatchObject({ status: 'signed', sealed_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
  });

  it('refuses forged tokens, a missing consent, blank or bogus images, and a missing required field', async () => {
    const { request } = await created();
    const [first, second] = request.signers.map((signer) => tokenOf(signer.signing_url));
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/sign/${'x'.repeat(43)}` })).statusCode).toBe(
      404,
    );
    expect((await sign('y'.repeat(43), { signature: await drawn() })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sign/short' })).statusCode).toBe(400);

    const noConsent = await sign(first!, { consent: false, signature: await drawn() });
    expect(noConsent.statusCode).toBe(400);
    expect(JSON.stringify(noConsent.json().errors)).toContain('consent');

    const blank = await sign(first!, {
      signature: { type: 'drawn', png_base64: (await blankPng()).toString('base64') },
    });
    expect(blank.statusCode).toBe(422);
    expect(blank.json()).toMatchObject({
      code: 'signature.blank',
      errors: [{ path: 'signature.png_base64' }],
    });

    const notPng = await sign(first!, {
      signature: { type: 'drawn', png_base64: Buffer.from('GIF89a not really').toString('base64') },
    });
    expect(notPng.statusCode).toBe(422);
    expect(notPng.json()).toMatchObject({
      code: 'signature.image_invalid',
      errors: [{ path: 'signature.png_base64' }],
    });

    const empty = await sign(first!, { signature: { type: 'drawn', png_base64: '' } });
    expect(empty.statusCode).toBe(400);

    const huge = await sign(first!, {
      signature: { type: 'drawn', png_base64: Buffer.alloc(1_200_000, 1).toString('base64') },
    });
    expect([400, 413, 422]).toContain(huge.statusCode);

    const missingText = await sign(second!, { signature: { type: 'typed', name: 'Julie Gagnon' } });
    expect(missingText.statusCode).toBe(400);
    expect(missingText.json().errors[0].path).toMatch(/^fields\./);

    // Nothing above counted as a signature.
    const got = (
      await t.request({ method: 'GET', url: `/api/v1/signature-requests/${request.id}`, as: 'staff' })
    ).json();
    expect(got.signers.map((signer: { status: string }) => signer.status)).toEqual(['pending', 'pending']);
  });

  it('keeps the order of a sequential request (409 out of turn) and emails the next signer in turn', async () => {
    const { request } = await created({ routing: 'sequential', fields: [] });
    const [first, second] = request.signers.map((signer) => tokenOf(signer.signing_url));
    const early = await sign(second!, { signature: { type: 'typed', name: 'Julie' } });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('signature.out_of_order');
    const view = (await t.app.inject({ method: 'GET', url: `/api/v1/sign/${second}` })).json();
    expect(view.signer.can_sign).toBe(false);
    expect((await sign(first!, { signature: { type: 'typed', name: 'Éric Tremblay' } })).statusCode).toBe(
      200,
    );
    const audit = (
      await t.request({ method: 'GET', url: `/api/v1/signature-requests/${request.id}/audit`, as: 'staff' })
    ).json();
    expect(audit.events.filter((event: { event: string }) => event.event === 'sent')).toHaveLength(2);
    expect((await sign(second!, { signature: { type: 'typed', name: 'Julie Gagnon' } })).statusCode).toBe(
      200,
    );
  });

  it('a decline ends the request; cancelled and expired requests refuse their links', async () => {
    const declined = (await created({ fields: [] })).request;
    const [d1, d2] = declined.signers.map((signer) => tokenOf(signer.signing_url));
    const decline = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sign/${d1}/decline`,
      payload: { reason: 'Montant erroné' },
    });
    expect(decline.statusCode).toBe(200);
    const afterDecline = await sign(d2!, { signature: { type: 'typed', name: 'Julie' } });
    expect(afterDecline.statusCode).toBe(409);
    expect(afterDecline.json().code).toBe('signature.request_declined');
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sign/${d2}/decline`,
      payload: { reason: '' },
    });
    expect(noReason.statusCode).toBe(400);

    const cancelled = (await created({ fields: [] })).request;
    const cancel = await t.request({
      method: 'POST',
      url: `/api/v1/signature-requests/${cancelled.id}/cancel`,
      as: 'staff',
    });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().status).toBe('cancelled');
    expect(cancel.json().signers[0].status).toBe('cancelled');
    const signCancelled = await sign(tokenOf(cancelled.signers[0]!.signing_url), {
      signature: { type: 'typed', name: 'É' },
    });
    expect(signCancelled.json().code).toBe('signature.request_cancelled');
    expect(
      (
        await t.request({
          method: 'POST',
          url: `/api/v1/signature-requests/${cancelled.id}/cancel`,
          as: 'staff',
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await t.request({
          method: 'POST',
          url: `/api/v1/signature-requests/${cancelled.id}/cancel`,
          as: 'client',
        })
      ).statusCode,
    ).toBe(403);

    const expiring = (
      await created({ fields: [], expires_at: new Date(Date.now() + 3_600_000).toISOString() })
    ).request;
    offsetMs = 2 * 3_600_000;
    try {
      const late = await sign(tokenOf(expiring.signers[0]!.signing_url), {
        signature: { type: 'typed', name: 'É' },
      });
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('signature.request_expired');
      const got = (
        await t.request({ method: 'GET', url: `/api/v1/signature-requests/${expiring.id}`, as: 'staff' })
      ).json();
      expect(got.status).toBe('expired');
      expect(got.signers[0].status).toBe('expired');
    } finally {
      offsetMs = 0;
    }
  });
});

describe('email code', () => {
  async function lastCode(signerEmail: string) {
    const result = await t.database.db.execute<{ subject: string; secrets: string[] | null }>(
      sql`select subject, secrets from email_outbox where kind = 'signature_code' and "to" = ${signerEmail} order by created_at desc limit 1`,
    );
    // What the email carries: the stored subject holds a marker, the code waits beside it.
    return /(\d{6})/.exec(revealSecrets(result.rows[0]!.subject, result.rows[0]!.secrets))![1]!;
  }

  it('asks for the emailed code, counts wrong ones, locks after 5, and a reminder makes a new link', async () => {
    const email = `code.${Date.now()}@exemple.ca`;
    const { request } = await created({
      require_email_code: true,
      fields: [],
      signers: [{ name: 'Marc Roy', email }],
    });
    const token = tokenOf(request.signers[0]!.signing_url);
    const withoutCode = await sign(token, { signature: { type: 'typed', name: 'Marc Roy' } });
    expect(withoutCode.statusCode).toBe(403);
    expect(withoutCode.json().code).toBe('signature.code_required');

    const sent = await t.app.inject({ method: 'POST', url: `/api/v1/sign/${token}/code` });
    expect(sent.statusCode).toBe(200);
    const code = await lastCode(email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/sign/${token}/code/verify`,
        payload: { code: wrong },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors[0].path).toBe('code');
    }
    const fifth = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sign/${token}/code/verify`,
      payload: { code: wrong },
    });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().code).toBe('signature.code_locked');
    const rightButLocked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sign/${token}/code/verify`,
      payload: { code },
    });
    expect(rightButLocked.statusCode).toBe(429);
    const badFormat = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sign/${token}/code/verify`,
      payload: { code: '12ab' },
    });
    expect(badFormat.statusCode).toBe(400);

    const reminded = await t.request({
      method: 'POST',
      url: `/api/v1/signature-requests/${request.id}/remind`,
      as: 'staff',
      payload: {},
    });
    expect(reminded.statusCode).toBe(200);
    const fresh = tokenOf(reminded.json().signers[0].signing_url);
    expect(fresh).not.toBe(token);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/sign/${token}` })).statusCode).toBe(404);

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/sign/${fresh}/code` })).statusCode).toBe(200);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sign/${fresh}/code/verify`,
      payload: { code: await lastCode(email) },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await sign(fresh, { signature: { type: 'typed', name: 'Marc Roy' } })).statusCode).toBe(200);
    const audit = (
      await t.request({ method: 'GET', url: `/api/v1/signature-requests/${request.id}/audit`, as: 'staff' })
    ).json();
    const events = audit.events.map((event: { event: string }) => event.event);
    expect(events.filter((event: string) => event === 'code_failed')).toHaveLength(5);
    expect(events).toContain('code_verified');
    expect(audit.chain_valid).toBe(true);
  });
});

describe('proof', () => {
  it('a tampered event breaks the chain (chain_valid false)', async () => {
    const { request } = await created({ fields: [] });
    const before = (
      await t.request({ method: 'GET', url: `/api/v1/signature-requests/${request.id}/audit`, as: 'staff' })
    ).json();
    expect(before.chain_valid).toBe(true);
    // What someone with database access could do once the append-only trigger is off.
    await t.database.db.execute(sql`alter table signature_events disable trigger signature_events_no_update`);
    await t.database.db.execute(
      sql`update signature_events set ip = '203.0.113.66' where request_id = ${request.id} and seq = 1`,
    );
    await t.database.db.execute(sql`alter table signature_events enable trigger signature_events_no_update`);
    const after = (
      await t.request({ method: 'GET', url: `/api/v1/signature-requests/${request.id}/audit`, as: 'staff' })
    ).json();
    expect(after.chain_valid).toBe(false);
    expect(after.broken_at).toEqual({ seq: 1, reason: 'content does not match its hash' });
  });

  it('the trail cannot be rewritten while the trigger stands', async () => {
    const { request } = await created({ fields: [] });
    await expect(
      t.database.db.execute(sql`delete from signature_events where request_id = ${request.id}`),
    ).rejects.toThrow();
  });
});

describe('who may read requests', () => {
  it('staff roles read them; clients and anonymous callers do not', async () => {
    const { document, request } = await created({ fields: [] });
    for (const role of ['admin', 'staff', 'advisor'] as const) {
      expect(
        (await t.request({ method: 'GET', url: `/api/v1/signature-requests/${request.id}`, as: role }))
          .statusCode,
      ).toBe(200);
    }
    expect(
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/signature-requests/${request.id}`,
          as: 'client',
          customerId,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/documents/${document.id}/signature-requests` }))
        .statusCode,
    ).toBe(401);
    expect(
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/signature-requests/0190a000-0000-7000-8000-000000000001`,
          as: 'staff',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('the Customer 360 counts documents awaiting signature', async () => {
    const other = (await createTestCustomer(t.ctx)).id;
    const count = async () =>
      (await t.request({ method: 'GET', url: `/api/v1/customers/${other}/360`, as: 'staff' })).json().counts
        .awaiting_signature;
    expect(await count()).toBe(0);
    const body = multipart(await samplePdf(1), 'bail.pdf', 'application/pdf');
    const document = (
      await t.request({ method: 'POST', url: `/api/v1/customers/${other}/documents`, as: 'staff', ...body })
    ).json();
    const response = await createRequest(document.id, { fields: [] });
    expect(response.statusCode).toBe(201);
    await createRequest(document.id, { fields: [] });
    expect(await count()).toBe(1);
    await t.request({
      method: 'POST',
      url: `/api/v1/signature-requests/${response.json().id}/cancel`,
      as: 'staff',
    });
    expect(await count()).toBe(1);
  });
});

describe('sealing after a failure', () => {
  it('the completion event handler makes the sealed PDF once, however often it runs', async () => {
    const { request } = await created({
      fields: [],
      signers: [{ name: 'Luc Côté', email: 'luc@exemple.ca' }],
    });
    sealingDown = true;
    try {
      const signed = await sign(tokenOf(request.signers[0]!.signing_url), { signature: await drawn() });
      expect(signed.statusCode).toBe(200);
    } finally {
      sealingDown = false;
    }
    const pending = (
      await t.request({ method: 'GET', url: `/api/v1/signature-requests/${request.id}`, as: 'staff' })
    ).json();
    expect(pending).toMatchObject({ status: 'signed', sealed_sha256: null });
    const [event] = (
      await t.database.db.execute<{ id: string; payload: Record<string, unknown> }>(
        sql`select * from domain_events where type = 'signature_request.completed' and payload->>'request_id' = ${request.id}`,
      )
    ).rows;
    expect(event).toBeDefined();
    const sealedCount = async () =>
      (
        await t.database.db.execute<{ n: number }>(
          sql`select count(*)::int as n from customer_documents where title = 'Contrat (signé)' and customer_id = ${customerId}`,
        )
      ).rows[0]!.n;
    const before = await sealedCount();
    const [handler] = signatureEventHandlers(signatureSettings);
    // Delivered at least once: twice here, at the same time, each in a transaction of its own as the
    // dispatcher runs handlers, beside another signing of the same customer.
    const other = (await created({ fields: [], signers: [{ name: 'Anne Roy', email: 'anne@exemple.ca' }] }))
      .request;
    const inTransaction = () =>
      t.ctx.db.transaction((tx) => handler!.handle({ ...t.ctx, db: tx }, event as never));
    const [, , signedOther] = await Promise.all([
      inTransaction(),
      inTransaction(),
      sign(tokenOf(other.signers[0]!.signing_url), { signature: { type: 'typed', name: 'Anne Roy' } }),
    ]);
    expect(signedOther.statusCode).toBe(200);
    const sealed = (
      await t.request({ method: 'GET', url: `/api/v1/signature-requests/${request.id}`, as: 'staff' })
    ).json();
    expect(sealed.sealed_sha256).toMatch(/^[0-9a-f]{64}$/);
    // This request's sealed copy, and the other request's.
    expect(await sealedCount()).toBe(before + 2);
    const sealedRows = await t.database.db.execute(
      sql`select count(*)::int as n from email_outbox where kind = 'signature_completed' and attachments::text like ${`%${request.id}%`}`,
    );
    expect(sealedRows.rows[0]).toEqual({ n: 1 });
  });
});

describe('sealing certificate', () => {
  it('is made once in the data directory and reused', async () => {
    const dataDir = path.join(dir, 'data');
    const [first, second] = await Promise.all([
      loadSigningCertificate({ dataDir }),
      loadSigningCertificate({ dataDir }),
    ]);
    const third = await loadSigningCertificate({ dataDir });
    expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(third.fingerprint).toBe(first.fingerprint);
  });
});

describe('public verification', () => {
  it('is rate limited per address (60 a minute, then 429 with Retry-After)', async () => {
    const check = () =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/verify/${'c'.repeat(64)}`,
        remoteAddress: '203.0.113.200',
      });
    const answers = await Promise.all(Array.from({ length: 60 }, check));
    expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
    const refused = await check();
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const elsewhere = await t.app.inject({
      method: 'GET',
      url: `/api/v1/verify/${'c'.repeat(64)}`,
      remoteAddress: '203.0.113.201',
    });
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe('the access-request export', () => {
  it('carries the requests, signers and trail, never tokens or codes', async () => {
    const own = (await createTestCustomer(t.ctx)).id;
    const body = multipart(await samplePdf(1), 'entente.pdf', 'application/pdf');
    const document = (
      await t.request({ method: 'POST', url: `/api/v1/customers/${own}/documents`, as: 'staff', ...body })
    ).json();
    const response = await createRequest(document.id, {
      fields: [],
      require_email_code: true,
      signers: [{ name: 'Paul Ouellet', email: 'paul@exemple.ca' }],
    });
    expect(response.statusCode).toBe(201);
    const exported = await t.request({ method: 'GET', url: `/api/v1/customers/${own}/export`, as: 'staff' });
    expect(exported.statusCode, exported.body).toBe(200);
    const section = exported.json().signatures;
    expect(section.requests).toHaveLength(1);
    expect(section.requests[0].signers[0]).toMatchObject({ name: 'Paul Ouellet', status: 'pending' });
    expect(section.requests[0].events.map((event: { event: string }) => event.event)).toEqual([
      'created',
      'sent',
    ]);
    expect(exported.body).not.toContain('token_hash');
    expect(exported.body).not.toContain('token_nonce');
    expect(exported.body).not.toContain('code_hash');
    // Staff-level document: a client's own export does not carry its request.
    const client = await t.request({
      method: 'GET',
      url: `/api/v1/customers/${own}/export`,
      as: 'client',
      customerId: own,
    });
    expect(client.json().signatures.requests).toEqual([]);
  });
});
