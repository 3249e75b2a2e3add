import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.ts';
import { exportConfigFromEnv } from '../../server/exports/export-config.ts';
import { deliverFinishedExports } from '../../server/exports/export-delivery.ts';
import { exportSettled, resumeInterruptedExports, runExportJob, type ExportDeps } from '../../server/exports/export-jobs.ts';
import { createDueExports, createExportSchedule, disableExportSchedule, listExportSchedules, retryFailedScheduledExports } from '../../server/exports/export-schedules.ts';
import { toGlobalId } from '../../server/graphql/relay/global-id.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Scheduled regulator returns in one process (the two-process behaviour is in
// several-processes.test.ts): who may schedule, which periods fall due, one
// job per period however often the scheduler looks, a delivery recorded once
// (also after a process stopped between copying and recording), and claims
// that keep a live process's job from being run by another.

const ADMIN: Viewer = { id: 'sched-admin', displayName: 'Administrator', roles: ['ADMIN'], orgUnitScope: ['/'] };
const CITY_ADMIN: Viewer = { id: 'sched-city-admin', displayName: 'City administrator', roles: ['ADMIN'], orgUnitScope: ['/1/3/'] };
const MANAGER: Viewer = { id: 'sched-manager', displayName: 'Manager', roles: ['MANAGER'], orgUnitScope: ['/'] };

