import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit-log.ts';
import { assertAllowed } from '../auth/permissions.ts';
import { inScope, type Viewer } from '../auth/viewer.ts';
import { selectRows, sql } from '../db/sql.ts';
import { ApiError, badInput } from '../graphql/common/api-error.ts';
import { writeReportCsvZip } from './csv-zip.writer.ts';
import type { ExportConfig } from './export-config.ts';
import { clearTemporaryFiles, writeBufferAtomically } from './export-files.ts';
import { poolOf } from '../db/sql.ts';
import { inTransaction } from '../db/transaction.ts';
import { loadExport, type ExportFileRecord, type ExportFormat, type ExportRecord, type ExportReport } from './export-record.ts';
import { writeReportPdf } from './pdf.writer.ts';
import { buildRegulatorReturn, returnRange, type RegulatorReturnParams, type ReturnPeriod } from './regulator-return.report.ts';
import { reportFigures, type Report } from './report-model.ts';
import { writeReportXlsx } from './xlsx.writer.ts';
import { checkComplaintsExtract, generateComplaintsExtract, type ComplaintsExtractParams } from './adhoc-complaints.export.ts';
import { observedExport } from '../observability/job-metrics.ts';
import { checkKpisExtract, generateKpisExtract, type KpisExtractParams } from './adhoc-kpis.export.ts';
import { claimInterruptedJob, claimJob, claimsAbandoned, holdLease, releaseLease } from './export-claims.ts';
import { PROCESS_ID } from '../process-identity.ts';
import { currentViewerSession, runAsViewer } from '../auth/viewer-session.ts';

// Export jobs, run in-process: a request records a QUEUED job (and its audit
// row) in one transaction, then the job runs — RUNNING, DONE with its files'
// checksums, or FAILED with the reason. Files are written to a temporary
// name and renamed, so an interrupted job leaves no half-written file under
// a real name, and running the job again completes it. With several server
// processes, a job is run by the process that claims it (export-claims.ts):
// one that stopped leaves its jobs to be resumed by another.

export type ExportDeps = { db: DataSource; config: ExportConfig };

/** What a job's generator returns: its files (already on disk), row counts, and for returns the figures and as-of point. */
export type JobOutput = { files: ExportFileRecord[]; rowCounts: Record<string, number>; dataAsOf: Date; figures: Record<string, unknown> | null };

const running = new Map<string, Promise<void>>();

/** Jobs generating at once in this process; the others wait QUEUED, so exports cannot starve the API. */
export const MAX_CONCURRENT_EXPORTS = 2;
let active = 0;
const waiting: (() => void)[] = [];

async function inSlot(work: () => Promise<void>): Promise<void> {
  // A finishing job hands its slot straight to the next waiting one.
  if (active < MAX_CONCURRENT_EXPORTS) active++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else active--;
  }
}

/** Resolves when the export's job has finished (DONE or FAILED); at once when none is running. */
export function exportSettled(id: string): Promise<void> {
  return running.get(id) ?? Promise.resolve();
}

export type RegulatorReturnRequest = { period: ReturnPeriod; orgUnitId: number; label: string; formats: ExportFormat[] };

/** Checks a regulator-return request against the viewer and the data, and records it; the job starts at once. */
export async function requestRegulatorReturn(deps: ExportDeps, viewer: Viewer, request: RegulatorReturnRequest): Promise<ExportRecord> {
  assertAllowed(viewer, 'export.regulator');
  returnRange(request);
  const formats = [...new Set(request.formats)];
  if (formats.length === 0) throw badInput('formats', 'name at least one of XLSX, CSV, PDF');
  const [unit] = await selectRows<{ path: string }>(deps.db, sql`SELECT path FROM dim_org_unit WHERE org_unit_id = ${request.orgUnitId}::int`);
  if (!unit) throw badInput('orgUnitId', `org unit ${request.orgUnitId} does not exist`);
  if (!inScope(viewer, unit.path)) throw new ApiError('FORBIDDEN', `Not allowed: org unit ${request.orgUnitId} is outside your org units`);
  const report: ExportReport = request.period === 'MONTHLY' ? 'REGULATOR_MONTHLY' : 'REGULATOR_QUARTERLY';
  const parameters = { period: request.period, orgUnitId: request.orgUnitId, label: request.label, formats };
  return startJob(deps, viewer, report, parameters, request.orgUnitId);
}

/** Records a job and its audit row in one transaction, then runs it in the background. */
export async function startJob(deps: ExportDeps, viewer: Viewer, report: ExportReport, parameters: object, orgUnitId: number | null): Promise<ExportRecord> {
  const pool = poolOf(deps.db);
  const id = await inTransaction(pool, (client) => insertJob(client, deps, viewer, report, parameters, orgUnitId));
  runInBackground(deps, id);
  return (await loadExport(pool, id))!;
}

