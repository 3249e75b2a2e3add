import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_VIEWER } from '../../server/auth/viewer.ts';
import type { KpiQuery } from '../../server/metrics/index.ts';
import { COMPARISONS, comparisonRange } from '../../server/metrics/kpi-comparison.ts';
import { compileKpiQuery } from '../../server/metrics/kpi-query.compiler.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Percentiles of resolution time are computed faster than they were (a
// stored hours column, migration 0022; one aggregate per period instead of
// GROUP BY the bucket, percentile-periods.ts) and must give exactly the
// answers they gave before: bit for bit, not close to.

/** How the percentiles were written before: the hours computed per row. */
const ELAPSED_HOURS_BEFORE = 'extract(epoch FROM c.resolved_at - c.received_at) / 3600';

const MEASURES = ['medianResolutionHours', 'p90ResolutionHours', 'resolvedComplaints', 'meanResolutionHours', 'complaints', 'backlog'];

describe('Percentiles of resolution time', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 23, customers: 4_000, months: 8, until: '2026-07-01', complaintsPer10k: 80, timeZone: 'Asia/Shanghai' });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('sort a stored hours column equal to the hours computed from the two instants, kept so by inserts and updates', async () => {
    const differing = `SELECT count(*)::int AS n, count(*) FILTER (WHERE resolved_at IS NOT NULL)::int AS resolved
                         FROM fact_complaint WHERE resolution_hours IS DISTINCT FROM (${ELAPSED_HOURS_BEFORE.replaceAll('c.', '')})::float8`;
    expect((await db.pool.query(differing)).rows[0]).toEqual({ n: 0, resolved: 0 });
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      // A work order resolved later, one reopened (no longer resolved), and a new complaint resolved in 90 seconds and a microsecond.
      await client.query(`UPDATE fact_complaint SET resolved_at = resolved_at + interval '1 day 3 minutes 7.25 seconds', resolved_date = resolved_date + 1
                           WHERE complaint_id = (SELECT min(complaint_id) FROM fact_complaint WHERE resolved_at IS NOT NULL AND closed_at IS NULL AND resolved_date < '2026-06-01')`);
      await client.query(`UPDATE fact_complaint SET resolved_at = NULL, resolved_date = NULL, closed_at = NULL, status = 'REOPENED', reopened_count = reopened_count + 1,
                                 calendar_minutes_to_resolve = NULL, business_minutes_to_resolve = NULL, sla_met = NULL
                           WHERE complaint_id = (SELECT max(complaint_id) FROM fact_complaint WHERE resolved_at IS NOT NULL)`);
      await client.query(`INSERT INTO fact_complaint (source_system, source_id, customer_id, customer_segment, category_id, channel_id, org_unit_id, received_date, resolved_date,
                                 received_at, resolved_at, status, calendar_minutes_to_resolve, business_minutes_to_resolve, sla_due_at, sla_met)
                          SELECT 'TEST', 'resolution-hours', customer_id, customer_segment, category_id, channel_id, org_unit_id, received_date, received_date,
                                 received_at, received_at + interval '90.000001 seconds', 'RESOLVED', 1, 1, sla_due_at, true
                            FROM fact_complaint WHERE received_at < date_trunc('day', received_at) + interval '20 hours' LIMIT 1`);
      expect((await client.query(differing)).rows[0]).toEqual({ n: 0, resolved: 0 });
      const { rows } = await client.query(`SELECT resolution_hours FROM fact_complaint WHERE source_id = 'resolution-hours'`);
      expect(rows[0].resolution_hours).toBe(90.000001 / 3600);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('by period, give exactly the answers of GROUP BY the period over the hours computed per row', async () => {
    const { rows: [city] } = await db.pool.query(`SELECT path FROM dim_org_unit WHERE org_unit_id = 2`);
    const cityViewer = { ...DEVELOPMENT_VIEWER, id: 'city-manager', roles: ['MANAGER' as const], orgUnitScope: [city.path as string] };
    const day = fc.integer({ min: 0, max: 240 }).map((n) => new Date(Date.UTC(2025, 10, 1) + n * 86_400_000).toISOString().slice(0, 10));
    let byPeriod = 0;
    const query = fc.record({
      measures: fc.subarray(MEASURES, { minLength: 1 }),
      percentile: fc.constantFrom('medianResolutionHours', 'p90ResolutionHours'),
      grain: fc.constantFrom(null, 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'),
      compareTo: fc.option(fc.constantFrom(...COMPARISONS), { nil: undefined }),
      groupBy: fc.constantFrom<KpiQuery['groupBy']>([], [], [], ['SEGMENT'], ['ORG_UNIT']),
      assessed: fc.boolean(),
      days: fc.tuple(day, day),
      segments: fc.option(fc.subarray(['RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'LARGE_ACCOUNT'], { minLength: 1 }), { nil: undefined }),
      channelCodes: fc.option(fc.subarray(['HOTLINE_95598', 'MOBILE_APP', 'REGULATOR_12398'], { minLength: 1 }), { nil: undefined }),
      orgUnitIds: fc.option(fc.subarray([2, 3, 10, 50], { minLength: 1 }), { nil: undefined }),
      categoryIds: fc.option(fc.subarray([1, 2, 5, 14], { minLength: 1 }), { nil: undefined }),
      flags: fc.option(fc.subarray(['MALICIOUS_COMPLAINANT', 'ARREARS', 'NONE'] as const, { minLength: 1 }), { nil: undefined }),
      cityViewer: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const [from, to] = q.days[0] <= q.days[1] ? q.days : [q.days[1], q.days[0]];
        const comparison = q.compareTo ? comparisonRange({ from, to }, q.compareTo, q.grain) : undefined;
        fc.pre(!comparison || comparison.to < from); // the API refuses the others
        const kpiQuery: KpiQuery = {
          // (With a flag filter the backlog reads the facts, day by day: slow, and not what this tests.)
          measures: [...new Set([q.percentile, ...q.measures])].filter((code) => !(q.flags && code === 'backlog')), groupBy: [...q.groupBy], orgUnitLevel: 'CITY', grain: q.grain, assessed: q.assessed,
          viewer: q.cityViewer ? cityViewer : DEVELOPMENT_VIEWER, timeZone: 'Asia/Shanghai',
          filter: { from, to, segments: q.segments, channelCodes: q.channelCodes, orgUnitIds: q.orgUnitIds, categoryIds: q.categoryIds, flags: q.flags && [...q.flags] },
          comparison,
        };
        const now = compileKpiQuery(kpiQuery).statement;
        const before = compileKpiQuery(kpiQuery, { percentilesByPeriod: false }).statement;
        if (now.text.includes('HAVING count(*) > 0')) byPeriod++;
        const client = await db.pool.connect();
        try {
          // One transaction: both read the same now() (the as-of column).
          await client.query('BEGIN READ ONLY');
          const expected = await client.query(before.text.replaceAll('c.resolution_hours', ELAPSED_HOURS_BEFORE), before.values);
          const actual = await client.query(now.text, now.values);
          expect(actual.rows).toEqual(expected.rows);
        } finally {
          await client.query('ROLLBACK');
          client.release();
        }
      }),
      { numRuns: 150 },
    );
    expect(byPeriod).toBeGreaterThan(40);
  });
});
