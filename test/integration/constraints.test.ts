import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Every constraint of the star schema rejects a bad row: each case starts
// from a valid row, breaks one thing, and expects Postgres's error code and
// (where it has one) the constraint's name.

type Row = Record<string, unknown>;

const VALID: Record<string, Row> = {
  dim_org_unit: { org_unit_id: 10, code: 'T-NEW', parent_id: 1, level: 'CITY', depth: 2, path: '/1/10/', name_zh: '新市', name_en: 'New City' },
  dim_category: { category_id: 10, code: 'X0101', parent_id: 1, level: 2, utility: 'ELECTRICITY', name_zh: '测试', name_en: 'Test', sla_kind: 'BUSINESS_DAYS', sla_value: 5 },
  dim_channel: { channel_id: 2, code: 'MOBILE_APP', name_zh: '手机App', name_en: 'Mobile app' },
  dim_customer: { customer_id: 2, account_no: '3300000002', name: '李四', phone: '13800000002', utility: 'ELECTRICITY', segment: 'RESIDENTIAL', tariff_class: 'RESIDENTIAL_TIERED', org_unit_id: 4, connected_on: '2020-01-01' },
  dim_customer_flag: { customer_id: 1, flag: 'ARREARS', valid_from: '2024-03-01', valid_to: '2024-04-30' },
  exemption_filing: { exemption_filing_id: 2, filing_no: 'BB-2', kind: 'SEVERE_WEATHER', coverage: 'AREA', org_unit_id: 2, window_start: '2024-07-01T00:00:00+08', window_end: '2024-07-03T00:00:00+08', reason: '台风', status: 'APPROVED', filed_at: '2024-07-01T10:00:00+08', decided_at: '2024-07-02T10:00:00+08' },
  fact_complaint: {
    complaint_id: 2, source_system: 'CRM', source_id: 'WO-2', customer_id: 1, customer_segment: 'RESIDENTIAL', category_id: 2, channel_id: 1, org_unit_id: 4,
    received_date: '2024-03-04', resolved_date: '2024-03-05', received_at: '2024-03-04T09:00:00+08', first_response_at: '2024-03-04T10:00:00+08',
    resolved_at: '2024-03-05T09:00:00+08', closed_at: '2024-03-06T09:00:00+08', status: 'CLOSED', description: '电费异常',
    calendar_minutes_to_resolve: 1440, business_minutes_to_resolve: 1440, sla_due_at: '2024-03-11T09:00:00+08', sla_met: true,
    is_repeat: false, prior_complaint_id: null, reopened_count: 0, escalated: false, upheld: true, resolved_at_first_contact: false, redress_amount: 0,
  },
  fact_survey: {
    survey_id: 2, source_system: 'CRM', source_id: 'HF-2', customer_id: 1, customer_segment: 'RESIDENTIAL', complaint_id: 1, channel_id: 1, org_unit_id: 4, category_id: 2,
    survey_date: '2024-03-06', surveyed_at: '2024-03-06T10:00:00+08', responded: true, score: 4, attitude_score: 5, speed_score: 3, outcome_score: 4,
  },
  fact_customer_month: { org_unit_id: 4, segment: 'COMMERCIAL', month: '2024-03-01', active_customers: 10 },
};

type Case = [description: string, table: string, change: Row, code: string, constraint?: RegExp];

const CHECK = '23514';
const UNIQUE = '23505';
const FOREIGN_KEY = '23503';
const NOT_NULL = '23502';

