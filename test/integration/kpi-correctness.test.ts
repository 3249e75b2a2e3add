import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_VIEWER } from '../../server/auth/viewer.ts';
import { refreshRepeatFlags } from '../../server/ingest/repeat-detection.ts';
import { toGlobalId } from '../../server/graphql/relay/global-id.ts';
import { KPI_CATALOGUE, runKpiQuery, type KpiQuery } from '../../server/metrics/index.ts';
import { rollupsCover } from '../../server/metrics/kpi-query.compiler.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// KPIs against answers worked out by hand on a small fixture (Jan–Feb 2024,
// across the Spring Festival). Every expected value is derived in a comment.
//
// Org tree: province 1 › cities 2 (C1), 3 (C2) › counties 4, 5 › stations 6 (S1), 7 (S2).
// Categories: group 1 (G) › 2 (L1, 5 business days), 3 (L2, 24 calendar hours); group 4 (H) › 5 (L3, 3 business days).
// Customers: 1 A (S1, residential), 2 B (S1, commercial), 3 C (S2, residential).
// Customer base (active customers): S1 residential 100 and 100, S1 commercial 20 and 30, S2 residential 50 and 50 (Jan, Feb).
//
// Complaints (Asia/Shanghai):
//   #1 A L1 hotline  recv Mon 01-08 09:00  resolved 01-09 09:00   24 h, 24 business h, SLA met, upheld, redress 100.00
//   #2 A L2 hotline  recv Sat 01-20 10:00  resolved 01-21 16:00   30 h, 0 business h, SLA (24 h) missed — a repeat of #1 (group G, 12 days)
//   #3 B L3 app      recv Mon 01-15 08:00  resolved 01-15 09:00   1 h, first contact, SLA met
//   #4 C L1 app      recv Thu 01-25 10:00  resolved 03-20 10:00   55 days (resolved outside the range) — a repeat of #8 (group G, 26 days)
//   #5 C L1 hotline  recv Thu 02-08 15:00  resolved 02-21 15:00   312 h; business: 9+24 (Feb 8–9) + 24 (Sun 18, make-up) + 24+24 + 15 = 120 h = 5 × 24: SLA met;
//                    a repeat of #4 (14 days); EXEMPT (named by an approved filing)
//   #6 A L3 hotline  recv Mon 02-05 09:00  open
//   #7 B L1 app      recv Mon 02-26 11:00  resolved 02-29 11:00   72 h, 72 business h, SLA met, escalated, reopened once, upheld, redress 50.50
//   #8 C L2 hotline  recv Sat 2023-12-30 10:00  resolved 01-02 10:00   72 h; business 10 h (Dec 30–31 weekend, Jan 1 holiday), SLA (24 h) missed
// Surveys: S1 A→#1 01-10 score 5 (5,4,5) · S2 A→#2 01-22 no answer · S3 A→#2 01-23 score 2 (3,–,1) · S4 B→#3 01-16 score 4 (4,5,–)
//          S5 C→#5 02-22 score 1 (1,1,1) (follows an exempt complaint) · S6 C general 02-10 score 5 · S7 B→#7 03-01 score 4 (outside the range)

const JAN_FEB = { from: '2024-01-01', to: '2024-02-29' };
const ALL = KPI_CATALOGUE.map((k) => k.code);

const keyOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1]!;

