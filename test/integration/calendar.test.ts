import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe('dim_date as migrated', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const day = async (dateKey: string) =>
    (await db.pool.query('SELECT * FROM dim_date WHERE date_key = $1', [dateKey])).rows[0];

  it('holds every day from 2015-01-01 to 2035-12-31', async () => {
    const { rows } = await db.pool.query(`SELECT min(date_key)::text AS first, max(date_key)::text AS last, count(*)::int AS days FROM dim_date`);
    expect(rows[0]).toEqual({ first: '2015-01-01', last: '2035-12-31', days: 7670 });
  });

  it('has the 2024 Spring Festival make-up working days', async () => {
    for (const d of ['2024-02-04', '2024-02-18']) {
      expect(await day(d)).toMatchObject({ is_weekend: true, is_makeup_workday: true, is_business_day: true, holiday_name_zh: '春节' });
    }
  });

  it('has the 2024 National Day holidays and the working Saturday after them', async () => {
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS holidays FROM dim_date WHERE date_key BETWEEN '2024-10-01' AND '2024-10-07' AND is_public_holiday AND NOT is_business_day`,
    );
    expect(rows[0].holidays).toBe(7);
    expect(await day('2024-10-12')).toMatchObject({ iso_weekday: 6, is_makeup_workday: true, is_business_day: true });
  });

  it('counts 2024’s business days as the State Council arranged them', async () => {
    // The published figure: 2024 had 251 working days in mainland China.
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM dim_date WHERE year = 2024 AND is_business_day`);
    expect(rows[0].n).toBe(251);
  });
});
