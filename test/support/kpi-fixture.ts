import { resolutionTiming } from '../../server/calendar/business-calendar.ts';
import { loadBusinessCalendar } from '../../server/calendar/calendar.loader.ts';
import { applyExemptionCoverage } from '../../server/ingest/exemption-coverage.ts';
import { refreshRepeatFlags } from '../../server/ingest/repeat-detection.ts';
import { refreshRollups } from '../../server/rollups/rollup-refresh.ts';
import { afterAll, beforeAll } from 'vitest';
import { startTestApi, type TestApi } from './test-api.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

// The hand-computed KPI fixture (the derivations are in
// test/integration/kpi-correctness.test.ts), shared by the KPI and export suites: a province (1)
// with two cities (2, 3), a county under each (4, 5) and a station under each
// (6, 7); eight complaints Dec 2023 – Feb 2024, #5 exempt under filing BB-1.

type ComplaintSeed = { id: number; customer: number; category: number; channel: number; unit: number; received: string; resolved: string | null; escalated?: boolean; upheld?: boolean; firstContact?: boolean; reopened?: number; redress?: string };

export const COMPLAINTS: ComplaintSeed[] = [
  { id: 1, customer: 1, category: 2, channel: 1, unit: 6, received: '2024-01-08T09:00', resolved: '2024-01-09T09:00', upheld: true, redress: '100.00' },
  { id: 2, customer: 1, category: 3, channel: 1, unit: 6, received: '2024-01-20T10:00', resolved: '2024-01-21T16:00' },
  { id: 3, customer: 2, category: 5, channel: 2, unit: 6, received: '2024-01-15T08:00', resolved: '2024-01-15T09:00', firstContact: true },
  { id: 4, customer: 3, category: 2, channel: 2, unit: 7, received: '2024-01-25T10:00', resolved: '2024-03-20T10:00' },
  { id: 5, customer: 3, category: 2, channel: 1, unit: 7, received: '2024-02-08T15:00', resolved: '2024-02-21T15:00' },
  { id: 6, customer: 1, category: 5, channel: 1, unit: 6, received: '2024-02-05T09:00', resolved: null },
  { id: 7, customer: 2, category: 2, channel: 2, unit: 6, received: '2024-02-26T11:00', resolved: '2024-02-29T11:00', escalated: true, reopened: 1, upheld: true, redress: '50.50' },
  { id: 8, customer: 3, category: 3, channel: 1, unit: 7, received: '2023-12-30T10:00', resolved: '2024-01-02T10:00' },
];

export const SURVEYS = [
  { id: 1, customer: 1, complaint: 1, unit: 6, category: 2, at: '2024-01-10T10:00', score: 5, sub: [5, 4, 5] },
  { id: 2, customer: 1, complaint: 2, unit: 6, category: 3, at: '2024-01-22T10:00', score: null, sub: [null, null, null] },
  { id: 3, customer: 1, complaint: 2, unit: 6, category: 3, at: '2024-01-23T10:00', score: 2, sub: [3, null, 1] },
  { id: 4, customer: 2, complaint: 3, unit: 6, category: 5, at: '2024-01-16T10:00', score: 4, sub: [4, 5, null] },
  { id: 5, customer: 3, complaint: 5, unit: 7, category: 2, at: '2024-02-22T10:00', score: 1, sub: [1, 1, 1] },
  { id: 6, customer: 3, complaint: null, unit: 7, category: null, at: '2024-02-10T10:00', score: 5, sub: [null, null, null] },
  { id: 7, customer: 2, complaint: 7, unit: 6, category: 2, at: '2024-03-01T10:00', score: 4, sub: [4, 4, 4] },
];

const shanghai = (local: string) => Date.parse(`${local}:00+08:00`);
const SEGMENT_OF: Record<number, string> = { 1: 'RESIDENTIAL', 2: 'COMMERCIAL', 3: 'RESIDENTIAL' };

