import type pg from 'pg';
import { recordAudit } from '../audit/audit-log.ts';
import { assertAllowed } from '../auth/permissions.ts';
import { inScope, type Role, type Viewer } from '../auth/viewer.ts';
import { inTransaction } from '../db/transaction.ts';
import { ApiError, badInput } from '../graphql/common/api-error.ts';
import { localToday } from '../../seeds/seed-options.ts';
import { insertJob, runInBackground, type ExportDeps } from './export-jobs.ts';
import { EXPORT_FORMATS, type ExportFormat, type ExportStatus } from './export-record.ts';
import { returnRange, type ReturnPeriod } from './regulator-return.report.ts';
import { duePeriods, periodOf } from './schedule-periods.ts';
import { poolOf } from '../db/sql.ts';
import { SCHEDULER_ACTOR } from './export-delivery.ts';

// Scheduled regulator returns (export_schedule, migration 0014): an
// administrator names the period (monthly or quarterly), the org unit and the
// formats; every server process's scheduler (export-scheduler.ts) creates each
// period's job once it is due — exactly once across processes — and the
// delivery (export-delivery.ts) copies its files to the delivery folder once.

export type ExportScheduleRecord = {
  id: string;
  period: ReturnPeriod;
  orgUnitId: number;
  orgUnitCode: string;
  formats: ExportFormat[];
  firstPeriod: string;
  delayDays: number;
  ownerId: string;
  createdAt: Date;
  enabled: boolean;
  disabledAt: Date | null;
  disabledBy: string | null;
  deliveries: ExportDeliveryRecord[];
};

export type ExportDeliveryRecord = { period: string; exportId: string; status: ExportStatus; attempts: number; error: string | null; createdAt: Date; deliveredAt: Date | null; path: string | null };

export type NewExportSchedule = { period: ReturnPeriod; orgUnitId: number; formats?: ExportFormat[] | null; firstPeriod?: string | null; delayDays?: number | null };

/** Deliveries listed per schedule (newest first). */
export const DELIVERIES_LISTED = 24;

export async function createExportSchedule(pool: pg.Pool, viewer: Viewer, input: NewExportSchedule, timeZone: string, requestId?: string): Promise<ExportScheduleRecord> {
  assertAllowed(viewer, 'export.schedule');
  const formats = [...new Set(input.formats?.length ? input.formats : EXPORT_FORMATS)];
  // The default first period is the current one: delivered once it has ended.
  const firstPeriod = input.firstPeriod ?? periodOf(input.period, localToday(timeZone));
  returnRange({ period: input.period, label: firstPeriod });
  const delayDays = input.delayDays ?? 0;
  if (!Number.isInteger(delayDays) || delayDays < 0 || delayDays > 60) throw badInput('delayDays', `must be a whole number of days from 0 to 60, got ${delayDays}`);
  const { rows: units } = await pool.query<{ path: string }>('SELECT path FROM dim_org_unit WHERE org_unit_id = $1', [input.orgUnitId]);
  if (!units[0]) throw badInput('orgUnitId', `org unit ${input.orgUnitId} does not exist`);
  if (!inScope(viewer, units[0].path)) throw new ApiError('FORBIDDEN', `Not allowed: org unit ${input.orgUnitId} is outside your org units`);
  const id = await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ schedule_id: string }>(
      `INSERT INTO export_schedule (period, org_unit_id, formats, first_period, delay_days, owner_id, owner_roles, owner_scope)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING schedule_id`,
      [input.period, input.orgUnitId, formats, firstPeriod, delayDays, viewer.id, [...viewer.roles], [...viewer.orgUnitScope]],
    );
    const scheduleId = String(rows[0]!.schedule_id);
    await recordAudit(client, viewer, { action: 'export.schedule_create', targetType: 'export_schedule', targetId: scheduleId, details: { period: input.period, orgUnitId: input.orgUnitId, formats, firstPeriod, delayDays }, requestId });
    return scheduleId;
  });
  return (await listExportSchedules(pool, viewer, { id }))[0]!;
}

