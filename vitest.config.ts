import { availableParallelism } from 'node:os';
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
    // vitest's default is one worker fewer than the cores: one worker on a 2-core machine. The files
    // spend much of their time waiting for git and the processes they start, so use every core.
    maxWorkers: availableParallelism(),
    // Test files share their worker's modules (cdktf, the provider classes and the AWS SDK are imported
    // once per worker, not once per file). What a file may leave behind is undone: process.env by
    // setup.ts, mocked AWS clients and console spies by the files that make them.
    isolate: false,
    reporters: ['default', new PassFailReporter()],
  },
});
