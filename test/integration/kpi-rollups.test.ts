import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_VIEWER } from '../../server/auth/viewer.ts';
import { createDataSource } from '../../server/db/data-source.ts';
import { KPI_CATALOGUE, runKpiQuery, type KpiQuery } from '../../server/metrics/index.ts';
import { COMPARISONS, comparisonRange, type ComparedRow } from '../../server/metrics/kpi-comparison.ts';
import { runComparedKpiQuery } from '../../server/metrics/kpi-compared-query.ts';
import { compileKpiQuery, rollupShape, rollupsCover } from '../../server/metrics/kpi-query.compiler.ts';
import { ROLLUP_ANCHORS, ROLLUP_COLUMNS, ROLLUP_TABLES } from '../../server/rollups/rollup-columns.ts';
import { refreshRollups } from '../../server/rollups/rollup-refresh.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The same query gives the same numbers from the rollups as from the facts:
// hundreds of random KPI queries over a demo load, each run both ways.

// Every KPI a rollup can answer: additive parts and ratios, and the backlog
// snapshots summed from both complaint rollups (overdueBacklog needs SLA due times).
const COVERED = KPI_CATALOGUE.filter((k) => k.kind === 'additive' || k.kind === 'ratio' || k.code === 'backlog' || k.code === 'openingBacklog').map((k) => k.code);

