import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_VIEWER } from '../../server/auth/viewer.ts';
import { comparisonRange } from '../../server/metrics/kpi-comparison.ts';
import { compileKpiQuery } from '../../server/metrics/kpi-query.compiler.ts';
import type { KpiQuery } from '../../server/metrics/kpi-query.ts';

// The shapes of the compiled SQL that keep the management overview fast (its
// numbers are guarded by kpi-correctness and the rollups == facts property
// test; these guard what each statement costs). Each names what it guards.

const YEAR = { from: '2025-11-01', to: '2026-10-31' };
const HEADLINE = ['complaints', 'satisfactionRate', 'repeatComplaintRate', 'slaComplianceRate', 'complaintsPer10kCustomers'];

function overviewQuery(overrides: Partial<KpiQuery>): KpiQuery {
  const grain = overrides.grain ?? null;
  return {
    measures: HEADLINE, groupBy: [], orgUnitLevel: 'CITY', grain, assessed: true,
    viewer: DEVELOPMENT_VIEWER, timeZone: 'Asia/Shanghai', filter: YEAR,
    comparison: comparisonRange(YEAR, 'PREVIOUS_PERIOD', grain),
    ...overrides,
  };
}

const textOf = (query: KpiQuery) => compileKpiQuery(query).statement.text;