/**
 * Inserts a QUEUED job claimed by this process, and its audit row, on the
 * caller's transaction (the scheduler records its delivery row on the same
 * one). Run it with runInBackground once committed.
 */
export async function insertJob(client: pg.PoolClient, deps: ExportDeps, viewer: Pick<Viewer, 'id' | 'roles' | 'orgUnitScope'>, report: ExportReport, parameters: object, orgUnitId: number | null): Promise<string> {
  const { rows } = await client.query<{ export_id: string }>(
    `INSERT INTO export_job (report, parameters, org_unit_id, requested_by, requested_roles, requested_scope, claimed_by, lease_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8)) RETURNING export_id`,
    [report, JSON.stringify(parameters), orgUnitId, viewer.id, [...viewer.roles], [...viewer.orgUnitScope], PROCESS_ID, deps.config.leaseSeconds],
  );
  const exportId = String(rows[0]!.export_id);
  await recordAudit(client, viewer, { action: 'export.generate', targetType: 'export', targetId: exportId, details: { report, parameters } });
  return exportId;
}

/** Runs a job of this process in an export slot; exportSettled(id) resolves when it is done. */
export function runInBackground(deps: ExportDeps, id: string): Promise<void> {
  holdLease(poolOf(deps.db), id, deps.config.leaseSeconds); // renewed while it waits for a slot
  const job = inSlot(() => runExportJob(deps, id));
  running.set(id, job);
  // A job records its own failure; nothing here may become an unhandled rejection.
  const settled = job.catch(() => {}).finally(() => running.delete(id));
  return settled;
}

/** Another process took the job over (this one's claim ran out): its outcome is not ours to record. */
class ClaimLost extends Error {}

/** Generates one kind of export: its files on disk, row counts, as-of point and (for returns) figures. */
export type Generator = (deps: ExportDeps, job: ExportRecord) => Promise<JobOutput>;

/**
 * Runs (or re-runs) a job: RUNNING, then DONE with its files' checksums, or
 * FAILED with the reason. Never throws: the outcome is in export_job.
 */
export const runExportJob = observedExport(runExportJobNow); // counted and timed for /metrics

async function runExportJobNow(deps: ExportDeps, id: string): Promise<void> {
  const pool = poolOf(deps.db);
  // Only the claim's holder runs a job: another process has it, or it is finished.
  if (!(await claimJob(pool, id, deps.config.leaseSeconds).catch(() => false))) {
    releaseLease(id);
    return;
  }
  try {
    await pool.query(`UPDATE export_job SET status = 'RUNNING', started_at = now(), finished_at = NULL, error = NULL WHERE export_id = $1 AND claimed_by = $2`, [id, PROCESS_ID]);
    const job = await loadExport(pool, id);
    if (!job) throw new Error(`export ${id} does not exist`);
    await clearTemporaryFiles(deps.config, id);
    // Started by a request, the job reads as its requester already; resumed or scheduled, it reads as them too (row-level security).
    const generate = () => GENERATORS[job.report](deps, job);
    const output = await (currentViewerSession() ? generate() : runAsViewer(job.requester, generate));
    await inTransaction(pool, async (client) => {
      const { rowCount } = await client.query(`SELECT 1 FROM export_job WHERE export_id = $1 AND claimed_by = $2 FOR UPDATE`, [id, PROCESS_ID]);
      if (!rowCount) throw new ClaimLost();
      await client.query('DELETE FROM export_file WHERE export_id = $1', [id]);
      for (const file of output.files) {
        await client.query('INSERT INTO export_file (export_id, file_name, content_type, byte_size, sha256) VALUES ($1, $2, $3, $4, $5)', [id, file.fileName, file.contentType, file.byteSize, file.sha256]);
      }
      await client.query(
        `UPDATE export_job SET status = 'DONE', finished_at = now(), data_as_of = $2, row_counts = $3, figures = $4 WHERE export_id = $1`,
        [id, output.dataAsOf, JSON.stringify(output.rowCounts), output.figures === null ? null : JSON.stringify(output.figures)],
      );
    });
  } catch (error) {
    // Another process took it over, or this one is stopping (it gave its claims up): theirs to finish.
    if (error instanceof ClaimLost || claimsAbandoned()) return;
    const message = error instanceof Error ? error.message : String(error);
    await pool.query(`UPDATE export_job SET status = 'FAILED', finished_at = now(), error = $2 WHERE export_id = $1 AND claimed_by = $3`, [id, message || 'failed', PROCESS_ID]).catch(() => {});
  } finally {
    releaseLease(id);
  }
}