const CASES: Case[] = [
  ['org unit level outside the fixed set', 'dim_org_unit', { level: 'REGION', depth: 4 }, CHECK, /level_check/],
  ['a province with a parent', 'dim_org_unit', { level: 'PROVINCE', depth: 1 }, CHECK],
  ['depth that contradicts the level', 'dim_org_unit', { depth: 3 }, CHECK],
  ['a malformed materialized path', 'dim_org_unit', { path: '1.10' }, CHECK, /path_check/],
  ['a duplicate org unit code', 'dim_org_unit', { code: 'T-P' }, UNIQUE, /code_key/],
  ['a parent that does not exist', 'dim_org_unit', { parent_id: 999 }, FOREIGN_KEY, /parent_id_fkey/],
  ['a level-2 category without an SLA', 'dim_category', { sla_kind: null, sla_value: null }, CHECK],
  ['an SLA of zero', 'dim_category', { sla_value: 0 }, CHECK, /sla_value_check/],
  ['an unknown SLA kind', 'dim_category', { sla_kind: 'WEEKS' }, CHECK, /sla_kind_check/],
  ['a category of an unknown utility', 'dim_category', { utility: 'WATER' }, CHECK, /utility_check/],
  ['an unknown channel code', 'dim_channel', { code: 'FAX' }, CHECK, /code_check/],
  ['a segment outside the fixed set', 'dim_customer', { segment: 'VIP' }, CHECK, /segment_check/],
  ['an empty customer name', 'dim_customer', { name: '' }, CHECK, /name_check/],
  ['a duplicate account number', 'dim_customer', { account_no: '3300000001' }, UNIQUE, /account_no_key/],
  ['a customer of an unknown org unit', 'dim_customer', { org_unit_id: 999 }, FOREIGN_KEY, /org_unit_id_fkey/],
  ['a flag valid to before valid from', 'dim_customer_flag', { valid_to: '2024-02-01' }, CHECK],
  ['an unknown special flag', 'dim_customer_flag', { flag: 'VIP' }, CHECK, /flag_check/],
  ['a filing window that ends before it starts', 'exemption_filing', { window_end: '2024-06-30T00:00:00+08' }, CHECK],
  ['an unknown filing kind', 'exemption_filing', { kind: 'HOLIDAY' }, CHECK, /kind_check/],
  ['a decided filing still marked FILED', 'exemption_filing', { status: 'FILED' }, CHECK],
  ['resolved before received', 'fact_complaint', { resolved_at: '2024-03-04T08:00:00+08', closed_at: null, status: 'RESOLVED' }, CHECK],
  ['closed before resolved', 'fact_complaint', { closed_at: '2024-03-05T08:00:00+08' }, CHECK],
  ['first response before received', 'fact_complaint', { first_response_at: '2024-03-04T08:59:00+08' }, CHECK],
  ['a status outside the fixed set', 'fact_complaint', { status: 'DONE' }, CHECK],
  ['resolved status without a resolution time', 'fact_complaint', { resolved_at: null, resolved_date: null, closed_at: null, status: 'RESOLVED', calendar_minutes_to_resolve: null, business_minutes_to_resolve: null, sla_met: null }, CHECK],
  ['a resolution time on an open complaint', 'fact_complaint', { closed_at: null, status: 'ASSIGNED' }, CHECK],
  ['negative redress', 'fact_complaint', { redress_amount: -1 }, CHECK, /redress_amount_check/],
  ['a negative reopen count', 'fact_complaint', { reopened_count: -1 }, CHECK, /reopened_count_check/],
  ['negative minutes to resolve', 'fact_complaint', { calendar_minutes_to_resolve: -5 }, CHECK],
  ['more business than calendar minutes', 'fact_complaint', { business_minutes_to_resolve: 2000 }, CHECK],
  ['a repeat without its prior complaint', 'fact_complaint', { is_repeat: true }, CHECK],
  ['an SLA due time before receipt', 'fact_complaint', { sla_due_at: '2024-03-04T08:00:00+08' }, CHECK],
  ['a duplicate (source_system, source_id)', 'fact_complaint', { source_id: 'WO-1' }, UNIQUE, /source_system_source_id_key/],
  ['a complaint of an unknown customer', 'fact_complaint', { customer_id: 999 }, FOREIGN_KEY, /customer_id_fkey/],
  ['a received date outside dim_date', 'fact_complaint', { received_date: '2040-01-01' }, FOREIGN_KEY, /received_date_fkey/],
  ['a complaint without a received time', 'fact_complaint', { received_at: null }, NOT_NULL],
  ['a complaint of an unknown customer segment', 'fact_complaint', { customer_segment: 'VIP' }, CHECK, /customer_segment_check/],
  ['a survey score of 0', 'fact_survey', { score: 0 }, CHECK, /score_check/],
  ['a survey score of 6', 'fact_survey', { score: 6 }, CHECK, /score_check/],
  ['a sub-score of 7', 'fact_survey', { attitude_score: 7 }, CHECK, /attitude_score_check/],
  ['an answered survey without a score', 'fact_survey', { score: null }, CHECK],
  ['an unanswered survey with scores', 'fact_survey', { responded: false, score: null }, CHECK],
  ['a category on a survey with no complaint', 'fact_survey', { complaint_id: null }, CHECK],
  ['a duplicate survey source id', 'fact_survey', { source_id: 'HF-1' }, UNIQUE, /source_system_source_id_key/],
  ['a customer month that is not a first day', 'fact_customer_month', { month: '2024-03-15' }, CHECK, /month_check/],
  ['a negative customer count', 'fact_customer_month', { active_customers: -1 }, CHECK, /active_customers_check/],
];

