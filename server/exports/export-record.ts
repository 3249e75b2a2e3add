import type pg from 'pg';
import { can } from '../auth/permissions.ts';
import { scopePatterns, seesEverything, type Role, type Viewer } from '../auth/viewer.ts';
import { sql, type Sql } from '../db/sql.ts';
import { rowsOf } from '../db/sql.ts';

// Export records (export_job and its export_file rows) and who may see them:
// a regulator return is visible to viewers with export.regulator whose scope
// holds its org unit; an ad-hoc extract only to the analyst who asked for it
// (it may hold personal data at their level of masking).

export const EXPORT_REPORTS = ['REGULATOR_MONTHLY', 'REGULATOR_QUARTERLY', 'ADHOC_KPIS', 'ADHOC_COMPLAINTS'] as const;
export type ExportReport = (typeof EXPORT_REPORTS)[number];
export const EXPORT_FORMATS = ['XLSX', 'CSV', 'PDF'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export const isRegulatorReturn = (report: string) => report.startsWith('REGULATOR_');

export type ExportFileRecord = { fileName: string; contentType: string; byteSize: number; sha256: string };

export type ExportRecord = {
  id: string;
  report: ExportReport;
  parameters: Record<string, unknown>;
  orgUnitId: number | null;
  orgUnitPath: string | null;
  requestedBy: string;
  /** The requester as they were: a re-run or a verification sees what they saw. */
  requester: Viewer;
  requestedAt: Date;
  status: ExportStatus;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Runs so far: a failed scheduled return is retried (export-schedules.ts). */
  attempts: number;
  error: string | null;
  dataAsOf: Date | null;
  rowCounts: Record<string, number>;
  figures: Record<string, unknown> | null;
  files: ExportFileRecord[];
};

type JobRow = {
  export_id: string; report: ExportReport; parameters: Record<string, unknown>; org_unit_id: number | null; org_unit_path: string | null;
  requested_by: string; requested_roles: Role[]; requested_scope: string[]; requested_at: Date; status: ExportStatus; started_at: Date | null;
  finished_at: Date | null; error: string | null; attempts: number; data_as_of: Date | null; row_counts: Record<string, number>; figures: Record<string, unknown> | null;
  files: ExportFileRecord[] | null;
};

/** The statement's visibility condition for this viewer (nothing, without either export capability). */
export function visibleExports(viewer: Viewer): Sql {
  const regulator = can(viewer, 'export.regulator')
    ? seesEverything(viewer) ? sql`j.report IN ('REGULATOR_MONTHLY', 'REGULATOR_QUARTERLY')` : sql`(j.report IN ('REGULATOR_MONTHLY', 'REGULATOR_QUARTERLY') AND u.path LIKE ANY (${scopePatterns(viewer)}::text[]))`
    : sql`FALSE`;
  const adhoc = can(viewer, 'export.adhoc') ? sql`(j.report IN ('ADHOC_KPIS', 'ADHOC_COMPLAINTS') AND j.requested_by = ${viewer.id})` : sql`FALSE`;
  return sql`(${regulator} OR ${adhoc})`;
}

const SELECT_JOBS = sql`
  SELECT j.*, u.path AS org_unit_path,
         (SELECT json_agg(json_build_object('fileName', f.file_name, 'contentType', f.content_type, 'byteSize', f.byte_size, 'sha256', f.sha256) ORDER BY f.file_name)
          FROM export_file f WHERE f.export_id = j.export_id) AS files
  FROM export_job j LEFT JOIN dim_org_unit u ON u.org_unit_id = j.org_unit_id`;

function recordOf(row: JobRow): ExportRecord {
  return {
    id: String(row.export_id), report: row.report, parameters: row.parameters, orgUnitId: row.org_unit_id, orgUnitPath: row.org_unit_path,
    requestedBy: row.requested_by,
    requester: { id: row.requested_by, displayName: row.requested_by, roles: row.requested_roles, orgUnitScope: row.requested_scope },
    requestedAt: row.requested_at, status: row.status, startedAt: row.started_at, finishedAt: row.finished_at, error: row.error, attempts: row.attempts,
    dataAsOf: row.data_as_of, rowCounts: row.row_counts, figures: row.figures, files: row.files ?? [],
  };
}

/** One export by id, whoever may see it (for the job runner). */
export async function loadExport(db: pg.Pool | pg.PoolClient, id: string): Promise<ExportRecord | undefined> {
  const [row] = await rowsOf<JobRow>(db, sql`${SELECT_JOBS} WHERE j.export_id = ${id}::bigint`);
  return row && recordOf(row);
}

/** One export by id if this viewer may see it; undefined otherwise (never saying whether it exists). */
export async function visibleExport(db: pg.Pool, viewer: Viewer, id: string): Promise<ExportRecord | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const [row] = await rowsOf<JobRow>(db, sql`${SELECT_JOBS} WHERE j.export_id = ${id}::bigint AND ${visibleExports(viewer)}`);
  return row && recordOf(row);
}

/** The exports this viewer may see, newest first. */
export async function listVisibleExports(db: pg.Pool, viewer: Viewer, limit: number): Promise<ExportRecord[]> {
  const rows = await rowsOf<JobRow>(db, sql`${SELECT_JOBS} WHERE ${visibleExports(viewer)} ORDER BY j.export_id DESC LIMIT ${limit}::int`);
  return rows.map(recordOf);
}
