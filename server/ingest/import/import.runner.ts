import type { Readable } from 'node:stream';
import type pg from 'pg';
import { recordAudit } from '../../audit/audit-log.ts';
import { assertAllowed } from '../../auth/permissions.ts';
import type { Viewer } from '../../auth/viewer.ts';
import { loadBusinessCalendar } from '../../calendar/calendar.loader.ts';
import { readCsvRows } from './csv-rows.ts';
import { EMPTY_MAPPING, type FileEncoding, type ImportMapping } from './import-mapping.ts';
import { reason, type ReasonCode } from './import-reasons.ts';
import { handlerFor } from './import-kinds.ts';
import type { Checked, ImportEnv, ImportKind, ImportReport, KindHandler, SourceRow } from './import.types.ts';
import { quarantineRows, type QuarantineEntry } from './quarantine.store.ts';
import { loadReferenceCodes } from './reference-codes.ts';
import { observedImport } from '../../observability/job-metrics.ts';
import { checkOut } from '../../db/check-out.ts';

export const DEFAULT_BATCH_SIZE = 1_000;

export type ImportOptions = {
  kind: ImportKind;
  /** File name as the user gave it (recorded with the run and each quarantined row). */
  sourceName: string;
  viewer: Viewer;
  timeZone: string;
  mapping?: ImportMapping;
  encoding?: FileEncoding;
  batchSize?: number;
  /** The run's clock (tests pin it); default now. */
  now?: Date;
  /** Called after each committed batch. */
  onBatch?: (report: ImportReport) => void;
};

/**
 * Imports one CSV file: every row is checked; good rows are upserted by
 * their identity and bad rows quarantined with every reason, batch by batch,
 * each batch in one transaction together with its derived data (repeat
 * flags, exemption coverage, rollups of the days it touched) and its audit
 * row. A crash loses at most the batch in flight; running the file again
 * completes it, changing nothing that was already loaded.
 */
export const runImport = observedImport(runImportNow); // counted and timed for /metrics

async function runImportNow(pool: pg.Pool, input: Readable, options: ImportOptions): Promise<ImportReport> {
  assertAllowed(options.viewer, 'import.run');
  const handler = handlerFor(options.kind);
  const client = await checkOut(pool);
  let runId: string | undefined;
  try {
    const csv = await readCsvRows(input, handler.columns, options.mapping ?? EMPTY_MAPPING, options.encoding);
    const env: ImportEnv = {
      viewer: options.viewer,
      timeZone: options.timeZone,
      now: (options.now ?? new Date()).getTime(),
      calendar: await loadBusinessCalendar(client, options.timeZone),
      reference: await loadReferenceCodes(client),
    };
    const started = await client.query<{ import_run_id: string }>(
      'INSERT INTO import_run (kind, source_name, actor_id, encoding) VALUES ($1, $2, $3, $4) RETURNING import_run_id',
      [options.kind, options.sourceName, options.viewer.id, csv.encoding],
    );
    runId = String(started.rows[0]!.import_run_id);
    const report: ImportReport = {
      runId, kind: options.kind, source: options.sourceName, encoding: csv.encoding, rowsRead: 0, inserted: 0, updated: 0,
      unchanged: 0, quarantined: 0, byReason: {}, batches: 0, ignoredColumns: csv.ignoredColumns,
    };
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    let batch: SourceRow[] = [];
    for await (const row of csv.rows) {
      report.rowsRead++;
      batch.push(row);
      if (batch.length >= batchSize) {
        await loadBatch(client, handler, batch, env, report, runId);
        options.onBatch?.(report);
        batch = [];
      }
    }
    if (batch.length > 0) {
      await loadBatch(client, handler, batch, env, report, runId);
      options.onBatch?.(report);
    }
    await client.query('BEGIN');
    await client.query(`UPDATE import_run SET status = 'FINISHED', finished_at = now(), report = $2 WHERE import_run_id = $1`, [runId, JSON.stringify(report)]);
    await recordAudit(client, options.viewer, { action: 'import.run', targetType: 'ImportRun', targetId: runId, details: { ...report } });
    await client.query('COMMIT');
    return report;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (runId) {
      await client.query(`UPDATE import_run SET status = 'FAILED', finished_at = now(), error = $2 WHERE import_run_id = $1`, [runId, (error as Error).message]).catch(() => {});
    }
    throw error;
  } finally {
    client.release();
  }
}

/** Checks, loads and quarantines one batch in one transaction. */
async function loadBatch<T>(client: pg.PoolClient, handler: KindHandler<T>, rows: SourceRow[], env: ImportEnv, report: ImportReport, runId: string): Promise<void> {
  await client.query('BEGIN');
  const checked = await handler.check(client, rows, env);
  const outcome = await settleBatch(client, handler, rows, checked, env, runId, report.source);
  await recordAudit(client, env.viewer, {
    action: 'import.batch', targetType: 'ImportRun', targetId: runId,
    details: { kind: handler.kind, lines: [rows[0]!.line, rows.at(-1)!.line], ...outcome.counts },
  });
  await client.query('COMMIT');
  report.batches++;
  report.inserted += outcome.counts.inserted;
  report.updated += outcome.counts.updated;
  report.unchanged += outcome.counts.unchanged;
  report.quarantined += outcome.counts.quarantined;
  for (const code of outcome.reasonCodes) report.byReason[code] = (report.byReason[code] ?? 0) + 1;
}

function isOlderVersion<T>(handler: KindHandler<T>, record: T, than: T): boolean {
  const [mine, theirs] = [handler.version?.(record), handler.version?.(than)];
  return mine != null && theirs != null && Date.parse(mine) < Date.parse(theirs);
}

/**
 * Splits checked rows into records to load and rows to quarantine (adding a
 * COLUMN_COUNT reason where the row's shape is wrong), loads and quarantines.
 * Shared by file imports and quarantine re-submission.
 */
export async function settleBatch<T>(
  client: pg.PoolClient, handler: KindHandler<T>, rows: readonly SourceRow[], checked: readonly Checked<T>[], env: ImportEnv, runId: string, sourceName: string,
): Promise<{ counts: { inserted: number; updated: number; unchanged: number; quarantined: number }; reasonCodes: ReasonCode[]; loadedLines: number[] }> {
  const good = new Map<string, { record: T; line: number }>();
  const bad: QuarantineEntry[] = [];
  let superseded = 0;
  checked.forEach((c, i) => {
    const row = rows[i]!;
    const reasons = c.ok ? [] : [...c.reasons];
    if (row.columnProblem) reasons.unshift(reason('COLUMN_COUNT', null, row.columnProblem));
    if (c.ok && reasons.length === 0) {
      const key = handler.key(c.record);
      const earlier = good.get(key);
      if (earlier) superseded++;
      // A later line for the same identity is a newer version of it, unless both carry versions that say otherwise.
      if (!earlier || !isOlderVersion(handler, c.record, earlier.record)) good.set(key, { record: c.record, line: row.line });
    } else {
      bad.push({ row, reasons, orgUnitId: c.orgUnitId });
    }
  });
  const loaded = await handler.load(client, [...good.values()].map((g) => g.record), env);
  await quarantineRows(client, runId, handler.kind, sourceName, bad);
  return {
    counts: { inserted: loaded.inserted, updated: loaded.updated, unchanged: loaded.unchanged + superseded, quarantined: bad.length },
    reasonCodes: bad.flatMap((b) => [...new Set(b.reasons.map((r) => r.code))]),
    loadedLines: [...good.values()].map((g) => g.line),
  };
}