describe('compiled KPI statements', () => {
  it('read a previous period that ends where the range starts as one day range (one index range, not a BitmapOr of two)', () => {
    const text = textOf(overviewQuery({ grain: 'MONTH' }));
    expect(text.match(/r\.received_date BETWEEN/g)).toHaveLength(1);
    // A range starting mid-month compares with the whole month before, read apart: that month's row,
    // then the range's whole months and its first days (each rollup row falls in one range whole).
    const midMonth = { from: '2025-11-15', to: '2026-10-31' };
    const split = textOf(overviewQuery({ grain: 'MONTH', filter: midMonth, comparison: comparisonRange(midMonth, 'PREVIOUS_PERIOD', 'MONTH') }));
    expect(split.match(/received_date BETWEEN/g)).toHaveLength(3);
  });

  it('key monthly rollup rows by their own day and truncate other buckets without a time-zone conversion', () => {
    const monthly = textOf(overviewQuery({ grain: 'MONTH' }));
    expect(monthly).toContain('SELECT r.received_date AS period_start');
    expect(monthly).not.toMatch(/date_trunc\('month', r\./);
    const quarterly = textOf(overviewQuery({ grain: 'QUARTER' }));
    expect(quarterly).toContain(`date_trunc('quarter', r.received_date::timestamp)::date`);
  });

  it('break down by city over the city rollups without joining org_key', () => {
    const byCity = textOf(overviewQuery({ groupBy: ['ORG_UNIT'] }));
    expect(byCity).toContain('r.org_unit_id AS org_unit_id');
    expect(byCity).not.toContain('org_key');
    // By province the rollup's city still maps to its province.
    expect(textOf(overviewQuery({ groupBy: ['ORG_UNIT'], orgUnitLevel: 'PROVINCE' }))).toContain('JOIN org_key');
  });

  it('group each backlog rollup relation by its day on its own', () => {
    // By week some snapshots fall inside a month: MONTH and DAY rows of both rollups, four relations.
    const text = textOf(overviewQuery({ measures: ['backlog', 'openingBacklog'], grain: 'WEEK' }));
    const flow = text.slice(text.indexOf('backlog_flow AS ('), text.indexOf('backlog AS ('));
    expect(flow.match(/ UNION ALL /g)).toHaveLength(3);
    expect(flow.match(/GROUP BY 1, 2/g)).toHaveLength(4);
  });

  it('read no DAY rows for a backlog whose snapshots are all month ends (whole months by month)', () => {
    const text = textOf(overviewQuery({ measures: ['backlog', 'openingBacklog'], grain: 'MONTH' }));
    const flow = text.slice(text.indexOf('backlog_flow AS ('), text.indexOf('backlog AS ('));
    expect(flow.match(/ UNION ALL /g)).toHaveLength(1);
    expect(flow).not.toContain(`period = 'DAY'`);
    expect(text).not.toContain('backlog_days');
  });

  it('compute a percentile by period one period at a time over the stored hours, not grouped by its bucket (the Overview median: sparkline and comparison)', () => {
    const resolvedCte = (text: string) => text.slice(text.indexOf('resolved AS ('), text.indexOf('), ', text.indexOf('resolved AS (')));
    const trend = textOf(overviewQuery({ measures: ['medianResolutionHours'], grain: 'MONTH', comparison: undefined }));
    expect(resolvedCte(trend).match(/percentile_cont\(0\.5\) WITHIN GROUP \(ORDER BY c\.resolution_hours\)/g)).toHaveLength(12);
    expect(resolvedCte(trend)).not.toContain('GROUP BY');
    const compared = textOf(overviewQuery({ measures: ['medianResolutionHours'] }));
    expect(resolvedCte(compared).match(/ UNION ALL /g)).toHaveLength(1);
    // A daily series over two years, or a breakdown, groups as before.
    expect(resolvedCte(textOf(overviewQuery({ measures: ['medianResolutionHours'], grain: 'DAY' })))).toContain('GROUP BY 1');
    expect(resolvedCte(textOf(overviewQuery({ measures: ['medianResolutionHours'], groupBy: ['ORG_UNIT'] })))).toContain('GROUP BY 1, 2');
  });

  it('sum rollup rows by category before they meet the category groups (a few dozen rows to join, whatever the plan)', () => {
    const text = textOf(overviewQuery({ groupBy: ['CATEGORY_GROUP'] }));
    expect(text).not.toMatch(/FROM rollup_\w+ r LEFT JOIN dim_category/);
    expect(text.match(/r\.category_id AS category_id/g)).toHaveLength(3); // received, resolved, surveys
    expect(text.match(/GROUP BY 1, 2\) g LEFT JOIN dim_category cat ON cat\.category_id = g\.category_id/g)).toHaveLength(3);
    // On the facts, the categories are joined row by row as before (a percentile cannot be summed twice).
    expect(textOf(overviewQuery({ groupBy: ['CATEGORY_GROUP'], source: 'facts' }))).toMatch(/FROM fact_complaint c LEFT JOIN dim_category cat/);
  });

  it('let Postgres keep a plan only for the overview’s statements over city rollup rows by month or longer', () => {
    const keepsPlan = (overrides: Partial<KpiQuery>) => compileKpiQuery(overviewQuery(overrides)).planFitsAnyValues;
    expect(keepsPlan({ grain: 'MONTH' })).toBe(true);
    expect(keepsPlan({ groupBy: ['CATEGORY_GROUP'] })).toBe(true);
    expect(keepsPlan({ groupBy: ['ORG_UNIT'] })).toBe(true);
    expect(keepsPlan({ groupBy: ['CHANNEL', 'SEGMENT'] })).toBe(true);
    // A range ending mid-month: its whole months' rows and at most a month of days at each end.
    expect(keepsPlan({ grain: 'MONTH', filter: { from: '2025-11-05', to: '2026-10-20' }, comparison: undefined })).toBe(true);
    // Planned for their values: days or weeks over daily rollup rows (their number follows the range) …
    expect(keepsPlan({ grain: 'DAY' })).toBe(false);
    expect(keepsPlan({ grain: 'WEEK' })).toBe(false);
    // … station rows, the org_key join, a dimension filter, the facts.
    expect(keepsPlan({ groupBy: ['ORG_UNIT'], orgUnitLevel: 'COUNTY' })).toBe(false);
    expect(keepsPlan({ groupBy: ['ORG_UNIT'], orgUnitLevel: 'PROVINCE' })).toBe(false);
    expect(keepsPlan({ filter: { ...YEAR, categoryIds: [1] } })).toBe(false);
    expect(keepsPlan({ measures: ['complaints', 'medianResolutionHours'] })).toBe(false);
    expect(keepsPlan({ measures: ['backlog', 'openingBacklog'], grain: 'MONTH' })).toBe(true);
    expect(keepsPlan({ measures: ['backlog'], groupBy: ['CATEGORY_GROUP'] })).toBe(false); // its flows join the categories row by row
    expect(keepsPlan({ measures: ['overdueBacklog'], grain: 'MONTH' })).toBe(false); // facts
    expect(keepsPlan({ source: 'facts' })).toBe(false);
  });

  it('read a range ending mid-month as MONTH rows for its whole months and DAY rows for the rest', () => {
    const toDate = { from: '2025-11-01', to: '2026-10-20' };
    const text = textOf(overviewQuery({ grain: 'MONTH', filter: toDate, comparison: comparisonRange(toDate, 'PREVIOUS_PERIOD', 'MONTH') }));
    expect(text).toContain(`(r.period = 'MONTH' AND r.received_date BETWEEN`);
    expect(text).toContain(`(r.period = 'DAY' AND r.received_date BETWEEN`);
    // Weeks and days cannot be told from a MONTH row: DAY rows only.
    expect(textOf(overviewQuery({ grain: 'WEEK', filter: toDate, comparison: undefined }))).not.toContain(`r.period = 'MONTH'`);
  });
});