/** Stops a schedule: no period is created from now on (jobs already created still run and are delivered). */
export async function disableExportSchedule(pool: pg.Pool, viewer: Viewer, id: string, requestId?: string): Promise<ExportScheduleRecord> {
  assertAllowed(viewer, 'export.schedule');
  const [schedule] = await listExportSchedules(pool, viewer, { id });
  if (!schedule) throw new ApiError('NOT_FOUND', `export schedule ${id} does not exist`);
  if (!schedule.enabled) return schedule;
  await inTransaction(pool, async (client) => {
    await client.query(`UPDATE export_schedule SET enabled = false, disabled_at = now(), disabled_by = $2 WHERE schedule_id = $1 AND enabled`, [id, viewer.id]);
    await recordAudit(client, viewer, { action: 'export.schedule_disable', targetType: 'export_schedule', targetId: id, requestId });
  });
  return (await listExportSchedules(pool, viewer, { id }))[0]!;
}

type ScheduleRow = {
  schedule_id: string; period: ReturnPeriod; org_unit_id: number; org_unit_code: string; org_unit_path: string; formats: ExportFormat[]; first_period: string; delay_days: number;
  owner_id: string; created_at: Date; enabled: boolean; disabled_at: Date | null; disabled_by: string | null;
  deliveries: { period: string; exportId: string; status: ExportStatus; attempts: number; error: string | null; createdAt: string; deliveredAt: string | null; path: string | null }[] | null;
};

/** Schedules of org units inside the viewer's scope, newest first, each with its latest deliveries. */
export async function listExportSchedules(pool: pg.Pool, viewer: Viewer, options: { id?: string; includeDisabled?: boolean } = {}): Promise<ExportScheduleRecord[]> {
  assertAllowed(viewer, 'export.schedule');
  const { rows } = await pool.query<ScheduleRow>(
    `SELECT s.schedule_id::text, s.period, s.org_unit_id, u.code AS org_unit_code, u.path AS org_unit_path, s.formats, s.first_period, s.delay_days,
            s.owner_id, s.created_at, s.enabled, s.disabled_at, s.disabled_by,
            (SELECT json_agg(json_build_object('period', d.period_label, 'exportId', d.export_id::text, 'status', j.status, 'attempts', j.attempts, 'error', j.error, 'createdAt', d.created_at,
                                               'deliveredAt', d.delivered_at, 'path', d.delivery_path) ORDER BY d.period_label DESC)
               FROM (SELECT * FROM export_delivery WHERE schedule_id = s.schedule_id ORDER BY period_label DESC LIMIT ${DELIVERIES_LISTED}) d
               JOIN export_job j ON j.export_id = d.export_id) AS deliveries
       FROM export_schedule s JOIN dim_org_unit u ON u.org_unit_id = s.org_unit_id
      WHERE ($1::bigint IS NULL OR s.schedule_id = $1) AND (s.enabled OR $2 OR $1::bigint IS NOT NULL)
      ORDER BY s.schedule_id DESC`,
    [options.id ?? null, options.includeDisabled ?? false],
  );
  return rows.filter((row) => inScope(viewer, row.org_unit_path)).map((row) => ({
    id: row.schedule_id,
    period: row.period,
    orgUnitId: row.org_unit_id,
    orgUnitCode: row.org_unit_code,
    formats: row.formats,
    firstPeriod: row.first_period,
    delayDays: row.delay_days,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    enabled: row.enabled,
    disabledAt: row.disabled_at,
    disabledBy: row.disabled_by,
    deliveries: (row.deliveries ?? []).map((d) => ({ ...d, createdAt: new Date(d.createdAt), deliveredAt: d.deliveredAt ? new Date(d.deliveredAt) : null })),
  }));
}

type DueRow = { schedule_id: string; period: ReturnPeriod; org_unit_id: number; formats: ExportFormat[]; first_period: string; delay_days: number; owner_id: string; owner_roles: Role[]; owner_scope: string[]; done: string[] };

/**
 * Creates the job of every due period of every enabled schedule that has none
 * yet, and starts it in this process. Exactly once across processes: each
 * schedule is handled under its row lock (a process finding it locked skips
 * it this turn: another is on it), the period's delivery row and its job are
 * inserted in one transaction, and (schedule, period) is the delivery's
 * primary key. Returns the export ids created here.
 */