async function insert(client: pg.PoolClient | pg.Pool, table: string, row: Row): Promise<void> {
  const columns = Object.keys(row);
  await client.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
    Object.values(row),
  );
}

describe('star-schema constraints', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The smallest valid world: a four-level org tree, one category pair,
    // one channel, one customer with one closed complaint and its survey.
    const units: Row[] = [
      { org_unit_id: 1, code: 'T-P', parent_id: null, level: 'PROVINCE', depth: 1, path: '/1/', name_zh: '省', name_en: 'Province' },
      { org_unit_id: 2, code: 'T-C', parent_id: 1, level: 'CITY', depth: 2, path: '/1/2/', name_zh: '市', name_en: 'City' },
      { org_unit_id: 3, code: 'T-X', parent_id: 2, level: 'COUNTY', depth: 3, path: '/1/2/3/', name_zh: '县', name_en: 'County' },
      { org_unit_id: 4, code: 'T-S', parent_id: 3, level: 'STATION', depth: 4, path: '/1/2/3/4/', name_zh: '所', name_en: 'Station' },
    ];
    for (const unit of units) await insert(db.pool, 'dim_org_unit', unit);
    await insert(db.pool, 'dim_category', { category_id: 1, code: 'X01', parent_id: null, level: 1, utility: 'ELECTRICITY', name_zh: '电费', name_en: 'Billing', sla_kind: null, sla_value: null });
    await insert(db.pool, 'dim_category', { ...VALID.dim_category, category_id: 2, code: 'X0100' });
    await insert(db.pool, 'dim_channel', { channel_id: 1, code: 'HOTLINE_95598', name_zh: '95598热线', name_en: '95598 hotline' });
    await insert(db.pool, 'dim_customer', { ...VALID.dim_customer, customer_id: 1, account_no: '3300000001' });
    await insert(db.pool, 'exemption_filing', { ...VALID.exemption_filing, exemption_filing_id: 1, filing_no: 'BB-1' });
    await insert(db.pool, 'fact_complaint', { ...VALID.fact_complaint, complaint_id: 1, source_id: 'WO-1' });
    await insert(db.pool, 'fact_survey', { ...VALID.fact_survey, survey_id: 1, source_id: 'HF-1' });
  });
  afterAll(() => db.drop());

  it.each(Object.entries(VALID))('accept the valid %s row the cases start from', async (table, row) => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await expect(insert(client, table, row)).resolves.toBeUndefined();
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it.each(CASES)('reject %s', async (_description, table, change, code, constraint) => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const error = await insert(client, table, { ...VALID[table], ...change }).then(() => undefined, (e: pg.DatabaseError) => e);
      expect(error, 'the bad row was accepted').toBeDefined();
      expect(error!.code).toBe(code);
      if (constraint) expect(error!.constraint).toMatch(constraint);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
