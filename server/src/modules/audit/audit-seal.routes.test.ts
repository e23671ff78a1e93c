import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { sealedBlocks, sealUntilSealed, tamper, writeEntries } from '../../../test/audit-seal.ts';
import { createTestCustomer } from '../../../test/factories.ts';
import { auditJobs, runAuditVerify } from './index.ts';

const routes = [
  { method: 'GET', url: '/api/v1/audit' },
  { method: 'GET', url: '/api/v1/audit/verify' },
  { method: 'POST', url: '/api/v1/audit/seal' },
] as const;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('audit routes: who may call them', () => {
  it.each(routes)('$method $url: 401 without a session, 403 for staff, advisor and client', async (route) => {
    expect((await t.request(route)).statusCode).toBe(401);
    const customer = await createTestCustomer(t.ctx);
    for (const role of ['staff', 'advisor', 'client'] as const) {
      const response = await t.request({
        ...route,
        as: role,
        customerId: role === 'client' ? customer.id : undefined,
      });
      expect(response.statusCode, role).toBe(403);
      expect(response.json()).toMatchObject({ code: 'auth.forbidden' });
    }
    const staffSession = await t.signInNewUser('staff');
    expect((await t.request({ ...route, headers: staffSession.headers })).statusCode).toBe(403);
  });

  it('lets a signed-in admin seal and verify', async () => {
    const admin = await t.signInNewUser('admin');
    const ids = await writeEntries(t.ctx, t.database, 2);
    await sealUntilSealed(t.ctx, t.database, ids);
    const sealed = await t.request({ method: 'POST', url: '/api/v1/audit/seal', headers: admin.headers });
    expect(sealed.statusCode).toBe(200);
    expect(Object.keys(sealed.json())).toEqual(['block']);
    const verified = await t.request({ method: 'GET', url: '/api/v1/audit/verify', headers: admin.headers });
    expect(verified.statusCode).toBe(200);
    const blocks = await sealedBlocks(t.database);
    expect(verified.json()).toMatchObject({
      ok: true,
      failure: null,
      blocks_checked: blocks.length,
      latest_block: { block_no: blocks.length, hash: blocks.at(-1)!.hash },
    });
    expect(verified.json().verified_up_to).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('POST /api/v1/audit/seal', () => {
  it('makes a block of what was written since the last seal, and none when nothing was', async () => {
    const ids = await writeEntries(t.ctx, t.database, 3);
    let block: { block_no: number; entry_count: number; hash: string; last_entry_id: string } | null = null;
    // Another test file's open transaction may hold the horizon back a moment (test/audit-seal.ts).
    for (let attempt = 0; attempt < 400 && !block?.entry_count; attempt++) {
      const response = await t.request({ method: 'POST', url: '/api/v1/audit/seal', as: 'admin' });
      expect(response.statusCode).toBe(200);
      block = response.json().block;
    }
    expect(block).toMatchObject({
      entry_count: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await sealUntilSealed(t.ctx, t.database, ids);
    const again = await t.request({ method: 'POST', url: '/api/v1/audit/seal', as: 'admin' });
    expect(again.json()).toEqual({ block: null });
  });

  it('never covers an entry twice when two admins seal at once', async () => {
    const ids = await writeEntries(t.ctx, t.database, 4);
    const responses = await Promise.all(
      Array.from({ length: 3 }, () => t.request({ method: 'POST', url: '/api/v1/audit/seal', as: 'admin' })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    const made = responses.map((response) => response.json().block).filter(Boolean);
    expect(new Set(made.map((block: { block_no: number }) => block.block_no)).size).toBe(made.length);
    await sealUntilSealed(t.ctx, t.database, ids);
    const covered = (await sealedBlocks(t.database)).flatMap((block) => block.entry_ids);
    expect(new Set(covered).size).toBe(covered.length);
  });
});

describe('the audit.seal job', () => {
  it('runs every minute and seals', async () => {
    const job = auditJobs.find((candidate) => candidate.name === 'audit.seal');
    expect(job?.cron).toBe('* * * * *');
    const ids = await writeEntries(t.ctx, t.database, 1);
    const blocksBefore = (await sealedBlocks(t.database)).length;
    let result: unknown;
    for (let attempt = 0; attempt < 400; attempt++) {
      result = await job!.handler(t.ctx);
      if ((await sealedBlocks(t.database)).some((block) => block.entry_ids.includes(ids[0]!))) break;
    }
    const blocks = await sealedBlocks(t.database);
    expect(blocks.length).toBeGreaterThan(blocksBefore);
    expect(blocks.at(-1)!.entry_ids).toContain(ids[0]);
    expect(result).toEqual({ block_no: blocks.at(-1)!.block_no, entries: blocks.at(-1)!.entry_ids.length });
    expect(await job!.handler(t.ctx)).toEqual({ block_no: null, entries: 0 });
  });
});

const cli = path.resolve(import.meta.dirname, '../../../bin/atrium.js');

/** `atrium audit verify` as an operator runs it, against the test database. */
async function runCli() {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'audit', 'verify'], {
      env: { ...process.env, DATABASE_URL: t.database.url, ATRIUM_SECRET: 'x'.repeat(40), NODE_ENV: 'test' },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('atrium audit verify (runs last in this file: it tampers with the log)', () => {
  it('prints the verified chain and its latest hash, then names a tampered entry with exit code 1', async () => {
    const ids = await writeEntries(t.ctx, t.database, 2);
    await sealUntilSealed(t.ctx, t.database, ids);
    const head = (await sealedBlocks(t.database)).at(-1)!;

    const lines: string[] = [];
    expect(await runAuditVerify(t.ctx, (line) => lines.push(line))).toBe(0);
    expect(lines[0]).toMatch(/^audit log verified: \d+ blocks, \d+ entries, up to \d{4}-/);
    expect(lines.join('\n')).toContain(`latest block: #${head.block_no} sealed`);
    expect(lines.join('\n')).toContain(head.hash);

    const ok = await runCli();
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('audit log verified');
    expect(ok.stdout).toContain(head.hash);

    await tamper(t.database, `update audit_log set action = 'customer.read' where id = $1`, [ids[1]]);
    const bad: string[] = [];
    expect(await runAuditVerify(t.ctx, (line) => bad.push(line))).toBe(1);
    const block = (await sealedBlocks(t.database)).find((candidate) =>
      candidate.entry_ids.includes(ids[1]!),
    )!;
    expect(bad[0]).toBe(`AUDIT LOG TAMPERED: Entry ${ids[1]} in block ${block.block_no} was altered`);

    const failed = await runCli();
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`first bad entry: ${ids[1]}`);
  });
});
