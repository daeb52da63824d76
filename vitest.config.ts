import { defineConfig } from 'vitest/config';
import PassFailReporter from './__tests__/support/pass-fail-reporter.js';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    globalSetup: ['__tests__/support/global-setup.ts'],
    setupFiles: ['__tests__/support/setup.ts'],
    globals: true,
    testTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', new PassFailReporter()],
  },
});
