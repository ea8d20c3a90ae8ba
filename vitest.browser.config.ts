import { defineConfig } from 'vitest/config';

// `npm run test:browser`: tests that drive Debian's Chromium against built sites on loopback.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file builds its own sites; one at a time keeps two cores for Chromium and Astro.
    fileParallelism: false,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest-browser.json' },
  },
});
