import type { Readable } from 'node:stream';
import type pg from 'pg';
import type { ExportDeps } from '../exports/export-jobs.ts';
import type { ImportOptions } from '../ingest/import/import.runner.ts';
import type { ImportReport } from '../ingest/import/import.types.ts';
import { poolOf } from '../db/sql.ts';
import { exportDuration, exportJobs, importDuration, importRuns } from './metrics.ts';

type RunImport = (pool: pg.Pool, input: Readable, options: ImportOptions) => Promise<ImportReport>;

/** Counts import runs by kind and outcome (FINISHED or FAILED) and times them. */
export function observedImport(run: RunImport): RunImport {
  return async (pool, input, options) => {
    const started = performance.now();
    let outcome = 'FAILED';
    try {
      const report = await run(pool, input, options);
      outcome = 'FINISHED';
      return report;
    } finally {
      importRuns.inc({ kind: options.kind, outcome });
      importDuration.observe({ kind: options.kind }, (performance.now() - started) / 1000);
    }
  };
}

type RunExport = (deps: ExportDeps, id: string) => Promise<void>;

/** Counts export jobs by report and outcome (DONE or FAILED, as recorded in export_job) and times them. */
export function observedExport(run: RunExport): RunExport {
  return async (deps, id) => {
    const started = performance.now();
    await run(deps, id);
    const { rows } = await poolOf(deps.db).query<{ report: string; status: string }>('SELECT report, status FROM export_job WHERE export_id = $1', [id]).catch(() => ({ rows: [] }));
    const report = rows[0]?.report ?? 'unknown';
    exportJobs.inc({ report, outcome: rows[0]?.status ?? 'unknown' });
    exportDuration.observe({ report }, (performance.now() - started) / 1000);
  };
}
