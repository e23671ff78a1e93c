import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./global-setup.ts'],
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A page under CI's load may take more than the default second to settle.
    expect: { poll: { timeout: 10_000 } },
    // One server, one browser: the files take turns.
    fileParallelism: false,
  },
});
