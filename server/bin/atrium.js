#!/usr/bin/env node
// Start it through npm (`npm start`, `npm run atrium --`), which passes the garbage-collector
// flags Atrium runs with, or pass them yourself (docs/adr/0004-young-generation-size.md).
// Node 24 runs the TypeScript sources directly (type stripping); nothing is compiled.
await import('../src/cli.ts');
