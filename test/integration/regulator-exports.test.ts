import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.ts';
import { exportConfigFromEnv } from '../../server/exports/export-config.ts';
import { exportSettled, requestRegulatorReturn, resumeInterruptedExports } from '../../server/exports/export-jobs.ts';
import { listVisibleExports, loadExport } from '../../server/exports/export-record.ts';
import { customerPseudonym } from '../../server/exports/pseudonym.ts';
import { toGlobalId } from '../../server/graphql/relay/global-id.ts';
import { ephemeralAuthConfig } from '../../server/auth/auth-config.ts';
import { createApp } from '../../server/http/app.ts';
import { KPI_CATALOGUE } from '../../server/metrics/index.ts';
import { refreshRollups } from '../../server/rollups/rollup-refresh.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { startTestApi, TEST_ADMIN, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Regulator returns on the hand-computed KPI fixture (see
// kpi-correctness.test.ts): February 2024 for the province. Raw complaints
// received in February: #5 (exempt, BB-1), #6, #7; assessed: #6, #7.

const ALL = KPI_CATALOGUE.map((k) => k.code);
const PROVINCE = toGlobalId('OrgUnit', 1);
const REGULATOR_CITY2: Viewer = { id: 'reg-c2', displayName: 'Regulator of city 2', roles: ['REGULATOR'], orgUnitScope: ['/1/3/'] };
const ANALYST: Viewer = { id: 'analyst', displayName: 'Analyst', roles: ['ANALYST'], orgUnitScope: ['/'] };

type ExportView = { id: string; status: string; error: string | null; dataAsOf: string; rowCounts: string; files: { fileName: string; sha256: string; byteSize: number; url: string }[] };

