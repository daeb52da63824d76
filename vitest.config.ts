import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    setupFiles: ['__tests__/support/setup.ts'],
    globals: true,
    testTimeout: 60_000,
    pool: 'forks',
  },
});
