/**
 * Documents and e-signature figures (`npm run bench -- --only=seal,upload`): uploads through
 * the real server (20 concurrent 5 MB files, MB/s) with the server's RSS sampled while 1 MB
 * and then 20 MB files stream (it must not grow with the file size), and sealed PDFs per
 * second — `sealPdf` alone (pdf-lib, certificate page, QR, PAdES), and whole signings through
 * the API that each end in a sealed, stored PDF. Its own database on the bench PostgreSQL;
 * its figures go to bench/results.md between the signatures markers.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../server/src/core/clock.ts';
import { systemActor } from '../server/src/core/context.ts';
import { openDatabase } from '../server/src/core/db.ts';
import { ensureDatabase } from '../server/src/core/embedded-postgres.ts';
import { runMigrations } from '../server/src/core/migrate.ts';
import { createApiKey } from '../server/src/modules/auth/index.ts';
import { createCustomer } from '../server/src/modules/customers/customers.service.ts';
import { generateSelfSignedP12 } from '../server/src/modules/signatures/index.ts';
import { inkedPng, samplePdf } from '../server/src/modules/signatures/signatures.fixtures.ts';
import { sealPdf } from '../server/src/modules/signatures/signatures.seal.ts';
import { startBenchPostgres } from './database.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const signatureKeys = ['signatures', 'seal', 'upload'];
const database = 'atrium_bench_sign';
const sectionStart = '<!-- signatures:start -->';
const sectionEnd = '<!-- signatures:end -->';

interface Options {
  dataDir: string;
  pgPort: number;
  seconds: number;
  only: Set<string>;
  out: string | undefined;
  log: (line: string) => void;
}

const mb = 1024 * 1024;

/** Resident set size of a process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(here, 'servers', 'atrium.ts'), {
    execArgv: [...process.execArgv, '--max-semi-space-size=16', '--no-allocation-site-pretenuring'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type === 'ready') resolve({ child, port: message.port! });
    });
  });
}

/** A multipart body around `content` (a PDF by its magic bytes, unique by `serial`). */
function uploadBody(content: Buffer, serial: number) {
  const boundary = `----atriumbench${serial}`;
  const unique = Buffer.from(content);
  unique.write(`%PDF-1.4\n%${String(serial).padStart(12, '0')}\n`, 0, 'latin1');
  return {
    body: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nother\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-${serial}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      unique,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/** `count` uploads of `size` bytes, `concurrency` at a time; the server's RSS sampled every 50 ms. */
async function uploads(
  server: { port: number; pid: number; headers: Record<string, string> },
  customerId: string,
  size: number,
  count: number,
  concurrency: number,
) {
  const base = randomBytes(size);
  let next = 0;
  let failed = 0;
  const baseline = rssOf(server.pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(server.pid));
  }, 50);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const serial = Date.now() * 1000 + next++;
        const { body, type } = uploadBody(base, serial);
        const response = await fetch(
          `http://127.0.0.1:${server.port}/api/v1/customers/${customerId}/documents`,
          {
            method: 'POST',
            headers: { ...server.headers, 'content-type': type },
            body,
          },
        );
        if (response.status !== 201) failed += 1;
        await response.arrayBuffer();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssOf(server.pid));
  return {
    size_mb: size / mb,
    count,
    failed,
    seconds,
    mb_per_second: (count * size) / mb / seconds,
    rss_baseline_mb: baseline / mb,
    rss_peak_mb: peak / mb,
    in_flight_mb: (concurrency * size) / mb,
  };
}