describe('regulator returns', () => {
  let db: TestDatabase;
  let api: TestApi;
  let directory: string;
  let download: { url: string; close(): Promise<void> };
  const tokens: Record<string, string> = {};
  let first: ExportView;

  const requestFeb = async (): Promise<ExportView> => {
    const response = await api.query<{ requestExport: ExportView }>(
      `mutation ($input: RequestExportInput!) { requestExport(input: $input) { id status } }`,
      { input: { period: 'MONTHLY', orgUnitId: PROVINCE, month: '2024-02' } },
    );
    expect(response.errors).toBeUndefined();
    const id = response.data!.requestExport.id;
    await exportSettled(id);
    const list = await api.query<{ exports: ExportView[] }>(`{ exports { id status error dataAsOf rowCounts files { fileName sha256 byteSize url } } }`);
    return list.data!.exports.find((e) => e.id === id)!;
  };
  const loadWorkbook = async (view: ExportView) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await file(view, '.xlsx')) as unknown as ArrayBuffer);
    return workbook;
  };
  const file = (view: ExportView, suffix: string) => readFile(join(directory, view.id, view.files.find((f) => f.fileName.endsWith(suffix))!.fileName));

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'clearline-exports-'));
    process.env.CLEARLINE_EXPORT_DIR = directory;
    db = await createTestDatabase();
    await loadKpiFixture(db);
    const auth = ephemeralAuthConfig();
    api = await startTestApi(db.url, { security: { auth } });
    // The download route, as the server mounts it: signed-in viewers only.
    const viewers: Record<string, Viewer> = { regulator: REGULATOR_CITY2, analyst: ANALYST, admin: TEST_ADMIN, agent: { ...TEST_ADMIN, id: 'agent', roles: ['AGENT'] } };
    for (const [name, viewer] of Object.entries(viewers)) tokens[name] = await api.tokenFor(viewer);
    const app = createApp({ pool: db.pool, databaseDescription: 'test', graphql: undefined, routeSecurity: { auth, pool: db.pool } });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    download = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
    first = await requestFeb();
  });
  afterAll(async () => {
    await download?.close();
    await api?.close();
    await db?.drop();
    await rm(directory, { recursive: true, force: true });
    delete process.env.CLEARLINE_EXPORT_DIR;
  });

  it('records the export: done, three files with their SHA-256, row counts and the as-of point', async () => {
    expect(first.status).toBe('DONE');
    expect(first.files.map((f) => f.fileName)).toEqual(['regulator-monthly-P-2024-02.csv.zip', 'regulator-monthly-P-2024-02.pdf', 'regulator-monthly-P-2024-02.xlsx']);
    for (const f of first.files) {
      const content = await readFile(join(directory, first.id, f.fileName));
      expect(createHash('sha256').update(content).digest('hex')).toBe(f.sha256);
      expect(content.length).toBe(f.byteSize);
    }
    expect(JSON.parse(first.rowCounts)).toMatchObject({ complaints: 3, headline: ALL.length, 'by-org-unit-1': 2, 'by-org-unit-2': 2, 'exemption-filings': 1, trend: 12 });
    const { rows } = await db.pool.query(`SELECT greatest((SELECT max(loaded_at) FROM fact_complaint), (SELECT max(loaded_at) FROM fact_survey), (SELECT max(decided_at) FROM exemption_filing)) AS t`);
    expect(new Date(first.dataAsOf).toISOString()).toBe(rows[0].t.toISOString());
    const audit = await db.pool.query(`SELECT actor_id, details FROM audit_log WHERE action = 'export.generate' AND target_id = $1`, [first.id]);
    expect(audit.rows).toEqual([{ actor_id: TEST_ADMIN.id, details: { report: 'REGULATOR_MONTHLY', parameters: { period: 'MONTHLY', orgUnitId: 1, label: '2024-02', formats: ['XLSX', 'CSV', 'PDF'] } } }]);
  });

  it('shows the dashboard’s figures: the headline equals `kpis` with both comparisons, the breakdowns equal grouped `kpis`', async () => {
    const workbook = await loadWorkbook(first);
    const headline = workbook.worksheets[1]!;
    const sheetValues = new Map<string, unknown[]>();
    headline.eachRow((row, n) => {
      if (n > 1) sheetValues.set(String(row.getCell(1).value), [4, 5, 6, 7, 8].map((c) => row.getCell(c).value ?? null));
    });
    const kpis = async (compareTo: string) => (await api.query<{ kpis: Record<string, any>[] }>(
      `{ kpis(filter: { dateRange: { from: "2024-02-01", to: "2024-02-29" }, orgUnitIds: ["${PROVINCE}"] }, compareTo: ${compareTo}) { ${ALL.join(' ')} comparison { ${ALL.join(' ')} } change { ${ALL.join(' ')} } } }`,
    )).data!.kpis[0]!;
    const previous = await kpis('PREVIOUS_PERIOD');
    const lastYear = await kpis('SAME_PERIOD_LAST_YEAR');
    for (const code of ALL) {
      expect(sheetValues.get(code), code).toEqual([previous[code], previous.comparison[code], previous.change[code], lastYear.comparison[code], lastYear.change[code]]);
    }
    // Hand-checked anchors: February's assessed complaints #6 #7, January's #1-#4; nothing a year before.
    expect(sheetValues.get('complaints')).toEqual([2, 4, -2, 0, 2]);

    const byGroup = (await api.query<{ kpis: { key: { category: { code: string } | null }; complaints: number; satisfactionRate: number | null; backlog: number }[] }>(
      `{ kpis(filter: { dateRange: { from: "2024-02-01", to: "2024-02-29" }, orgUnitIds: ["${PROVINCE}"] }, groupBy: [CATEGORY_GROUP]) { key { category { code } } complaints satisfactionRate backlog } }`,
    )).data!.kpis;
    const sheet = workbook.worksheets[2]!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const col = (code: string) => header.findIndex((h) => h.endsWith(KPI_CATALOGUE.find((k) => k.code === code)!.nameEn)) + 1;
    for (const row of byGroup) {
      const line = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === (row.key.category?.code ?? 'NONE'))!; // NONE: surveys without a complaint
      expect([line.getCell(col('complaints')).value, line.getCell(col('satisfactionRate')).value ?? null, line.getCell(col('backlog')).value]).toEqual([row.complaints, row.satisfactionRate, row.backlog]);
    }
  });

  it('writes XLSX with a sheet per section, frozen headers, number and percentage formats, column widths', async () => {
    const workbook = await loadWorkbook(first);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '说明 About', '主要指标 Headline', '一级分类 Category L1', '二级分类 Category L2', '下一级单位 Org units L+1', '下两级单位 Org units L+2',
      '渠道 Channels', '趋势 Trend', '报备 Exemption filings', '口径对照 Raw vs assessed', '投诉明细 Complaints', '指标定义 Definitions',
    ]);
    for (const sheet of workbook.worksheets) expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const headline = workbook.worksheets[1]!;
    const rowOf = (code: string) => headline.getRows(2, headline.rowCount - 1)!.find((r) => r.getCell(1).value === code)!;
    expect(rowOf('satisfactionRate').getCell(4).numFmt).toBe('0.00%');
    expect(rowOf('complaints').getCell(4).numFmt).toBe('#,##0');
    expect(rowOf('medianResolutionHours').getCell(4).numFmt).toBe('#,##0.00');
    expect(headline.getColumn(3).width).toBe(34);
    expect(workbook.created.toISOString().slice(0, 19)).toBe(new Date(first.dataAsOf).toISOString().slice(0, 19));
    // Every zip entry is dated at the as-of point, not when it was written.
    const asOf = new Date(first.dataAsOf);
    const xlsx = await file(first, '.xlsx');
    const dosDate = xlsx.readUInt16LE(12); // the first local file header's date
    expect([(dosDate >> 9) + 1980, (dosDate >> 5) & 15, dosDate & 31]).toEqual([asOf.getUTCFullYear(), asOf.getUTCMonth() + 1, asOf.getUTCDate()]);
  });

  it('lists exemption filings and reconciles raw and assessed figures', async () => {
    const workbook = await loadWorkbook(first);
    const filings = workbook.getWorksheet('报备 Exemption filings')!;
    expect((filings.getRow(2).values as unknown[]).slice(1)).toEqual(['BB-1', 'MALICIOUS_COMPLAINANT', '恶意投诉', 'NAMED_WORK_ORDERS', '指定工单', '所二', '2024-02-01 08:00', '2024-03-01 08:00', '2024-02-02 08:00', 1]);
    const reconciliation = workbook.getWorksheet('口径对照 Raw vs assessed')!;
    const complaints = reconciliation.getRows(2, reconciliation.rowCount - 1)!.find((r) => r.getCell(1).value === 'complaints')!;
    const exempt = reconciliation.getRows(2, reconciliation.rowCount - 1)!.find((r) => r.getCell(1).value === 'exemptComplaints')!;
    // raw 3 = assessed 2 + exempt 1
    expect([complaints.getCell(4).value, complaints.getCell(5).value, complaints.getCell(6).value, exempt.getCell(5).value]).toEqual([3, 2, 1, 1]);
  });

  it('lists each complaint behind the figures with a pseudonym, never a name, phone or account number', async () => {
    const files = unzipSync(new Uint8Array(await file(first, '.csv.zip')));
    const detail = new TextDecoder().decode(files['11-complaints.csv']);
    const lines = detail.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['5', '6', '7']);
    expect(detail).toContain(customerPseudonym(exportConfigFromEnv().pseudonymKey, 3));
    expect(lines[1]).toContain('BB-1');
    const everything = Object.values(files).map((f) => new TextDecoder().decode(f)).join('\n');
    for (const personal of ['乙公司', '13800000001', '13800000002', '13800000003', ',A1,', ',B1,', ',C1,']) expect(everything).not.toContain(personal);
  });

  it('writes CSV as a zip of one UTF-8 file with BOM per section, with the definitions in zh and en', async () => {
    const files = unzipSync(new Uint8Array(await file(first, '.csv.zip')));
    expect(Object.keys(files)).toHaveLength(12);
    for (const content of Object.values(files)) expect([...content.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const definitions = new TextDecoder().decode(files['12-definitions.csv']);
    expect(definitions).toContain('满意率');
    expect(definitions).toContain('评分 ≥ 4（满意或非常满意，1–5 分制）的回访 ÷ 回访成功量。');
    expect(definitions).toContain('Responses with score ≥ 4');
  });

  it('writes a PDF summary with the CJK font embedded', async () => {
    const pdf = await file(first, '.pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    expect(text).toContain('/FontFile3');
    // The info dictionary's dates are the as-of point.
    expect(text).toContain(`(D:${new Date(first.dataAsOf).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`);
  });

  it('gives byte-identical files when the same return is generated again on the same data', async () => {
    const again = await requestFeb();
    expect(again.id).not.toBe(first.id);
    expect(again.files.map((f) => [f.fileName, f.sha256])).toEqual(first.files.map((f) => [f.fileName, f.sha256]));
  });

  it('completes a job a stopped server left RUNNING, clearing its half-written file', async () => {
    const { rows } = await db.pool.query(
      `INSERT INTO export_job (report, parameters, org_unit_id, requested_by, requested_roles, requested_scope, status, started_at)
       SELECT report, parameters, org_unit_id, requested_by, requested_roles, requested_scope, 'RUNNING', now() FROM export_job WHERE export_id = $1
       RETURNING export_id`, [first.id]);
    const id = String(rows[0].export_id);
    await mkdir(join(directory, id), { recursive: true });
    await writeFile(join(directory, id, '.regulator-monthly-P-2024-02.xlsx.99999.tmp'), 'half a file');
    expect(await resumeInterruptedExports({ db: api.dataSource, config: exportConfigFromEnv() })).toEqual([id]);
    const resumed = (await loadExport(db.pool, id))!;
    expect(resumed.status).toBe('DONE');
    expect(resumed.files.map((f) => [f.fileName, f.sha256])).toEqual(first.files.map((f) => [f.fileName, f.sha256]));
    expect((await readdir(join(directory, id))).sort()).toEqual(first.files.map((f) => f.fileName));
  });

  it('lets a regulator list and download only returns of its org units', async () => {
    await expect(requestRegulatorReturn({ db: api.dataSource, config: exportConfigFromEnv() }, REGULATOR_CITY2, { period: 'MONTHLY', orgUnitId: 2, label: '2024-02', formats: ['CSV'] }))
      .rejects.toMatchObject({ kind: 'FORBIDDEN', message: 'Not allowed: org unit 2 is outside your org units' });
    await expect(requestRegulatorReturn({ db: api.dataSource, config: exportConfigFromEnv() }, ANALYST, { period: 'MONTHLY', orgUnitId: 3, label: '2024-02', formats: ['CSV'] }))
      .rejects.toMatchObject({ kind: 'FORBIDDEN' });
    const own = await requestRegulatorReturn({ db: api.dataSource, config: exportConfigFromEnv() }, REGULATOR_CITY2, { period: 'QUARTERLY', orgUnitId: 3, label: '2024-Q1', formats: ['CSV'] });
    await exportSettled(own.id);
    const visible = await listVisibleExports(db.pool, REGULATOR_CITY2, 50);
    expect(visible.map((e) => e.id)).toEqual([own.id]);
    expect(visible[0]!.status).toBe('DONE');

    const get = (path: string, viewer: string | null) => fetch(`${download.url}${path}`, { headers: viewer ? { authorization: `Bearer ${tokens[viewer]}` } : {} });
    const mine = await get(`/exports/${own.id}/${visible[0]!.files[0]!.fileName}`, 'regulator');
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/zip');
    const body = Buffer.from(await mine.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(visible[0]!.files[0]!.sha256);
    expect(mine.headers.get('x-content-sha256')).toBe(visible[0]!.files[0]!.sha256);
    // The province's return is outside the regulator's scope: 404, as if it did not exist.
    const hidden = await get(`/exports/${first.id}/${first.files[0]!.fileName}`, 'regulator');
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual({ errors: [{ message: `No export file ${first.id}/${first.files[0]!.fileName}. 未找到导出文件。`, extensions: { code: 'NOT_FOUND' } }] });
    expect((await get(`/exports/${own.id}/..%2F..%2Fetc%2Fpasswd`, 'regulator')).status).toBe(404);
    expect((await get(`/exports/${first.id}/${first.files[0]!.fileName}`, 'admin')).status).toBe(200);
    // An analyst has no access to regulator returns at all.
    expect((await get(`/exports/${first.id}/${first.files[0]!.fileName}`, 'analyst')).status).toBe(404);
    // No token: 401; a role with no export capability at all: 403 naming what it lacks.
    expect((await get(`/exports/${first.id}/${first.files[0]!.fileName}`, null)).status).toBe(401);
    const agent = await get(`/exports/${first.id}/${first.files[0]!.fileName}`, 'agent');
    expect(agent.status).toBe(403);
    expect(((await agent.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('Not allowed: export.regulator or export.adhoc needs one of the roles ADMIN, MANAGER, REGULATOR, ANALYST; you have AGENT.');
  });

  it('refuses a malformed period naming the field', async () => {
    const response = await api.query(`mutation { requestExport(input: { period: MONTHLY, orgUnitId: "${PROVINCE}", month: "2024-13" }) { id } }`);
    expect(response.errors?.[0]).toMatchObject({ message: 'month: "2024-13" is not a month: use YYYY-MM, e.g. 2024-07', extensions: { code: 'BAD_USER_INPUT', field: 'month' } });
    const missing = await api.query(`mutation { requestExport(input: { period: QUARTERLY, orgUnitId: "${PROVINCE}", month: "2024-02" }) { id } }`);
    expect(missing.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.quarter' } });
  });

  it('verifyExport: unchanged on the same data; after one complaint changes, says which figures moved', async () => {
    const verify = async () => (await api.query<{ verifyExport: { unchanged: boolean; filesIdentical: boolean; movedCount: number; moved: { figure: string; was: string | null; now: string | null }[] } }>(
      `{ verifyExport(id: "${first.id}") { unchanged filesIdentical movedCount moved { figure was now } } }`,
    )).data!.verifyExport;
    expect(await verify()).toEqual({ unchanged: true, filesIdentical: true, movedCount: 0, moved: [] });

    // #7 was escalated; a correction says it was not.
    await db.pool.query(`UPDATE fact_complaint SET escalated = false WHERE complaint_id = 7`);
    const client = await db.pool.connect();
    try {
      await refreshRollups(client);
    } finally {
      client.release();
    }
    const result = await verify();
    expect(result.unchanged).toBe(false);
    expect(result.filesIdentical).toBe(false);
    const moved = Object.fromEntries(result.moved.map((m) => [m.figure, [m.was, m.now]]));
    expect(moved['headline/escalatedComplaints/current']).toEqual(['1', '0']);
    expect(moved['headline/escalationRate/current']).toEqual(['0.5', '0']);
    expect(moved['raw-vs-assessed/escalatedComplaints/raw']).toEqual(['1', '0']);
    expect(moved['complaints/7']).toBeDefined();
    expect(moved['complaints/6']).toBeUndefined();
    expect(Object.keys(moved).every((f) => /escalat|^complaints\/7$/.test(f))).toBe(true);
  });
});
