// npm run bench:export — an ad-hoc extract of every complaint (~1M rows) as
// CSV and as XLSX, streamed from a server-side cursor; prints rows per second
// and the process's peak heap and RSS, which must stay flat (constant memory)
// however many rows go through. BENCH_DATABASE_URL reuses a seeded database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_VIEWER, type Viewer } from '../server/auth/viewer.ts';
import type { ComplaintFilter } from '../server/graphql/complaint/complaint.filter.ts';
import { createDataSource } from '../server/db/data-source.ts';
import { exportConfigFromEnv } from '../server/exports/export-config.ts';
import { exportSettled, requestComplaintsExtract } from '../server/exports/export-jobs.ts';
import { loadExport } from '../server/exports/export-record.ts';
import { poolOf } from '../server/db/sql.ts';
import { benchDatabase, ONE_MILLION } from './bench-database.ts';

const ANALYST: Viewer = { ...DEVELOPMENT_VIEWER, id: 'bench-analyst', roles: ['ANALYST'] };
const MB = 1024 * 1024;

const database = await benchDatabase('clearline_bench_export', ONE_MILLION, console.log);
const directory = await mkdtemp(join(tmpdir(), 'clearline-bench-export-'));
const db = createDataSource(database.url, { poolSize: 4 });
await db.initialize();
try {
  const deps = { db, config: { ...exportConfigFromEnv(), directory } };
  // The same extract over two months (~1/12 of the rows) first: constant
  // memory means its peak is about that of the full one.
  const runs = [
    { label: 'CSV, two months', format: 'CSV', filter: { receivedDate: { from: '2026-09-01', to: '2026-10-31' } } },
    { label: 'CSV, everything', format: 'CSV', filter: null },
    { label: 'XLSX, everything', format: 'XLSX', filter: null },
  ] as const;
  for (const { label, format, filter } of runs) {
    // Collect what loading the demo data left behind, so the peak is the extract's own.
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peakHeap = 0;
    let peakRss = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }, 50);
    const started = performance.now();
    const record = await requestComplaintsExtract(deps, ANALYST, { filter: filter as ComplaintFilter | null, format, now: new Date().toISOString() });
    await exportSettled(record.id);
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const done = (await loadExport(poolOf(db), record.id))!;
    if (done.status !== 'DONE') throw new Error(`extract failed: ${done.error}`);
    const rows = done.rowCounts.complaints ?? 0;
    console.log(`${label}: ${rows.toLocaleString('en-US')} rows, ${(done.files[0]!.byteSize / MB).toFixed(0)} MB in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s); peak heap ${(peakHeap / MB).toFixed(0)} MB (${(baseline / MB).toFixed(0)} MB before), peak RSS ${(peakRss / MB).toFixed(0)} MB`);
  }
} finally {
  await db.destroy();
  await rm(directory, { recursive: true, force: true });
  await database.dispose();
}
