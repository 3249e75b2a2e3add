import pg from 'pg';
import { join, raw, sql, type Sql } from '../db/sql.ts';
import { CUSTOMER_BASE_ROLLUP, ROLLUP_ANCHORS, ROLLUP_COLUMNS, ROLLUP_TABLES, type RollupAnchor } from './rollup-columns.ts';

/** One refresh at a time across every server process (a transaction-level advisory lock). */
export const ROLLUP_LOCK = 'clearline.rollups';

const SOURCE: Record<RollupAnchor, { day: string; from: Sql; exempt: Sql; alias: 'c' | 's' }> = {
  received: { day: 'received_date', from: sql`fact_complaint c`, exempt: sql`c.exemption_filing_id IS NOT NULL`, alias: 'c' },
  resolved: { day: 'resolved_date', from: sql`fact_complaint c`, exempt: sql`c.exemption_filing_id IS NOT NULL`, alias: 'c' },
  survey: {
    day: 'survey_date',
    from: sql`fact_survey s LEFT JOIN fact_complaint sc ON sc.complaint_id = s.complaint_id AND sc.customer_id = s.customer_id`,
    // A survey follows its complaint out of the assessed view.
    exempt: sql`coalesce(sc.exemption_filing_id IS NOT NULL, false)`,
    alias: 's',
  },
};

/** A contiguous range of days, or (after a load) exactly the days it touched. */
export type RollupRange = { from: string; to: string } | { days: readonly string[] };

/**
 * Rebuilds the rollups from the facts, for the given days (after a load) or
 * entirely: the daily rows, then the monthly rows of every month touched,
 * summed from the daily ones. Each part is stored in raw form ({A} = TRUE)
 * per exempt-or-not, so both views read the same rows.
 */
export async function refreshRollups(client: pg.PoolClient, range?: RollupRange): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ROLLUP_LOCK]);
  for (const anchor of ROLLUP_ANCHORS) {
    const table = raw(ROLLUP_TABLES[anchor]);
    const source = SOURCE[anchor];
    const day = raw(`${source.alias}.${source.day}`);
    const inRange = dayCondition(day, range) ?? sql`${day} IS NOT NULL`;
    const dayColumn = raw(source.day);
    const clear = range
      ? sql`DELETE FROM ${table} WHERE period = 'DAY' AND ${dayCondition(dayColumn, range)!}`
      : sql`TRUNCATE ${table}`;
    await client.query(clear.text, clear.values);
    const columns = ROLLUP_COLUMNS[anchor];
    const aggregates = columns.map(({ part }) => {
      const where = raw(part.where.replaceAll('{A}', 'TRUE'));
      return part.sum ? sql`coalesce(sum(${raw(part.sum)}) FILTER (WHERE ${where}), 0)` : sql`count(*) FILTER (WHERE ${where})`;
    });
    const a = raw(source.alias);
    // The three shapes in one pass (GROUPING SETS); a shape's unkept columns come out NULL.
    const statement = sql`
      INSERT INTO ${table} (shape, period, ${dayColumn}, org_unit_id, category_id, channel_id, segment, exempt, ${raw(columns.map((c) => c.name).join(', '))})
      SELECT CASE WHEN GROUPING(${a}.org_unit_id) = 0 THEN 'STATION' WHEN GROUPING(${a}.category_id) = 0 THEN 'CITY_CATEGORY' ELSE 'CITY_CHANNEL_SEGMENT' END, 'DAY',
             ${a}.rollup_day, coalesce(${a}.org_unit_id, ${a}.city_id), ${a}.category_id, ${a}.channel_id, ${a}.segment_key, ${a}.exempt_key,
             ${join(aggregates, ', ')}
        FROM (SELECT ${a}.*, ${day} AS rollup_day, coalesce(nullif(split_part(u.path, '/', 3), '')::int, u.org_unit_id) AS city_id, ${a}.customer_segment AS segment_key, ${source.exempt} AS exempt_key
                FROM ${source.from} JOIN dim_org_unit u ON u.org_unit_id = ${a}.org_unit_id
               WHERE ${inRange}) ${a}
       GROUP BY GROUPING SETS (
         (${a}.rollup_day, ${a}.exempt_key, ${a}.org_unit_id),
         (${a}.rollup_day, ${a}.exempt_key, ${a}.city_id, ${a}.category_id),
         (${a}.rollup_day, ${a}.exempt_key, ${a}.city_id, ${a}.channel_id, ${a}.segment_key))`;
    await client.query(statement.text, statement.values);
    // Monthly rows: every month the refreshed days touch, summed from its daily rows.
    const months = !range
      ? sql`TRUE`
      : 'days' in range
        ? sql`date_trunc('month', ${dayColumn}) = ANY (SELECT DISTINCT date_trunc('month', d) FROM unnest(${range.days}::date[]) AS d)`
        : sql`${dayColumn} BETWEEN date_trunc('month', ${range.from}::date)::date AND (date_trunc('month', ${range.to}::date) + interval '1 month - 1 day')::date`;
    const clearMonths = sql`DELETE FROM ${table} WHERE period = 'MONTH' AND ${months}`;
    await client.query(clearMonths.text, clearMonths.values);
    const names = raw(columns.map((c) => c.name).join(', '));
    const sums = raw(columns.map((c) => `sum(${c.name})`).join(', '));
    const monthly = sql`
      INSERT INTO ${table} (shape, period, ${dayColumn}, org_unit_id, category_id, channel_id, segment, exempt, ${names})
      SELECT shape, 'MONTH', date_trunc('month', ${dayColumn})::date, org_unit_id, category_id, channel_id, segment, exempt, ${sums}
        FROM ${table} WHERE period = 'DAY' AND ${months}
       GROUP BY shape, 3, org_unit_id, category_id, channel_id, segment, exempt`;
    await client.query(monthly.text, monthly.values);
    await client.query(
      `INSERT INTO rollup_state (rollup, refreshed_at, data_as_of) VALUES ($1, now(), (SELECT max(loaded_at) FROM ${anchor === 'survey' ? 'fact_survey' : 'fact_complaint'}))
       ON CONFLICT (rollup) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, data_as_of = EXCLUDED.data_as_of`,
      [ROLLUP_TABLES[anchor]],
    );
  }
  await refreshCustomerBaseRollup(client);
}

/** The customer base by city × segment × month, rebuilt whole: a few thousand rows at most. */
async function refreshCustomerBaseRollup(client: pg.PoolClient): Promise<void> {
  await client.query(`DELETE FROM ${CUSTOMER_BASE_ROLLUP}`);
  await client.query(`
    INSERT INTO ${CUSTOMER_BASE_ROLLUP} (month, org_unit_id, segment, active_customers)
    SELECT m.month, coalesce(nullif(split_part(u.path, '/', 3), '')::int, u.org_unit_id), m.segment, sum(m.active_customers)
      FROM fact_customer_month m JOIN dim_org_unit u ON u.org_unit_id = m.org_unit_id
     GROUP BY 1, 2, 3`);
}

function dayCondition(day: Sql, range: RollupRange | undefined): Sql | undefined {
  if (!range) return undefined;
  return 'days' in range ? sql`${day} = ANY (${range.days}::date[])` : sql`${day} BETWEEN ${range.from}::date AND ${range.to}::date`;
}
