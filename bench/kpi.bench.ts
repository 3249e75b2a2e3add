// npm run bench:kpi — the KPI engine on about 1M complaints (BENCH_DATABASE_URL
// reuses a seeded database; KPI_BENCH_SCALE=10 builds ~10M, which takes long):
//   - the management overview: headline KPIs for the last 12 months by month,
//     by category group and by city, each with its previous-period comparison;
//   - the overview's backlog: backlog and opening backlog for 12 months by
//     month against the previous month (cumulative sums over the rollups);
//   - an ad-hoc question no rollup covers: p90 resolution by segment × flag
//     over 24 months;
//   - a drill-through page.
// Each through GraphQL (HTTP) next to hand-written SQL over the best table,
// p50/p95 and the ratio. Targets: overview p50 < 150 ms at 10M and ≤ 1.3× SQL;
// the uncovered query ≤ 1.5× SQL on the facts.
// The server is the deployed one in its own process, KPI cache off.
// Last measured (end of session 7, another machine, faster than session 6's,
// ~1M, 20 rounds, two runs; README › KPIs): overview 1.78× (14–15 vs 8 ms),
// backlog 2.57–2.64×, p90 0.60–0.62×, drill-through 0.81×; ~10M, 8 rounds:
// overview 17 vs 11 ms (1.51×), backlog 2.60×, p90 6.7 vs 11.1 s (0.60×),
// drill-through 0.60 vs 1.16 s (0.52×).
// Session 6's slower machine, ~1M: overview 1.81–1.98×, backlog 2.70–3.07×,
// p90 0.63–0.68×, drill-through 1.66–2.01× (0.52× with the database's
// max_parallel_workers_per_gather = 0); ~10M: overview 30 vs 17 ms (1.72×).
import os from 'node:os';
import { createPool } from '../server/db/database.ts';
import { benchDatabase, ONE_MILLION, percentile } from './bench-database.ts';
import { startServerProcess } from './server-process.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const scale = Number(process.env.KPI_BENCH_SCALE ?? 1);
const options = { ...ONE_MILLION, customers: ONE_MILLION.customers * scale };
const log = (line: string) => console.log(line);
const database = await benchDatabase(scale === 1 ? 'clearline_bench' : `clearline_bench_x${scale}`, options, log);
const pool = createPool(database.url, { max: 6 });
// The server as deployed, in its own process (bench/server-process.ts), with
// its KPI cache off and no Overview warmer: every request is computed.
const server = await startServerProcess(database.url, { CLEARLINE_KPI_CACHE_ENTRIES: '0', CLEARLINE_WARM_OVERVIEW_SCOPES: '0' });

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

async function viaGraphQL(query: string): Promise<void> {
  const body = await server.query(query);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

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
const overviewSql = async () => {
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
  await Promise.all(statements.map(([text, values]) => pool.query(text, values)));
};
// The backlog at each month's end by hand: a running sum of complaints
// received − resolved over the monthly rollup rows, from the beginning of the
// data (the opening backlog is the previous month's).
const backlogSql = () => pool.query(`
  SELECT month, sum(sum(n)) OVER (ORDER BY month) AS backlog FROM (
    SELECT received_date AS month, complaints AS n FROM rollup_complaint_received_daily WHERE shape = 'CITY_CHANNEL_SEGMENT' AND period = 'MONTH' AND NOT exempt AND received_date <= $1
    UNION ALL SELECT resolved_date, -resolved_complaints FROM rollup_complaint_resolved_daily WHERE shape = 'CITY_CHANNEL_SEGMENT' AND period = 'MONTH' AND NOT exempt AND resolved_date <= $1) f
   GROUP BY month ORDER BY month`, ['2026-10-31']);
const uncoveredSql = () => pool.query(`
  SELECT cu.segment, coalesce(f.flag, 'NONE'), percentile_cont(0.9) WITHIN GROUP (ORDER BY c.resolution_hours)
    FROM fact_complaint c JOIN dim_customer cu USING (customer_id)
    LEFT JOIN dim_customer_flag f ON f.customer_id = c.customer_id AND f.valid_from <= c.received_date AND (f.valid_to IS NULL OR f.valid_to >= c.received_date)
   WHERE c.resolved_date BETWEEN '2024-11-01' AND '2026-10-31' AND c.exemption_filing_id IS NULL GROUP BY 1, 2`);
const drillSql = () => pool.query(`SELECT complaint_id, received_at, status FROM fact_complaint WHERE received_date BETWEEN '2025-11-01' AND '2026-10-31' AND is_repeat AND exemption_filing_id IS NULL ORDER BY complaint_id LIMIT 101`);

async function measure(name: string, graphql: () => Promise<unknown>, handSql: () => Promise<unknown>, target: number) {
  for (let i = 0; i < 3; i++) { await graphql(); await handSql(); }
  const g: number[] = [];
  const h: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now(); await graphql(); g.push(performance.now() - t);
    t = performance.now(); await handSql(); h.push(performance.now() - t);
  }
  const ratio = percentile(g, 50) / percentile(h, 50);
  console.log(`${name.padEnd(34)} GraphQL p50 ${percentile(g, 50).toFixed(0).padStart(6)} ms p95 ${percentile(g, 95).toFixed(0).padStart(6)} ms | SQL p50 ${percentile(h, 50).toFixed(0).padStart(6)} ms p95 ${percentile(h, 95).toFixed(0).padStart(6)} ms | ratio ${ratio.toFixed(2)}× (target ≤ ${target}×)`);
}

// The load average says how busy the machine was: on a shared machine, compare ratios more than times.
console.log(`KPI benchmark on ${options.customers.toLocaleString('en-US')} customers (~${(scale).toString()}M complaints), ${ROUNDS} rounds; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`);
await measure('overview (3 breakdowns, compared)', () => viaGraphQL(OVERVIEW), overviewSql, 1.3);
await measure('backlog by month, compared', () => viaGraphQL(BACKLOG), backlogSql, 1.3);
await measure('p90 by segment × flag (facts)', () => viaGraphQL(UNCOVERED), uncoveredSql, 1.5);
await measure('drill-through page (100 ids)', () => viaGraphQL(DRILL), drillSql, 1.5);

await server.stop();
await pool.end();
await database.dispose();
