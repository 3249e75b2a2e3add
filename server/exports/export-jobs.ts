import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit-log.ts';
import { assertAllowed } from '../auth/permissions.ts';
import { inScope, type Viewer } from '../auth/viewer.ts';
import { selectRows, sql } from '../db/sql.ts';
import { ApiError, badInput } from '../graphql/common/api-error.ts';
import { writeReportCsvZip } from './csv-zip.writer.ts';
import type { ExportConfig } from './export-config.ts';
import { inTransaction, poolOf } from './export-db.ts';
import { loadExport, type ExportFileRecord, type ExportFormat, type ExportRecord, type ExportReport } from './export-record.ts';
import { writeReportPdf } from './pdf.writer.ts';
import { buildRegulatorReturn, returnRange, type RegulatorReturnParams, type ReturnPeriod } from './regulator-return.report.ts';
import { reportFigures, type Report } from './report-model.ts';
import { writeReportXlsx } from './xlsx.writer.ts';

// Export jobs, run in-process: a request records a QUEUED job (and its audit
// row) in one transaction, then the job runs — RUNNING, DONE with its files'
// checksums, or FAILED with the reason. Files are written to a temporary
// name and renamed, so an interrupted job leaves no half-written file under
// a real name, and running the job again completes it.

export type ExportDeps = { db: DataSource; config: ExportConfig };

/** A file a job produced, written to disk. */
export type WrittenFile = ExportFileRecord;

/** What a job's generator returns: its files (already on disk), row counts, and for returns the figures and as-of point. */
export type JobOutput = { files: WrittenFile[]; rowCounts: Record<string, number>; dataAsOf: Date; figures: Record<string, unknown> | null };

const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
};

export const contentTypeOf = (fileName: string) => CONTENT_TYPES[fileName.split('.').pop() ?? ''] ?? 'application/octet-stream';

/** Where an export's files live. */
export const exportDirectory = (config: ExportConfig, id: string) => join(config.directory, id);

/** Writes a file under a temporary name, then renames it: readers never see half a file. */
export async function writeAtomically(config: ExportConfig, id: string, fileName: string, content: Buffer): Promise<WrittenFile> {
  const directory = exportDirectory(config, id);
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.${fileName}.${process.pid}.tmp`);
  await writeFile(temporary, content);
  await rename(temporary, join(directory, fileName));
  return { fileName, contentType: contentTypeOf(fileName), byteSize: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

/** SHA-256 of a file on disk, read as a stream (ad-hoc extracts may be large). */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const running = new Map<string, Promise<void>>();

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
export async function startJob(deps: ExportDeps, viewer: Viewer, report: ExportReport, parameters: Record<string, unknown>, orgUnitId: number | null): Promise<ExportRecord> {
  const pool = poolOf(deps.db);
  const id = await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ export_id: string }>(
      `INSERT INTO export_job (report, parameters, org_unit_id, requested_by, requested_roles, requested_scope)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING export_id`,
      [report, JSON.stringify(parameters), orgUnitId, viewer.id, [...viewer.roles], [...viewer.orgUnitScope]],
    );
    const exportId = String(rows[0]!.export_id);
    await recordAudit(client, viewer, { action: 'export.generate', targetType: 'export', targetId: exportId, details: { report, parameters } });
    return exportId;
  });
  const job = runExportJob(deps, id);
  running.set(id, job);
  void job.finally(() => running.delete(id));
  return (await loadExport(pool, id))!;
}

/** Generators of each kind of export, registered by the modules that define them. */
export type Generator = (deps: ExportDeps, job: ExportRecord) => Promise<JobOutput>;
const generators = new Map<ExportReport, Generator>();
export function registerGenerator(report: ExportReport, generator: Generator): void {
  generators.set(report, generator);
}

/**
 * Runs (or re-runs) a job: RUNNING, then DONE with its files' checksums, or
 * FAILED with the reason. Never throws: the outcome is in export_job.
 */
export async function runExportJob(deps: ExportDeps, id: string): Promise<void> {
  const pool = poolOf(deps.db);
  await pool.query(`UPDATE export_job SET status = 'RUNNING', started_at = now(), finished_at = NULL, error = NULL WHERE export_id = $1`, [id]);
  try {
    const job = await loadExport(pool, id);
    if (!job) throw new Error(`export ${id} does not exist`);
    const generate = job.report.startsWith('REGULATOR_') ? generateRegulatorReturn : generators.get(job.report);
    if (!generate) throw new Error(`no generator for ${job.report}`);
    const output = await generate(deps, job);
    await inTransaction(pool, async (client) => {
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
    const message = error instanceof Error ? error.message : String(error);
    await pool.query(`UPDATE export_job SET status = 'FAILED', finished_at = now(), error = $2 WHERE export_id = $1`, [id, message || 'failed']).catch(() => {});
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
  const files: WrittenFile[] = [];
  for (const [name, content] of await renderReport(report, regulatorParams(job).formats)) files.push(await writeAtomically(deps.config, job.id, name, content));
  return {
    files,
    rowCounts: Object.fromEntries(report.sections.map((s) => [s.id, s.rows.length])),
    dataAsOf: report.asOf,
    figures: reportFigures(report),
  };
}
