import { defineConfig } from 'vitest/config';

// Fixed time zone and locale, so no test depends on the machine it runs on.
process.env.TZ = 'UTC';
process.env.LANG = 'C.UTF-8';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'server/**/*.test.ts', 'seeds/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Suites share one Postgres server; each gets databases of its own.
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
