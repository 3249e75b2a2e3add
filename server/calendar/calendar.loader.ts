import type pg from 'pg';
import { BusinessCalendar } from './business-calendar.ts';

/** The business calendar as the database holds it (dim_date is the source of truth). */
export async function loadBusinessCalendar(db: pg.Pool | pg.PoolClient, timeZone: string): Promise<BusinessCalendar> {
  const { rows } = await db.query<{ date_key: string; is_business_day: boolean }>(
    `SELECT to_char(date_key, 'YYYY-MM-DD') AS date_key, is_business_day FROM dim_date ORDER BY date_key`,
  );
  return new BusinessCalendar(rows.map((r) => ({ dateKey: r.date_key, isBusinessDay: r.is_business_day })), timeZone);
}
