import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ADR 4: every way of starting Atrium runs Node with the same young-generation size.
describe('Node options', () => {
  const npmrc = readFileSync(path.join(root, '.npmrc'), 'utf8');
  const fromNpmrc = /^node-options=(.+)$/m.exec(npmrc)?.[1]?.trim();

  it('.npmrc gives npm scripts a fixed semi-space', () => {
    expect(fromNpmrc).toMatch(/--max-semi-space-size=\d+/);
  });

  it('the atrium bin passes the same options when run directly', () => {
    const shebang = readFileSync(path.join(root, 'server/bin/atrium.js'), 'utf8').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${fromNpmrc}`);
  });

  it('Node accepts them in NODE_OPTIONS', () => {
    // Most V8 flags are refused there ("is not allowed in NODE_OPTIONS") and Node exits.
    const out = execFileSync(process.execPath, ['-e', 'process.stdout.write(process.env.NODE_OPTIONS)'], {
      env: { ...process.env, NODE_OPTIONS: fromNpmrc },
    });
    expect(out.toString()).toBe(fromNpmrc);
  });
});
