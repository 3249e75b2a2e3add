import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { sha256OfFile } from '../../server/exports/export-files.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A process generating an export is killed (SIGKILL: no cleanup) while it
// writes the file: nothing half-written may exist under the file's real
// name, and `npm run export -- resume` must complete the job with a file
// whose recorded size and SHA-256 are those of the bytes on disk, holding
// every complaint. "Mid-write" needs no timing: the kill comes once the
// temporary file exists, and the job is then still RUNNING (checked).

describe('an export killed mid-write', () => {
  let db: TestDatabase;
  let exportDir: string;
  let complaints: number;
  beforeAll(async () => {
    db = await createTestDatabase();
    // Enough rows that writing the extract takes a while (~25,000 complaints).
    await loadDemoData(db.pool, { seed: 11, customers: 40_000, months: 24, until: '2026-05-01', complaintsPer10k: 262, timeZone: 'Asia/Shanghai' });
    complaints = (await db.pool.query('SELECT count(*)::int AS n FROM fact_complaint')).rows[0].n;
    exportDir = await mkdtemp(path.join(os.tmpdir(), 'clearline-export-crash-'));
  });
  afterAll(async () => {
    await rm(exportDir, { recursive: true, force: true });
    await db?.drop();
  });

  const env = () => ({ ...process.env, DATABASE_URL: db.url, CLEARLINE_EXPORT_DIR: exportDir, CLEARLINE_TIME_ZONE: 'Asia/Shanghai' });
  const files = (id: string) => (existsSync(path.join(exportDir, id)) ? readdirSync(path.join(exportDir, id)) : []);

  /** Runs the generating process and SIGKILLs it as soon as its temporary file appears. */
  const generateAndKill = () => new Promise<{ id: string; signal: string | null; seenWhileWriting: string[] }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/export-child.ts'], { cwd: PROJECT_ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let id: string | undefined;
    let seenWhileWriting: string[] = [];
    const watch = setInterval(() => {
      if (!id) return;
      const names = files(id);
      if (names.some((n) => n.endsWith('.tmp'))) {
        clearInterval(watch);
        seenWhileWriting = names;
        child.kill('SIGKILL');
      }
    }, 2);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      id ??= /export (\d+) recorded/.exec(output)?.[1];
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(watch);
      if (!id) return reject(new Error(`no export recorded:\n${output}`));
      resolve({ id, signal, seenWhileWriting });
    });
  });

  const job = async (id: string) => (await db.pool.query(`SELECT status, row_counts FROM export_job WHERE export_id = $1`, [id])).rows[0] as { status: string; row_counts: Record<string, number> | null };

  it('leaves no file under a real name, and resume completes it with correct checksums', async () => {
    const killed = await generateAndKill();
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.seenWhileWriting.filter((n) => !n.endsWith('.tmp'))).toEqual([]);
    expect((await job(killed.id)).status).toBe('RUNNING');
    // What the killed process left: at most its temporary file, never the real name.
    const left = files(killed.id);
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((n) => n.startsWith('.') && n.endsWith('.tmp'))).toBe(true);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM export_file WHERE export_id = $1`, [killed.id])).rows[0].n).toBe(0);

    const resume = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/exports/export.cli.ts', 'resume'], { cwd: PROJECT_ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, output }));
    });
    expect(resume.code, resume.output).toBe(0);
    expect(resume.output).toContain(`re-ran exports ${killed.id}`);

    const done = await job(killed.id);
    expect(done.status).toBe('DONE');
    expect(done.row_counts).toEqual({ complaints });
    const fileName = `complaints-${killed.id}.csv`;
    expect(files(killed.id)).toEqual([fileName]); // the temporary file is gone
    const { rows } = await db.pool.query(`SELECT file_name, byte_size::bigint AS byte_size, sha256 FROM export_file WHERE export_id = $1`, [killed.id]);
    expect(rows).toHaveLength(1);
    const onDisk = path.join(exportDir, killed.id, fileName);
    const bytes = await readFile(onDisk);
    expect(rows[0]).toEqual({ file_name: fileName, byte_size: String(bytes.length), sha256: await sha256OfFile(onDisk) });
    // Every complaint is in it: a header line, then one line per complaint (ids in order, none twice).
    const ids = bytes.toString('utf8').trimEnd().split('\n').slice(1).map((line) => Number(line.split(',')[0]));
    expect(ids).toHaveLength(complaints);
    expect(new Set(ids).size).toBe(complaints);
  });
});
