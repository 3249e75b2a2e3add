import type pg from 'pg';

/** METRICS.md: a repeat is within 30 × 24 hours of the earlier complaint (configurable). */
export const DEFAULT_REPEAT_WINDOW_HOURS = 30 * 24;

export type RepeatRefresh = {
  /** Limit the work to these customers (after a load); all customers when omitted. */
  customerIds?: readonly (string | number)[];
  windowHours?: number;
};

/**
 * Recomputes is_repeat and prior_complaint_id: a complaint is a repeat when the
 * same customer had an earlier complaint in the same level-1 category received
 * at most `windowHours` before it (open or closed, exempt or not). The prior
 * complaint is the latest such one. Recomputing per customer keeps the flags
 * right when an older complaint arrives late. Complaints received at the same
 * instant are ordered by id. Returns the number of complaints whose flags changed.
 */
export async function refreshRepeatFlags(db: pg.Pool | pg.PoolClient, options: RepeatRefresh = {}): Promise<number> {
  const { rowCount } = await runRepeatRefresh(db, options, '');
  return rowCount ?? 0;
}

/**
 * The same refresh, returning the received and resolved days of every
 * complaint whose flags changed: a load refreshes the rollups of those days only.
 */
export async function refreshRepeatFlagsForDays(db: pg.Pool | pg.PoolClient, options: RepeatRefresh = {}): Promise<{ changed: number; days: string[] }> {
  const { rows } = await runRepeatRefresh(db, options, `RETURNING to_char(f.received_date, 'YYYY-MM-DD') AS received, to_char(f.resolved_date, 'YYYY-MM-DD') AS resolved`);
  const days = new Set<string>();
  for (const row of rows as { received: string; resolved: string | null }[]) {
    days.add(row.received);
    if (row.resolved) days.add(row.resolved);
  }
  return { changed: rows.length, days: [...days] };
}

async function runRepeatRefresh(db: pg.Pool | pg.PoolClient, options: RepeatRefresh, returning: string): Promise<pg.QueryResult> {
  const windowHours = options.windowHours ?? DEFAULT_REPEAT_WINDOW_HOURS;
  if (!(windowHours > 0)) throw new RangeError('windowHours must be positive');
  const customerIds = options.customerIds ? options.customerIds.map(String) : null;
  return db.query(
    `WITH ordered AS (
       SELECT c.complaint_id, c.received_at,
              lag(c.complaint_id) OVER w AS earlier_id,
              lag(c.received_at)  OVER w AS earlier_at
         FROM fact_complaint c
         JOIN dim_category cat ON cat.category_id = c.category_id
        WHERE $1::bigint[] IS NULL OR c.customer_id = ANY ($1::bigint[])
       WINDOW w AS (PARTITION BY c.customer_id, coalesce(cat.parent_id, cat.category_id)
                    ORDER BY c.received_at, c.complaint_id)
     ), flagged AS (
       SELECT complaint_id,
              coalesce(received_at - earlier_at <= make_interval(hours => $2::int), false) AS is_repeat,
              CASE WHEN received_at - earlier_at <= make_interval(hours => $2::int) THEN earlier_id END AS prior_id
         FROM ordered
     )
     UPDATE fact_complaint f
        SET is_repeat = flagged.is_repeat, prior_complaint_id = flagged.prior_id
       FROM flagged
      WHERE f.complaint_id = flagged.complaint_id
        AND (f.is_repeat, f.prior_complaint_id) IS DISTINCT FROM (flagged.is_repeat, flagged.prior_id)
     ${returning}`,
    [customerIds, windowHours],
  );
}