/** Loads the fixture and builds the rollups, as an ingest would. */
export async function loadKpiFixture(db: TestDatabase): Promise<void> {
  const q = (text: string, params: unknown[] = []) => db.pool.query(text, params);
  await q(`INSERT INTO dim_org_unit VALUES
    (1,'P',NULL,'PROVINCE',1,'/1/','省','Province'), (2,'C1',1,'CITY',2,'/1/2/','市一','City 1'), (3,'C2',1,'CITY',2,'/1/3/','市二','City 2'),
    (4,'X1',2,'COUNTY',3,'/1/2/4/','县一','County 1'), (5,'X2',3,'COUNTY',3,'/1/3/5/','县二','County 2'),
    (6,'S1',4,'STATION',4,'/1/2/4/6/','所一','Station 1'), (7,'S2',5,'STATION',4,'/1/3/5/7/','所二','Station 2')`);
  await q(`INSERT INTO dim_category VALUES
    (1,'G',NULL,1,'ELECTRICITY','甲','G',NULL,NULL), (2,'L1',1,2,'ELECTRICITY','甲一','L1','BUSINESS_DAYS',5),
    (3,'L2',1,2,'ELECTRICITY','甲二','L2','CALENDAR_HOURS',24), (4,'H',NULL,1,'ELECTRICITY','乙','H',NULL,NULL),
    (5,'L3',4,2,'ELECTRICITY','乙一','L3','BUSINESS_DAYS',3)`);
  await q(`INSERT INTO dim_channel VALUES (1,'HOTLINE_95598','95598热线','95598 hotline'), (2,'MOBILE_APP','手机App','Mobile app')`);
  await q(`INSERT INTO dim_customer VALUES
    (1,'A1','甲','13800000001','ELECTRICITY','RESIDENTIAL','RESIDENTIAL_TIERED',6,'2020-01-01'),
    (2,'B1','乙公司','13800000002','ELECTRICITY','COMMERCIAL','GENERAL_COMMERCIAL',6,'2020-01-01'),
    (3,'C1','丙','13800000003','ELECTRICITY','RESIDENTIAL','RESIDENTIAL_TIERED',7,'2020-01-01')`);
  await q(`INSERT INTO fact_customer_month VALUES
    (6,'RESIDENTIAL','2024-01-01',100), (6,'RESIDENTIAL','2024-02-01',100), (6,'COMMERCIAL','2024-01-01',20),
    (6,'COMMERCIAL','2024-02-01',30), (7,'RESIDENTIAL','2024-01-01',50), (7,'RESIDENTIAL','2024-02-01',50)`);

  const calendar = await loadBusinessCalendar(db.pool, 'Asia/Shanghai');
  const sla = { 2: { kind: 'BUSINESS_DAYS', value: 5 }, 3: { kind: 'CALENDAR_HOURS', value: 24 }, 5: { kind: 'BUSINESS_DAYS', value: 3 } } as const;
  for (const c of COMPLAINTS) {
    const received = shanghai(c.received);
    const resolved = c.resolved ? shanghai(c.resolved) : null;
    const t = resolutionTiming(calendar, received, resolved, sla[c.category as 2 | 3 | 5]);
    await q(
      `INSERT INTO fact_complaint (complaint_id, source_system, source_id, customer_id, customer_segment, category_id, channel_id, org_unit_id,
         received_date, resolved_date, received_at, resolved_at, closed_at, status, calendar_minutes_to_resolve,
         business_minutes_to_resolve, sla_due_at, sla_met, reopened_count, escalated, upheld, resolved_at_first_contact, redress_amount)
       VALUES ($1,'TEST',$20,$2,$21,$3,$4,$5,$6,$7,$8,$9,NULL,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)`,
      [c.id, c.customer, c.category, c.channel, c.unit, t.receivedDate, t.resolvedDate, new Date(received), resolved && new Date(resolved),
        resolved ? 'RESOLVED' : 'ASSIGNED', t.calendarMinutesToResolve, t.businessMinutesToResolve, new Date(t.slaDueAt), t.slaMet,
        c.reopened ?? 0, c.escalated ?? false, c.upheld ?? false, c.firstContact ?? false, c.redress ?? '0', String(c.id), SEGMENT_OF[c.customer]],
    );
  }
  await refreshRepeatFlags(db.pool);
  await q(`INSERT INTO exemption_filing VALUES (1,'BB-1','MALICIOUS_COMPLAINANT','NAMED_WORK_ORDERS',7,'2024-02-01','2024-03-01','恶意投诉','APPROVED','2024-02-01','2024-02-02')`);
  await q(`INSERT INTO exemption_filing_complaint VALUES (1, 5)`);
  await applyExemptionCoverage(db.pool);
  for (const s of SURVEYS) {
    await q(
      `INSERT INTO fact_survey (survey_id, source_system, source_id, customer_id, customer_segment, complaint_id, channel_id, org_unit_id, category_id,
         survey_date, surveyed_at, responded, score, attitude_score, speed_score, outcome_score)
       VALUES ($1,'TEST',$13,$2,$14,$3,1,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [s.id, s.customer, s.complaint, s.unit, s.category, s.at.slice(0, 10), new Date(shanghai(s.at)), s.score !== null, s.score, ...s.sub, String(s.id), SEGMENT_OF[s.customer]],
    );
  }
  const client = await db.pool.connect();
  try {
    await refreshRollups(client);
  } finally {
    client.release();
  }
}

/**
 * For a suite: a database holding the fixture and the API over it, made
 * before its tests and dropped after them. Read `db` and `api` inside tests.
 */
export function kpiFixtureSuite(): { readonly db: TestDatabase; readonly api: TestApi } {
  let db: TestDatabase | undefined;
  let api: TestApi | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadKpiFixture(db);
    api = await startTestApi(db.url);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });
  return {
    get db() { return db!; },
    get api() { return api!; },
  };
}
