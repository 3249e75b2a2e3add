// The questions bench:kpi asks (bench/kpi.bench.ts), each as a GraphQL
// operation and as hand-written SQL over the best table. Shared with
// bench/bare-http-server.ts, which serves the hand-written SQL over HTTP so
// the bench can compare like with like.
import type pg from 'pg';

const RANGE = '{ from: "2025-11-01", to: "2026-10-31" }';
const HEADLINE = 'complaints satisfactionRate repeatComplaintRate slaComplianceRate complaintsPer10kCustomers';
const OVERVIEW = `{
  trend: kpis(filter: { dateRange: ${RANGE} }, grain: MONTH, compareTo: PREVIOUS_PERIOD) { key { period { label } } ${HEADLINE} comparison { ${HEADLINE} } }
  byCategory: kpis(filter: { dateRange: ${RANGE} }, groupBy: [CATEGORY_GROUP], compareTo: PREVIOUS_PERIOD) { key { category { nameZh } } ${HEADLINE} comparison { ${HEADLINE} } }
  byCity: kpis(filter: { dateRange: ${RANGE} }, groupBy: [ORG_UNIT], compareTo: PREVIOUS_PERIOD) { key { orgUnit { nameZh } } ${HEADLINE} comparison { ${HEADLINE} } }
}`;
const BACKLOG = `{ kpis(filter: { dateRange: ${RANGE} }, grain: MONTH, compareTo: PREVIOUS_PERIOD) { key { period { label } } backlog openingBacklog comparison { backlog openingBacklog } } }`;
const UNCOVERED = `{ kpis(filter: { dateRange: { from: "2024-11-01", to: "2026-10-31" } }, groupBy: [SEGMENT, SPECIAL_FLAG]) { key { segment flag } p90ResolutionHours } }`;
const DRILL = `{ kpiContributors(filter: { dateRange: ${RANGE} }, kpi: "repeatComplaints", first: 100) { totalCount complaints { id receivedAt status } } }`;

// Hand-written SQL over the best tables, answering the same question as the
// overview: the monthly rollup rows for each fact and the city customer base,
// for both the shown and the compared periods (13 months for the trend, the
// 12 months before for the breakdowns), one plain GROUP BY per fact and
// breakdown, run in parallel.
const TREND = ['2025-10-01', '2026-10-31'];
const BOTH = ['2024-11-01', '2026-10-31'];
const PERIOD = (day: string) => `(${day} >= '2025-11-01')`;
const FACTS = [
  { table: 'rollup_complaint_received_daily', day: 'received_date', sums: 'sum(complaints) FILTER (WHERE NOT exempt), sum(repeat_complaints) FILTER (WHERE NOT exempt)' },
  { table: 'rollup_complaint_resolved_daily', day: 'resolved_date', sums: 'sum(sla_compliance_rate_numerator) FILTER (WHERE NOT exempt), sum(resolved_complaints) FILTER (WHERE NOT exempt)' },
  { table: 'rollup_survey_daily', day: 'survey_date', sums: 'sum(satisfaction_rate_numerator) FILTER (WHERE NOT exempt), sum(survey_responses) FILTER (WHERE NOT exempt)' },
];
async function overviewSql(pool: pg.Pool): Promise<unknown[][]> {
  const monthly = (shape: string) => `shape = '${shape}' AND period = 'MONTH'`;
  const statements: [string, string[]][] = [];
  for (const { table, day, sums } of FACTS) {
    statements.push([`SELECT ${day}, ${sums} FROM ${table} WHERE ${monthly('CITY_CHANNEL_SEGMENT')} AND ${day} BETWEEN $1 AND $2 GROUP BY 1`, TREND]);
    statements.push([`SELECT ${PERIOD(day)}, coalesce(c.parent_id, c.category_id), ${sums} FROM ${table} r JOIN dim_category c USING (category_id) WHERE ${monthly('CITY_CATEGORY')} AND ${day} BETWEEN $1 AND $2 GROUP BY 1, 2`, BOTH]);
    statements.push([`SELECT ${PERIOD(day)}, org_unit_id, ${sums} FROM ${table} WHERE ${monthly('CITY_CHANNEL_SEGMENT')} AND ${day} BETWEEN $1 AND $2 GROUP BY 1, 2`, BOTH]);
  }
  statements.push([`SELECT month, sum(active_customers) FROM rollup_customer_month WHERE month BETWEEN $1 AND $2 GROUP BY 1`, TREND]);
  statements.push([`SELECT p, avg(n) FROM (SELECT ${PERIOD('month')} AS p, month, sum(active_customers) AS n FROM rollup_customer_month WHERE month BETWEEN $1 AND $2 GROUP BY 1, 2) m GROUP BY 1`, BOTH]);
  statements.push([`SELECT p, org_unit_id, avg(n) FROM (SELECT ${PERIOD('month')} AS p, org_unit_id, month, sum(active_customers) AS n FROM rollup_customer_month WHERE month BETWEEN $1 AND $2 GROUP BY 1, 2, 3) m GROUP BY 1, 2`, BOTH]);
  return Promise.all(statements.map(async ([text, values]) => (await pool.query(text, values)).rows));
}
// The backlog at each month's end by hand: a running sum of complaints
// received − resolved over the monthly rollup rows, from the beginning of the
// data (the opening backlog is the previous month's).
const backlogSql = async (pool: pg.Pool) => (await pool.query(`
  SELECT month, sum(sum(n)) OVER (ORDER BY month) AS backlog FROM (
    SELECT received_date AS month, complaints AS n FROM rollup_complaint_received_daily WHERE shape = 'CITY_CHANNEL_SEGMENT' AND period = 'MONTH' AND NOT exempt AND received_date <= $1
    UNION ALL SELECT resolved_date, -resolved_complaints FROM rollup_complaint_resolved_daily WHERE shape = 'CITY_CHANNEL_SEGMENT' AND period = 'MONTH' AND NOT exempt AND resolved_date <= $1) f
   GROUP BY month ORDER BY month`, ['2026-10-31'])).rows;
