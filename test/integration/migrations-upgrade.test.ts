import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { migrate, MIGRATIONS_TABLE } from '../../server/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// docs/OPERATIONS.md, "Upgrading": several processes starting at once on a
// new release migrate once (an advisory lock serialises them), and the last
// migration can be rolled back with the command the doc gives, then applied again.

describe('upgrading the schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(() => db?.drop());

  const recorded = async () => (await db.pool.query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).rows.map((r) => r.name as string);

  it('migrates once when three processes start at the same time', async () => {
    const reports = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    const applied = reports.flatMap((r) => r.applied);
    expect(applied.length).toBeGreaterThan(10);
    expect(new Set(applied).size).toBe(applied.length); // no migration ran twice
    expect(await recorded()).toEqual([...applied].sort());
  });

  it('rolls the last migration back with node-pg-migrate down, and migrate applies it again', async () => {
    const before = await recorded();
    const last = before.at(-1)!;
    const down = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['node_modules/node-pg-migrate/bin/node-pg-migrate.js', 'down', '-m', 'schema/migrations', '-t', MIGRATIONS_TABLE], {
        cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: db.url }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, output }));
    });
    expect(down.code, down.output).toBe(0);
    expect(await recorded()).toEqual(before.slice(0, -1));
    expect((await migrate(db.url)).applied).toEqual([last]);
    expect(await recorded()).toEqual(before);
  });
});