describe('scheduled regulator returns', () => {
  let db: TestDatabase;
  let api: TestApi;
  let deps: ExportDeps;
  let root: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadKpiFixture(db);
    api = await startTestApi(db.url);
    root = await mkdtemp(join(tmpdir(), 'clearline-schedules-'));
    deps = { db: api.dataSource, config: { ...exportConfigFromEnv(), directory: join(root, 'exports'), deliveryDirectory: join(root, 'deliveries'), timeZone: 'Asia/Shanghai' } };
  });
  afterAll(async () => {
    await api?.close();
    await rm(root, { recursive: true, force: true });
    await db?.drop();
  });

  it('is for administrators, inside their scope, with valid periods; created and disabled through GraphQL, audited', async () => {
    const create = `mutation ($input: CreateExportScheduleInput!) { createExportSchedule(input: $input) { id period orgUnitCode formats firstPeriod delayDays owner enabled deliveries { period } } }`;
    const refused = await api.query(create, { input: { period: 'MONTHLY', orgUnitId: toGlobalId('OrgUnit', 1) } }, { viewer: MANAGER });
    expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const outside = await api.query(create, { input: { period: 'MONTHLY', orgUnitId: toGlobalId('OrgUnit', 2) } }, { viewer: CITY_ADMIN });
    expect(outside.errors![0]).toMatchObject({ message: 'Not allowed: org unit 2 is outside your org units', extensions: { code: 'FORBIDDEN' } });
    const badPeriod = await api.query(create, { input: { period: 'QUARTERLY', orgUnitId: toGlobalId('OrgUnit', 1), firstPeriod: '2026-10' } }, { viewer: ADMIN });
    expect(badPeriod.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const badDelay = await api.query(create, { input: { period: 'MONTHLY', orgUnitId: toGlobalId('OrgUnit', 1), delayDays: 90 } }, { viewer: ADMIN });
    expect(badDelay.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');

    const made = await api.query(create, { input: { period: 'QUARTERLY', orgUnitId: toGlobalId('OrgUnit', 3), formats: ['CSV', 'CSV'], firstPeriod: '2024-Q1', delayDays: 10 } }, { viewer: CITY_ADMIN });
    expect(made.errors).toBeUndefined();
    const schedule = made.data!.createExportSchedule;
    expect(schedule).toEqual({ id: expect.any(String), period: 'QUARTERLY', orgUnitCode: 'C2', formats: ['CSV'], firstPeriod: '2024-Q1', delayDays: 10, owner: CITY_ADMIN.id, enabled: true, deliveries: [] });
    // The city administrator sees it; an administrator of the other city would not.
    expect((await api.query('{ exportSchedules { id } }', undefined, { viewer: CITY_ADMIN })).data!.exportSchedules).toEqual([{ id: schedule.id }]);
    expect((await api.query('{ exportSchedules { id } }', undefined, { viewer: { ...CITY_ADMIN, id: 'other', orgUnitScope: ['/1/2/'] } })).data!.exportSchedules).toEqual([]);

    const disabled = await api.query('mutation ($id: ID!) { disableExportSchedule(id: $id) { enabled } }', { id: schedule.id }, { viewer: CITY_ADMIN });
    expect(disabled.data!.disableExportSchedule).toEqual({ enabled: false });
    expect((await api.query('{ exportSchedules { id } }', undefined, { viewer: ADMIN })).data!.exportSchedules).toEqual([]);
    expect((await api.query('{ exportSchedules(includeDisabled: true) { id enabled } }', undefined, { viewer: ADMIN })).data!.exportSchedules).toEqual([{ id: schedule.id, enabled: false }]);
    // Disabled, nothing falls due.
    expect(await createDueExports(deps, '2026-11-27')).toEqual([]);
    const { rows } = await db.pool.query(`SELECT action, actor_id FROM audit_log WHERE target_type = 'export_schedule' AND target_id = $1 ORDER BY audit_id`, [schedule.id]);
    expect(rows).toEqual([{ action: 'export.schedule_create', actor_id: CITY_ADMIN.id }, { action: 'export.schedule_disable', actor_id: CITY_ADMIN.id }]);
  });

  it('creates each due period’s job once however often the scheduler looks, and delivers it once', async () => {
    const schedule = await createExportSchedule(db.pool, ADMIN, { period: 'MONTHLY', orgUnitId: 1, formats: ['CSV'], firstPeriod: '2024-01', delayDays: 2 }, 'Asia/Shanghai');
    // On 2024-03-02 January is due and February not yet (its last day + 2 days is 03-02).
    const [first, second] = await Promise.all([createDueExports(deps, '2024-03-02'), createDueExports(deps, '2024-03-02')]);
    expect([...first!, ...second!]).toHaveLength(1);
    expect(await createDueExports(deps, '2024-03-02')).toEqual([]);
    const created = await createDueExports(deps, '2024-03-03');
    expect(created).toHaveLength(1);
    const jobs = await db.pool.query(`SELECT export_id::text, parameters->>'label' AS label FROM export_job WHERE parameters->>'scheduleId' = $1 ORDER BY export_id`, [schedule.id]);
    expect(jobs.rows.map((r) => r.label)).toEqual(['2024-01', '2024-02']);
    for (const { export_id } of jobs.rows) await exportSettled(export_id);

    const delivered = (await Promise.all([deliverFinishedExports(deps), deliverFinishedExports(deps)])).flat().sort();
    expect(delivered).toEqual([join(schedule.id, '2024-01'), join(schedule.id, '2024-02')]);
    expect(await deliverFinishedExports(deps)).toEqual([]);
    const folder = join(deps.config.deliveryDirectory, schedule.id, '2024-02');
    expect((await readdir(folder)).sort()).toEqual(['SHA256SUMS', 'regulator-monthly-P-2024-02.csv.zip']);
    const [listed] = await listExportSchedules(db.pool, ADMIN, { id: schedule.id });
    expect(listed!.deliveries.map((d) => [d.period, d.status, d.path, d.deliveredAt !== null])).toEqual([
      ['2024-02', 'DONE', join(schedule.id, '2024-02'), true],
      ['2024-01', 'DONE', join(schedule.id, '2024-01'), true],
    ]);
    const audits = await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'export.deliver' AND details->>'scheduleId' = $1`, [schedule.id]);
    expect(audits.rows[0].n).toBe(2);
    await disableExportSchedule(db.pool, ADMIN, schedule.id);
  });

  it('retries a failed scheduled return after a growing wait, up to five runs, audited; never an ad-hoc export', async () => {
    const schedule = await createExportSchedule(db.pool, ADMIN, { period: 'MONTHLY', orgUnitId: 1, formats: ['CSV'], firstPeriod: '2024-05' }, 'Asia/Shanghai');
    const [id] = await createDueExports(deps, '2024-06-01');
    await exportSettled(id!);
    // As a run that met a fault leaves it (the failure itself: export-crash.test.ts, statement-timeout.test.ts).
    const fail = (attempts: number, ago: string) => db.pool.query(
      `UPDATE export_job SET status = 'FAILED', error = 'disk full', attempts = $2, finished_at = now() - $3::interval WHERE export_id = $1`, [id, attempts, ago]);
    const adhoc = (await db.pool.query<{ export_id: string }>(
      `INSERT INTO export_job (report, parameters, requested_by, requested_roles, requested_scope, status, error, finished_at)
       VALUES ('ADHOC_KPIS', '{}', 'sched-admin', '{ADMIN}', '{/}', 'FAILED', 'disk full', now() - interval '1 day') RETURNING export_id::text`)).rows[0]!.export_id;
    const retryDeps = { ...deps, config: { ...deps.config, retrySeconds: 60 } };

    await fail(1, '59 seconds'); // the first retry waits 60 s
    expect(await retryFailedScheduledExports(retryDeps)).toEqual([]);
    await fail(2, '200 seconds'); // the second waits 4 × 60 s
    expect(await retryFailedScheduledExports(retryDeps)).toEqual([]);
    await fail(2, '241 seconds');
    const [first, second] = await Promise.all([retryFailedScheduledExports(retryDeps), retryFailedScheduledExports(retryDeps)]);
    expect([...first!, ...second!]).toEqual([id]);
    await exportSettled(id!);
    const job = async () => (await db.pool.query(`SELECT status, attempts, error FROM export_job WHERE export_id = $1`, [id])).rows[0];
    expect(await job()).toEqual({ status: 'DONE', attempts: 3, error: null });
    expect(await deliverFinishedExports(deps)).toEqual([join(schedule.id, '2024-05')]);
    const audits = await db.pool.query(`SELECT details FROM audit_log WHERE action = 'export.retry' AND target_id = $1`, [id]);
    expect(audits.rows.map((r) => r.details)).toEqual([{ attempt: 3, previousError: 'disk full' }]);

    // Delivered, it is never run again; nor is one that has had its five runs.
    await fail(3, '1 day');
    expect(await retryFailedScheduledExports(retryDeps)).toEqual([]);
    await db.pool.query(`UPDATE export_delivery SET delivered_at = NULL, delivered_by = NULL, delivery_path = NULL WHERE export_id = $1`, [id]);
    await fail(5, '30 days');
    expect(await retryFailedScheduledExports(retryDeps)).toEqual([]);
    expect((await db.pool.query(`SELECT status FROM export_job WHERE export_id = $1`, [adhoc])).rows[0].status).toBe('FAILED');
    // Its GraphQL record says how often it ran.
    const listed = await api.query<{ exports: { id: string; attempts: number; status: string }[] }>('{ exports { id attempts status } }', undefined, { viewer: ADMIN });
    expect(listed.data!.exports.find((e) => e.id === id)).toEqual({ id, attempts: 5, status: 'FAILED' });
    const [scheduled] = await listExportSchedules(db.pool, ADMIN, { id: schedule.id });
    expect(scheduled!.deliveries).toMatchObject([{ period: '2024-05', exportId: id, status: 'FAILED', attempts: 5, error: 'disk full', deliveredAt: null }]);
    await db.pool.query(`DELETE FROM export_delivery WHERE export_id = $1`, [id]);
    await disableExportSchedule(db.pool, ADMIN, schedule.id);
  });

  it('records a delivery a stopped process had copied but not recorded, and replaces a folder that is not the export’s', async () => {
    const schedule = await createExportSchedule(db.pool, ADMIN, { period: 'QUARTERLY', orgUnitId: 1, formats: ['CSV'], firstPeriod: '2024-Q1' }, 'Asia/Shanghai');
    const [id] = await createDueExports(deps, '2024-04-01');
    await exportSettled(id!);
    const { rows: [file] } = await db.pool.query(`SELECT file_name, sha256 FROM export_file WHERE export_id = $1`, [id]);
    // What a process stopped after its rename left behind: the complete folder.
    const folder = join(deps.config.deliveryDirectory, schedule.id, '2024-Q1');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, file.file_name), await readFile(join(deps.config.directory, id!, file.file_name)));
    await writeFile(join(folder, 'SHA256SUMS'), `${file.sha256}  ${file.file_name}\n`);
    await writeFile(join(folder, '..', 'marker'), ''); // beside it: nothing else may be left there (no temporary folder)
    expect(await deliverFinishedExports(deps)).toEqual([join(schedule.id, '2024-Q1')]);
    // A tampered copy is replaced by the export's own.
    await db.pool.query(`UPDATE export_delivery SET delivered_at = NULL, delivered_by = NULL, delivery_path = NULL WHERE export_id = $1`, [id]);
    await writeFile(join(folder, file.file_name), 'not the return');
    expect(await deliverFinishedExports(deps)).toEqual([join(schedule.id, '2024-Q1')]);
    expect((await readFile(join(folder, file.file_name))).equals(await readFile(join(deps.config.directory, id!, file.file_name)))).toBe(true);
    expect((await readdir(join(folder, '..'))).sort()).toEqual(['2024-Q1', 'marker']);
    await disableExportSchedule(db.pool, ADMIN, schedule.id);
  });

  it('leaves a job another live process holds alone, and takes over one whose claim ran out', async () => {
    const insert = (claimedBy: string, lease: string) => db.pool.query<{ export_id: string }>(
      `INSERT INTO export_job (report, parameters, org_unit_id, requested_by, requested_roles, requested_scope, status, started_at, claimed_by, lease_until)
       VALUES ('REGULATOR_MONTHLY', '{"period":"MONTHLY","orgUnitId":1,"label":"2024-02","formats":["CSV"]}', 1, 'sched-admin', '{ADMIN}', '{/}', 'RUNNING', now(), $1, now() + $2::interval)
       RETURNING export_id::text`, [claimedBy, lease]);
    const live = (await insert('elsewhere:1:live', '1 minute')).rows[0]!.export_id;
    const gone = (await insert('elsewhere:2:gone', '-1 second')).rows[0]!.export_id;
    await runExportJob(deps, live); // not this process's: nothing happens
    expect(await resumeInterruptedExports(deps)).toEqual([gone]);
    const { rows } = await db.pool.query(`SELECT export_id::text, status, claimed_by FROM export_job WHERE export_id IN ($1, $2) ORDER BY export_id`, [live, gone]);
    expect(rows[0]).toEqual({ export_id: live, status: 'RUNNING', claimed_by: 'elsewhere:1:live' });
    expect(rows[1]).toMatchObject({ export_id: gone, status: 'DONE' });
    expect(rows[1].claimed_by).not.toBe('elsewhere:2:gone');
  });
});
