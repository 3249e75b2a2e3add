import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/graphql/relay/global-id.ts';
import { kpiFixtureSuite } from '../support/kpi-fixture.ts';
import { TEST_ADMIN } from '../support/test-api.ts';

// Administrators set the targets management reads KPIs against. On the
// hand-computed fixture: satisfaction Jan–Feb 2024 is 2/3 for City 1 and 1 for
// City 2 (see kpi-correctness.test.ts).

const SET = `mutation($input: SetKpiTargetInput!) { setKpiTarget(input: $input) { kpi orgUnitId periodGrain validFrom validTo target direction amberBand created } }`;
const PROVINCE = toGlobalId('OrgUnit', 1);
const BY_CITY = `{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, groupBy: [ORG_UNIT]) { key { orgUnit { nameEn } } satisfactionRate targets { kpi target status } } }`;

describe('setting KPI targets', () => {
  const suite = kpiFixtureSuite();

  it('creates a target that colours the KPIs at once, then replaces it, each change audited', async () => {
    const input = { kpi: 'satisfactionRate', orgUnitId: PROVINCE, validFrom: '2024-01-01', target: 0.9, amberBand: 0.3 };
    const created = await suite.api.query(SET, { input });
    expect(created.errors).toBeUndefined();
    expect(created.data!.setKpiTarget).toEqual({ kpi: 'satisfactionRate', orgUnitId: PROVINCE, periodGrain: null, validFrom: '2024-01-01', validTo: null, target: 0.9, direction: 'HIGHER_IS_BETTER', amberBand: 0.3, created: true });
    // City 1 at 2/3 is 0.233 short of 0.9: within the 0.3 band, amber; City 2 at 1: green.
    expect((await suite.api.query(BY_CITY)).data!.kpis).toEqual([
      { key: { orgUnit: { nameEn: 'City 1' } }, satisfactionRate: 2 / 3, targets: [{ kpi: 'satisfactionRate', target: 0.9, status: 'AMBER' }] },
      { key: { orgUnit: { nameEn: 'City 2' } }, satisfactionRate: 1, targets: [{ kpi: 'satisfactionRate', target: 0.9, status: 'GREEN' }] },
    ]);
    const replaced = await suite.api.query(SET, { input: { ...input, amberBand: 0.1 } });
    expect(replaced.data!.setKpiTarget).toMatchObject({ amberBand: 0.1, created: false });
    expect((await suite.api.query(BY_CITY)).data!.kpis[0].targets).toEqual([{ kpi: 'satisfactionRate', target: 0.9, status: 'RED' }]);
    const { rows } = await suite.db.pool.query(`SELECT action, actor_id, details->'before'->>'amber_band' AS before, details->'after'->>'amberBand' AS after FROM audit_log WHERE target_type = 'KpiTarget' ORDER BY audit_id`);
    expect(rows).toEqual([
      { action: 'target.create', actor_id: TEST_ADMIN.id, before: null, after: '0.3' },
      { action: 'target.update', actor_id: TEST_ADMIN.id, before: '0.3', after: '0.1' },
    ]);
  });

  it('refuses a target that does not fit its KPI, naming the field', async () => {
    const base = { orgUnitId: PROVINCE, validFrom: '2024-01-01', amberBand: 0 };
    const refusal = async (input: Record<string, unknown>) => (await suite.api.query(SET, { input: { ...base, ...input } })).errors?.[0];
    expect(await refusal({ kpi: 'happiness', target: 1 })).toMatchObject({ message: 'kpi: "happiness" is not a KPI of the catalogue', extensions: { code: 'BAD_USER_INPUT', field: 'kpi' } });
    expect(await refusal({ kpi: 'complaints', target: 10 })).toMatchObject({ message: 'periodGrain: complaints is a total whose size depends on the period: name the grain the target is for (e.g. MONTH)', extensions: { code: 'BAD_USER_INPUT' } });
    expect(await refusal({ kpi: 'satisfactionRate', target: 0.9, periodGrain: 'MONTH' })).toMatchObject({ message: 'periodGrain: satisfactionRate holds for any period length: leave the grain out' });
    expect(await refusal({ kpi: 'satisfactionRate', target: 95 })).toMatchObject({ message: 'target: satisfactionRate is a ratio: give a value from 0 to 1 (e.g. 0.95 for 95%)' });
    expect(await refusal({ kpi: 'satisfactionRate', target: 0.9, validTo: '2023-12-31' })).toMatchObject({ message: 'validTo: 2023-12-31 is before validFrom 2024-01-01' });
    expect(await refusal({ kpi: 'satisfactionRate', target: 0.9, amberBand: -1 })).toMatchObject({ message: 'amberBand: must be 0 or more' });
    expect((await suite.db.pool.query(`SELECT count(*)::int AS n FROM kpi_target WHERE kpi_code <> 'satisfactionRate'`)).rows[0].n).toBe(0);
  });

  it('is for administrators only, and within their org units', async () => {
    const input = { kpi: 'repeatComplaintRate', orgUnitId: PROVINCE, validFrom: '2024-01-01', target: 0.05, amberBand: 0.01 };
    const analyst = await suite.api.query(SET, { input }, { viewer: { ...TEST_ADMIN, id: 'analyst', roles: ['ANALYST'] } });
    expect(analyst.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(analyst.errors![0]!.message).toMatch(/^Not allowed: setKpiTarget needs target\.write/);
    const cityAdmin = await suite.api.query(SET, { input }, { viewer: { ...TEST_ADMIN, id: 'city-admin', orgUnitScope: ['/1/3/'] } });
    expect(cityAdmin.errors![0]).toMatchObject({ message: 'Not allowed: the org unit is outside your org units', extensions: { code: 'FORBIDDEN' } });
    const own = await suite.api.query(SET, { input: { ...input, orgUnitId: toGlobalId('OrgUnit', 3) } }, { viewer: { ...TEST_ADMIN, id: 'city-admin', orgUnitScope: ['/1/3/'] } });
    expect(own.data!.setKpiTarget).toMatchObject({ kpi: 'repeatComplaintRate', direction: 'LOWER_IS_BETTER', created: true });
  });
});
