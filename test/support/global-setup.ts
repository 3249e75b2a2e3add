import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { withDatabase } from '../../server/db/database-url.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded-postgres.ts';
import { migrate } from '../../server/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database on the test server from which suites create and drop their own. */
    testAdminUrl: string;
    /** A migrated database (schema + calendar) to clone with CREATE DATABASE … TEMPLATE. */
    migratedTemplate: string;
  }
}

// Integration suites run against DATABASE_URL's server when it is set (CI's
// Postgres 15), else against a throwaway embedded Postgres in a temp folder.
// Either way every suite works in databases of its own and never touches the
// database DATABASE_URL names, nor the user's .data/.
let embedded: EmbeddedDatabase | undefined;
let adminUrl: string;
let template: string;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    embedded = await startEmbeddedPostgres({
      clusterDir: path.join(os.tmpdir(), `clearline-test-${process.pid}-${randomBytes(3).toString('hex')}`, 'pg'),
      database: 'clearline_test_admin',
      throwaway: true,
    });
    adminUrl = embedded.adminUrl;
  }
  template = `clearline_template_${process.pid}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${template}`);
  await migrate(withDatabase(adminUrl, template));
  project.provide('testAdminUrl', adminUrl);
  project.provide('migratedTemplate', template);
}

export async function teardown(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
  await embedded?.stop();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
