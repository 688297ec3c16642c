import { defineConfig } from 'vitest/config';

// One suite, two backends: every test runs on SQLite; with CRL_TEST_PG_URL (a throwaway server, see
// scripts/pg-test-server.sh) the integration, e2e and reliability tests run again on PostgreSQL.
const postgres = process.env.CRL_TEST_PG_URL
  ? [
      {
        extends: true as const,
        test: {
          name: 'postgres',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/reliability/**/*.test.ts'],
          env: { CRL_TEST_BACKEND: 'postgres' },
        },
      },
    ]
  : [];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [{ extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'], env: { CRL_TEST_BACKEND: 'sqlite' } } }, ...postgres],
  },
});