export function regulatorParams(job: ExportRecord): RegulatorReturnParams & { formats: ExportFormat[] } {
  const p = job.parameters as { period: ReturnPeriod; orgUnitId: number; label: string; formats: ExportFormat[] };
  return { period: p.period, orgUnitId: p.orgUnitId, label: p.label, formats: p.formats };
}

/** The return, computed as the requester sees the data. */
export function computeReturn(deps: ExportDeps, job: ExportRecord): Promise<Report> {
  return buildRegulatorReturn({ db: deps.db, viewer: job.requester, timeZone: deps.config.timeZone, pseudonymKey: deps.config.pseudonymKey }, regulatorParams(job));
}

/** Files of a return in each asked format; the same report gives the same bytes. */
export async function renderReport(report: Report, formats: ExportFormat[]): Promise<[string, Buffer][]> {
  const files: [string, Buffer][] = [];
  for (const format of formats) {
    if (format === 'XLSX') files.push([`${report.baseName}.xlsx`, await writeReportXlsx(report)]);
    if (format === 'CSV') files.push([`${report.baseName}.csv.zip`, writeReportCsvZip(report)]);
    if (format === 'PDF') files.push([`${report.baseName}.pdf`, await writeReportPdf(report)]);
  }
  return files;
}

async function generateRegulatorReturn(deps: ExportDeps, job: ExportRecord): Promise<JobOutput> {
  const report = await computeReturn(deps, job);
  const files: ExportFileRecord[] = [];
  for (const [name, content] of await renderReport(report, regulatorParams(job).formats)) files.push(await writeBufferAtomically(deps.config, job.id, name, content));
  return {
    files,
    rowCounts: Object.fromEntries(report.sections.map((s) => [s.id, s.rows.length])),
    dataAsOf: report.asOf,
    figures: reportFigures(report),
  };
}

const GENERATORS: Record<ExportReport, Generator> = {
  REGULATOR_MONTHLY: generateRegulatorReturn,
  REGULATOR_QUARTERLY: generateRegulatorReturn,
  ADHOC_COMPLAINTS: generateComplaintsExtract,
  ADHOC_KPIS: generateKpisExtract,
};

/** An analyst's extract of a complaints filter (CSV or XLSX), checked and recorded; the job starts at once. */
export async function requestComplaintsExtract(deps: ExportDeps, viewer: Viewer, request: ComplaintsExtractParams): Promise<ExportRecord> {
  const params = plainParameters(request) as ComplaintsExtractParams;
  checkComplaintsExtract(viewer, params);
  return startJob(deps, viewer, 'ADHOC_COMPLAINTS', params, null);
}

/** An analyst's extract of a kpis result (CSV or XLSX), checked and recorded; the job starts at once. */
export async function requestKpisExtract(deps: ExportDeps, viewer: Viewer, request: KpisExtractParams): Promise<ExportRecord> {
  const params = plainParameters(request) as KpisExtractParams;
  await checkKpisExtract(deps, viewer, params);
  return startJob(deps, viewer, 'ADHOC_KPIS', params, null);
}

/**
 * Parameters as they are stored (JSON) and read back by the job: checked in
 * that form, so what was checked is what runs. Local dates stay YYYY-MM-DD.
 */
function plainParameters(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const original = this[key];
    return original instanceof Date ? original.toISOString().slice(0, 10) : v;
  })) as Record<string, unknown>;
}

/**
 * Runs again the jobs a stopped process left QUEUED or RUNNING (none of their
 * files exists under its real name: they are written under temporary names
 * and renamed), one after another: those nobody holds a claim on, so never a
 * job another live process is running. Returns the ids re-run.
 */
export async function resumeInterruptedExports(deps: ExportDeps): Promise<string[]> {
  const pool = poolOf(deps.db);
  const ids: string[] = [];
  for (let id; (id = await claimInterruptedJob(pool, deps.config.leaseSeconds, [...running.keys(), ...ids])); ) {
    ids.push(id);
    await runExportJob(deps, id);
  }
  return ids;
}

/**
 * The server's share of resuming (at start and at every scheduler turn):
 * claims interrupted jobs while this process has free export slots, and runs
 * them in the background. Returns the ids taken.
 */
export async function resumeInterruptedInBackground(deps: ExportDeps): Promise<string[]> {
  const pool = poolOf(deps.db);
  const ids: string[] = [];
  while (active + waiting.length < MAX_CONCURRENT_EXPORTS) {
    const id = await claimInterruptedJob(pool, deps.config.leaseSeconds, [...running.keys()]);
    if (!id) break;
    ids.push(id);
    void runInBackground(deps, id);
  }
  return ids;
}
