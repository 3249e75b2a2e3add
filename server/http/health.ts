import type pg from 'pg';
import { databaseUnavailableMessage, databaseUnavailableReason } from '../db/database-unavailable.ts';
import { rollupAgeSeconds } from '../observability/metrics.ts';

export type HealthReport = {
  status: 'ok' | 'starting' | 'error';
  database: { reachable: boolean; where: string; latencyMs?: number; error?: string; code?: 'DATABASE_UNAVAILABLE' };
  /** Whether the KPI rollups were refreshed within the allowed age (CLEARLINE_ROLLUP_MAX_AGE_HOURS); stale rollups do not make the server unhealthy. */
  rollups?: { fresh: boolean; ageHours: number | null; maxAgeHours: number };
};

const HEALTH_QUERY_TIMEOUT_MS = 2_000;

/** Default for CLEARLINE_ROLLUP_MAX_AGE_HOURS: a nightly refresh plus two hours' slack. */
export const ROLLUP_MAX_AGE_HOURS = 26;

/** Whether the database answers a trivial query, and how fast; and how old the rollups are. */
export async function checkHealth(pool: pg.Pool | undefined, where: string, rollupMaxAgeHours = ROLLUP_MAX_AGE_HOURS): Promise<HealthReport> {
  if (!pool) return { status: 'starting', database: { reachable: false, where } };
  const started = performance.now();
  try {
    const [age] = await Promise.race([
      Promise.all([rollupAgeSeconds(pool), pool.query('SELECT 1')]),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), HEALTH_QUERY_TIMEOUT_MS).unref()),
    ]);
    const ageHours = age === null ? null : Math.round((age / 3600) * 10) / 10;
    return {
      status: 'ok',
      database: { reachable: true, where, latencyMs: Math.round(performance.now() - started) },
      rollups: { fresh: ageHours !== null && ageHours < rollupMaxAgeHours, ageHours, maxAgeHours: rollupMaxAgeHours },
    };
  } catch (error) {
    return { status: 'error', database: { reachable: false, where, code: 'DATABASE_UNAVAILABLE', error: describeProbeFailure(error) } };
  }
}

/** For /readyz: undefined when the database answers a trivial query within 2 s, else why not. */
export async function probeDatabase(pool: pg.Pool): Promise<string | undefined> {
  try {
    await Promise.race([
      pool.query('SELECT 1'),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), HEALTH_QUERY_TIMEOUT_MS).unref()),
    ]);
    return undefined;
  } catch (error) {
    return describeProbeFailure(error);
  }
}

function describeProbeFailure(error: unknown): string {
  const reason = databaseUnavailableReason(error);
  return reason ? databaseUnavailableMessage(reason) : `The database did not answer: ${(error as Error).message}`;
}