describe('KPI rollups', () => {
  let db: TestDatabase;
  let dataSource: ReturnType<typeof createDataSource>;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 11, customers: 4_000, months: 6, until: '2026-07-01', complaintsPer10k: 80, timeZone: 'Asia/Shanghai' });
    dataSource = createDataSource(db.url, { poolSize: 2 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('have one column per additive part of the catalogue (a new part needs a migration)', async () => {
    for (const anchor of ROLLUP_ANCHORS) {
      const { rows } = await db.pool.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND column_name NOT IN ('shape', 'period', 'received_date', 'resolved_date', 'survey_date', 'org_unit_id', 'category_id', 'channel_id', 'segment', 'exempt') ORDER BY ordinal_position`,
        [ROLLUP_TABLES[anchor]],
      );
      expect(rows.map((r) => r.column_name)).toEqual(ROLLUP_COLUMNS[anchor].map((c) => c.name));
    }
  });

  it('stay equal to the facts after a refresh of only the days a load touched', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      // A "load" that changes one day: its complaints become escalated.
      await client.query(`UPDATE fact_complaint SET escalated = true WHERE received_date = '2026-03-10'`);
      await refreshRollups(client, { from: '2026-03-10', to: '2026-03-10' });
      for (const filter of [{ from: '2026-03-01', to: '2026-03-31' }, { from: '2026-03-05', to: '2026-03-12' }]) {
        const query: KpiQuery = {
          measures: ['escalatedComplaints', 'complaints'], groupBy: ['CHANNEL'], orgUnitLevel: 'CITY', grain: null, assessed: true,
          viewer: DEVELOPMENT_VIEWER, timeZone: 'Asia/Shanghai', filter,
        };
        const facts = await runKpiQuery(onClient(client), { ...query, source: 'facts' });
        const rollups = await runKpiQuery(onClient(client), { ...query, source: 'rollups' });
        expect(rollups.rows).toEqual(facts.rows);
      }
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('are rebuilt one refresh at a time when several processes refresh at once', async () => {
    const count = async () => Number((await db.pool.query(`SELECT count(*) AS n FROM rollup_complaint_received_daily`)).rows[0].n);
    const before = await count();
    const refresh = async () => {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        await refreshRollups(client, { from: '2026-02-01', to: '2026-03-31' });
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    // Without the advisory lock, neither DELETE would see the other's new rows: February and March twice.
    await Promise.all([refresh(), refresh()]);
    expect(await count()).toBe(before);
  });

  // The comparison period travels in the same statement (its facts grouped by
  // "in the main range or not" when there is no grain): each of its rows must
  // equal that period asked on its own, percentiles and backlog included.
  it('give in a comparison exactly what each period gives asked on its own', async () => {
    const measures = ['complaints', 'satisfactionRate', 'complaintsPer10kCustomers', 'repeatComplaintRate', 'p90ResolutionHours', 'backlog'];
    const main = { from: '2026-04-01', to: '2026-06-30' };
    const keyOf = (row: { periodStart: string | null; orgUnitId: number | null; categoryId: number | null }) => `${row.orgUnitId}|${row.categoryId}`;
    for (const groupBy of [[], ['ORG_UNIT'], ['CATEGORY_GROUP']] as KpiQuery['groupBy'][]) {
      // Routed (rollups where they cover the KPI, the facts for the rest), and all from the facts.
      for (const source of [undefined, 'facts'] as const) {
        const query: KpiQuery = { measures, groupBy, orgUnitLevel: 'CITY', grain: null, assessed: true, viewer: DEVELOPMENT_VIEWER, timeZone: 'Asia/Shanghai', filter: main, source };
        const compared = await runComparedKpiQuery(dataSource, query, 'PREVIOUS_PERIOD');
        const alone = async (filter: typeof main) => new Map((await runKpiQuery(dataSource, { ...query, source: 'facts', filter })).rows.map((row) => [keyOf(row), row.values]));
        const current = await alone(main);
        const previous = await alone(comparisonRange(main, 'PREVIOUS_PERIOD', null));
        expect(compared.rows.length, `${groupBy} ${source}`).toBe(current.size);
        let comparedWithData = 0;
        for (const row of compared.rows as ComparedRow[]) {
          expect(row.values, `${groupBy} ${source} ${keyOf(row)}`).toEqual(current.get(keyOf(row)));
          const before = previous.get(keyOf(row));
          if (!before) continue;
          comparedWithData++;
          expect(row.comparison, `${groupBy} ${source} ${keyOf(row)} compared`).toEqual(before);
        }
        // The previous quarter has data for every group: the comparisons are not all empty.
        expect(comparedWithData).toBe(compared.rows.length);
      }
    }
  });

  it('give the same results as the facts for random queries', async () => {
    const { rows: units } = await db.pool.query(`SELECT org_unit_id, depth FROM dim_org_unit WHERE org_unit_id IN (2, 3, 10, 50)`);
    const depthOf = new Map(units.map((u) => [u.org_unit_id as number, u.depth as number]));
    const shapesSeen = new Set<string>();
    const periodsSeen = new Set<string>();
    let backlogsFromRollups = 0;
    const day = fc.integer({ min: 0, max: 180 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const query = fc.record({
      measures: fc.subarray(COVERED, { minLength: 1, maxLength: 6 }),
      groupBy: fc.subarray(['ORG_UNIT', 'CATEGORY_GROUP', 'CHANNEL', 'SEGMENT'] as const, { maxLength: 3 }),
      leafCategories: fc.boolean(),
      orgUnitLevel: fc.constantFrom('PROVINCE', 'CITY', 'COUNTY', 'STATION'),
      grain: fc.constantFrom(null, 'DAY', 'WEEK', 'MONTH', 'QUARTER'),
      assessed: fc.boolean(),
      days: fc.oneof(
        fc.tuple(day, day),
        // Whole months, which the monthly rollup rows answer.
        fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })).map(([a, b]) => {
          const [first, last] = a <= b ? [a, b] : [b, a];
          return [new Date(Date.UTC(2026, first, 1)).toISOString().slice(0, 10), new Date(Date.UTC(2026, last + 1, 0)).toISOString().slice(0, 10)] as [string, string];
        }),
      ),
      segments: fc.option(fc.subarray(['RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'LARGE_ACCOUNT'], { minLength: 1 }), { nil: undefined }),
      channelCodes: fc.option(fc.subarray(['HOTLINE_95598', 'MOBILE_APP', 'REGULATOR_12398'], { minLength: 1 }), { nil: undefined }),
      orgUnitIds: fc.option(fc.subarray([2, 3, 10, 50], { minLength: 1 }), { nil: undefined }),
      categoryIds: fc.option(fc.subarray([1, 2, 5, 14], { minLength: 1 }), { nil: undefined }),
      compareTo: fc.option(fc.constantFrom(...COMPARISONS), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const [from, to] = q.days[0] <= q.days[1] ? q.days : [q.days[1], q.days[0]];
        const groupBy = q.groupBy.map((d) => (d === 'CATEGORY_GROUP' && q.leafCategories ? 'CATEGORY' : d));
        const kpiQuery: KpiQuery = {
          measures: q.measures, groupBy, orgUnitLevel: q.orgUnitLevel, grain: q.grain, assessed: q.assessed,
          viewer: DEVELOPMENT_VIEWER, timeZone: 'Asia/Shanghai',
          filter: {
            from, to, segments: q.segments, channelCodes: q.channelCodes, orgUnitIds: q.orgUnitIds, categoryIds: q.categoryIds,
            orgUnitFilterDepth: q.orgUnitIds ? Math.max(...q.orgUnitIds.map((id) => depthOf.get(id)!)) : undefined,
          },
          comparison: q.compareTo ? comparisonRange({ from, to }, q.compareTo, q.grain) : undefined,
        };
        // Only the queries some rollup shape covers (category with channel or segment, say, goes to the facts).
        fc.pre(rollupsCover(kpiQuery));
        shapesSeen.add(rollupShape(kpiQuery)!);
        const { text, values } = compileKpiQuery(kpiQuery).statement;
        // MONTH rows only (whole months), a range's whole months with its other days, or days only.
        periodsSeen.add(text.includes(`(r.period = 'MONTH' AND`) ? 'MONTHS_AND_DAYS' : values.includes('MONTH') ? 'MONTH' : 'DAY');
        const facts = await runKpiQuery(dataSource, { ...kpiQuery, source: 'facts' });
        const rollups = await runKpiQuery(dataSource, { ...kpiQuery, source: 'rollups' });
        if (q.measures.includes('backlog') || q.measures.includes('openingBacklog')) {
          expect(Object.values(rollups.sources)).toContain('rollup_complaint_received_daily + rollup_complaint_resolved_daily');
          backlogsFromRollups++;
        }
        expect(rollups.rows.map((r) => ({ ...r, values: {} }))).toEqual(facts.rows.map((r) => ({ ...r, values: {} })));
        rollups.rows.forEach((row, i) => {
          for (const code of q.measures) {
            const expected = facts.rows[i]!.values[code];
            if (expected === null) expect(row.values[code], code).toBeNull();
            else expect(row.values[code], code).toBeCloseTo(expected!, 6);
          }
        });
      }),
      { numRuns: 200, maxSkipsPerRun: 1000 },
    );
    expect([...shapesSeen].sort()).toEqual(['CITY_CATEGORY', 'CITY_CHANNEL_SEGMENT', 'STATION']);
    expect([...periodsSeen].sort()).toEqual(['DAY', 'MONTH', 'MONTHS_AND_DAYS']);
    expect(backlogsFromRollups).toBeGreaterThan(20);
  });
});

/** A stand-in DataSource whose queries run on one client (inside its transaction). */
function onClient(client: import('pg').PoolClient) {
  return { driver: { master: client } } as unknown as ReturnType<typeof createDataSource>;
}
