import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordAudit } from '../audit/audit-log.ts';
import { poolOf } from '../db/sql.ts';
import { inTransaction } from '../db/transaction.ts';
import { Counter } from 'prom-client';
import { metricsRegistry } from '../observability/metrics.ts';
import { PROCESS_ID } from '../process-identity.ts';
import type { ExportDeps } from './export-jobs.ts';
import { exportDirectory, sha256OfFile } from './export-files.ts';

// Delivery of a scheduled return: its files copied to
//   CLEARLINE_EXPORT_DELIVERY_DIR/<schedule id>/<period>/
// with a SHA256SUMS file beside them (the `sha256sum -c` format), and the
// delivery recorded in export_delivery. The folder is filled under a
// temporary name and renamed into place, so a reader (a file transfer to the
// regulator, a sync job) sees either nothing or every file. Exactly once
// across processes: a delivery is made under its row's lock (SKIP LOCKED: a
// second process takes another, or none); a process stopped between the
// rename and the commit leaves a complete folder, which the next attempt
// checks against the checksums and records without copying again.

export const exportDeliveries = new Counter({
  name: 'clearline_export_deliveries_total',
  help: 'Scheduled regulator returns delivered to CLEARLINE_EXPORT_DELIVERY_DIR by this process',
  registers: [metricsRegistry],
});

/** The actor of delivery audit rows. */
export const SCHEDULER_ACTOR = { id: 'scheduler', roles: [] as string[] };

type Pending = { schedule_id: string; period_label: string; export_id: string; files: { fileName: string; sha256: string }[] };

/** Delivers every finished scheduled export not yet delivered; returns the folders delivered by this process. */
export async function deliverFinishedExports(deps: ExportDeps): Promise<string[]> {
  const delivered: string[] = [];
  for (;;) {
    const path = await inTransaction(poolOf(deps.db), async (client) => {
      const { rows } = await client.query<Pending>(
        `SELECT d.schedule_id::text, d.period_label, d.export_id::text,
                (SELECT json_agg(json_build_object('fileName', f.file_name, 'sha256', f.sha256) ORDER BY f.file_name) FROM export_file f WHERE f.export_id = d.export_id) AS files
           FROM export_delivery d JOIN export_job j ON j.export_id = d.export_id
          WHERE d.delivered_at IS NULL AND j.status = 'DONE'
          ORDER BY d.export_id LIMIT 1
            FOR UPDATE OF d SKIP LOCKED`,
      );
      const pending = rows[0];
      if (!pending) return undefined;
      const relative = join(pending.schedule_id, pending.period_label);
      await placeFiles(deps, pending, join(deps.config.deliveryDirectory, relative));
      await client.query(
        `UPDATE export_delivery SET delivered_at = now(), delivered_by = $3, delivery_path = $4 WHERE schedule_id = $1 AND period_label = $2`,
        [pending.schedule_id, pending.period_label, PROCESS_ID, relative],
      );
      await recordAudit(client, SCHEDULER_ACTOR, {
        action: 'export.deliver', targetType: 'export', targetId: pending.export_id,
        details: { scheduleId: pending.schedule_id, period: pending.period_label, path: relative, files: pending.files },
      });
      return relative;
    });
    if (path === undefined) return delivered;
    exportDeliveries.inc();
    delivered.push(path);
  }
}

const sumsOf = (files: Pending['files']) => files.map((f) => `${f.sha256}  ${f.fileName}\n`).join('');

async function placeFiles(deps: ExportDeps, pending: Pending, target: string): Promise<void> {
  // Already there (a process stopped before it could record the delivery) and intact: nothing to copy.
  if (await holdsExactly(target, pending.files)) return;
  const parent = join(target, '..');
  await mkdir(parent, { recursive: true });
  const staging = join(parent, `.${pending.period_label}.${process.pid}.${Date.now()}.tmp`);
  await mkdir(staging);
  try {
    const source = exportDirectory(deps.config, pending.export_id);
    for (const file of pending.files) {
      await copyFile(join(source, file.fileName), join(staging, file.fileName));
      if ((await sha256OfFile(join(staging, file.fileName))) !== file.sha256) throw new Error(`export ${pending.export_id}: ${file.fileName} does not match its recorded SHA-256`);
    }
    await writeFile(join(staging, 'SHA256SUMS'), sumsOf(pending.files));
    // A folder left by something else (not what this export holds) is replaced, not mixed with.
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function holdsExactly(folder: string, files: Pending['files']): Promise<boolean> {
  const names = await readdir(folder).catch(() => undefined);
  if (!names || names.sort().join('/') !== [...files.map((f) => f.fileName), 'SHA256SUMS'].sort().join('/')) return false;
  for (const file of files) {
    if (!(await stat(join(folder, file.fileName)).catch(() => undefined)) || (await sha256OfFile(join(folder, file.fileName))) !== file.sha256) return false;
  }
  return true;
}
