import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { refreshRollups } from '../../server/rollups/rollup-refresh.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { COMPLAINT_HEADER, CUSTOMER_HEADER, csvText, importCsv } from '../support/import-csv.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The CLI is killed (SIGKILL, no cleanup) after its first batches committed:
// the database must hold whole batches with their derived data, and a re-run
// must complete the file with exact counts and no duplicates.

const ROWS = 6_000;
const BATCH = 200;

describe('import killed mid-file', () => {
  let db: TestDatabase;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 3, customers: 200, months: 1, until: '2026-05-01', complaintsPer10k: 60, timeZone: 'Asia/Shanghai' });
    const customers = Array.from({ length: 50 }, (_, i) => [`CR-${i}`, `客户${i}`, '', 'ELECTRICITY', 'RESIDENTIAL', 'RESIDENTIAL_TIERED', 'ZJ-SX-YC-01', '2020-01-01']);
    await importCsv(db.pool, csvText([CUSTOMER_HEADER, ...customers]), { kind: 'customers' });
    dir = await mkdtemp(path.join(os.tmpdir(), 'clearline-import-'));
    file = path.join(dir, 'complaints.csv');
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 37 * 60_000).toISOString();
    const rows = Array.from({ length: ROWS }, (_, i) => COMPLAINT_HEADER.map((h) => ({
      source_system: 'CRASH', source_id: `C-${i}`, account_no: `CR-${i % 50}`, category_code: i % 2 ? 'E0201' : 'E0101', channel_code: 'HOTLINE_95598',
      received_at: at(i), status: i % 3 === 0 ? 'RESOLVED' : 'ASSIGNED', resolved_at: i % 3 === 0 ? at(i + 40) : '',
    } as Record<string, string>)[h] ?? ''));
    // Every 500th row is bad: it must be quarantined once, however often the file runs.
    for (let i = 0; i < ROWS; i += 500) rows[i]![COMPLAINT_HEADER.indexOf('received_at')] = 'not a date';
    await writeFile(file, csvText([COMPLAINT_HEADER, ...rows]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db.drop();
  });

  const runCli = (killAfterBatches?: number) => new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/ingest/import.cli.ts', 'complaints', file, '--batch-size', String(BATCH)], {
      cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: db.url, CLEARLINE_TIME_ZONE: 'Asia/Shanghai' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (killAfterBatches !== undefined && stdout.includes(`batch ${killAfterBatches} committed`)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => (code && code !== 0 ? reject(new Error(`import exited ${code}: ${stderr}`)) : resolve({ code, signal, stdout })));
  });

  const state = async () => (await db.pool.query(
    `SELECT (SELECT count(*) FROM fact_complaint WHERE source_system = 'CRASH')::int AS complaints,
            (SELECT count(DISTINCT source_id) FROM fact_complaint WHERE source_system = 'CRASH')::int AS distinct_ids,
            (SELECT count(*) FROM import_quarantine WHERE kind = 'complaints')::int AS quarantined,
            (SELECT count(*) FROM audit_log WHERE action = 'import.batch' AND details->>'kind' = 'complaints')::int AS batches`,
  )).rows[0] as { complaints: number; distinct_ids: number; quarantined: number; batches: number };

  async function expectDerivedDataConsistent() {
    const client = await db.pool.connect();
    try {
      const tables = ['rollup_complaint_received_daily', 'rollup_complaint_resolved_daily'];
      const read = async () => Promise.all(tables.map(async (t) => (await client.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`)).rows));
      const partial = await read();
      await client.query('BEGIN');
      await refreshRollups(client);
      expect(partial).toEqual(await read());
      await client.query('ROLLBACK');
      // Every committed customer's repeat flags are those a full recomputation gives.
      const { rows } = await client.query(
        `SELECT count(*)::int AS wrong FROM fact_complaint c
          WHERE c.source_system = 'CRASH' AND c.is_repeat <> EXISTS (
                SELECT 1 FROM fact_complaint p JOIN dim_category pc ON pc.category_id = p.category_id JOIN dim_category cc ON cc.category_id = c.category_id
                 WHERE p.customer_id = c.customer_id AND pc.parent_id = cc.parent_id AND p.complaint_id <> c.complaint_id
                   AND (p.received_at, p.complaint_id) < (c.received_at, c.complaint_id) AND c.received_at - p.received_at <= interval '720 hours')`,
      );
      expect(rows[0].wrong).toBe(0);
    } finally {
      client.release();
    }
  }

  it('leaves whole batches behind, and a re-run completes the file without duplicates', async () => {
    const killed = await runCli(2);
    expect(killed.signal).toBe('SIGKILL');
    const after = await state();
    // Only whole batches: each batch's good rows and bad rows commit together.
    expect(after.batches).toBeGreaterThanOrEqual(2);
    expect(after.complaints).toBeLessThan(ROWS);
    const goodPerBatch = (n: number) => n * BATCH - Math.ceil((n * BATCH) / 500);
    expect(after.complaints).toBe(goodPerBatch(after.batches));
    expect(after.distinct_ids).toBe(after.complaints);
    const running = await db.pool.query(`SELECT status FROM import_run WHERE kind = 'complaints' ORDER BY import_run_id`);
    expect(running.rows).toEqual([{ status: 'RUNNING' }]);
    await expectDerivedDataConsistent();

    const rerun = await runCli();
    expect(rerun.code).toBe(0);
    const bad = ROWS / 500;
    expect(rerun.stdout).toMatch(new RegExp(`rows read 读取行数: +${ROWS}\\n`));
    expect(rerun.stdout).toMatch(new RegExp(`inserted 新增: +${ROWS - bad - after.complaints}\\n`));
    expect(rerun.stdout).toMatch(new RegExp(`unchanged 未变: +${after.complaints}\\n`));
    expect(rerun.stdout).toMatch(new RegExp(`quarantined 隔离: +${bad}\\n`));
    const final = await state();
    expect(final).toMatchObject({ complaints: ROWS - bad, distinct_ids: ROWS - bad, quarantined: bad });
    await expectDerivedDataConsistent();
  }, 180_000); // two child processes and a full re-run: over a minute on a busy machine
});