describe('KPIs on a hand-computed fixture', () => {
  let db: TestDatabase;
  let api: TestApi;
  /** Runs a query on the facts and, when they cover it, on the rollups too: both must agree. */
  const run = async (partial: Partial<KpiQuery>) => {
    const query: KpiQuery = {
      measures: ALL, groupBy: [], orgUnitLevel: 'CITY', grain: null, assessed: true, viewer: DEVELOPMENT_VIEWER, timeZone: 'Asia/Shanghai', filter: JAN_FEB, ...partial,
    };
    const facts = await runKpiQuery(api.dataSource, { ...query, source: 'facts' });
    if (rollupsCover(query)) {
      const rolled = await runKpiQuery(api.dataSource, { ...query, source: 'rollups' });
      expect(rolled.rows).toHaveLength(facts.rows.length);
      rolled.rows.forEach((row, i) => {
        expect({ ...row, values: {} }).toEqual({ ...facts.rows[i]!, values: {} });
        for (const [code, value] of Object.entries(row.values)) expect(value, code).toBeCloseTo(facts.rows[i]!.values[code] as number, 9);
      });
    }
    return facts.rows;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadKpiFixture(db); // test/support/kpi-fixture.ts: the rows the derivations above describe
    api = await startTestApi(db.url);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('derives business time, repeats and exemption as the fixture says', async () => {
    const { rows } = await db.pool.query(`SELECT complaint_id::int AS id, business_minutes_to_resolve AS b, sla_met, is_repeat, prior_complaint_id::int AS prior, exemption_filing_id IS NOT NULL AS exempt FROM fact_complaint ORDER BY 1`);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[5]).toMatchObject({ b: 120 * 60, sla_met: true, is_repeat: true, prior: 4, exempt: true });
    expect(byId[2]).toMatchObject({ b: 0, sla_met: false, is_repeat: true, prior: 1 });
    expect(byId[8]).toMatchObject({ b: 10 * 60, sla_met: false, is_repeat: false });
    expect(byId[4]).toMatchObject({ is_repeat: true, prior: 8, exempt: false });
    expect(byId[7]).toMatchObject({ b: 72 * 60, sla_met: true });
  });

  it('computes every KPI for the whole range (assessed)', async () => {
    const [row] = await run({});
    expect(row!.values).toEqual({
      complaints: 6, // #1 #2 #3 #4 #6 #7 (#5 exempt, #8 received in December)
      complaintsPer10kCustomers: (6 / 175) * 10_000, // base: mean of Jan 170 and Feb 180
      repeatComplaints: 2, // #2 (of #1), #4 (of #8, group G 26 days before); #5 is exempt
      repeatComplaintRate: 2 / 6,
      escalatedComplaints: 1, // #7
      escalationRate: 1 / 6,
      exemptComplaints: 1, // #5
      resolvedComplaints: 5, // #1 #2 #3 #7 #8 (#4 resolved in March, #5 exempt)
      meanResolutionHours: (24 + 30 + 1 + 72 + 72) / 5,
      medianResolutionHours: 30, // 1, 24, 30, 72, 72
      p90ResolutionHours: 72, // position 0.9 × 4 = 3.6 between 72 and 72
      meanResolutionBusinessHours: (24 + 0 + 1 + 72 + 10) / 5,
      slaComplianceRate: 3 / 5, // #1 #3 #7 met; #2 #8 missed
      firstContactResolutionRate: 1 / 5, // #3
      reopenRate: 1 / 5, // #7
      upheldRate: 2 / 5, // #1 #7
      resolvedWithin3BusinessDays: 5, // all within 72 business hours (#7 exactly 72)
      resolvedWithin4Weeks: 5,
      resolvedIn4To8Weeks: 0,
      resolvedAfter8Weeks: 0,
      redressPaid: 150.5, // 100.00 + 50.50
      openingBacklog: 1, // #8: received Dec 30, resolved Jan 2
      backlog: 2, // at Feb 29's end: #4 (resolved Mar 20) and #6 (open); #7 was resolved on Feb 29
      overdueBacklog: 2, // #4 due Feb 1 10:00 (5 business days), #6 due Feb 8 09:00 (3 business days)
      surveys: 5, // S1–S4, S6 (S5 follows exempt #5, S7 is in March)
      surveyResponses: 4, // S1 S3 S4 S6
      surveyResponseRate: 4 / 5,
      satisfactionRate: 3 / 4, // S1 (5), S4 (4), S6 (5)
      meanSatisfactionScore: (5 + 2 + 4 + 5) / 4,
      dissatisfiedFollowUps: 1, // S3
      attitudeSatisfactionRate: 2 / 3, // 5, 3, 4 given
      speedSatisfactionRate: 2 / 2, // 4, 5 given
      outcomeSatisfactionRate: 1 / 2, // 5, 1 given
    });
  });

  it('reconciles raw and assessed figures: raw = assessed + exempt', async () => {
    const [raw] = await run({ assessed: false });
    const [assessed] = await run({});
    expect(raw!.values.complaints).toBe(7);
    expect(raw!.values.complaints).toBe(assessed!.values.complaints! + assessed!.values.exemptComplaints!);
    expect(raw!.values.exemptComplaints).toBe(1);
    expect(raw!.values.repeatComplaints).toBe(3); // #2, #4 and #5
    expect(raw!.values.resolvedComplaints).toBe(6); // + #5
    expect(raw!.values.slaComplianceRate).toBeCloseTo(4 / 6); // + #5, met at exactly 5 × 24 business hours
    expect(raw!.values.surveys).toBe(6); // + S5
    expect(raw!.values.satisfactionRate).toBeCloseTo(3 / 5); // + S5 (score 1)
  });

  it('breaks down by city with each city’s own customer base', async () => {
    const rows = await run({ groupBy: ['ORG_UNIT'], measures: ['complaints', 'complaintsPer10kCustomers', 'satisfactionRate'] });
    expect(rows.map((r) => [r.orgUnitId, r.values])).toEqual([
      [2, { complaints: 5, complaintsPer10kCustomers: (5 / 125) * 10_000, satisfactionRate: 2 / 3 }], // C1: base (120+130)/2; S1, S3, S4 answered
      [3, { complaints: 1, complaintsPer10kCustomers: (1 / 50) * 10_000, satisfactionRate: 1 }], // C2: #4; S6 (S5 exempt)
    ]);
  });

  it('buckets by month, with each month’s customer base', async () => {
    const rows = await run({ grain: 'MONTH', measures: ['complaints', 'complaintsPer10kCustomers', 'resolvedComplaints', 'openingBacklog', 'backlog', 'overdueBacklog'] });
    expect(rows.map((r) => [r.periodStart, r.values])).toEqual([
      // #1–#4; resolved #1 #2 #3 #8; opening #8; at Jan 31's end #4 is open, due Feb 1 10:00: not yet overdue
      ['2024-01-01', { complaints: 4, complaintsPer10kCustomers: (4 / 170) * 10_000, resolvedComplaints: 4, openingBacklog: 1, backlog: 1, overdueBacklog: 0 }],
      // #6 #7; resolved #7; opening #4; at Feb 29's end #4 and #6, both overdue
      ['2024-02-01', { complaints: 2, complaintsPer10kCustomers: (2 / 180) * 10_000, resolvedComplaints: 1, openingBacklog: 1, backlog: 2, overdueBacklog: 2 }],
    ]);
  });

  it('counts the backlog from the rollups: received − resolved up to each snapshot day, as on the facts', async () => {
    const fromRollups = async (partial: Partial<KpiQuery>) => {
      const query: KpiQuery = {
        measures: ['openingBacklog', 'backlog'], groupBy: [], orgUnitLevel: 'CITY', grain: null, assessed: true, viewer: DEVELOPMENT_VIEWER, timeZone: 'Asia/Shanghai', filter: JAN_FEB, ...partial,
      };
      expect(rollupsCover(query)).toBe(true);
      await run(query); // the facts agree (run compares both)
      const result = await runKpiQuery(api.dataSource, { ...query, source: 'rollups' });
      expect(result.sources).toEqual({ openingBacklog: 'rollup_complaint_received_daily + rollup_complaint_resolved_daily', backlog: 'rollup_complaint_received_daily + rollup_complaint_resolved_daily' });
      return result.rows.map((r) => [r.periodStart, r.orgUnitId, r.values]);
    };
    // The values of the facts test above: opening #8, then #4; at Jan 31's end #4, at Feb 29's end #4 and #6.
    expect(await fromRollups({ grain: 'MONTH' })).toEqual([
      ['2024-01-01', null, { openingBacklog: 1, backlog: 1 }],
      ['2024-02-01', null, { openingBacklog: 1, backlog: 2 }],
    ]);
    // Jan 9 – Feb 10, in day rows: opening at Jan 8's end #1 (resolved Jan 9); at Feb 10's end #4 and #6, and #5 (exempt, resolved Feb 21) raw only.
    expect(await fromRollups({ filter: { from: '2024-01-09', to: '2024-02-10' } })).toEqual([[null, null, { openingBacklog: 1, backlog: 2 }]]);
    expect(await fromRollups({ filter: { from: '2024-01-09', to: '2024-02-10' }, assessed: false })).toEqual([[null, null, { openingBacklog: 1, backlog: 3 }]]);
    // By city: City 1 had #1–#3 open during January (a row, all resolved by its end), #6 from February; City 2 #8, #4.
    expect(await fromRollups({ grain: 'MONTH', groupBy: ['ORG_UNIT'] })).toEqual([
      ['2024-01-01', 2, { openingBacklog: 0, backlog: 0 }],
      ['2024-01-01', 3, { openingBacklog: 1, backlog: 1 }],
      ['2024-02-01', 2, { openingBacklog: 0, backlog: 1 }],
      ['2024-02-01', 3, { openingBacklog: 1, backlog: 1 }],
    ]);
    // Week of Mon Jan 29 (Jan 29 – Feb 4): opening at Jan 28's end #4; at Feb 4's end still #4 (#6 came on Feb 5).
    expect(await fromRollups({ grain: 'WEEK', filter: { from: '2024-01-29', to: '2024-02-04' } })).toEqual([['2024-01-29', null, { openingBacklog: 1, backlog: 1 }]]);
  });

  it('sends the backlog to the facts only when overdueBacklog (which needs SLA due times) is asked for', async () => {
    const sourcesOf = async (fields: string) => {
      const result = await api.query(`{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, grain: MONTH, compareTo: PREVIOUS_PERIOD) { ${fields} } }`);
      expect(result.errors).toBeUndefined();
      return (result as unknown as { extensions: { kpis: { sources: Record<string, string> }[] } }).extensions.kpis[0]!.sources;
    };
    const both = 'rollup_complaint_received_daily + rollup_complaint_resolved_daily';
    expect(await sourcesOf('backlog openingBacklog complaints')).toEqual({ backlog: both, openingBacklog: both, complaints: 'rollup_complaint_received_daily' });
    expect(await sourcesOf('backlog overdueBacklog complaints')).toEqual({ backlog: 'facts', overdueBacklog: 'facts', complaints: 'rollup_complaint_received_daily' });
  });

  it('averages the customer base over the months of a clipped period only', async () => {
    // Q1 2024 clipped to February: the base is February's 180, not the mean of January's 170 and February's 180.
    const rows = await run({ grain: 'QUARTER', filter: { from: '2024-02-01', to: '2024-02-29' }, measures: ['complaints', 'complaintsPer10kCustomers'] });
    expect(rows.map((r) => [r.periodStart, r.values])).toEqual([['2024-01-01', { complaints: 2, complaintsPer10kCustomers: (2 / 180) * 10_000 }]]);
    // A first ISO week starting on Mon 2024-01-29 but clipped to Feb 1–4 takes February's base.
    const weeks = await run({ grain: 'WEEK', filter: { from: '2024-02-01', to: '2024-02-04' }, measures: ['complaintsPer10kCustomers'] });
    expect(weeks.map((r) => [r.periodStart, r.values])).toEqual([['2024-01-29', { complaintsPer10kCustomers: 0 }]]);
  });

  it('never fans out: a customer with three complaints and three surveys counts each once', async () => {
    const rows = await run({ groupBy: ['SEGMENT'], measures: ['complaints', 'surveys', 'surveyResponses'] });
    const residential = rows.find((r) => r.segment === 'RESIDENTIAL')!;
    // A: #1 #2 #6 and S1 S2 S3; C: #4 and S6 (#5 and S5 exempt).
    expect(residential.values).toEqual({ complaints: 4, surveys: 4, surveyResponses: 3 });
  });

  it('gives survey KPIs the category of the complaint they follow, and none to general surveys', async () => {
    const rows = await run({ groupBy: ['CATEGORY_GROUP'], measures: ['complaints', 'satisfactionRate'] });
    expect(rows.map((r) => [r.categoryId, r.values])).toEqual([
      [1, { complaints: 4, satisfactionRate: 1 / 2 }], // G: #1 #2 #4 #7; S1 (5), S3 (2)
      [4, { complaints: 2, satisfactionRate: 1 }], // H: #3 #6; S4 (4)
      [null, { complaints: 0, satisfactionRate: 1 }], // S6, a general survey
    ]);
  });

  it('gives null, never 0, for a ratio with nothing to divide by', async () => {
    const [row] = await run({ filter: { from: '2024-06-01', to: '2024-06-30' }, measures: ['complaints', 'repeatComplaintRate', 'satisfactionRate', 'medianResolutionHours'] });
    expect(row!.values).toEqual({ complaints: 0, repeatComplaintRate: null, satisfactionRate: null, medianResolutionHours: null });
  });

  it('answers through GraphQL, computing only the KPIs selected', async () => {
    const { data, errors } = await api.query(`{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, groupBy: [ORG_UNIT], grain: MONTH) {
      key { period { start end label } orgUnit { nameEn } } complaints satisfactionRate } }`);
    expect(errors).toBeUndefined();
    expect(data!.kpis).toContainEqual({ key: { period: { start: '2024-01-01', end: '2024-01-31', label: '2024-01' }, orgUnit: { nameEn: 'City 1' } }, complaints: 3, satisfactionRate: 2 / 3 });
    const { texts, result } = await api.countStatements(() => api.query(`{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }) { complaints } }`));
    const kpiStatements = texts.filter((t) => t.includes('fact_') || t.includes('rollup_'));
    expect(kpiStatements).toHaveLength(1); // one statement
    expect(kpiStatements[0]).not.toMatch(/fact_survey|rollup_survey/); // and no survey CTE when no survey KPI is asked for
    // The extensions say what answered: complaints come from the daily rollup here.
    const extensions = (result as unknown as { extensions: { kpis: { sources: Record<string, string>; asOf: string }[] } }).extensions;
    expect(extensions.kpis[0]!.sources).toEqual({ complaints: 'rollup_complaint_received_daily' });
    expect(Date.parse(extensions.kpis[0]!.asOf)).not.toBeNaN();
    const percentile = await api.query(`{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }) { medianResolutionHours satisfactionRate } }`);
    expect((percentile as unknown as { extensions: { kpis: { sources: Record<string, string> }[] } }).extensions.kpis[0]!.sources)
      .toEqual({ medianResolutionHours: 'facts', satisfactionRate: 'rollup_survey_daily' }); // a percentile sends only resolutions to the facts
    // The customer base comes from its city rollup, unless the question goes below a city.
    const perCity = await api.query(`{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, groupBy: [ORG_UNIT]) { complaintsPer10kCustomers } }`);
    const perCounty = await api.query(`{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, groupBy: [ORG_UNIT], orgUnitLevel: COUNTY) { complaintsPer10kCustomers } }`);
    const sourcesOf = (r: unknown) => (r as { extensions: { kpis: { sources: Record<string, string> }[] } }).extensions.kpis[0]!.sources;
    expect(sourcesOf(perCity)).toEqual({ complaintsPer10kCustomers: 'rollup_complaint_received_daily + rollup_customer_month' });
    expect(sourcesOf(perCounty)).toEqual({ complaintsPer10kCustomers: 'rollup_complaint_received_daily + fact_customer_month' }); // station rows
  });

  it('computes what each request selects when one document is sent again with other variables (@include)', async () => {
    const document = `query ($rate: Boolean!) { kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }) { complaints satisfactionRate @include(if: $rate) } }`;
    const sourcesOf = async (rate: boolean) => {
      const result = await api.query(document, { rate }) as unknown as { data: { kpis: Record<string, number>[] }; extensions: { kpis: { sources: Record<string, string> }[] } };
      return { fields: Object.keys(result.data.kpis[0]!), sources: Object.keys(result.extensions.kpis[0]!.sources) };
    };
    expect(await sourcesOf(true)).toEqual({ fields: ['complaints', 'satisfactionRate'], sources: ['complaints', 'satisfactionRate'] });
    expect(await sourcesOf(false)).toEqual({ fields: ['complaints'], sources: ['complaints'] });
    expect(await sourcesOf(true)).toEqual({ fields: ['complaints', 'satisfactionRate'], sources: ['complaints', 'satisfactionRate'] });
  });

  it('keeps repeat flags right when an older complaint arrives late', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      // A late work order for B in group H, received before #3 (L3, Jan 15): #3 becomes its repeat.
      await client.query(`INSERT INTO fact_complaint (complaint_id, source_system, source_id, customer_id, customer_segment, category_id, channel_id, org_unit_id,
          received_date, received_at, status, sla_due_at) VALUES (9, 'TEST', '9', 2, 'COMMERCIAL', 5, 1, 6, '2024-01-05', '2024-01-05T10:00+08', 'ASSIGNED', '2024-01-10T10:00+08')`);
      const changed = await refreshRepeatFlags(client, { customerIds: [2] });
      expect(changed).toBe(1);
      const { rows } = await client.query(`SELECT is_repeat, prior_complaint_id::int AS prior FROM fact_complaint WHERE complaint_id = 3`);
      expect(rows[0]).toEqual({ is_repeat: true, prior: 9 });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('compares with the previous period and the same period last year, in the same statement', async () => {
    const query = (args: string) => api.countStatements(() => api.query(`{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, ${args}) {
      key { period { label } } complaints complaintsPer10kCustomers comparison { complaints complaintsPer10kCustomers } change { complaints } } }`));
    // By month, each month against the month before: December 2023 holds only #8.
    const monthly = await query('grain: MONTH, compareTo: PREVIOUS_PERIOD');
    expect(monthly.result.errors, JSON.stringify(monthly.result.errors)).toBeUndefined();
    expect(monthly.result.data!.kpis).toEqual([
      { key: { period: { label: '2024-01' } }, complaints: 4, complaintsPer10kCustomers: (4 / 170) * 10_000, comparison: { complaints: 1, complaintsPer10kCustomers: null }, change: { complaints: 3 } },
      { key: { period: { label: '2024-02' } }, complaints: 2, complaintsPer10kCustomers: (2 / 180) * 10_000, comparison: { complaints: 4, complaintsPer10kCustomers: (4 / 170) * 10_000 }, change: { complaints: -2 } },
    ]);
    expect(monthly.texts.filter((t) => /\b(fact|rollup)_\w+/.test(t))).toHaveLength(1); // both periods, every fact: one statement
    // The whole range against the same months of 2023: nothing then (0 complaints, no base).
    const yearly = await query('compareTo: SAME_PERIOD_LAST_YEAR');
    expect(yearly.result.data!.kpis).toEqual([
      { key: { period: null }, complaints: 6, complaintsPer10kCustomers: (6 / 175) * 10_000, comparison: { complaints: 0, complaintsPer10kCustomers: null }, change: { complaints: 6 } },
    ]);
  });

  it('colours each KPI against the target that governs it: the nearest org unit’s, for the right grain', async () => {
    await db.pool.query(`INSERT INTO kpi_target (kpi_code, org_unit_id, period_grain, valid_from, target, direction, amber_band) VALUES
      ('satisfactionRate', 1, NULL, '2020-01-01', 0.9, 'HIGHER_IS_BETTER', 0.1),   -- province
      ('satisfactionRate', 2, NULL, '2020-01-01', 0.95, 'HIGHER_IS_BETTER', 0.05), -- City 1 sets its own
      ('complaints', 1, 'MONTH', '2020-01-01', 3, 'LOWER_IS_BETTER', 1),           -- only for monthly figures
      ('repeatComplaintRate', 1, NULL, '2025-01-01', 0.1, 'LOWER_IS_BETTER', 0)`); // not yet valid in 2024
    const { data, errors } = await api.query(`{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, groupBy: [ORG_UNIT]) {
      key { orgUnit { nameEn } } satisfactionRate complaints repeatComplaintRate
      targets { kpi target direction amberBand status orgUnit { nameEn } } } }`);
    expect(errors).toBeUndefined();
    expect(data!.kpis).toEqual([
      // City 1: satisfaction 2/3 against its own 0.95 (band 0.05): shortfall 0.28 → red. No monthly grain: no complaints target.
      { key: { orgUnit: { nameEn: 'City 1' } }, satisfactionRate: 2 / 3, complaints: 5, repeatComplaintRate: 1 / 5,
        targets: [{ kpi: 'satisfactionRate', target: 0.95, direction: 'HIGHER_IS_BETTER', amberBand: 0.05, status: 'RED', orgUnit: { nameEn: 'City 1' } }] },
      // City 2: satisfaction 1 against the province's 0.9 → green.
      { key: { orgUnit: { nameEn: 'City 2' } }, satisfactionRate: 1, complaints: 1, repeatComplaintRate: 1,
        targets: [{ kpi: 'satisfactionRate', target: 0.9, direction: 'HIGHER_IS_BETTER', amberBand: 0.1, status: 'GREEN', orgUnit: { nameEn: 'Province' } }] },
    ]);
    const monthly = await api.query(`{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, grain: MONTH) {
      key { period { label } } complaints targets { kpi status } } }`);
    // Monthly complaints 4 and 2 against 3 (lower is better, band 1): amber, green.
    expect(monthly.data!.kpis).toEqual([
      { key: { period: { label: '2024-01' } }, complaints: 4, targets: [{ kpi: 'complaints', status: 'AMBER' }] },
      { key: { period: { label: '2024-02' } }, complaints: 2, targets: [{ kpi: 'complaints', status: 'GREEN' }] },
    ]);
    await db.pool.query('DELETE FROM kpi_target');
  });

  it('lists the complaints and surveys behind a cell, as many as the KPI counts', async () => {
    const range = 'filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }';
    const contributors = async (args: string) => {
      const { data, errors } = await api.query(`{ kpiContributors(${range}, ${args}) { fact totalCount complaints { id } surveys { id } pageInfo { hasNextPage endCursor } } }`);
      expect(errors).toBeUndefined();
      const page = data!.kpiContributors;
      return { ...page, ids: [...page.complaints, ...page.surveys].map((n: { id: string }) => Number(keyOf(n.id))) };
    };
    expect(await contributors('kpi: "repeatComplaints"')).toMatchObject({ fact: 'COMPLAINT', totalCount: 2, ids: [2, 4] });
    expect(await contributors('kpi: "satisfactionRate", part: DENOMINATOR')).toMatchObject({ fact: 'SURVEY', totalCount: 4, ids: [1, 3, 4, 6] });
    expect(await contributors('kpi: "satisfactionRate"')).toMatchObject({ totalCount: 3, ids: [1, 4, 6] });
    expect(await contributors('kpi: "backlog", grain: MONTH, cell: { periodStart: "2024-02-01" }')).toMatchObject({ totalCount: 2, ids: [4, 6] });
    expect(await contributors('kpi: "openingBacklog", grain: MONTH, cell: { periodStart: "2024-01-01" }')).toMatchObject({ totalCount: 1, ids: [8] });
    const city1 = toGlobalId('OrgUnit', 2);
    expect(await contributors(`kpi: "complaints", groupBy: [ORG_UNIT], cell: { orgUnitId: "${city1}" }`)).toMatchObject({ totalCount: 5, ids: [1, 2, 3, 6, 7] });
    expect(await contributors('kpi: "complaints", assessed: false, groupBy: [CATEGORY_GROUP], cell: { categoryId: "' + toGlobalId('Category', 1) + '" }')).toMatchObject({ totalCount: 5, ids: [1, 2, 4, 5, 7] });
    // Paged in id order.
    const first = await contributors('kpi: "complaints", first: 4');
    expect(first).toMatchObject({ ids: [1, 2, 3, 4], pageInfo: { hasNextPage: true } });
    const second = await contributors(`kpi: "complaints", first: 4, after: "${first.pageInfo.endCursor}"`);
    expect(second).toMatchObject({ ids: [6, 7], totalCount: first.totalCount, pageInfo: { hasNextPage: false } });
    // The count comes with the page (one statement): a page past the end, or a cell with none, still counts.
    expect(await contributors(`kpi: "complaints", first: 4, after: "${second.pageInfo.endCursor}"`)).toMatchObject({ ids: [], totalCount: first.totalCount, pageInfo: { hasNextPage: false } });
    const none = await api.query(`{ kpiContributors(filter: { dateRange: { from: "2023-01-01", to: "2023-01-31" } }, kpi: "complaints") { totalCount complaints { id } } }`);
    expect(none.data!.kpiContributors).toEqual({ totalCount: 0, complaints: [] });
    const counted = await api.countStatements(() => api.query(`{ kpiContributors(${range}, kpi: "complaints", first: 4) { totalCount complaints { id } } }`));
    expect(counted.statements).toBe(1);
  });

  it('refuses to drill into what is not a list of rows', async () => {
    const { errors } = await api.query(`{ kpiContributors(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, kpi: "complaintsPer10kCustomers", part: DENOMINATOR) { totalCount } }`);
    expect(errors![0]).toMatchObject({ message: 'part: the denominator of complaintsPer10kCustomers is the customer base, not a list of complaints', extensions: { code: 'BAD_USER_INPUT' } });
    const unknown = await api.query(`{ kpiContributors(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, kpi: "happiness") { totalCount } }`);
    expect(unknown.errors![0]!.message).toMatch(/^kpi: "happiness" is not a KPI/);
  });

  it('counts a complaint under every flag its customer held when it was received, or NONE', async () => {
    await db.pool.query(`INSERT INTO dim_customer_flag VALUES (1, 'ARREARS', '2024-01-15', '2024-02-10'), (1, 'MALICIOUS_COMPLAINANT', '2024-02-01', NULL)`);
    try {
      const rows = await run({ groupBy: ['SPECIAL_FLAG'], measures: ['complaints', 'surveys'] });
      expect(rows.map((r) => [r.flag, r.values])).toEqual([
        ['ARREARS', { complaints: 2, surveys: 2 }], // #2 (Jan 20), #6 (Feb 5); S2, S3 (Jan 22–23)
        ['MALICIOUS_COMPLAINANT', { complaints: 1, surveys: 0 }], // #6
        ['NONE', { complaints: 4, surveys: 3 }], // #1 (Jan 8, before the arrears), #3, #4, #7; S1, S4, S6
      ]);
      const [none] = await run({ filter: { ...JAN_FEB, flags: ['NONE'] }, measures: ['complaints'] });
      expect(none!.values.complaints).toBe(4);
      const { data } = await api.query(`{ kpiContributors(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, kpi: "complaints", groupBy: [SPECIAL_FLAG], cell: { flag: ARREARS }) { totalCount complaints { id } } }`);
      expect(data!.kpiContributors.complaints.map((c: { id: string }) => Number(keyOf(c.id)))).toEqual([2, 6]);
    } finally {
      await db.pool.query('DELETE FROM dim_customer_flag');
    }
  });

  it('refuses an inverted date range, naming it', async () => {
    const { errors } = await api.query(`{ kpis(filter: { dateRange: { from: "2024-02-01", to: "2024-01-31" } }) { complaints } }`);
    expect(errors![0]).toMatchObject({ message: 'filter.dateRange: `to` (2024-01-31) is before `from` (2024-02-01)', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
