import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.ts';
import { CURSOR_BATCH_ROWS } from '../../server/exports/adhoc-complaints.export.ts';
import { exportConfigFromEnv } from '../../server/exports/export-config.ts';
import { exportSettled, requestComplaintsExtract } from '../../server/exports/export-jobs.ts';
import { listVisibleExports, loadExport } from '../../server/exports/export-record.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Ad-hoc extracts on the KPI fixture (see kpi-correctness.test.ts), with
// 2,500 more February complaints cloned from #6 so the cursor runs through
// several batches, and hostile text in a description and a customer name.

const ANALYST: Viewer = { id: 'analyst-1', displayName: 'Analyst', roles: ['ANALYST'], orgUnitScope: ['/1/'] };
const OTHER_ANALYST: Viewer = { id: 'analyst-2', displayName: 'Analyst 2', roles: ['ANALYST'], orgUnitScope: ['/1/'] };
const REGULATOR: Viewer = { id: 'reg', displayName: 'Regulator', roles: ['REGULATOR'], orgUnitScope: ['/1/'] };
const FEBRUARY = { receivedDate: { from: '2024-02-01', to: '2024-02-29' } };
const BULK = 2_500;

describe('ad-hoc extracts', () => {
  let db: TestDatabase;
  let api: TestApi;
  let directory: string;
  const deps = () => ({ db: api.dataSource, config: exportConfigFromEnv() });
  const fileOf = async (id: string) => {
    await exportSettled(id);
    const record = (await loadExport(db.pool, id))!;
    expect(record.error).toBeNull();
    expect(record.status).toBe('DONE');
    return { record, content: await readFile(join(directory, id, record.files[0]!.fileName)) };
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'clearline-adhoc-'));
    process.env.CLEARLINE_EXPORT_DIR = directory;
    db = await createTestDatabase();
    await loadKpiFixture(db);
    await db.pool.query(`UPDATE fact_complaint SET description = '=HYPERLINK("http://evil.example","点我")' WHERE complaint_id = 6`);
    await db.pool.query(`UPDATE dim_customer SET name = '+SUM(1,2)' WHERE customer_id = 2`);
    await db.pool.query(`
      INSERT INTO fact_complaint (complaint_id, source_system, source_id, customer_id, customer_segment, category_id, channel_id, org_unit_id,
        received_date, received_at, status, sla_due_at, description)
      SELECT 1000 + g, 'BULK', g::text, customer_id, customer_segment, category_id, channel_id, org_unit_id, received_date, received_at, status, sla_due_at, 'bulk'
      FROM fact_complaint, generate_series(1, ${BULK}) g WHERE complaint_id = 6`);
    api = await startTestApi(db.url);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await rm(directory, { recursive: true, force: true });
    delete process.env.CLEARLINE_EXPORT_DIR;
  });

  it('streams a complaints filter to CSV through several cursor batches, personal data masked for an analyst', async () => {
    const record = await requestComplaintsExtract(deps(), ANALYST, { filter: FEBRUARY, format: 'CSV', now: '2024-03-01T00:00:00Z' });
    const { record: done, content } = await fileOf(record.id);
    expect([...content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = content.toString('utf8').slice(1).trim().split('\r\n');
    expect(BULK + 3).toBeGreaterThan(2 * CURSOR_BATCH_ROWS);
    expect(lines).toHaveLength(1 + BULK + 3); // header, #5 #6 #7 and the bulk clones
    expect(done.rowCounts).toEqual({ complaints: BULK + 3 });
    const ids = lines.slice(1).map((l) => Number(l.split(',')[0]));
    expect(ids.slice(0, 4)).toEqual([5, 6, 7, 1001]);
    expect(ids.at(-1)).toBe(1000 + BULK);
    expect(lines[0]).toContain('客户姓名 Customer name,联系电话 Phone,户号 Account no.');
    expect(lines[0]).not.toContain('Description'); // free text may hold personal data: analysts do not get it
    const byId = new Map(lines.slice(1).map((l) => [Number(l.split(',')[0]), l]));
    expect(byId.get(6)).toContain(',甲*,138****0001,**,');
    expect(byId.get(7)).toContain(`,'+********,138****0002,**,`); // a masked hostile name is still neutralised
    expect(content.toString('utf8')).not.toContain('13800000001');
    const audit = await db.pool.query(`SELECT actor_id, details->>'report' AS report FROM audit_log WHERE action = 'export.generate' AND target_id = $1`, [record.id]);
    expect(audit.rows).toEqual([{ actor_id: 'analyst-1', report: 'ADHOC_COMPLAINTS' }]);
  });

  it('neutralises formula injection in CSV and XLSX for a viewer who sees personal data', async () => {
    const csvRequest = await api.query<{ requestComplaintsExport: { id: string } }>(
      `mutation { requestComplaintsExport(filter: { receivedDate: { from: "2024-02-01", to: "2024-02-29" }, statuses: [RESOLVED] }, format: CSV) { id } }`,
    );
    expect(csvRequest.errors).toBeUndefined();
    const csv = (await fileOf(csvRequest.data!.requestComplaintsExport.id)).content.toString('utf8');
    expect(csv).toContain(`,'+SUM(1,2),13800000002,B1,`.replace(`'+SUM(1,2)`, `"'+SUM(1,2)"`));
    const xlsxRequest = await api.query<{ requestComplaintsExport: { id: string } }>(
      `mutation { requestComplaintsExport(filter: { receivedDate: { from: "2024-02-01", to: "2024-02-29" }, search: "HYPERLINK" }, format: XLSX) { id } }`,
    );
    const { content } = await fileOf(xlsxRequest.data!.requestComplaintsExport.id);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.rowCount).toBe(2);
    const description = sheet.getRow(2).getCell(19);
    expect(description.type).toBe(ExcelJS.ValueType.String);
    expect(description.value).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(sheet.getRow(2).getCell(1).value).toBe(6);
  });

  it('extracts a kpis result with the API’s figures', async () => {
    const args = `filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, groupBy: [ORG_UNIT], orgUnitLevel: CITY, grain: MONTH`;
    const request = await api.query<{ requestKpisExport: { id: string } }>(
      `mutation { requestKpisExport(${args}, measures: ["complaints", "satisfactionRate"], compareTo: PREVIOUS_PERIOD, format: XLSX) { id } }`,
    );
    expect(request.errors).toBeUndefined();
    const { content } = await fileOf(request.data!.requestKpisExport.id);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const rows = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1).map((v) => v ?? null));
    const api2 = (await api.query<{ kpis: { key: { period: { label: string }; orgUnit: { code: string } }; complaints: number; satisfactionRate: number | null; comparison: { complaints: number; satisfactionRate: number | null }; change: { complaints: number; satisfactionRate: number | null } }[] }>(
      `{ kpis(${args}, compareTo: PREVIOUS_PERIOD) { key { period { label } orgUnit { code } } complaints satisfactionRate comparison { complaints satisfactionRate } change { complaints satisfactionRate } } }`,
    )).data!.kpis;
    expect(rows.map((r) => [0, 3, 5, 6, 7, 8, 9, 10].map((i) => r[i] ?? null))).toEqual(api2.map((k) => [
      k.key.period.label, k.key.orgUnit.code, k.complaints, k.comparison.complaints, k.change.complaints, k.satisfactionRate, k.comparison.satisfactionRate, k.change.satisfactionRate,
    ]));
    expect(sheet.getRow(2).getCell(9).numFmt).toBe('0.00%');
  });

  it('refuses what it must: PDF extracts, bad filters and measures, regulators; and shows an extract only to who asked', async () => {
    const pdf = await api.query(`mutation { requestComplaintsExport(format: PDF) { id } }`);
    expect(pdf.errors?.[0]).toMatchObject({ message: 'format: extracts are CSV or XLSX; PDF is for regulator returns', extensions: { code: 'BAD_USER_INPUT', field: 'format' } });
    const range = await api.query(`mutation { requestComplaintsExport(filter: { receivedDate: { from: "2024-02-29", to: "2024-02-01" } }) { id } }`);
    expect(range.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.receivedDate' } });
    const measure = await api.query(`mutation { requestKpisExport(filter: { dateRange: { from: "2024-01-01", to: "2024-01-31" } }, measures: ["nonsense"]) { id } }`);
    expect(measure.errors?.[0]).toMatchObject({ message: 'measures: "nonsense" is not a KPI; use a field name of KpiRow such as satisfactionRate', extensions: { field: 'measures' } });
    const before = (await db.pool.query(`SELECT count(*)::int AS n FROM export_job`)).rows[0].n;
    await expect(requestComplaintsExtract(deps(), REGULATOR, { filter: null, format: 'CSV', now: new Date().toISOString() })).rejects.toMatchObject({ kind: 'FORBIDDEN' });
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM export_job`)).rows[0].n).toBe(before); // nothing recorded for a refused request

    const mine = await listVisibleExports(db.pool, ANALYST, 50);
    expect(mine.map((e) => e.requestedBy)).toEqual(['analyst-1']);
    expect(await listVisibleExports(db.pool, OTHER_ANALYST, 50)).toEqual([]);
    expect(await listVisibleExports(db.pool, REGULATOR, 50)).toEqual([]);
  });

  it('an extract over the row limit fails naming the limit and leaves no file behind', async () => {
    const record = await requestComplaintsExtract({ ...deps(), config: { ...exportConfigFromEnv(), maxExtractRows: 1_500 } }, ANALYST, { filter: FEBRUARY, format: 'XLSX', now: '2024-03-01T00:00:00Z' });
    await exportSettled(record.id);
    const failed = (await loadExport(db.pool, record.id))!;
    expect(failed).toMatchObject({ status: 'FAILED', error: 'the filter matches more than 1,500 complaints, the most an extract may hold: narrow it (e.g. a shorter received-date range)', files: [] });
    expect(await readdir(join(directory, record.id))).toEqual([]);
  });
});
