import type pg from 'pg';
import { Counter } from 'prom-client';
import { metricsRegistry } from '../observability/metrics.ts';
import { PROCESS_ID } from '../process-identity.ts';
import { refreshRollups, ROLLUP_LOCK } from './rollup-refresh.ts';
import { checkOut } from '../db/check-out.ts';

// A rollup refresh asked for on demand (an administrator's refreshRollups,
// whichever server process receives it). Refreshes run one at a time across
// every process (the advisory lock of rollup-refresh.ts). A request that had
// to wait is not run again when a refresh covering its range *began after it
// was asked*: that refresh read every fact committed before the request, so
// running again would redo the same work. So several processes (or several
// clicks) asking at once give one refresh. Every request is recorded in
// rollup_refresh_log (migration 0014): REFRESHED, or COVERED with the refresh
// that covered it.

export const rollupRefreshes = new Counter({
  name: 'clearline_rollup_refreshes_total',
  help: 'On-demand rollup refreshes by outcome (refreshed; covered: a refresh that began after the request already covered it)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export type RefreshRequest = { range?: { from: string; to: string }; requestedBy: string };

export type RefreshOutcome = { refreshId: string; outcome: 'REFRESHED' | 'COVERED'; coveredBy: string | null; requestedAt: Date; startedAt: Date; finishedAt: Date };

export async function requestRollupRefresh(pool: pg.Pool, request: RefreshRequest): Promise<RefreshOutcome> {
  const client = await checkOut(pool);
  let broken = false;
  try {
    // The database's clock: the covering test compares it with other processes' start times.
    const { rows: [asked] } = await client.query<{ at: Date }>('SELECT clock_timestamp() AS at');
    await client.query('BEGIN');
    await client.query(`SET LOCAL work_mem = '256MB'`);
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ROLLUP_LOCK]);
    const from = request.range?.from ?? null;
    const to = request.range?.to ?? null;
    // Read after the lock: a new snapshot sees the log of the refresh that held it.
    const { rows: covering } = await client.query<{ refresh_id: string }>(
      `SELECT refresh_id::text FROM rollup_refresh_log
        WHERE outcome = 'REFRESHED' AND started_at > $1
          AND (range_from IS NULL OR ($2::date IS NOT NULL AND range_from <= $2::date AND range_to >= $3::date))
        ORDER BY refresh_id LIMIT 1`,
      [asked!.at, from, to],
    );
    const { rows: [started] } = await client.query<{ at: Date }>('SELECT clock_timestamp() AS at');
    const coveredBy = covering[0]?.refresh_id ?? null;
    if (!coveredBy) await refreshRollups(client, request.range);
    const { rows: [logged] } = await client.query<{ refresh_id: string; finished_at: Date }>(
      `INSERT INTO rollup_refresh_log (range_from, range_to, requested_at, started_at, finished_at, outcome, covered_by, requested_by, process)
       VALUES ($1, $2, $3, $4, clock_timestamp(), $5, $6, $7, $8) RETURNING refresh_id::text, finished_at`,
      [from, to, asked!.at, started!.at, coveredBy ? 'COVERED' : 'REFRESHED', coveredBy, request.requestedBy, PROCESS_ID],
    );
    await client.query('COMMIT');
    rollupRefreshes.inc({ outcome: coveredBy ? 'covered' : 'refreshed' });
    return { refreshId: logged!.refresh_id, outcome: coveredBy ? 'COVERED' : 'REFRESHED', coveredBy, requestedAt: asked!.at, startedAt: started!.at, finishedAt: logged!.finished_at };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => { broken = true; });
    throw error;
  } finally {
    client.release(broken);
  }
}
