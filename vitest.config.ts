import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Generous: CI shares two cores with PostgreSQL, NATS and the child processes the
    // integration tests start, and runs several times slower when the host is busy. A test
    // that hangs still fails.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
