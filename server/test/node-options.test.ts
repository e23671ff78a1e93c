import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

// ADR 4: every npm way of starting Atrium runs Node with the same garbage-collector flags.
describe('Node flags', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const flagsOf = (script: string) =>
    /node ((?:--\S+ )*)server\/bin\/atrium\.js/.exec(script)?.[1]?.trim().split(' ');
  const npmrcFlags = /^node-options=(.+)$/m.exec(read('.npmrc'))?.[1]?.trim().split(' ') ?? [];

  it('start and atrium pass the same flags', () => {
    expect(flagsOf(scripts.start!)).toEqual(['--max-semi-space-size=16', '--no-allocation-site-pretenuring']);
    expect(flagsOf(scripts.atrium!)).toEqual(flagsOf(scripts.start!));
  });

  it('.npmrc gives every other npm script (tests, bench) the NODE_OPTIONS-allowed ones', () => {
    expect(npmrcFlags).toEqual(['--max-semi-space-size=16']);
    expect(flagsOf(scripts.start!)).toEqual(expect.arrayContaining(npmrcFlags));
  });

  it('Node accepts the .npmrc flags in NODE_OPTIONS', () => {
    // Most V8 flags are refused there ("is not allowed in NODE_OPTIONS") and Node exits.
    const options = npmrcFlags.join(' ');
    const out = execFileSync(process.execPath, ['-e', 'process.stdout.write(process.env.NODE_OPTIONS)'], {
      env: { ...process.env, NODE_OPTIONS: options },
    });
    expect(out.toString()).toBe(options);
  });
});
