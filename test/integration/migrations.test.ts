import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../server/db/data-source.ts';
import { migrate, MIGRATIONS_DIR, MIGRATIONS_TABLE } from '../../server/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const STAR_SCHEMA_TABLES = [
  'dim_date', 'dim_org_unit', 'dim_category', 'dim_channel', 'dim_customer', 'dim_customer_flag',
  'exemption_filing', 'exemption_filing_category', 'exemption_filing_complaint',
  'fact_complaint', 'fact_survey', 'fact_customer_month', 'kpi_target',
];

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(() => db.drop());

  it('apply to an empty database, in order, and are recorded', async () => {
    const report = await migrate(db.url);
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort().map((f) => f.replace(/\.sql$/, ''));
    expect(files.slice(0, 7)).toEqual(['0001_dimensions', '0002_facts', '0003_list_order_indexes', '0004_kpi_targets', '0005_rollups', '0006_fact_customer_segment', '0007_audit_log']);
    expect(report.applied).toEqual(files);
    expect(report.calendarDaysChanged).toBe(7670); // 2015-01-01 .. 2035-12-31
    const { rows } = await db.pool.query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`);
    expect(rows.map((r) => r.name)).toEqual(report.applied);
    const tables = await db.pool.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining([...STAR_SCHEMA_TABLES, 'audit_log', 'app_user', 'app_user_scope', 'auth_refresh_token', 'api_token', 'import_run', 'import_quarantine', 'export_job', 'export_file', 'survey_follow_up', 'data_version', 'data_change_mark']));
  });

  it('apply nothing on a second run, and leave the data version alone (every process migrates at start)', async () => {
    const version = async () => (await db.pool.query<{ version: string }>('SELECT version::text AS version FROM data_version')).rows[0]!.version;
    const before = await version();
    const report = await migrate(db.url);
    expect(report).toEqual({ applied: [], calendarDaysChanged: 0 });
    // A changed holiday is still written, and moves the version (the KPI caches must not serve old SLA figures).
    expect(await version()).toBe(before);
    await db.pool.query(`UPDATE dim_date SET holiday_name_en = 'Made up' WHERE date_key = '2024-02-12'`);
    const afterEdit = await version();
    expect((await migrate(db.url)).calendarDaysChanged).toBe(1);
    expect((await db.pool.query(`SELECT holiday_name_en FROM dim_date WHERE date_key = '2024-02-12'`)).rows[0].holiday_name_en).toBe('Spring Festival');
    expect(Number(await version())).toBe(Number(afterEdit) + 1);
  });

  it('map every TypeORM entity column to a real column of the same type', async () => {
    const dataSource = createDataSource(db.url, { poolSize: 1 });
    await dataSource.initialize();
    try {
      const { rows } = await db.pool.query<{ table_name: string; column_name: string; udt_name: string }>(
        `SELECT table_name, column_name, udt_name FROM information_schema.columns WHERE table_schema = 'public'`,
      );
      const actual = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.udt_name]));
      const typeNames: Record<string, string> = {
        bigint: 'int8', integer: 'int4', smallint: 'int2', text: 'text', boolean: 'bool',
        date: 'date', timestamptz: 'timestamptz', numeric: 'numeric',
      };
      const mapped = dataSource.entityMetadatas.map((entity) => entity.tableName).sort();
      expect(mapped).toEqual([...STAR_SCHEMA_TABLES].sort());
      for (const entity of dataSource.entityMetadatas) {
        for (const column of entity.columns) {
          const key = `${entity.tableName}.${column.databaseName}`;
          expect(actual.get(key), key).toBe(typeNames[String(column.type)]);
        }
      }
      // And TypeORM can read through them.
      const days = await dataSource.getRepository('DateEntity').count();
      expect(days).toBe(7670);
    } finally {
      await dataSource.destroy();
    }
  });
});