async function sealAlone(seconds: number) {
  const original = await samplePdf(2);
  const png = await inkedPng();
  const certificate = {
    p12: generateSelfSignedP12('Atrium bench', 'bench'),
    passphrase: 'bench',
    subject: 'Atrium bench',
    fingerprint: '0'.repeat(64),
  };
  const input = {
    original,
    title: 'Contrat de service',
    request_id: '0190a000-0000-7000-8000-000000000001',
    original_sha256: 'a'.repeat(64),
    final_audit_hash: 'b'.repeat(64),
    verify_url: 'https://atrium.example.ca/verify',
    created_at: new Date(),
    completed_at: new Date(),
    company_name: 'Garage Tremblay',
    certificate,
    signers: [
      {
        name: 'Éric Tremblay',
        email: 'eric@exemple.ca',
        signed_at: new Date(),
        ip: '198.51.100.1',
        signature: { type: 'drawn' as const, png },
      },
      {
        name: 'Julie Gagnon',
        email: 'julie@exemple.ca',
        signed_at: new Date(),
        ip: '198.51.100.2',
        signature: { type: 'typed' as const, name: 'Julie Gagnon' },
      },
    ],
    fields: [
      {
        type: 'signature' as const,
        page: 1,
        x: 0.1,
        y: 0.8,
        width: 0.3,
        height: 0.08,
        signer_index: 0,
        value: null,
      },
      {
        type: 'date' as const,
        page: 2,
        x: 0.5,
        y: 0.8,
        width: 0.2,
        height: 0.04,
        signer_index: 1,
        value: '2026-12-01',
      },
    ],
  };
  for (let warm = 0; warm < 5; warm++) await sealPdf(input);
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await sealPdf(input);
    count += 1;
  }
  const elapsed = (performance.now() - started) / 1000;
  return { count, seconds: elapsed, per_second: count / elapsed, ms_each: (elapsed * 1000) / count };
}

