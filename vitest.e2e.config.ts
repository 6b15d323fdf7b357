import { defineConfig } from 'vitest/config';

// End-to-end: the built extension in Debian's Chromium. One file at a time (two cores,
// one browser each); generous timeouts because servers and browsers start inside tests.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