const uncoveredSql = async (pool: pg.Pool) => (await pool.query(`
  SELECT c.customer_segment, coalesce(f.flag, 'NONE'), percentile_cont(0.9) WITHIN GROUP (ORDER BY c.resolution_hours)
    FROM fact_complaint c
    LEFT JOIN dim_customer_flag f ON f.customer_id = c.customer_id AND f.valid_from <= c.received_date AND (f.valid_to IS NULL OR f.valid_to >= c.received_date)
   WHERE c.resolved_date BETWEEN '2024-11-01' AND '2026-10-31' AND c.exemption_filing_id IS NULL GROUP BY 1, 2`)).rows;
// The page and its count (as kpiContributors answers), selecting the ids once:
// a count and an id-order walk apart would read the facts twice.
const drillSql = async (pool: pg.Pool) => (await pool.query(`
  WITH hits AS MATERIALIZED (SELECT complaint_id FROM fact_complaint WHERE received_date BETWEEN '2025-11-01' AND '2026-10-31' AND is_repeat AND exemption_filing_id IS NULL)
  SELECT (SELECT count(*) FROM hits) AS total, c.complaint_id, c.received_at, c.status
    FROM fact_complaint c JOIN (SELECT complaint_id FROM hits ORDER BY 1 LIMIT 101) page USING (complaint_id) ORDER BY 1`)).rows;

export type KpiQuestion = {
  name: string;
  /** The GraphQL operation, as the dashboard or an analyst would send it. */
  graphql: string;
  /** The same numbers by hand-written SQL on `pool`: the rows, as they come. */
  handSql(pool: pg.Pool): Promise<unknown>;
  /** The ratio GraphQL ÷ hand-written SQL to meet: issue 4's own, or a goal of ours where the issue sets none. */
  target: { ratio: number; source: 'issue' | 'ours' };
  /** Issue 4's latency target: GraphQL over HTTP's p50 under `ms` on the ~`atScale`M database. */
  p50Under?: { ms: number; atScale: number };
};

export const KPI_QUESTIONS: readonly KpiQuestion[] = [
  { name: 'overview (3 breakdowns, compared)', graphql: OVERVIEW, handSql: overviewSql, target: { ratio: 1.3, source: 'issue' }, p50Under: { ms: 150, atScale: 10 } },
  { name: 'backlog by month, compared', graphql: BACKLOG, handSql: backlogSql, target: { ratio: 1.3, source: 'ours' } },
  { name: 'p90 by segment × flag (facts)', graphql: UNCOVERED, handSql: uncoveredSql, target: { ratio: 1.5, source: 'issue' } },
  { name: 'drill-through page (100 ids)', graphql: DRILL, handSql: drillSql, target: { ratio: 1.5, source: 'ours' } },
];
