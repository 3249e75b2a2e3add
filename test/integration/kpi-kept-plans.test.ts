import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { runAsViewer } from '../../server/auth/viewer-session.ts';
import { DEVELOPMENT_VIEWER, type Viewer } from '../../server/auth/viewer.ts';
import { createDataSource } from '../../server/db/data-source.ts';
import { poolOf } from '../../server/db/sql.ts';
import { comparisonRange } from '../../server/metrics/kpi-comparison.ts';
import { compileKpiQuery } from '../../server/metrics/kpi-query.compiler.ts';
import { runKpiQuery, type KpiQuery } from '../../server/metrics/index.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The overview's KPI statements (city rollup rows by month or longer: by
// month, category group or city, and the backlog by month; whole months or
// not) may keep a generic plan per connection (kpi-query.compiler.ts
// planFitsAnyValues); every other KPI statement is planned for its values.
// A kept plan must answer exactly what a plan made for the values answers:
// here, runs on one connection until Postgres keeps the plan, each compared
// with the same query on the facts, as the whole-tree and as a city's viewer
// (whose statements carry row-level security).

const HEADLINE = ['complaints', 'satisfactionRate', 'repeatComplaintRate', 'slaComplianceRate', 'complaintsPer10kCustomers'];
const JAN_FEB = { from: '2024-01-01', to: '2024-02-29' };
const CITY_1: Viewer = { id: 'city-1', displayName: 'City 1', roles: ['MANAGER'], orgUnitScope: ['/1/2/'] };

const overviewField = (viewer: Viewer, overrides: Partial<KpiQuery>): KpiQuery => {
  const grain = overrides.grain ?? null;
  return {
    measures: HEADLINE, groupBy: [], orgUnitLevel: 'CITY', grain, assessed: true, viewer, timeZone: 'Asia/Shanghai',
    filter: JAN_FEB, comparison: comparisonRange(JAN_FEB, 'PREVIOUS_PERIOD', grain), ...overrides,
  };
};

describe('KPI statements whose plan is kept', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadKpiFixture(db);
    // One connection: the runs and the look at its prepared statements share one session.
    dataSource = createDataSource(db.url, { poolSize: 1 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const plansOf = async (query: KpiQuery) => {
    const { rows } = await poolOf(dataSource).query<{ generic_plans: string; custom_plans: string }>(
      'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1', [compileKpiQuery(query).statement.text]);
    return rows.map((row) => ({ generic: Number(row.generic_plans), custom: Number(row.custom_plans) }));
  };

  for (const viewer of [DEVELOPMENT_VIEWER, CITY_1]) {
    const fields: [string, Partial<KpiQuery>][] = [
      ['by month', { grain: 'MONTH' }],
      ['by category group', { groupBy: ['CATEGORY_GROUP'] }],
      ['by city', { groupBy: ['ORG_UNIT'] }],
      ['backlog by month', { measures: ['backlog', 'openingBacklog'], grain: 'MONTH' }],
      ['by month, ending mid-month', { grain: 'MONTH', filter: { from: '2024-01-01', to: '2024-02-20' }, comparison: comparisonRange({ from: '2024-01-01', to: '2024-02-20' }, 'PREVIOUS_PERIOD', 'MONTH') }],
      ['by category group, from mid-month', { groupBy: ['CATEGORY_GROUP'], filter: { from: '2024-01-10', to: '2024-02-29' }, comparison: comparisonRange({ from: '2024-01-10', to: '2024-02-29' }, 'PREVIOUS_PERIOD', null) }],
    ];
    it.each(fields)(`answers the overview %s with a kept plan as the facts do (viewer ${viewer.id})`, async (_, overrides) => {
      const query = overviewField(viewer, overrides);
      expect(compileKpiQuery(query).planFitsAnyValues).toBe(true);
      const facts = await runAsViewer(viewer, () => runKpiQuery(dataSource, { ...query, source: 'facts' }));
      expect(facts.rows.length).toBeGreaterThan(0);
      for (let run = 0; run < 9; run++) {
        const rollups = await runAsViewer(viewer, () => runKpiQuery(dataSource, query));
        expect(Object.values(rollups.sources).every((source) => source !== 'facts')).toBe(true);
        expect(rollups.rows).toEqual(facts.rows);
      }
      // Named from its second run: five plans for the values, then the kept one.
      expect(await plansOf(query)).toEqual([{ generic: 3, custom: 5 }]);
    });
  }

  it('plans every run of other KPI statements for its values', async () => {
    const byWeek = overviewField(DEVELOPMENT_VIEWER, { grain: 'WEEK', comparison: undefined });
    expect(compileKpiQuery(byWeek).planFitsAnyValues).toBe(false); // daily rollup rows: their number follows the range
    for (let run = 0; run < 8; run++) await runAsViewer(DEVELOPMENT_VIEWER, () => runKpiQuery(dataSource, byWeek));
    expect(await plansOf(byWeek)).toEqual([{ generic: 0, custom: 7 }]);
  });
});
