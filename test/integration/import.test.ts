import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.ts';
import { parseMapping } from '../../server/ingest/import/import-mapping.ts';
import { refreshRollups } from '../../server/rollups/rollup-refresh.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { COMPLAINT_HEADER, CUSTOMER_HEADER, csvText, importCsv } from '../support/import-csv.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Stations of the demo utility: Shaoxing Yuecheng and Hangzhou (a different city).
const SX = 'ZJ-SX-YC-01';

describe('CSV import', () => {
  let db: TestDatabase;
  let hzStation: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 5, customers: 300, months: 2, until: '2026-05-01', complaintsPer10k: 60, timeZone: 'Asia/Shanghai' });
    hzStation = (await db.pool.query(`SELECT code FROM dim_org_unit WHERE code LIKE 'ZJ-HZ-%' AND level = 'STATION' ORDER BY code LIMIT 1`)).rows[0].code;
  });
  afterAll(() => db.drop());

  const openQuarantine = async (kind: string) =>
    (await db.pool.query(`SELECT line_no, reasons, raw FROM import_quarantine WHERE kind = $1 AND status = 'OPEN' ORDER BY line_no`, [kind])).rows as {
      line_no: number; reasons: { field: string | null; code: string; message: string; messageZh: string }[]; raw: Record<string, string>;
    }[];
  const codesByLine = async (kind: string) =>
    Object.fromEntries((await openQuarantine(kind)).map((q) => [q.line_no, q.reasons.map((r) => `${r.field}:${r.code}`)]));

  /** The rollups after the imports' day-scoped refreshes equal a full rebuild from the facts. */
  async function expectRollupsMatchFacts() {
    const client = await db.pool.connect();
    try {
      const tables = ['rollup_complaint_received_daily', 'rollup_complaint_resolved_daily', 'rollup_survey_daily'];
      const read = async () => Promise.all(tables.map(async (t) => (await client.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`)).rows));
      const before = await read();
      await client.query('BEGIN');
      await refreshRollups(client);
      const rebuilt = await read();
      await client.query('ROLLBACK');
      expect(before).toEqual(rebuilt);
    } finally {
      client.release();
    }
  }

  it('loads customers from a UTF-8 file with BOM and CRLF, quarantining every bad row with all its reasons', async () => {
    const text = '\uFEFF' + csvText([
      CUSTOMER_HEADER,
      ['IMP-0001', '张三', '13800000001', 'ELECTRICITY', 'RESIDENTIAL', 'RESIDENTIAL_TIERED', SX, '2020-01-15'],
      ['IMP-0002', '李四商行', '', 'electricity', 'commercial', 'GENERAL_COMMERCIAL', SX, '2019/3/1'],
      ['IMP-0003', '王五', '', 'GAS', 'RESIDENTIAL', 'GAS_RESIDENTIAL', hzStation, '20210601'],
      ['IMP-0004', '', '', 'WATER', 'RESIDENTIAL', 'X', 'NO-SUCH-UNIT', '2027-01-01'],
      ['IMP-0005', '赵六', '', 'ELECTRICITY', 'RESIDENTIAL', 'RESIDENTIAL_TIERED', SX, '2021-02-30'],
      ['IMP-0006', '孙七', 'ELECTRICITY', 'RESIDENTIAL'],
    ], '\r\n');
    const report = await importCsv(db.pool, text, { kind: 'customers' });
    expect(report).toMatchObject({ encoding: 'utf-8', rowsRead: 6, inserted: 3, updated: 0, unchanged: 0, quarantined: 3, batches: 1 });
    expect(report.byReason).toEqual({ MISSING_REQUIRED: 2, NOT_ALLOWED: 2, UNKNOWN_CODE: 1, FUTURE_DATE: 1, INVALID_FORMAT: 1, COLUMN_COUNT: 1 });
    const { rows } = await db.pool.query(`SELECT account_no, name, segment, utility, to_char(connected_on, 'YYYY-MM-DD') AS connected_on FROM dim_customer WHERE account_no LIKE 'IMP-%' ORDER BY account_no`);
    expect(rows).toEqual([
      { account_no: 'IMP-0001', name: '张三', segment: 'RESIDENTIAL', utility: 'ELECTRICITY', connected_on: '2020-01-15' },
      { account_no: 'IMP-0002', name: '李四商行', segment: 'COMMERCIAL', utility: 'ELECTRICITY', connected_on: '2019-03-01' },
      { account_no: 'IMP-0003', name: '王五', segment: 'RESIDENTIAL', utility: 'GAS', connected_on: '2021-06-01' },
    ]);
    // Lines count the header as line 1.
    expect(await codesByLine('customers')).toEqual({
      5: ['name:MISSING_REQUIRED', 'utility:NOT_ALLOWED', 'connected_on:FUTURE_DATE', 'org_unit_code:UNKNOWN_CODE'],
      6: ['connected_on:INVALID_FORMAT'],
      // Four fields only: phone and utility take the values meant for utility and segment.
      7: ['null:COLUMN_COUNT', 'utility:NOT_ALLOWED', 'segment:MISSING_REQUIRED', 'tariff_class:MISSING_REQUIRED', 'org_unit_code:MISSING_REQUIRED', 'connected_on:MISSING_REQUIRED'],
    });
    const [line5] = await openQuarantine('customers');
    expect(line5!.raw).toMatchObject({ account_no: 'IMP-0004', utility: 'WATER', org_unit_code: 'NO-SUCH-UNIT' });
    expect(line5!.reasons[1]).toEqual({ field: 'utility', code: 'NOT_ALLOWED', message: 'utility: "WATER" is not one of ELECTRICITY, GAS', messageZh: 'utility 取值不允许："WATER" is not one of ELECTRICITY, GAS' });
  });

  const complaintRow = (values: Partial<Record<(typeof COMPLAINT_HEADER)[number] | 'updated_at', string>>) =>
    (values.updated_at === undefined ? COMPLAINT_HEADER : [...COMPLAINT_HEADER, 'updated_at']).map((h) => values[h as keyof typeof values] ?? '');
  const base = { source_system: 'CRM_TEST', account_no: 'IMP-0001', category_code: 'E0101', channel_code: 'HOTLINE_95598' };
  const COMPLAINT_HEADER_V = [...COMPLAINT_HEADER, 'updated_at'];

  it('loads complaints with the derived columns the demo loader fills, and quarantines every kind of bad row', async () => {
    const text = csvText([
      COMPLAINT_HEADER,
      // Monday 09:00 to Wednesday 09:00 local: two calendar days, all business time; SLA 5 business days → next Monday 09:00.
      complaintRow({ ...base, source_id: 'WO-1', received_at: '2026-03-02 09:00:00', first_response_at: '2026-03-02 10:30', resolved_at: '2026-03-04 09:00:00', closed_at: '2026-03-05T01:00:00Z', status: 'CLOSED', description: '态度差', upheld: '是', redress_amount: '12.50' }),
      complaintRow({ ...base, source_id: 'WO-2', account_no: 'IMP-0002', category_code: 'E0201', channel_code: 'ONLINE_HALL', received_at: '2026-04-10T08:00:00+08:00', status: 'responded', first_response_at: '2026-04-10 12:00' }),
      complaintRow({ ...base, source_id: '', account_no: 'NOBODY', category_code: 'E01', channel_code: 'FAX', received_at: '2026-02-30 10:00' }),
      complaintRow({ ...base, source_id: 'WO-4', received_at: '2026-03-10 10:00', first_response_at: '2026-03-10 09:00', resolved_at: '2026-03-09 10:00', closed_at: '2026-03-08 10:00', status: 'CLOSED' }),
      complaintRow({ ...base, source_id: 'WO-5', received_at: '2026-03-10 10:00', status: 'RESOLVED' }),
      complaintRow({ ...base, source_id: 'WO-6', received_at: '2026-03-10 10:00', resolved_at: '2026-03-11 10:00', status: 'ASSIGNED' }),
      complaintRow({ ...base, source_id: 'WO-7', received_at: '2026-07-01 10:00', status: 'RECEIVED', reopened_count: '2' }),
      complaintRow({ ...base, source_id: 'WO-8', received_at: '2026-03-10 10:00', status: 'RECEIVED', escalated: 'maybe', redress_amount: '-5', category_code: 'NOPE' }),
    ]);
    const report = await importCsv(db.pool, text, { kind: 'complaints' });
    expect(report).toMatchObject({ rowsRead: 8, inserted: 2, updated: 0, quarantined: 6 });
    expect(await codesByLine('complaints')).toEqual({
      4: ['source_id:MISSING_REQUIRED', 'received_at:INVALID_FORMAT', 'status:MISSING_REQUIRED', 'account_no:UNKNOWN_CODE', 'category_code:NOT_ALLOWED', 'channel_code:UNKNOWN_CODE'],
      5: ['first_response_at:TIME_ORDER', 'resolved_at:TIME_ORDER', 'closed_at:TIME_ORDER'],
      6: ['resolved_at:STATUS_MISMATCH'],
      7: ['resolved_at:STATUS_MISMATCH'],
      8: ['received_at:FUTURE_DATE', 'reopened_count:STATUS_MISMATCH'],
      9: ['escalated:INVALID_FORMAT', 'redress_amount:OUT_OF_RANGE', 'category_code:UNKNOWN_CODE'],
    });
    const { rows } = await db.pool.query(
      `SELECT c.source_id, c.status, c.customer_segment, cat.code AS category, u.code AS org_unit, to_char(c.received_date, 'YYYY-MM-DD') AS received_date,
              to_char(c.resolved_date, 'YYYY-MM-DD') AS resolved_date, c.received_at, c.sla_due_at, c.sla_met, c.calendar_minutes_to_resolve,
              c.business_minutes_to_resolve, c.upheld, c.redress_amount, c.is_repeat
         FROM fact_complaint c JOIN dim_category cat USING (category_id) JOIN dim_org_unit u USING (org_unit_id)
        WHERE c.source_system = 'CRM_TEST' ORDER BY c.source_id`,
    );
    expect(rows).toEqual([
      {
        source_id: 'WO-1', status: 'CLOSED', customer_segment: 'RESIDENTIAL', category: 'E0101', org_unit: SX, received_date: '2026-03-02', resolved_date: '2026-03-04',
        received_at: new Date('2026-03-02T01:00:00Z'), sla_due_at: new Date('2026-03-09T01:00:00Z'), sla_met: true,
        calendar_minutes_to_resolve: 2880, business_minutes_to_resolve: 2880, upheld: true, redress_amount: '12.50', is_repeat: false,
      },
      {
        // Received Friday 08:00: 5 business days later is the next Friday 08:00; open, so no resolution figures.
        source_id: 'WO-2', status: 'RESPONDED', customer_segment: 'COMMERCIAL', category: 'E0201', org_unit: SX, received_date: '2026-04-10', resolved_date: null,
        received_at: new Date('2026-04-10T00:00:00Z'), sla_due_at: new Date('2026-04-17T00:00:00Z'), sla_met: null,
        calendar_minutes_to_resolve: null, business_minutes_to_resolve: null, upheld: false, redress_amount: '0.00', is_repeat: false,
      },
    ]);
    await expectRollupsMatchFacts();
  });

  it('changes nothing when the same file is imported again, and updates a work order whose newer version arrives', async () => {
    const text = csvText([
      COMPLAINT_HEADER,
      complaintRow({ ...base, source_id: 'WO-10', received_at: '2026-04-01 09:00', status: 'ASSIGNED' }),
      complaintRow({ ...base, source_id: 'WO-11', received_at: '2026-04-02 09:00', status: 'RECEIVED' }),
      complaintRow({ ...base, source_id: 'WO-12', received_at: 'yesterday', status: 'RECEIVED' }),
    ]);
    const counts = async () => (await db.pool.query(
      `SELECT (SELECT count(*) FROM fact_complaint)::int AS complaints, (SELECT count(*) FROM import_quarantine)::int AS quarantine,
              (SELECT max(loaded_at) FROM fact_complaint) AS loaded, (SELECT refreshed_at FROM rollup_state WHERE rollup = 'rollup_complaint_received_daily') AS refreshed`,
    )).rows[0];
    const first = await importCsv(db.pool, text, { kind: 'complaints' });
    expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, quarantined: 1 });
    const before = await counts();
    const again = await importCsv(db.pool, text, { kind: 'complaints' });
    expect(again).toMatchObject({ rowsRead: 3, inserted: 0, updated: 0, unchanged: 2, quarantined: 1 });
    expect(await counts()).toEqual(before);

    const newer = csvText([
      COMPLAINT_HEADER,
      complaintRow({ ...base, source_id: 'WO-10', received_at: '2026-04-01 09:00', first_response_at: '2026-04-01 10:00', resolved_at: '2026-04-20 09:00', status: 'RESOLVED' }),
    ]);
    expect(await importCsv(db.pool, newer, { kind: 'complaints' })).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const { rows } = await db.pool.query(`SELECT status, to_char(resolved_date, 'YYYY-MM-DD') AS resolved, sla_due_at, sla_met, business_minutes_to_resolve FROM fact_complaint WHERE source_id = 'WO-10'`);
    // Wed 2026-04-01 09:00 → Mon 04-20 09:00, Qingming (04-04..06) and weekends off: 15 h + 11 full days + 9 h = 12 business days.
    // Due 5 business days after receipt: 15 h + 04-02, 04-03, 04-07, 04-08 + 9 h → Thu 04-09 09:00 local.
    expect(rows).toEqual([{ status: 'RESOLVED', resolved: '2026-04-20', sla_due_at: new Date('2026-04-09T01:00:00Z'), sla_met: false, business_minutes_to_resolve: 12 * 1440 }]);
    await expectRollupsMatchFacts();
  });

  it('never lets an older version of a work order replace a newer one, by the source\'s updated_at, within a file and across files', async () => {
    const wo = (status: string, updated: string, extra: Record<string, string> = {}) =>
      complaintRow({ ...base, source_id: 'WO-50', received_at: '2026-04-01 09:00', updated_at: updated, status, ...extra });
    const resolved = { first_response_at: '2026-04-01 10:00', resolved_at: '2026-04-03 09:00' };
    const state = async () => (await db.pool.query(`SELECT status, source_updated_at FROM fact_complaint WHERE source_id = 'WO-50'`)).rows;
    // One file, the newer version first: the older line after it is not applied.
    const outOfOrder = csvText([COMPLAINT_HEADER_V, wo('RESOLVED', '2026-04-03 09:05', resolved), wo('ASSIGNED', '2026-04-01 09:30')]);
    expect(await importCsv(db.pool, outOfOrder, { kind: 'complaints' })).toMatchObject({ rowsRead: 2, inserted: 1, updated: 0, unchanged: 1 });
    expect(await state()).toEqual([{ status: 'RESOLVED', source_updated_at: new Date('2026-04-03T01:05:00Z') }]);
    // A later file holding an older version: loaded as unchanged, the newer version stays.
    const stale = csvText([COMPLAINT_HEADER_V, wo('RESPONDED', '2026-04-02 08:00', { first_response_at: '2026-04-01 10:00' })]);
    expect(await importCsv(db.pool, stale, { kind: 'complaints' })).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await state()).toEqual([{ status: 'RESOLVED', source_updated_at: new Date('2026-04-03T01:05:00Z') }]);
    // A newer version still lands.
    const newer = csvText([COMPLAINT_HEADER_V, wo('CLOSED', '2026-04-04 09:00', { ...resolved, closed_at: '2026-04-04 09:00' })]);
    expect(await importCsv(db.pool, newer, { kind: 'complaints' })).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await state()).toEqual([{ status: 'CLOSED', source_updated_at: new Date('2026-04-04T01:00:00Z') }]);
    await expectRollupsMatchFacts();
  });

  it('flags a later complaint as a repeat when an older one arrives late', async () => {
    const later = csvText([COMPLAINT_HEADER, complaintRow({ ...base, account_no: 'IMP-0003', category_code: 'E0102', source_id: 'WO-20', received_at: '2026-03-20 09:00', status: 'RECEIVED' })]);
    await importCsv(db.pool, later, { kind: 'complaints' });
    const older = csvText([COMPLAINT_HEADER, complaintRow({ ...base, account_no: 'IMP-0003', category_code: 'E0103', source_id: 'WO-19', received_at: '2026-03-10 09:00', status: 'RECEIVED' })]);
    await importCsv(db.pool, older, { kind: 'complaints' });
    const { rows } = await db.pool.query(
      `SELECT c.source_id, c.is_repeat, p.source_id AS prior FROM fact_complaint c LEFT JOIN fact_complaint p ON p.complaint_id = c.prior_complaint_id
        WHERE c.source_id IN ('WO-19', 'WO-20') ORDER BY c.source_id`,
    );
    expect(rows).toEqual([{ source_id: 'WO-19', is_repeat: false, prior: null }, { source_id: 'WO-20', is_repeat: true, prior: 'WO-19' }]);
    await expectRollupsMatchFacts();
  });

  it('reads a GBK export with its own column names and codes through a mapping', async () => {
    const mapping = parseMapping({
      columns: { source_id: '工单编号', account_no: '户号', category_code: '业务类型', channel_code: '受理渠道', received_at: '受理时间', resolved_at: '办结时间', closed_at: '归档时间', status: '工单状态', description: '诉求内容' },
      values: { status: { 已归档: 'CLOSED', 处理中: 'ASSIGNED' }, channel_code: { '95598电话': 'HOTLINE_95598' } },
      defaults: { source_system: 'CRM_GBK' },
    });
    const text = csvText([
      ['工单编号', '户号', '业务类型', '受理渠道', '受理时间', '办结时间', '归档时间', '工单状态', '诉求内容', '备注'],
      ['GBK-1', 'IMP-0001', 'E0201', '95598电话', '2026-03-16 08:00', '2026-03-17 08:00', '2026-03-18 08:00', '已归档', '电费比上月高出一倍，要求核查', '无'],
      ['GBK-2', 'IMP-0002', 'E0201', '95598电话', '2026-03-16 09:00', '', '', '处理中', '家中无人居住仍产生较高电费', ''],
      ['GBK-3', 'IMP-0002', 'E0201', '传真', '2026-03-16 09:00', '', '', '未知', '', ''],
    ]);
    const report = await importCsv(db.pool, iconv.encode(text, 'gbk'), { kind: 'complaints', mapping });
    expect(report).toMatchObject({ encoding: 'gb18030', rowsRead: 3, inserted: 2, quarantined: 1, ignoredColumns: ['备注'] });
    const { rows } = await db.pool.query(`SELECT source_id, status, description FROM fact_complaint WHERE source_system = 'CRM_GBK' ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: 'GBK-1', status: 'CLOSED', description: '电费比上月高出一倍，要求核查' },
      { source_id: 'GBK-2', status: 'ASSIGNED', description: '家中无人居住仍产生较高电费' },
    ]);
    const bad = (await openQuarantine('complaints')).find((q) => q.raw['工单编号'] === 'GBK-3')!;
    expect(bad.reasons.map((r) => r.code)).toEqual(['NOT_ALLOWED', 'UNKNOWN_CODE']);
    expect(bad.raw['受理渠道']).toBe('传真');
  });

  it('refuses a file whose header lacks a required column, naming it', async () => {
    await expect(importCsv(db.pool, 'source_system,source_id\nA,1\n', { kind: 'complaints' })).rejects.toThrow(
      /the header lacks required column\(s\) account_no, category_code, channel_code, received_at, status/,
    );
  });

  it('quarantines rows outside the viewer\'s org-unit scope', async () => {
    const sxPath = (await db.pool.query(`SELECT path FROM dim_org_unit WHERE code = 'ZJ-SX'`)).rows[0].path;
    const agent: Viewer = { id: 'agent-sx', displayName: 'Shaoxing agent', roles: ['AGENT'], orgUnitScope: [sxPath] };
    const text = csvText([
      COMPLAINT_HEADER,
      complaintRow({ ...base, source_id: 'WO-30', received_at: '2026-04-01 09:00', status: 'RECEIVED' }),
      complaintRow({ ...base, account_no: 'IMP-0003', source_id: 'WO-31', received_at: '2026-04-01 09:00', status: 'RECEIVED' }),
    ]);
    const report = await importCsv(db.pool, text, { kind: 'complaints', viewer: agent });
    expect(report).toMatchObject({ inserted: 1, quarantined: 1, byReason: { OUT_OF_SCOPE: 1 } });
    const analyst: Viewer = { ...agent, roles: ['ANALYST'] };
    await expect(importCsv(db.pool, text, { kind: 'complaints', viewer: analyst })).rejects.toThrow(/Not allowed: import.run/);
  });

  it('loads surveys with segment, org unit and category from their customer and complaint', async () => {
    const header = ['source_system', 'source_id', 'account_no', 'complaint_source_system', 'complaint_source_id', 'channel_code', 'surveyed_at', 'responded', 'score', 'attitude_score', 'speed_score', 'outcome_score'];
    const text = csvText([
      header,
      ['SURV', 'S-1', 'IMP-0001', 'CRM_TEST', 'WO-1', 'HOTLINE_95598', '2026-03-05 15:00', 'true', '5', '5', '4', '5'],
      ['SURV', 'S-2', 'IMP-0001', '', '', 'MOBILE_APP', '2026-03-06 15:00', 'false', '', '', '', ''],
      ['SURV', 'S-3', 'IMP-0001', 'CRM_TEST', 'WO-1', 'HOTLINE_95598', '2026-03-05 15:00', 'true', '6', '', '', ''],
      ['SURV', 'S-4', 'IMP-0001', 'CRM_TEST', 'WO-1', 'HOTLINE_95598', '2026-03-05 15:00', 'false', '3', '', '', ''],
      ['SURV', 'S-5', 'IMP-0002', 'CRM_TEST', 'WO-1', 'HOTLINE_95598', '2026-03-01 15:00', 'true', '', '', '', ''],
      ['SURV', 'S-6', 'IMP-0001', 'CRM_TEST', 'WO-404', 'HOTLINE_95598', '2026-03-05 15:00', 'yes', '4', '', '', ''],
    ]);
    const report = await importCsv(db.pool, text, { kind: 'surveys' });
    expect(report).toMatchObject({ rowsRead: 6, inserted: 2, quarantined: 4 });
    const lines = await codesByLine('surveys');
    expect(lines).toEqual({
      4: ['score:OUT_OF_RANGE'],
      5: ['score:STATUS_MISMATCH'],
      6: ['score:MISSING_REQUIRED', 'account_no:CUSTOMER_MISMATCH', 'surveyed_at:TIME_ORDER'],
      7: ['complaint_source_id:UNKNOWN_CODE'],
    });
    const { rows } = await db.pool.query(
      `SELECT s.source_id, s.customer_segment, u.code AS org_unit, cat.code AS category, s.score, s.satisfied, to_char(s.survey_date, 'YYYY-MM-DD') AS day
         FROM fact_survey s JOIN dim_org_unit u USING (org_unit_id) LEFT JOIN dim_category cat ON cat.category_id = s.category_id
        WHERE s.source_system = 'SURV' ORDER BY s.source_id`,
    );
    expect(rows).toEqual([
      { source_id: 'S-1', customer_segment: 'RESIDENTIAL', org_unit: SX, category: 'E0101', score: 5, satisfied: true, day: '2026-03-05' },
      { source_id: 'S-2', customer_segment: 'RESIDENTIAL', org_unit: SX, category: null, score: null, satisfied: null, day: '2026-03-06' },
    ]);
    await expectRollupsMatchFacts();
  });

  it('moves a complaint\'s surveys to its corrected customer when the work order is re-imported with another account', async () => {
    const survey = async () => (await db.pool.query(
      `SELECT cu.account_no, s.customer_segment FROM fact_survey s JOIN dim_customer cu USING (customer_id) WHERE s.source_id = 'S-1'`,
    )).rows[0];
    expect(await survey()).toEqual({ account_no: 'IMP-0001', customer_segment: 'RESIDENTIAL' });
    // WO-1 as first loaded, but filed under IMP-0002 (a commercial customer of the same station).
    const corrected = csvText([
      COMPLAINT_HEADER,
      complaintRow({ ...base, account_no: 'IMP-0002', source_id: 'WO-1', received_at: '2026-03-02 09:00:00', first_response_at: '2026-03-02 10:30', resolved_at: '2026-03-04 09:00:00', closed_at: '2026-03-05T01:00:00Z', status: 'CLOSED', description: '态度差', upheld: '是', redress_amount: '12.50' }),
    ]);
    expect(await importCsv(db.pool, corrected, { kind: 'complaints' })).toMatchObject({ inserted: 0, updated: 1, quarantined: 0 });
    // A survey answers its work order, so it follows the work order's customer (and that customer's segment).
    expect(await survey()).toEqual({ account_no: 'IMP-0002', customer_segment: 'COMMERCIAL' });
    await expectRollupsMatchFacts();
  });

  it('records each batch and the run in the audit log and the run table', async () => {
    const { rows } = await db.pool.query(`SELECT status, report->>'inserted' AS inserted FROM import_run WHERE kind = 'surveys'`);
    expect(rows).toEqual([{ status: 'FINISHED', inserted: '2' }]);
    const audit = await db.pool.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'import.%' GROUP BY action ORDER BY action`);
    const runs = (await db.pool.query(`SELECT count(*)::int AS n FROM import_run WHERE status = 'FINISHED'`)).rows[0].n;
    expect(audit.rows).toEqual([{ action: 'import.batch', n: runs }, { action: 'import.run', n: runs }]);
  });
});
