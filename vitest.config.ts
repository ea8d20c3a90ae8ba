import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**'],
    // CLI and build tests start real processes; two cores run them comfortably.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
