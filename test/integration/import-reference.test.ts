import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRollups } from '../../server/rollups/rollup-refresh.ts';
import { COMPLAINT_HEADER, CUSTOMER_HEADER, csvText, importCsv } from '../support/import-csv.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A utility's whole data set loaded from CSV into an empty database: the
// reference tables first, then customers, the customer base, complaints and
// an exemption filing that, once approved, covers some of them.

describe('CSV import into an empty database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const codesByLine = async (kind: string) => Object.fromEntries((await db.pool.query(
    `SELECT line_no, reasons FROM import_quarantine WHERE kind = $1 AND status = 'OPEN' ORDER BY line_no`, [kind],
  )).rows.map((q) => [q.line_no, q.reasons.map((r: { field: string | null; code: string }) => `${r.field}:${r.code}`)]));

  it('builds the org-unit tree parents first, refusing orphans, wrong levels and moves', async () => {
    const text = csvText([
      ['code', 'parent_code', 'level', 'name_zh', 'name_en'],
      ['JS', '', 'PROVINCE', '江苏省', 'Jiangsu'],
      ['JS-NJ', 'JS', 'CITY', '南京市', 'Nanjing'],
      ['JS-NJ-XW', 'JS-NJ', 'COUNTY', '玄武区', 'Xuanwu'],
      ['JS-NJ-XW-01', 'JS-NJ-XW', 'STATION', '玄武供电所', 'Xuanwu Station'],
      ['JS-SZ-01', 'JS-SZ', 'STATION', '苏州供电所', 'Suzhou Station'],
      ['JS-NJ-02', 'JS-NJ', 'STATION', '南京直属所', 'Nanjing Station'],
      ['JS-X', 'JS', 'CITY', '', 'X'],
    ]);
    const report = await importCsv(db.pool, text, { kind: 'org-units' });
    expect(report).toMatchObject({ rowsRead: 7, inserted: 4, quarantined: 3 });
    expect(await codesByLine('org-units')).toEqual({
      6: ['parent_code:UNKNOWN_CODE'],
      7: ['level:NOT_ALLOWED'],
      8: ['name_zh:MISSING_REQUIRED'],
    });
    const { rows } = await db.pool.query(`SELECT code, level, depth, path, parent_id FROM dim_org_unit ORDER BY org_unit_id`);
    expect(rows).toEqual([
      { code: 'JS', level: 'PROVINCE', depth: 1, path: '/1/', parent_id: null },
      { code: 'JS-NJ', level: 'CITY', depth: 2, path: '/1/2/', parent_id: 1 },
      { code: 'JS-NJ-XW', level: 'COUNTY', depth: 3, path: '/1/2/3/', parent_id: 2 },
      { code: 'JS-NJ-XW-01', level: 'STATION', depth: 4, path: '/1/2/3/4/', parent_id: 3 },
    ]);
    // Renaming is an update; moving is refused; the same file again changes nothing.
    const again = await importCsv(db.pool, csvText([
      ['code', 'parent_code', 'level', 'name_zh', 'name_en'],
      ['JS-NJ', 'JS', 'CITY', '南京市', 'Nanjing City'],
      ['JS-NJ-XW', 'JS', 'CITY', '玄武区', 'Xuanwu'],
      ['JS', '', 'PROVINCE', '江苏省', 'Jiangsu'],
    ]), { kind: 'org-units' });
    expect(again).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, quarantined: 1 });
  });

  it('loads categories with their SLA targets and channels', async () => {
    const categories = await importCsv(db.pool, csvText([
      ['code', 'parent_code', 'utility', 'name_zh', 'name_en', 'sla_kind', 'sla_value'],
      ['B', '', 'ELECTRICITY', '电费', 'Billing', '', ''],
      ['B1', 'B', 'ELECTRICITY', '电费异常', 'Disputed bill', 'BUSINESS_DAYS', '5'],
      ['R1', 'B', 'ELECTRICITY', '抢修', 'Repairs', 'CALENDAR_HOURS', '24'],
      ['B2', 'B', 'GAS', '燃气', 'Gas', 'BUSINESS_DAYS', '5'],
      ['B3', 'B', 'ELECTRICITY', '无时限', 'No SLA', '', ''],
      ['B4', 'B1', 'ELECTRICITY', '三级', 'Third level', 'BUSINESS_DAYS', '3'],
    ]), { kind: 'categories' });
    expect(categories).toMatchObject({ inserted: 3, quarantined: 3 });
    expect(await codesByLine('categories')).toEqual({
      5: ['utility:NOT_ALLOWED'],
      6: ['sla_kind:MISSING_REQUIRED', 'sla_value:MISSING_REQUIRED'],
      7: ['parent_code:NOT_ALLOWED'],
    });
    const slaChange = await importCsv(db.pool, csvText([['code', 'parent_code', 'utility', 'name_zh', 'name_en', 'sla_kind', 'sla_value'], ['B1', 'B', 'ELECTRICITY', '电费异常', 'Disputed bill', 'BUSINESS_DAYS', '3']]), { kind: 'categories' });
    expect(slaChange.byReason).toEqual({ NOT_ALLOWED: 1 });
    const channels = await importCsv(db.pool, csvText([
      ['code', 'name_zh', 'name_en'], ['HOTLINE_95598', '95598热线', '95598 hotline'], ['SERVICE_HALL', '营业厅', 'Service hall'], ['FAX', '传真', 'Fax'],
    ]), { kind: 'channels' });
    expect(channels).toMatchObject({ inserted: 2, quarantined: 1, byReason: { NOT_ALLOWED: 1 } });
  });

  it('loads customers, the customer base and complaints on the new reference data', async () => {
    await importCsv(db.pool, csvText([CUSTOMER_HEADER, ['N-1', '吴十', '', 'ELECTRICITY', 'RESIDENTIAL', 'RESIDENTIAL_TIERED', 'JS-NJ-XW-01', '2019-01-01']]), { kind: 'customers' });
    const base = await importCsv(db.pool, csvText([
      ['org_unit_code', 'segment', 'month', 'active_customers'],
      ['JS-NJ-XW-01', 'RESIDENTIAL', '2026-03', '1200'],
      ['JS-NJ-XW-01', 'RESIDENTIAL', '2026-04-01', '1210'],
      ['JS-NJ-XW-01', 'RESIDENTIAL', '2026-04-15', '1'],
      ['JS-NJ-XW-01', 'HOUSEHOLD', '2026-07', '-3'],
    ]), { kind: 'customer-base' });
    expect(base).toMatchObject({ inserted: 2, quarantined: 2 });
    expect(await codesByLine('customer-base')).toEqual({
      4: ['month:INVALID_FORMAT'],
      5: ['segment:NOT_ALLOWED', 'month:FUTURE_DATE', 'active_customers:OUT_OF_RANGE'],
    });
    const row = (v: Record<string, string>) => COMPLAINT_HEADER.map((h) => v[h] ?? '');
    const complaints = await importCsv(db.pool, csvText([
      COMPLAINT_HEADER,
      // An urgent repair: 24 calendar hours, Saturday included.
      row({ source_system: 'JS', source_id: '1', account_no: 'N-1', category_code: 'R1', channel_code: 'HOTLINE_95598', received_at: '2026-03-07 10:00', resolved_at: '2026-03-08 09:00', status: 'RESOLVED' }),
      row({ source_system: 'JS', source_id: '2', account_no: 'N-1', category_code: 'B1', channel_code: 'SERVICE_HALL', received_at: '2026-03-09 10:00', status: 'RECEIVED' }),
    ]), { kind: 'complaints' });
    expect(await codesByLine('complaints')).toEqual({});
    expect(complaints).toMatchObject({ inserted: 2, quarantined: 0 });
    const { rows } = await db.pool.query(`SELECT source_id, sla_due_at, sla_met, calendar_minutes_to_resolve, business_minutes_to_resolve FROM fact_complaint ORDER BY source_id`);
    expect(rows).toEqual([
      // Saturday 10:00 + 24 h; resolved after 23 h (no business time: a weekend).
      { source_id: '1', sla_due_at: new Date('2026-03-08T02:00:00Z'), sla_met: true, calendar_minutes_to_resolve: 1380, business_minutes_to_resolve: 0 },
      { source_id: '2', sla_due_at: new Date('2026-03-16T02:00:00Z'), sla_met: null, calendar_minutes_to_resolve: null, business_minutes_to_resolve: null },
    ]);
  });

  it('applies an approved exemption filing to the complaints it covers, and lifts it when rejected', async () => {
    const header = ['filing_no', 'kind', 'org_unit_code', 'window_start', 'window_end', 'reason', 'status', 'filed_at', 'decided_at', 'category_codes'];
    const filing = (status: string, decidedAt: string) => ['BB-1', 'SEVERE_WEATHER', 'JS-NJ', '2026-03-07 00:00', '2026-03-08 00:00', '暴雨', status, '2026-03-07 08:00', decidedAt, 'R1'];
    const filed = await importCsv(db.pool, csvText([header, filing('FILED', ''),
      ['BB-2', 'SYSTEM_UPGRADE', 'JS', '2026-03-10 00:00', '2026-03-09 00:00', '升级', 'APPROVED', '2026-03-07 08:00', '', 'NOPE']]), { kind: 'exemptions' });
    expect(filed).toMatchObject({ inserted: 1, quarantined: 1 });
    expect((await codesByLine('exemptions'))[3]).toEqual(['category_codes:UNKNOWN_CODE', 'window_end:TIME_ORDER', 'decided_at:STATUS_MISMATCH']);
    const exempt = async () => (await db.pool.query(`SELECT source_id FROM fact_complaint WHERE exemption_filing_id IS NOT NULL ORDER BY source_id`)).rows.map((r) => r.source_id);
    expect(await exempt()).toEqual([]);
    expect(await importCsv(db.pool, csvText([header, filing('APPROVED', '2026-03-07 09:00')]), { kind: 'exemptions' })).toMatchObject({ updated: 1 });
    expect(await exempt()).toEqual(['1']);
    expect(await importCsv(db.pool, csvText([header, filing('APPROVED', '2026-03-07 09:00')]), { kind: 'exemptions' })).toMatchObject({ unchanged: 1 });
    expect(await importCsv(db.pool, csvText([header, filing('REJECTED', '2026-03-07 09:00')]), { kind: 'exemptions' })).toMatchObject({ updated: 1 });
    expect(await exempt()).toEqual([]);
    // The rollups followed every change.
    const client = await db.pool.connect();
    try {
      const read = async () => (await client.query(`SELECT * FROM rollup_complaint_received_daily ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`)).rows;
      const partial = await read();
      await client.query('BEGIN');
      await refreshRollups(client);
      expect(partial).toEqual(await read());
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});
