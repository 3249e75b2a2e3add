import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { DEFAULT_ROLE_LIMITS } from '../../server/auth/role-limits.ts';
import pg from 'pg';
import { queriesAsViewer, queryAsViewer, runAsViewer, viewerSession } from '../../server/auth/viewer-session.ts';
import { ViewerStatement } from '../../server/auth/viewer-statement.ts';
import { ANONYMOUS_VIEWER, type Role, type Viewer } from '../../server/auth/viewer.ts';
import { createDataSource } from '../../server/db/data-source.ts';
import { raw, selectResults, selectRows, sql } from '../../server/db/sql.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Defence in depth: statements run for a viewer go through Postgres's
// row-level security as clearline_viewer, so even one WITHOUT the
// application's scope condition sees only the viewer's org units; and each
// role's statement_timeout is enforced by Postgres.

const SCOPED_TABLES = ['fact_complaint', 'fact_survey', 'dim_customer', 'fact_customer_month', 'rollup_complaint_received_daily', 'rollup_complaint_resolved_daily', 'rollup_survey_daily'];

describe('row-level security', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let county: string;
  let otherCounty: string;
  const viewer = (roles: Role[], scope: string[]): Viewer => ({ id: 'rls', displayName: 'RLS', roles, orgUnitScope: scope });
  const countAs = async (who: Viewer, table: string) =>
    runAsViewer(who, async () => (await selectRows<{ n: number }>(dataSource, sql`SELECT count(*)::int AS n FROM ${raw(table)}`))[0]!.n);
  const countInScope = async (table: string, path: string) =>
    (await db.pool.query(`SELECT count(*)::int AS n FROM ${table} t JOIN dim_org_unit u USING (org_unit_id) WHERE u.path LIKE $1 || '%'`, [path])).rows[0].n as number;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 11, customers: 3_000, months: 3, until: '2026-09-01', complaintsPer10k: 60, timeZone: 'Asia/Shanghai' });
    dataSource = createDataSource(db.url, { poolSize: 3 });
    await dataSource.initialize();
    county = (await db.pool.query(`SELECT path FROM dim_org_unit WHERE code = 'ZJ-NB-YZ'`)).rows[0].path;
    otherCounty = (await db.pool.query(`SELECT path FROM dim_org_unit WHERE code = 'ZJ-HZ-XH'`)).rows[0]?.path
      ?? (await db.pool.query(`SELECT path FROM dim_org_unit WHERE level = 'COUNTY' AND path NOT LIKE $1 || '%' ORDER BY path LIMIT 1`, [county])).rows[0].path;
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('shows a statement without any scope condition only the viewer’s rows, in every scoped table', async () => {
    const manager = viewer(['MANAGER'], [county]);
    for (const table of SCOPED_TABLES) {
      const all = (await db.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
      const inCounty = await countInScope(table, county);
      expect(inCounty, table).toBeGreaterThan(0);
      expect(inCounty, table).toBeLessThan(all);
      expect(await countAs(manager, table), table).toBe(inCounty);
      expect(await countAs(viewer(['ADMIN'], ['/']), table), table).toBe(all);
      expect(await countAs(ANONYMOUS_VIEWER, table), table).toBe(0);
    }
  });

  it('shows a city head only the city’s rows of the city-level customer base rollup', async () => {
    const city = (await db.pool.query(`SELECT path FROM dim_org_unit WHERE level = 'CITY' ORDER BY path LIMIT 1`)).rows[0].path as string;
    const all = (await db.pool.query('SELECT count(*)::int AS n FROM rollup_customer_month')).rows[0].n;
    const inCity = await countInScope('rollup_customer_month', city);
    expect(inCity).toBeGreaterThan(0);
    expect(inCity).toBeLessThan(all);
    expect(await countAs(viewer(['MANAGER'], [city]), 'rollup_customer_month')).toBe(inCity);
    expect(await countAs(viewer(['MANAGER'], [county]), 'rollup_customer_month')).toBe(0); // city rows lie above a county
  });

  it('reads for a whole-tree viewer as clearline_viewer_whole_tree, whose plans carry no scope condition; for a scoped one as clearline_viewer', async () => {
    const planAs = async (who: Viewer) => runAsViewer(who, async () => {
      const [row] = await selectRows<{ who: string }>(dataSource, sql`SELECT current_user AS who`);
      const explained = await selectRows<{ 'QUERY PLAN': string }>(dataSource, sql`EXPLAIN SELECT sum(complaints) FROM rollup_complaint_received_daily`);
      return { who: row!.who, plan: explained.map((line) => line['QUERY PLAN']).join('\n') };
    });
    const whole = await planAs(viewer(['MANAGER'], ['/']));
    expect(whole.who).toBe('clearline_viewer_whole_tree');
    expect(whole.plan).not.toMatch(/dim_org_unit|InitPlan|SubPlan|Filter/);
    const scoped = await planAs(viewer(['MANAGER'], [county]));
    expect(scoped.who).toBe('clearline_viewer');
    expect(scoped.plan).toMatch(/dim_org_unit/);
  });

  it('gives every table under a viewer_scope policy a whole_tree policy, and the whole-tree role no privilege of its own', async () => {
    const tablesWith = async (policy: string) => (await db.pool.query(`SELECT tablename FROM pg_policies WHERE policyname = $1 ORDER BY 1`, [policy])).rows.map((r) => r.tablename as string);
    const scoped = await tablesWith('viewer_scope');
    expect(scoped).toEqual(expect.arrayContaining([...SCOPED_TABLES, 'rollup_customer_month', 'survey_follow_up']));
    expect(await tablesWith('whole_tree')).toEqual(scoped);
    const { rows: policies } = await db.pool.query(`SELECT DISTINCT roles::text[] AS roles, cmd, qual FROM pg_policies WHERE policyname = 'whole_tree'`);
    expect(policies).toEqual([{ roles: ['clearline_viewer_whole_tree'], cmd: 'SELECT', qual: 'true' }]);
    // Its privileges are clearline_viewer's, through membership: credentials stay out of reach (next tests).
    const { rows: grants } = await db.pool.query(`SELECT count(*)::int AS n FROM information_schema.role_table_grants WHERE grantee = 'clearline_viewer_whole_tree'`);
    expect(grants[0].n).toBe(0);
    const { rows: member } = await db.pool.query(`SELECT pg_has_role('clearline_viewer_whole_tree', 'clearline_viewer', 'USAGE') AS inherits`);
    expect(member[0].inherits).toBe(true);
  });

  it('hides rows even from a statement that names another county outright', async () => {
    const rows = await runAsViewer(viewer(['ANALYST'], [county]), () =>
      selectRows<{ n: number }>(dataSource, sql`SELECT count(*)::int AS n FROM fact_complaint c JOIN dim_org_unit u USING (org_unit_id) WHERE u.path LIKE ${`${otherCounty}%`}`));
    expect(await countInScope('fact_complaint', otherCounty)).toBeGreaterThan(0);
    expect(rows[0]!.n).toBe(0);
  });

  it('keeps each viewer’s scope to its own transaction on shared pooled connections', async () => {
    const a = viewer(['MANAGER'], [county]);
    const b = viewer(['MANAGER'], [otherCounty]);
    const [expectedA, expectedB] = [await countInScope('fact_complaint', county), await countInScope('fact_complaint', otherCounty)];
    const counts = await Promise.all(Array.from({ length: 12 }, (_, i) => countAs(i % 2 ? b : a, 'fact_complaint')));
    expect(counts).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 ? expectedB : expectedA)));
    // Afterwards the pool's connections are themselves again: owner role, no scope.
    const pool = (dataSource.driver as unknown as { master: import('pg').Pool }).master;
    const { rows } = await pool.query(`SELECT current_user AS who, coalesce(current_setting('clearline.viewer_scope', true), '') AS scope`);
    expect(rows[0].who).not.toBe('clearline_viewer');
    expect(rows[0].scope).toBe('');
  });

  it('sends BEGIN, the viewer’s settings, the statement and COMMIT in one round trip, and ends the transaction before the connection serves anyone else', async () => {
    // One connection, so the next query surely takes the connection the viewer statement just used.
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    const sent: unknown[] = [];
    let roundTrips = 0;
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
        sent.push(args[0]);
        return query(...args);
      };
      // Each Sync is answered by one ReadyForQuery: one per round trip.
      (client as unknown as { connection: import('node:events').EventEmitter }).connection.on('readyForQuery', () => roundTrips++);
    });
    try {
      const result = await queryAsViewer(pool, viewerSession(viewer(['MANAGER'], [county])), { text: 'SELECT count(*)::int AS n FROM fact_complaint' });
      expect(result.rows[0].n).toBe(await countInScope('fact_complaint', county));
      expect(roundTrips).toBe(1);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toBeInstanceOf(ViewerStatement);
      expect((sent[0] as ViewerStatement).statementTexts).toEqual(['SELECT count(*)::int AS n FROM fact_complaint']);
      const { rows } = await pool.query(`SELECT current_user AS who, coalesce(current_setting('clearline.viewer_scope', true), '') AS scope, current_setting('transaction_read_only') AS read_only, current_setting('statement_timeout') AS timeout`);
      expect(rows[0].who).not.toBe('clearline_viewer');
      expect(rows[0]).toMatchObject({ scope: '', read_only: 'off', timeout: '0' });
    } finally {
      await pool.end();
    }
  });

  it('runs several statements in one viewer transaction and one round trip, each under row-level security, their results in order', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    let roundTrips = 0;
    pool.on('connect', (client) => {
      (client as unknown as { connection: import('node:events').EventEmitter }).connection.on('readyForQuery', () => roundTrips++);
    });
    try {
      await pool.query('SELECT 1');
      roundTrips = 0;
      const session = viewerSession(viewer(['MANAGER'], [county]));
      const [complaints, surveys, snapshot] = await queriesAsViewer(pool, session, [
        { text: 'SELECT count(*)::int AS n FROM fact_complaint' },
        { name: 'cl_test_surveys', text: 'SELECT count(*)::int AS n FROM fact_survey WHERE survey_id > $1', values: [0] },
        { text: `SELECT current_user AS who, current_setting('transaction_read_only') AS read_only` },
      ]);
      expect(roundTrips).toBe(1);
      expect(complaints!.rows[0].n).toBe(await countInScope('fact_complaint', county));
      expect(surveys!.rows[0].n).toBe(await countInScope('fact_survey', county));
      expect(snapshot!.rows[0]).toEqual({ who: 'clearline_viewer', read_only: 'on' });
      // A failure in a later statement fails the whole: rolled back, the prepared statement closed, the connection usable.
      await expect(queriesAsViewer(pool, session, [
        { name: 'cl_test_first', text: 'SELECT count(*)::int AS n FROM fact_complaint' },
        { text: 'SELECT 1 / 0 AS n' },
      ])).rejects.toThrow(/division by zero/);
      const [again] = await queriesAsViewer(pool, session, [{ name: 'cl_test_first', text: 'SELECT count(*)::int AS n FROM fact_complaint' }]);
      expect(again!.rows[0].n).toBe(complaints!.rows[0].n);
    } finally {
      await pool.end();
    }
  });

  it('sends statements together in one repeatable-read transaction, as the viewer or outside a request', async () => {
    const together = [
      sql`SELECT now() AS at, current_setting('transaction_isolation') AS isolation, current_setting('transaction_read_only') AS read_only, current_user AS who`,
      sql`SELECT now() AS at, pg_sleep(0.02)::text AS slept, count(*)::int AS n FROM fact_complaint`,
    ];
    const outside = await selectResults(dataSource, together);
    expect(outside[0]!.rows[0]).toMatchObject({ isolation: 'repeatable read', read_only: 'on' });
    expect(outside[0]!.rows[0]!.who).not.toBe('clearline_viewer');
    expect(outside[1]!.rows[0]!.at).toEqual(outside[0]!.rows[0]!.at); // one transaction
    const manager = viewer(['MANAGER'], [county]);
    const asViewer = await runAsViewer(manager, () => selectResults(dataSource, together));
    expect(asViewer[0]!.rows[0]).toMatchObject({ isolation: 'repeatable read', read_only: 'on', who: 'clearline_viewer' });
    expect(asViewer[1]!.rows[0]!.at).toEqual(asViewer[0]!.rows[0]!.at);
    expect(asViewer[1]!.rows[0]!.n).toBe(await countInScope('fact_complaint', county));
  });

  it('runs nothing of a statement whose transaction failed, rolls back, and keeps the connection usable (prepared statements too)', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      const session = viewerSession(viewer(['MANAGER'], [county]));
      const failing = { name: 'cl_test_failing', text: 'SELECT 1 / (count(*) - count(*))::int AS n FROM fact_complaint' };
      await expect(queryAsViewer(pool, session, failing)).rejects.toThrow(/division by zero/);
      // Rolled back (else the next BEGIN would fail), and the half-made prepared statement was closed: the same name can be prepared again, for another text.
      const again = await queryAsViewer(pool, session, { name: 'cl_test_failing', text: 'SELECT count(*)::int AS n FROM fact_complaint' });
      expect(again.rows[0].n).toBe(await countInScope('fact_complaint', county));
      // Prepared once, then reused on the same connection.
      const reused = await queryAsViewer(pool, session, { name: 'cl_test_failing', text: 'SELECT count(*)::int AS n FROM fact_complaint' });
      expect(reused.rows[0].n).toBe(again.rows[0].n);
      const { rows } = await pool.query(`SELECT current_user AS who, coalesce(current_setting('clearline.viewer_scope', true), '') AS scope`);
      expect(rows[0].who).not.toBe('clearline_viewer');
      expect(rows[0].scope).toBe('');
    } finally {
      await pool.end();
    }
  });

  it('does not let a viewer read credentials or the audit trail, nor write', async () => {
    const admin = viewer(['ADMIN'], ['/']);
    for (const table of ['app_user', 'auth_refresh_token', 'api_token', 'audit_log']) {
      await expect(runAsViewer(admin, () => selectRows(dataSource, sql`SELECT * FROM ${raw(table)}`))).rejects.toThrow(/permission denied/);
    }
    await expect(runAsViewer(admin, () => selectRows(dataSource, sql`DELETE FROM fact_complaint`))).rejects.toThrow(/read-only transaction/);
  });

  describe('statement_timeout per role', () => {
    it('is set in Postgres for each role’s statements', async () => {
      const shown = async (role: Role) => runAsViewer(viewer([role], ['/']), async () => (await selectRows<{ t: string }>(dataSource, sql`SELECT current_setting('statement_timeout') AS t`))[0]!.t);
      expect(await shown('ADMIN')).toBe('2min');
      expect(await shown('ANALYST')).toBe('1min');
      expect(await shown('REGULATOR')).toBe('30s');
      expect(await shown('MANAGER')).toBe('20s');
      expect(await shown('AGENT')).toBe('10s');
    });

    it('cancels a statement that runs longer, and the refusal says why', async () => {
      const limits = { statementTimeoutMs: { ...DEFAULT_ROLE_LIMITS.statementTimeoutMs, ANALYST: 200 } };
      const slow = runAsViewer(viewer(['ANALYST'], ['/']), () => selectRows(dataSource, sql`SELECT pg_sleep(30)`), limits);
      const error = await slow.then(() => null, (e: unknown) => e as Error & { kind: string; cause: { code: string } });
      expect(error).not.toBeNull();
      expect(error!.kind).toBe('QUERY_TOO_COMPLEX');
      expect(error!.message).toBe('The query ran longer than the 0.2 s allowed for your role (ANALYST) and was cancelled: narrow the date range or filters, or group by fewer dimensions.');
      expect(error!.cause.code).toBe('57014'); // query_canceled, by Postgres
      // The connection went back to the pool healthy.
      expect(await countAs(viewer(['ANALYST'], ['/']), 'dim_customer')).toBe(3_000);
    });
  });
});
