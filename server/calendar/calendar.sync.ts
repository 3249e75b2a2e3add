import type pg from 'pg';
import { calendarDays } from './calendar-days.ts';

const COLUMNS = `date_key, year, quarter, month, day_of_month, iso_year, iso_week, iso_weekday,
                 is_weekend, is_public_holiday, is_makeup_workday, is_business_day,
                 holiday_name_zh, holiday_name_en, is_official_calendar`;
const INCOMING = `unnest($1::date[], $2::smallint[], $3::smallint[], $4::smallint[], $5::smallint[], $6::smallint[],
                         $7::smallint[], $8::smallint[], $9::boolean[], $10::boolean[], $11::boolean[], $12::boolean[],
                         $13::text[], $14::text[], $15::boolean[]) AS incoming (${COLUMNS})`;
/** What a day's row may change after it exists: the holiday data. */
const DIFFERS = `(dim_date.is_public_holiday, dim_date.is_makeup_workday, dim_date.is_business_day,
                  dim_date.holiday_name_zh, dim_date.holiday_name_en, dim_date.is_official_calendar)
                 IS DISTINCT FROM
                 (incoming.is_public_holiday, incoming.is_makeup_workday, incoming.is_business_day,
                  incoming.holiday_name_zh, incoming.holiday_name_en, incoming.is_official_calendar)`;

/**
 * Fills dim_date from the holiday data, upserting only the days that changed,
 * so a newer `chinese-days` (a newly published year) reaches the database on
 * the next migrate. Returns the number of days inserted or changed.
 *
 * Every process runs it at start. When no day differs it writes nothing at
 * all: any statement on dim_date, even one changing no row, moves the data
 * version (migration 0012's statement-level trigger), which would empty every
 * process's KPI caches at each start.
 */
export async function syncCalendar(db: pg.Pool | pg.PoolClient): Promise<number> {
  const days = calendarDays();
  const column = <K extends keyof (typeof days)[number]>(key: K) => days.map((d) => d[key]);
  const values = [
    column('dateKey'), column('year'), column('quarter'), column('month'), column('dayOfMonth'),
    column('isoYear'), column('isoWeek'), column('isoWeekday'), column('isWeekend'),
    column('isPublicHoliday'), column('isMakeupWorkday'), column('isBusinessDay'),
    column('holidayNameZh'), column('holidayNameEn'), column('isOfficialCalendar'),
  ];
  const pending = await db.query<{ days: number }>(
    `SELECT count(*)::int AS days FROM ${INCOMING} LEFT JOIN dim_date USING (date_key)
      WHERE dim_date.date_key IS NULL OR ${DIFFERS}`,
    values,
  );
  if (pending.rows[0]!.days === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO dim_date AS dim_date (${COLUMNS})
     SELECT * FROM ${INCOMING}
     ON CONFLICT (date_key) DO UPDATE SET
       is_public_holiday = EXCLUDED.is_public_holiday,
       is_makeup_workday = EXCLUDED.is_makeup_workday,
       is_business_day = EXCLUDED.is_business_day,
       holiday_name_zh = EXCLUDED.holiday_name_zh,
       holiday_name_en = EXCLUDED.holiday_name_en,
       is_official_calendar = EXCLUDED.is_official_calendar
     WHERE ${DIFFERS.replaceAll('incoming.', 'EXCLUDED.')}`,
    values,
  );
  return rowCount ?? 0;
}
