#!/usr/bin/env -S node --max-semi-space-size=16
// The flag is the one .npmrc gives every npm script (docs/adr/0004-young-generation-size.md).
// Node 24 runs the TypeScript sources directly (type stripping); nothing is compiled.
await import('../src/cli.ts');
