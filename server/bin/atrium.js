#!/usr/bin/env -S node --max-semi-space-size=16 --no-allocation-site-pretenuring
// The Node flags every Atrium process runs with (docs/adr/0004-young-generation-size.md):
// .npmrc gives npm scripts the first, the start and atrium scripts pass the second.
// Node 24 runs the TypeScript sources directly (type stripping); nothing is compiled.
await import('../src/cli.ts');
