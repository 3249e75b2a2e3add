import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Fixed time zone and locale, so no test depends on the machine it runs on.
process.env.TZ = 'UTC';
process.env.LANG = 'C.UTF-8';

// graphql ships CommonJS (index.js) and ESM (index.mjs) builds. Node loads the
// CommonJS one for everyone; Vite would hand our code the ESM one while
// type-graphql keeps the CommonJS one — two graphql "realms" that reject each
// other's types. Point every import at the one Node uses.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'server/**/*.test.ts', 'seeds/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          // The dashboard's pure modules and components (formatting, RAG, URL state).
          name: 'dashboard',
          include: ['dashboard/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
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
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // A page waits on real queries: on a busy machine the first answer can take seconds, past expect.poll's 1 s default.
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
