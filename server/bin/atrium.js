#!/usr/bin/env node
// Node 24 runs the TypeScript sources directly (type stripping); nothing is compiled.
await import('../src/cli.ts');
