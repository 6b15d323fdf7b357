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
    // How long expect.poll keeps waiting for the browser to catch up (default 1 s is too
    // short on a busy two-core machine). A bound on waiting, not an assertion on speed.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
