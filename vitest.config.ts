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
    // Test files share their worker's modules (cdktf, the provider classes and the AWS SDK are imported
    // once per worker, not once per file). What a file may leave behind is undone: process.env by
    // setup.ts, mocked AWS clients and console spies by the files that make them.
    isolate: false,
    reporters: ['default', new PassFailReporter()],
  },
});
