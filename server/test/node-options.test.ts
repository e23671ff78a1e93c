import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

// ADR 4: every way of starting Atrium runs Node with the same garbage-collector flags.
describe('Node flags', () => {
  const shebang = read('server/bin/atrium.js').split('\n')[0]!;
  const binFlags = shebang
    .replace(/^#!\/usr\/bin\/env -S node/, '')
    .split(' ')
    .filter(Boolean);
  const npmrcFlags = /^node-options=(.+)$/m.exec(read('.npmrc'))?.[1]?.trim().split(' ') ?? [];
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  it('the atrium bin names its flags on its shebang', () => {
    expect(shebang).toMatch(/^#!\/usr\/bin\/env -S node /);
    expect(binFlags).toContain('--max-semi-space-size=16');
    expect(binFlags).toContain('--no-allocation-site-pretenuring');
  });

  it('npm scripts get the NODE_OPTIONS-allowed flags from .npmrc, and start/atrium pass the others', () => {
    expect(binFlags).toEqual(expect.arrayContaining(npmrcFlags));
    const commandLineOnly = binFlags.filter((flag) => !npmrcFlags.includes(flag));
    for (const name of ['start', 'atrium']) {
      expect(scripts[name]).toContain(`node ${commandLineOnly.join(' ')} server/bin/atrium.js`);
    }
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