export async function createDueExports(deps: ExportDeps, today = localToday(deps.config.timeZone)): Promise<string[]> {
  const pool = poolOf(deps.db);
  const { rows: schedules } = await pool.query<{ schedule_id: string }>('SELECT schedule_id::text FROM export_schedule WHERE enabled ORDER BY schedule_id');
  const created: string[] = [];
  for (const { schedule_id } of schedules) {
    const ids = await inTransaction(pool, async (client) => {
      const { rows } = await client.query<DueRow>(
        `SELECT s.schedule_id::text, s.period, s.org_unit_id, s.formats, s.first_period, s.delay_days, s.owner_id, s.owner_roles, s.owner_scope,
                ARRAY(SELECT period_label FROM export_delivery d WHERE d.schedule_id = s.schedule_id) AS done
           FROM export_schedule s WHERE s.schedule_id = $1 AND s.enabled FOR UPDATE SKIP LOCKED`,
        [schedule_id],
      );
      const schedule = rows[0];
      if (!schedule) return [];
      const owner: Viewer = { id: schedule.owner_id, displayName: schedule.owner_id, roles: schedule.owner_roles, orgUnitScope: schedule.owner_scope };
      const ids: string[] = [];
      for (const label of duePeriods(schedule.period, schedule.first_period, schedule.delay_days, today, new Set(schedule.done))) {
        const parameters = { period: schedule.period, orgUnitId: schedule.org_unit_id, label, formats: schedule.formats, scheduleId: schedule.schedule_id };
        const exportId = await insertJob(client, deps, owner, schedule.period === 'MONTHLY' ? 'REGULATOR_MONTHLY' : 'REGULATOR_QUARTERLY', parameters, schedule.org_unit_id);
        await client.query('INSERT INTO export_delivery (schedule_id, period_label, export_id) VALUES ($1, $2, $3)', [schedule.schedule_id, label, exportId]);
        ids.push(exportId);
      }
      return ids;
    });
    for (const id of ids) void runInBackground(deps, id);
    created.push(...ids);
  }
  return created;
}

/** Runs a scheduled return gets in all: the first and up to four retries. */
export const MAX_SCHEDULED_ATTEMPTS = 5;

/**
 * Puts failed scheduled returns back in the queue once their wait is over
 * (config.retrySeconds, four times longer after each failed run; at most
 * MAX_SCHEDULED_ATTEMPTS runs) and starts them in this process: a regulator's
 * return must not be lost to a passing fault (database away, disk full). The
 * error of the failed run goes to the audit log. Exactly once across
 * processes: each job is moved from FAILED under its row lock, and its run is claimed.
 * Ad-hoc exports are not retried: their requester sees the error and asks again.
 */
export async function retryFailedScheduledExports(deps: ExportDeps): Promise<string[]> {
  const ids = await inTransaction(poolOf(deps.db), async (client) => {
    // Locked first (SKIP LOCKED: another process's turn takes the others), so each failed run is retried once.
    const { rows } = await client.query<{ export_id: string; attempts: number; previous_error: string }>(
      `SELECT j.export_id::text, j.attempts + 1 AS attempts, j.error AS previous_error
         FROM export_job j JOIN export_delivery d ON d.export_id = j.export_id
        WHERE j.status = 'FAILED' AND d.delivered_at IS NULL AND j.attempts < $1
          AND j.finished_at <= now() - make_interval(secs => $2 * power(4, j.attempts - 1))
          FOR UPDATE OF j SKIP LOCKED`,
      [MAX_SCHEDULED_ATTEMPTS, deps.config.retrySeconds],
    );
    if (rows.length === 0) return [];
    await client.query(
      `UPDATE export_job SET status = 'QUEUED', attempts = attempts + 1, error = NULL, finished_at = NULL, claimed_by = NULL, lease_until = NULL
        WHERE export_id = ANY ($1::bigint[])`,
      [rows.map((r) => r.export_id)],
    );
    for (const row of rows) {
      await recordAudit(client, SCHEDULER_ACTOR, {
        action: 'export.retry', targetType: 'export', targetId: row.export_id, details: { attempt: row.attempts, previousError: row.previous_error },
      });
    }
    return rows.map((r) => r.export_id);
  });
  for (const id of ids) void runInBackground(deps, id);
  return ids;
}
