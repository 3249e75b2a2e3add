import type { Viewer } from '../auth/viewer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { assertAllowed } from '../auth/permissions.ts';
import { ApiError, notFound } from '../graphql/common/api-error.ts';
import { poolOf } from '../db/sql.ts';
import { computeReturn, renderReport, regulatorParams, type ExportDeps } from './export-jobs.ts';
import { isRegulatorReturn, visibleExport } from './export-record.ts';
import { createHash } from 'node:crypto';
import { reportFigures, type Cell } from './report-model.ts';

export type MovedFigure = { figure: string; was: Cell | undefined; now: Cell | undefined };

export type ExportVerification = {
  exportId: string;
  /** true: recomputing the return today gives the same figures (and files with the recorded checksums). */
  unchanged: boolean;
  /** Whether regenerating now gives byte-identical files (same SHA-256 as recorded). */
  filesIdentical: boolean;
  dataAsOfThen: Date | null;
  dataAsOfNow: Date;
  /** Figures that moved, appeared or vanished, keyed section/row/column (at most MAX_MOVED listed). */
  moved: MovedFigure[];
  movedCount: number;
};

export const MAX_MOVED = 200;

/**
 * Recomputes a regulator return as its requester saw the data and compares
 * every figure with the recorded ones: whether the data behind it changed
 * since, and which figures moved.
 */
export async function verifyExport(deps: ExportDeps, viewer: Viewer, id: string): Promise<ExportVerification> {
  assertAllowed(viewer, 'export.regulator');
  const pool = poolOf(deps.db);
  const job = await visibleExport(pool, viewer, id);
  if (!job) throw notFound(`Export ${id} does not exist or is not yours to see`);
  if (!isRegulatorReturn(job.report)) throw new ApiError('BAD_USER_INPUT', `id: export ${id} is an ad-hoc extract; only regulator returns can be verified`, 'id');
  if (job.status !== 'DONE' || !job.figures) throw new ApiError('BAD_USER_INPUT', `id: export ${id} is ${job.status}; only a finished export can be verified`, 'id');

  const report = await computeReturn(deps, job);
  const now = reportFigures(report);
  const then = job.figures as Record<string, Cell>;
  const moved: MovedFigure[] = [];
  let movedCount = 0;
  for (const figure of [...new Set([...Object.keys(then), ...Object.keys(now)])].sort()) {
    if (JSON.stringify(then[figure]) === JSON.stringify(now[figure])) continue;
    movedCount++;
    if (moved.length < MAX_MOVED) moved.push({ figure, was: then[figure], now: now[figure] });
  }
  const files = await renderReport(report, regulatorParams(job).formats);
  const recorded = new Map(job.files.map((f) => [f.fileName, f.sha256]));
  const filesIdentical = files.every(([name, content]) => recorded.get(name) === createHash('sha256').update(content).digest('hex'));
  const unchanged = movedCount === 0 && filesIdentical;
  await recordAudit(pool, viewer, { action: 'export.verify', targetType: 'export', targetId: id, details: { unchanged, movedCount, filesIdentical } });
  return { exportId: id, unchanged, filesIdentical, dataAsOfThen: job.dataAsOf, dataAsOfNow: report.asOf, moved, movedCount };
}