/** Whole signings: requests made first, then each one's only signer signs (typed), 4 at a time; each ends sealed and stored. */
async function signings(
  server: { port: number; headers: Record<string, string> },
  customerId: string,
  count: number,
) {
  const pdf = await samplePdf(2);
  const form = new FormData();
  form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'contrat.pdf');
  const uploaded = await fetch(`http://127.0.0.1:${server.port}/api/v1/customers/${customerId}/documents`, {
    method: 'POST',
    headers: server.headers,
    body: form,
  });
  const document = (await uploaded.json()) as { id: string };
  const tokens: string[] = [];
  for (let index = 0; index < count; index++) {
    const response = await fetch(
      `http://127.0.0.1:${server.port}/api/v1/documents/${document.id}/signature-requests`,
      {
        method: 'POST',
        headers: { ...server.headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          signers: [{ name: `Signataire ${index}`, email: `s${index}@exemple.ca` }],
          fields: [{ type: 'signature', signer_index: 0, page: 1, x: 0.1, y: 0.8, width: 0.3, height: 0.08 }],
        }),
      },
    );
    const created = (await response.json()) as { signers: { signing_url: string }[] };
    tokens.push(created.signers[0]!.signing_url.split('/sign/')[1]!);
  }
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        const response = await fetch(`http://127.0.0.1:${server.port}/api/v1/sign/${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ consent: true, signature: { type: 'typed', name: 'Signataire' } }),
        });
        if (response.status !== 200) failed += 1;
        await response.arrayBuffer();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { count, failed, seconds, per_second: count / seconds };
}

function section(lines: string[]) {
  return `${sectionStart}\n${lines.join('\n')}\n${sectionEnd}`;
}

export async function runSignatureBench(options: Options) {
  const { log, only } = options;
  const wants = (key: string) => only.has('signatures') || only.has(key);
  const postgres = await startBenchPostgres(options.dataDir, options.pgPort);
  const filesDir = path.join(os.tmpdir(), `atrium-bench-sign-files-${process.pid}`);
  mkdirSync(filesDir, { recursive: true });
  let server: { child: ChildProcess; port: number } | undefined;
  try {
    await ensureDatabase(postgres.url('postgres'), database);
    const url = postgres.url(database);
    await runMigrations(url);
    const db = openDatabase(url, { max: 2 });
    const ctx = { db: db.db, actor: systemActor, clock: systemClock };
    const key = await createApiKey(ctx, { name: 'bench signatures', role: 'staff' });
    const customer = await createCustomer(ctx, { kind: 'company', company_name: `Bench ${Date.now()}` });
    await db.close();
    server = await startServer({ BENCH_DATABASE_URL: url, BENCH_POOL_SIZE: '8', BENCH_FILES_DIR: filesDir });
    const target = {
      port: server.port,
      pid: server.child.pid!,
      headers: { authorization: `Bearer ${key.key}` },
    };
    const lines = [
      '## Documents and e-signature',
      '',
      `${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} cores · Node ${process.version} · local disk storage · \`npm run bench -- --only=${[...only].join(',')}\``,
      '',
    ];
    if (wants('upload')) {
      // Warm-up, then the figures; files are stored (hashed, committed) like any upload.
      // Waves of 20: five waves at the default 15 s (1 GB of 5 MB files), fewer for a quick run.
      const waves = Math.max(1, Math.min(5, Math.round(options.seconds / 3)));
      await uploads(target, customer.id, mb, 20, 20);
      const five = await uploads(target, customer.id, 5 * mb, 20 * waves, 20);
      log(
        `upload 5 MB × 20 concurrent: ${five.mb_per_second.toFixed(0)} MB/s, RSS peak ${five.rss_peak_mb.toFixed(0)} MB`,
      );
      const small = await uploads(target, customer.id, mb, 20 * waves, 20);
      const large = await uploads(target, customer.id, 20 * mb, 20 * Math.min(waves, 2), 20);
      log(
        `RSS peak with 1 MB files: ${small.rss_peak_mb.toFixed(0)} MB; with 20 MB files: ${large.rss_peak_mb.toFixed(0)} MB`,
      );
      lines.push(
        '| uploads (20 concurrent) | files | MB/s | server RSS before → peak | in flight |',
        '|---|---:|---:|---:|---:|',
        ...[five, small, large].map(
          (run) =>
            `| ${run.size_mb} MB files | ${run.count}${run.failed ? ` (${run.failed} failed)` : ''} | ${run.mb_per_second.toFixed(0)} | ${run.rss_baseline_mb.toFixed(0)} → ${run.rss_peak_mb.toFixed(0)} MB | ${run.in_flight_mb.toFixed(0)} MB |`,
        ),
        '',
        `Streamed: with 20 MB files (${large.in_flight_mb.toFixed(0)} MB in flight) the server's peak RSS is ${(large.rss_peak_mb - small.rss_peak_mb).toFixed(0)} MB above the 1 MB files' run (${small.in_flight_mb.toFixed(0)} MB in flight).`,
        '',
      );
    }
    if (wants('seal')) {
      const alone = await sealAlone(options.seconds);
      log(
        `sealPdf alone: ${alone.per_second.toFixed(1)} sealed PDFs/s (${alone.ms_each.toFixed(0)} ms each)`,
      );
      const whole = await signings(
        target,
        customer.id,
        Math.max(20, Math.round(alone.per_second * options.seconds)),
      );
      log(`signings through the API: ${whole.per_second.toFixed(1)} completed and sealed/s`);
      lines.push(
        '| sealing | count | per second | ms each |',
        '|---|---:|---:|---:|',
        `| \`sealPdf\` alone, one core (2-page PDF, drawn + typed signatures, certificate page, QR, PAdES) | ${alone.count} | ${alone.per_second.toFixed(1)} | ${alone.ms_each.toFixed(0)} |`,
        `| last signer signs through the API (4 at once): request completed, PDF sealed, stored, mails queued | ${whole.count}${whole.failed ? ` (${whole.failed} failed)` : ''} | ${whole.per_second.toFixed(1)} | ${((whole.seconds * 1000) / whole.count).toFixed(0)} |`,
        '',
      );
    }
    const markdown = section(lines);
    log(`\n${lines.join('\n')}`);
    if (options.out) {
      const previous = existsSync(options.out) ? readFileSync(options.out, 'utf8') : '';
      const start = previous.indexOf(sectionStart);
      const end = previous.indexOf(sectionEnd);
      const next =
        start >= 0 && end > start
          ? `${previous.slice(0, start)}${markdown}${previous.slice(end + sectionEnd.length)}`
          : `${previous.trimEnd()}\n\n${markdown}\n`;
      writeFileSync(options.out, next);
      log(`written to ${path.relative(process.cwd(), options.out)}`);
    }
  } finally {
    if (server?.child.connected) server.child.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await postgres.stop();
    rmSync(filesDir, { recursive: true, force: true });
  }
}
