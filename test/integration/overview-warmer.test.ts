import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.ts';
import { dashboardScopes, OverviewWarmer } from '../../server/metrics/overview-warmer.ts';
import { OverviewFromFactsDocument, OverviewFromRollupsDocument } from '../../dashboard/src/gql/graphql.ts';
import { defaultOverviewVariables } from '../../dashboard/src/pages/overview-variables.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The Overview warmer computes the dashboard's default Overview ahead, per
// org-unit scope of the dashboard's users, after a start, a load or a new
// day: the first manager of the morning is answered from the caches, with
// exactly the numbers an uncached server gives, and never a scope's numbers
// to another scope.

const TODAY = '2024-03-15'; // the fixture's complaints run from Dec 2023 to Feb 2024
const CITY_MANAGER: Viewer = { id: 'c2-manager', displayName: 'C2 manager', roles: ['MANAGER'], orgUnitScope: ['/1/3/'] };
const CITY_REGULATOR: Viewer = { id: 'c2-regulator', displayName: 'C2 regulator', roles: ['REGULATOR'], orgUnitScope: ['/1/3/'] };
const PROVINCE_ANALYST: Viewer = { id: 'p-analyst', displayName: 'P analyst', roles: ['ANALYST'], orgUnitScope: ['/'] };
const OTHER_CITY_MANAGER: Viewer = { id: 'c1-manager', displayName: 'C1 manager', roles: ['MANAGER'], orgUnitScope: ['/1/2/'] };

describe('Overview warmer', () => {
  let db: TestDatabase;
  let cached: TestApi;
  let uncached: TestApi;
  let log: string[];
  let warmer: OverviewWarmer;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadKpiFixture(db);
    // Province: a manager and an analyst; city C2: only a regulator (who opens the Overview too); city C1: only an agent and a disabled manager.
    await db.pool.query(`
      INSERT INTO app_user (user_id, username, display_name, roles, disabled_at) VALUES
        (901, 'p-manager', 'P manager', '{MANAGER}', NULL), (902, 'p-analyst', 'P analyst', '{ANALYST}', NULL),
        (903, 'c2-regulator', 'C2 regulator', '{REGULATOR}', NULL), (904, 'c1-agent', 'C1 agent', '{AGENT}', NULL),
        (905, 'c1-gone', 'C1 former manager', '{MANAGER}', now());
      INSERT INTO app_user_scope (user_id, org_unit_id) VALUES (901, 1), (902, 1), (903, 3), (904, 2), (905, 2);`);
    cached = await startTestApi(db.url, { kpiCacheEntries: 100 });
    uncached = await startTestApi(db.url, { kpiCacheEntries: 0 });
    log = [];
    warmer = new OverviewWarmer({ db: cached.dataSource, pool: db.pool, run: cached.runOperation, maxScopes: 20, log: (line) => log.push(line) });
  });
  afterAll(async () => {
    await cached?.close();
    await uncached?.close();
    await db?.drop();
  });

  /** The statements of the facts and rollups a request sends (reads of the data version aside). */
  const kpiStatements = (texts: string[]) => texts.filter((t) => /fact_|rollup_/.test(t));

  it('warms the scopes of enabled dashboard users, the most shared first', async () => {
    // The province is the tree's only root: its users' scope is the whole tree ('/'), as sign-in gives it.
    expect(await dashboardScopes(db.pool, 20)).toEqual([['/'], ['/1/3/']]);
    expect(await dashboardScopes(db.pool, 1)).toEqual([['/']]);
    expect(await warmer.turn(TODAY)).toBe(2);
    expect(log).toEqual([expect.stringMatching(/^Overview warmed for 2 org-unit scope\(s\) in \d+\.\d s$/)]);
  });

  it('answers the warmed scope\'s default Overview from the caches, with the numbers an uncached server gives', async () => {
    const variables = defaultOverviewVariables(TODAY);
    for (const document of [OverviewFromRollupsDocument, OverviewFromFactsDocument]) {
      const { result, texts } = await cached.countStatements(() => cached.query(document.toString(), variables, { viewer: CITY_MANAGER }));
      expect(result.errors).toBeUndefined();
      expect(kpiStatements(texts)).toEqual([]);
      const fresh = await uncached.query(document.toString(), variables, { viewer: CITY_MANAGER });
      expect(result.data).toEqual(fresh.data);
    }
  });

  it('serves a regulator of a warmed scope, and a province-wide analyst, from the caches too', async () => {
    const variables = defaultOverviewVariables(TODAY);
    for (const [viewer, document] of [CITY_REGULATOR, PROVINCE_ANALYST].flatMap((v) => [OverviewFromRollupsDocument, OverviewFromFactsDocument].map((d) => [v, d] as const))) {
      const { result, texts } = await cached.countStatements(() => cached.query(document.toString(), variables, { viewer }));
      expect(result.errors).toBeUndefined();
      expect(kpiStatements(texts)).toEqual([]);
      expect(result.data).toEqual((await uncached.query(document.toString(), variables, { viewer })).data);
    }
  });

  it('never serves a scope it did not warm: another city computes its own numbers', async () => {
    const variables = defaultOverviewVariables(TODAY);
    const { result, texts } = await cached.countStatements(() => cached.query(OverviewFromFactsDocument.toString(), variables, { viewer: OTHER_CITY_MANAGER }));
    expect(kpiStatements(texts).length).toBeGreaterThan(0);
    expect(result.data).toEqual((await uncached.query(OverviewFromFactsDocument.toString(), variables, { viewer: OTHER_CITY_MANAGER })).data);
    expect(result.data).not.toEqual((await uncached.query(OverviewFromFactsDocument.toString(), variables, { viewer: CITY_MANAGER })).data);
  });

  it('does nothing until the data or the day moves, then warms again', async () => {
    expect(await warmer.turn(TODAY)).toBe(0);
    expect(await warmer.turn('2024-03-16')).toBe(2);
    await db.pool.query(`UPDATE fact_complaint SET description = description || ' (checked)' WHERE complaint_id = 1`);
    expect(await warmer.turn('2024-03-16')).toBe(2);
    expect(await warmer.turn('2024-03-16')).toBe(0);
  });
});
