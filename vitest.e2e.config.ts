/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Browser tests: the app in headless Chromium (e2e/browser.ts). Run by `npm test` after the unit suites.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
