import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate.ts';
import { refreshRollups } from '../../server/rollups/rollup-refresh.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { startTestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// docs/OPERATIONS.md, "Backups": pg_dump without the rollups' data, pg_restore
// into an empty database, migrate, refresh the rollups — and the restored
// database answers the same KPIs, with the audit log still append-only.
// Runs where the machine's pg_dump can read the test server (pg_dump must be
// as new as the server); skipped otherwise.

const run = promisify(execFile);
const KPIS = `{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, groupBy: [ORG_UNIT], grain: MONTH) {
  key { period { label } orgUnit { code } } complaints repeatComplaintRate slaComplianceRate satisfactionRate medianResolutionHours backlog } }`;

async function pgDumpMajor(): Promise<number | undefined> {
  try {
    const { stdout } = await run('pg_dump', ['--version']);
    return Number(/(\d+)\.\d+/.exec(stdout)?.[1]);
  } catch {
    return undefined;
  }
}

describe('backup and restore', () => {
  let original: TestDatabase;
  let restored: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    original = await createTestDatabase();
    await loadKpiFixture(original);
    restored = await createTestDatabase({ migrated: false });
    dir = await mkdtemp(path.join(os.tmpdir(), 'clearline-backup-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await original?.drop();
    await restored?.drop();
  });

  const kpisOf = async (url: string) => {
    const api = await startTestApi(url, { kpiCacheEntries: 0 });
    try {
      const answer = await api.query(KPIS);
      expect(answer.errors).toBeUndefined();
      return answer.data!.kpis as unknown[];
    } finally {
      await api.close();
    }
  };

  it('restores the star schema from pg_dump, rebuilds the rollups, and answers the same KPIs', async (context) => {
    const server = Number((await original.pool.query(`SELECT current_setting('server_version_num')::int / 10000 AS major`)).rows[0].major);
    const tools = await pgDumpMajor();
    if (tools === undefined || tools < server) return context.skip(`pg_dump ${tools ?? 'missing'} cannot dump Postgres ${server}`);

    const before = await kpisOf(original.url);
    expect(before.length).toBeGreaterThan(0);
    await original.pool.query(`INSERT INTO audit_log (actor_id, action, target_type, target_id, details) VALUES ('backup-test', 'backup.test', 'test', '1', '{}')`);
    const audit = (await original.pool.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n;

    const file = path.join(dir, 'clearline.dump');
    await run('pg_dump', ['--format=custom', `--file=${file}`, '--exclude-table-data=rollup_*', original.url]);
    await run('pg_restore', ['--no-owner', `--dbname=${restored.url}`, file]);

    // The rollups came back empty; migrate has nothing to apply.
    expect((await restored.pool.query(`SELECT count(*)::int AS n FROM rollup_complaint_received_daily`)).rows[0].n).toBe(0);
    expect((await migrate(restored.url)).applied).toEqual([]);
    const client = await restored.pool.connect();
    try {
      await refreshRollups(client);
    } finally {
      client.release();
    }
    expect((await restored.pool.query(`SELECT count(*)::int AS n FROM rollup_complaint_received_daily`)).rows[0].n).toBeGreaterThan(0);
    expect(await kpisOf(restored.url)).toEqual(before);
    expect((await restored.pool.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n).toBe(audit);
    await expect(restored.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
