import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.ts';
import { createComplaint, recordSurvey, transitionComplaint } from '../../server/ingest/work-orders/complaint-lifecycle.ts';
import { refreshRollups } from '../../server/rollups/rollup-refresh.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { CUSTOMER_HEADER, csvText, importCsv } from '../support/import-csv.ts';
import { startTestApi, TEST_ADMIN, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const SX = 'ZJ-SX-YC-01';

describe('work-order mutations', () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 9, customers: 200, months: 2, until: '2026-05-01', complaintsPer10k: 60, timeZone: 'Asia/Shanghai' });
    await importCsv(db.pool, csvText([CUSTOMER_HEADER, ['MUT-1', '周八', '', 'ELECTRICITY', 'INDUSTRIAL', 'LARGE_INDUSTRIAL', SX, '2018-05-01']]), { kind: 'customers' });
    api = await startTestApi(db.url);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const audit = async (targetType: string) => (await db.pool.query(
    `SELECT action, details, actor_id FROM audit_log WHERE target_type = $1 ORDER BY audit_id`, [targetType],
  )).rows;

  async function expectRollupsMatchFacts() {
    const client = await db.pool.connect();
    try {
      const tables = ['rollup_complaint_received_daily', 'rollup_complaint_resolved_daily', 'rollup_survey_daily'];
      const read = async () => Promise.all(tables.map(async (t) => (await client.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`)).rows));
      const before = await read();
      await client.query('BEGIN');
      await refreshRollups(client);
      expect(before).toEqual(await read());
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  }

  const CREATE = `mutation($input: CreateComplaintInput!) { createComplaint(input: $input) { id status receivedAt slaDueAt isRepeat sourceId } }`;
  const TRANSITION = `mutation($id: ID!, $to: ComplaintStatus!, $at: DateTimeISO) { transitionComplaint(id: $id, to: $to, at: $at) { id status resolvedAt reopenedCount slaMet } }`;

  let complaintId: string;

  it('creates a work order with its SLA due time, segment and an audit row', async () => {
    const res = await api.query(CREATE, { input: { accountNo: 'MUT-1', categoryCode: 'E0201', channelCode: 'HOTLINE_95598', receivedAt: '2026-03-02T01:00:00Z', description: '电费异常', sourceSystem: 'CRM_95598', sourceId: 'LIVE-1' } });
    expect(res.errors).toBeUndefined();
    // Received Monday 09:00 local: 5 business days → next Monday 09:00.
    expect(res.data!.createComplaint).toMatchObject({ status: 'RECEIVED', receivedAt: '2026-03-02T01:00:00.000Z', slaDueAt: '2026-03-09T01:00:00.000Z', isRepeat: false, sourceId: 'LIVE-1' });
    expect((await db.pool.query(`SELECT customer_segment FROM fact_complaint WHERE source_id = 'LIVE-1'`)).rows).toEqual([{ customer_segment: 'INDUSTRIAL' }]);
    complaintId = res.data!.createComplaint.id;
    const again = await api.query(CREATE, { input: { accountNo: 'MUT-1', categoryCode: 'E0201', channelCode: 'HOTLINE_95598', sourceSystem: 'CRM_95598', sourceId: 'LIVE-1' } });
    expect(again.errors?.[0]).toMatchObject({ message: 'input.sourceId: a work order CRM_95598/LIVE-1 already exists', extensions: { code: 'BAD_USER_INPUT', field: 'input.sourceId' } });
    const rows = await audit('Complaint');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'complaint.create', actor_id: TEST_ADMIN.id, details: { sourceId: 'LIVE-1', status: 'RECEIVED' } });
  });

  it('refuses bad input naming every field at fault, and creates nothing', async () => {
    const res = await api.query(CREATE, { input: { accountNo: 'NOBODY', categoryCode: 'E02', channelCode: 'MOBILE_APP', receivedAt: '2030-01-01T00:00:00Z' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.receivedAt' });
    expect(res.errors?.[0]?.message).toBe('input.receivedAt is in the future: 2030-01-01T00:00:00.000Z; input.accountNo: no customer with account number "NOBODY"; input.categoryCode: "E02" is a level-1 group; name a level-2 category');
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM fact_complaint WHERE source_system = 'CLEARLINE'`)).rows[0].n).toBe(0);
  });

  it('moves a work order through its lifecycle, computing resolution figures, and reopens it', async () => {
    for (const [to, at] of [['ASSIGNED', '2026-03-02T02:00:00Z'], ['RESPONDED', '2026-03-02T03:00:00Z'], ['RESOLVED', '2026-03-04T01:00:00Z']]) {
      const res = await api.query(TRANSITION, { id: complaintId, to, at });
      expect(res.errors).toBeUndefined();
    }
    let res = await api.query(TRANSITION, { id: complaintId, to: 'CLOSED', at: '2026-03-05T01:00:00Z' });
    expect(res.data!.transitionComplaint).toMatchObject({ status: 'CLOSED', resolvedAt: '2026-03-04T01:00:00.000Z', slaMet: true, reopenedCount: 0 });
    const derived = `SELECT closed_at, business_minutes_to_resolve, to_char(resolved_date, 'YYYY-MM-DD') AS resolved_date FROM fact_complaint WHERE source_id = 'LIVE-1'`;
    expect((await db.pool.query(derived)).rows).toEqual([{ closed_at: new Date('2026-03-05T01:00:00Z'), business_minutes_to_resolve: 2880, resolved_date: '2026-03-04' }]);
    await expectRollupsMatchFacts();
    res = await api.query(TRANSITION, { id: complaintId, to: 'REOPENED', at: '2026-03-06T01:00:00Z' });
    expect(res.data!.transitionComplaint).toMatchObject({ status: 'REOPENED', resolvedAt: null, reopenedCount: 1, slaMet: null });
    expect((await db.pool.query(derived)).rows).toEqual([{ closed_at: null, business_minutes_to_resolve: null, resolved_date: null }]);
    await expectRollupsMatchFacts();
    const trail = (await audit('Complaint')).filter((r) => r.action === 'complaint.transition').map((r) => `${r.details.status.from}>${r.details.status.to}`);
    expect(trail).toEqual(['RECEIVED>ASSIGNED', 'ASSIGNED>RESPONDED', 'RESPONDED>RESOLVED', 'RESOLVED>CLOSED', 'CLOSED>REOPENED']);
  });

  it('refuses an invalid transition naming both states, and a time before the last one', async () => {
    let res = await api.query(TRANSITION, { id: complaintId, to: 'CLOSED' });
    expect(res.errors?.[0]).toMatchObject({ message: 'to: cannot move a complaint from REOPENED to CLOSED; from REOPENED it can go to ASSIGNED or RESPONDED or RESOLVED', extensions: { code: 'BAD_USER_INPUT' } });
    res = await api.query(TRANSITION, { id: complaintId, to: 'RESOLVED', at: '2026-03-01T00:00:00Z' });
    // Reopening cleared the resolution and closure times: the first response is the last time on record.
    expect(res.errors?.[0]?.message).toBe("at: 2026-03-01T00:00:00.000Z is before the work order's last recorded time 2026-03-02T03:00:00.000Z");
  });

  it('needs complaint.write, and hides complaints outside the viewer\'s scope', async () => {
    const analyst: Viewer = { id: 'a', displayName: 'Analyst', roles: ['ANALYST'], orgUnitScope: ['/'] };
    const key = Buffer.from(complaintId, 'base64url').toString().split(':')[1]!;
    await expect(transitionComplaint({ pool: db.pool, viewer: analyst, timeZone: 'Asia/Shanghai' }, key, 'RESOLVED')).rejects.toMatchObject({ kind: 'FORBIDDEN' });
    const hz = (await db.pool.query(`SELECT path FROM dim_org_unit WHERE code = 'ZJ-HZ'`)).rows[0].path;
    const agent: Viewer = { id: 'b', displayName: 'Hangzhou agent', roles: ['AGENT'], orgUnitScope: [hz] };
    await expect(transitionComplaint({ pool: db.pool, viewer: agent, timeZone: 'Asia/Shanghai' }, key, 'RESOLVED')).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    // A survey naming a complaint outside the viewer's units: the same "not found" as for an id that does not exist.
    const survey = { accountNo: 'MUT-1', channelCode: 'HOTLINE_95598', responded: true, score: 4 };
    const outside = recordSurvey({ pool: db.pool, viewer: agent, timeZone: 'Asia/Shanghai' }, { ...survey, complaintId: key });
    await expect(outside).rejects.toMatchObject({ kind: 'NOT_FOUND', message: `No complaint with id "${key}" in your org units` });
    await expect(recordSurvey({ pool: db.pool, viewer: agent, timeZone: 'Asia/Shanghai' }, { ...survey, complaintId: '999999999' })).rejects.toMatchObject({ kind: 'NOT_FOUND' });
  });

  it('creates a work order once when two requests name the same source id at the same moment', async () => {
    const admin: Viewer = { id: 'c', displayName: 'Admin', roles: ['ADMIN'], orgUnitScope: ['/'] };
    const input = { accountNo: 'MUT-1', categoryCode: 'E0201', channelCode: 'HOTLINE_95598', description: '同时提交', sourceSystem: 'CRM_95598', sourceId: 'RACE-1' };
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => createComplaint({ pool: db.pool, viewer: admin, timeZone: 'Asia/Shanghai' }, input)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === 'rejected')) {
      expect((o as PromiseRejectedResult).reason).toMatchObject({ message: 'input.sourceId: a work order CRM_95598/RACE-1 already exists' });
    }
    const audits = await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'complaint.create' AND details->>'sourceId' = 'RACE-1'`);
    expect(audits.rows[0].n).toBe(1);
  });

  it('records a follow-up survey for the complaint', async () => {
    const res = await api.query(
      `mutation($input: RecordSurveyInput!) { recordSurvey(input: $input) { id responded score satisfied complaint { id } } }`,
      { input: { accountNo: 'MUT-1', complaintId, channelCode: 'HOTLINE_95598', surveyedAt: '2026-03-06T02:00:00Z', responded: true, score: 2 } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordSurvey).toMatchObject({ responded: true, score: 2, satisfied: false, complaint: { id: complaintId } });
    const bad = await api.query(
      `mutation($input: RecordSurveyInput!) { recordSurvey(input: $input) { id } }`,
      { input: { accountNo: 'MUT-1', channelCode: 'HOTLINE_95598', responded: true, score: 9 } },
    );
    expect(bad.errors?.[0]).toMatchObject({ message: 'input.score: 9 is not within 1–5', extensions: { code: 'BAD_USER_INPUT', field: 'input.score' } });
    expect((await audit('Survey')).map((r) => r.action)).toEqual(['survey.record']);
    await expectRollupsMatchFacts();
  });

  it('files an exemption, and approval takes the covered complaints out of assessed KPIs', async () => {
    const filed = await api.query(
      `mutation($input: FileExemptionInput!) { fileExemption(input: $input) { id filingNo status kind } }`,
      { input: { kind: 'SEVERE_WEATHER', orgUnitCode: 'ZJ-SX', windowStart: '2026-03-01T16:00:00Z', windowEnd: '2026-03-03T16:00:00Z', reason: '台风“梅花”过境', categoryCodes: ['E02'] } },
    );
    expect(filed.errors).toBeUndefined();
    expect(filed.data!.fileExemption).toMatchObject({ status: 'FILED', kind: 'SEVERE_WEATHER', filingNo: expect.stringMatching(/^BB-\d{4}-\d{6}$/) });
    const covered = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM fact_complaint WHERE source_id = 'LIVE-1' AND exemption_filing_id IS NOT NULL`)).rows[0].n;
    expect(await covered()).toBe(0);
    const approved = await api.query(`mutation($id: ID!) { approveExemption(id: $id) { status decidedAt } }`, { id: filed.data!.fileExemption.id });
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveExemption.status).toBe('APPROVED');
    expect(await covered()).toBe(1);
    await expectRollupsMatchFacts();
    const twice = await api.query(`mutation($id: ID!) { approveExemption(id: $id) { status } }`, { id: filed.data!.fileExemption.id });
    expect(twice.errors?.[0]?.message).toBe('id: the filing is already APPROVED; only a FILED one can be approved or rejected');
    // Demo complaints in Shaoxing billing that weekend are covered too.
    const filingKey = Buffer.from(filed.data!.fileExemption.id, 'base64url').toString().split(':')[1];
    const all = (await db.pool.query(`SELECT count(*)::int AS n FROM fact_complaint WHERE exemption_filing_id = $1`, [filingKey])).rows[0].n;
    expect(all).toBeGreaterThanOrEqual(1);
    expect((await audit('ExemptionFiling')).map((r) => [r.action, r.details.coveredComplaints])).toEqual([['exemption.file', undefined], ['exemption.approve', all]]);
  });
});
