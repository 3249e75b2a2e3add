import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData, type SeedReport } from '../../seeds/demo-loader.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A two-year demo load checked against the realism the foundation issue asks
// for. The ranges are the stated ones (70% survey response, satisfaction
// 85–98% by org unit, ...) with room for sampling noise at this size.
const OPTIONS = { seed: 42, customers: 30_000, months: 24, until: '2026-10-01', complaintsPer10k: 60, timeZone: 'Asia/Shanghai' };

describe('demo data', () => {
  let db: TestDatabase;
  let report: SeedReport;
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> =>
    (await db.pool.query(sql, params)).rows[0] as T;

  beforeAll(async () => {
    db = await createTestDatabase();
    report = await loadDemoData(db.pool, OPTIONS);
  });
  afterAll(() => db.drop());

  it('reports the rows it loaded, and the tables hold them', async () => {
    expect(report.rows.dim_customer).toBe(30_000);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM fact_complaint')).n).toBe(report.rows.fact_complaint);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM fact_survey')).n).toBe(report.rows.fact_survey);
    expect(report.rows.fact_complaint).toBeGreaterThan(3_000);
  });

  it('builds an org tree of one province, 8 cities, 40 counties and about 300 stations', async () => {
    const { rows } = await db.pool.query(`SELECT level, count(*)::int AS n FROM dim_org_unit GROUP BY level`);
    const counts = Object.fromEntries(rows.map((r) => [r.level, r.n]));
    expect(counts).toMatchObject({ PROVINCE: 1, CITY: 8, COUNTY: 40 });
    expect(counts.STATION).toBeGreaterThanOrEqual(280);
    expect(counts.STATION).toBeLessThanOrEqual(320);
    const unnamed = await one<{ n: number }>(`SELECT count(*)::int AS n FROM dim_org_unit WHERE name_zh !~ '[\\u4e00-\\u9fff]' OR name_en !~ '^[A-Za-z]'`);
    expect(unnamed.n).toBe(0);
  });

  it('has the industry’s categories for electricity and gas, each leaf with an SLA', async () => {
    const { rows } = await db.pool.query(`SELECT code, name_en FROM dim_category WHERE level = 1 ORDER BY code`);
    expect(rows.map((r) => r.name_en)).toEqual([
      'Service conduct', 'Billing and tariff', 'Metering', 'Outages and power quality', 'New connection', 'Payment channels',
      'Gas meter reading and billing', 'Installation fees', 'Pipe modification', 'Gas repairs',
    ]);
    const verification = await one(`SELECT sla_kind, sla_value FROM dim_category WHERE name_en = 'Meter verification'`);
    expect(verification).toEqual({ sla_kind: 'BUSINESS_DAYS', sla_value: 5 });
    const outage = await one(`SELECT sla_kind FROM dim_category WHERE name_en = 'Outage repair'`);
    expect(outage).toEqual({ sla_kind: 'CALENDAR_HOURS' });
  });

  it('has every channel and segment, mostly households', async () => {
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM dim_channel')).n).toBe(7);
    const { rows } = await db.pool.query(`SELECT segment, count(*)::float / sum(count(*)) OVER () AS share FROM dim_customer GROUP BY segment`);
    const share = Object.fromEntries(rows.map((r) => [r.segment, r.share]));
    expect(Object.keys(share).sort()).toEqual(['COMMERCIAL', 'INDUSTRIAL', 'LARGE_ACCOUNT', 'RESIDENTIAL']);
    expect(share.RESIDENTIAL).toBeGreaterThan(0.85);
    expect(share.RESIDENTIAL).toBeLessThan(0.91);
  });

  it('keeps a customer base that adds up to the customers connected by each month', async () => {
    const base = await one<{ n: number }>(`SELECT sum(active_customers)::int AS n FROM fact_customer_month WHERE month = '2026-09-01'`);
    const connected = await one<{ n: number }>(`SELECT count(*)::int AS n FROM dim_customer WHERE connected_on <= '2026-09-30'`);
    expect(base.n).toBe(connected.n);
    const months = await one<{ n: number }>(`SELECT count(DISTINCT month)::int AS n FROM fact_customer_month`);
    expect(months.n).toBe(24);
  });

  it('answers about 70% of follow-up surveys', async () => {
    const { rate } = await one<{ rate: number }>(`SELECT avg(responded::int)::float AS rate FROM fact_survey`);
    expect(rate).toBeGreaterThan(0.65);
    expect(rate).toBeLessThan(0.75);
  });

  it('keeps (assessed) satisfaction between 85% and 98% in every city', async () => {
    // Assessed, as the KPI defaults to: surveys following exempt complaints
    // (a malicious complainant's, say) are left out.
    const { rows } = await db.pool.query(
      `SELECT city.name_en, avg(s.satisfied::int)::float AS rate, count(*)::int AS responses
         FROM fact_survey s
         LEFT JOIN fact_complaint c ON c.complaint_id = s.complaint_id
         JOIN dim_org_unit unit ON unit.org_unit_id = s.org_unit_id
         JOIN dim_org_unit city ON city.level = 'CITY' AND unit.path LIKE city.path || '%'
        WHERE s.responded AND c.exemption_filing_id IS NULL GROUP BY city.name_en`,
    );
    expect(rows).toHaveLength(8);
    for (const city of rows) {
      expect(city.rate, city.name_en).toBeGreaterThanOrEqual(0.85);
      expect(city.rate, city.name_en).toBeLessThanOrEqual(0.98);
    }
    // Satisfaction varies by org unit: the best and worst city differ.
    const rates = rows.map((r) => r.rate as number);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.01);
  });

  it('resolves categories at different speeds (log-normal per category)', async () => {
    const { rows } = await db.pool.query(
      `SELECT cat.name_en, percentile_cont(0.5) WITHIN GROUP (ORDER BY c.calendar_minutes_to_resolve) / 60 AS median_hours
         FROM fact_complaint c JOIN dim_category cat USING (category_id)
        WHERE c.resolved_at IS NOT NULL GROUP BY cat.name_en`,
    );
    const median = Object.fromEntries(rows.map((r) => [r.name_en, r.median_hours as number]));
    expect(median['Outage repair']).toBeLessThan(12);
    expect(median['Disputed electricity bill']).toBeGreaterThan(median['Outage repair']!);
    expect(median['Connection delayed']).toBeGreaterThan(median['Disputed electricity bill']!);
  });

  it('peaks outage complaints in summer', async () => {
    const { summer, spring } = await one<{ summer: number; spring: number }>(
      `SELECT count(*) FILTER (WHERE extract(month FROM c.received_date) IN (7, 8))::float / 4 AS summer,
              count(*) FILTER (WHERE extract(month FROM c.received_date) IN (3, 4))::float / 4 AS spring
         FROM fact_complaint c JOIN dim_category cat USING (category_id)
         JOIN dim_category grp ON grp.category_id = cat.parent_id
        WHERE grp.name_en = 'Outages and power quality'`,
    );
    expect(summer).toBeGreaterThan(1.5 * spring);
  });

  it('covers storm complaints with approved severe-weather filings, and nothing with filings not approved', async () => {
    const { rows } = await db.pool.query(
      `SELECT f.kind, f.status, count(c.complaint_id)::int AS covered
         FROM exemption_filing f LEFT JOIN fact_complaint c USING (exemption_filing_id)
        GROUP BY f.exemption_filing_id, f.kind, f.status`,
    );
    const storms = rows.filter((r) => r.kind === 'SEVERE_WEATHER' && r.status === 'APPROVED');
    expect(storms.length).toBeGreaterThanOrEqual(2);
    for (const storm of storms) expect(storm.covered).toBeGreaterThan(0);
    for (const pending of rows.filter((r) => r.status !== 'APPROVED')) expect(pending.covered).toBe(0);
    const summerStorms = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM exemption_filing WHERE kind = 'SEVERE_WEATHER' AND status = 'APPROVED'
          AND extract(month FROM window_start AT TIME ZONE 'Asia/Shanghai') NOT BETWEEN 7 AND 9`,
    );
    expect(summerStorms.n).toBe(0);
    expect(report.exempt).toBeGreaterThan(0);
  });

  it('flags repeats exactly as METRICS.md defines them, more often after slow handling', async () => {
    const { rate } = await one<{ rate: number }>(`SELECT avg(is_repeat::int)::float AS rate FROM fact_complaint`);
    expect(rate).toBeGreaterThan(0.03);
    expect(rate).toBeLessThan(0.15);
    const wrong = await one<{ n: number }>(
      `SELECT count(*)::int AS n
         FROM fact_complaint c
         JOIN fact_complaint p ON p.complaint_id = c.prior_complaint_id
         JOIN dim_category cc ON cc.category_id = c.category_id
         JOIN dim_category pc ON pc.category_id = p.category_id
        WHERE c.is_repeat AND (p.customer_id <> c.customer_id OR cc.parent_id <> pc.parent_id
              OR c.received_at - p.received_at > interval '720 hours' OR p.received_at > c.received_at)`,
    );
    expect(wrong.n).toBe(0);
    // Slow handling brings customers back: complaints that missed their SLA are followed by a repeat more often.
    const { late, on_time } = await one<{ late: number; on_time: number }>(
      `SELECT avg((EXISTS (SELECT 1 FROM fact_complaint n WHERE n.prior_complaint_id = c.complaint_id))::int) FILTER (WHERE NOT c.sla_met)::float AS late,
              avg((EXISTS (SELECT 1 FROM fact_complaint n WHERE n.prior_complaint_id = c.complaint_id))::int) FILTER (WHERE c.sla_met)::float AS on_time
         FROM fact_complaint c WHERE c.resolved_at IS NOT NULL`,
    );
    expect(late).toBeGreaterThan(on_time);
  });

  it('has a few malicious complainants who complain every month, named in exemption filings', async () => {
    const { rows } = await db.pool.query(
      `SELECT f.customer_id, count(c.complaint_id)::int AS complaints, count(c.exemption_filing_id)::int AS exempt
         FROM dim_customer_flag f JOIN fact_complaint c ON c.customer_id = f.customer_id
        WHERE f.flag = 'MALICIOUS_COMPLAINANT' GROUP BY f.customer_id`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const customer of rows) {
      expect(customer.complaints, 'at least one a month').toBeGreaterThanOrEqual(24);
      expect(customer.exempt).toBeGreaterThan(0);
    }
  });

  it('puts nothing in the future of the data’s end', async () => {
    const future = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM fact_complaint
        WHERE greatest(received_at, first_response_at, resolved_at, closed_at) >= timestamptz '2026-10-01 00:00+08'`,
    );
    expect(future.n).toBe(0);
    const surveys = await one<{ n: number }>(`SELECT count(*)::int AS n FROM fact_survey WHERE surveyed_at >= timestamptz '2026-10-01 00:00+08'`);
    expect(surveys.n).toBe(0);
  });

  it('loads identical rows into another database from the same options', async () => {
    const other = await createTestDatabase();
    try {
      await loadDemoData(other.pool, OPTIONS);
      for (const [table, key] of [['dim_customer', 'customer_id'], ['fact_complaint', 'complaint_id'], ['fact_survey', 'survey_id'], ['exemption_filing', 'exemption_filing_id']] as const) {
        // Every column but loaded_at, which records when each load ran.
        const { rows } = await db.pool.query(
          `SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) AS columns
             FROM information_schema.columns WHERE table_name = $1 AND column_name <> 'loaded_at'`,
          [table],
        );
        const digest = `SELECT md5(string_agg(t::text, ',' ORDER BY ${key})) AS d FROM (SELECT ${rows[0].columns} FROM ${table}) t`;
        const [a, b] = await Promise.all([db.pool.query(digest), other.pool.query(digest)]);
        expect(b.rows[0].d, table).toBe(a.rows[0].d);
      }
    } finally {
      await other.drop();
    }
  });

  it('refuses to load over existing data unless told to replace it', async () => {
    await expect(loadDemoData(db.pool, OPTIONS)).rejects.toThrow(/already holds data; pass --replace/);
  });
});
