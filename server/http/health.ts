import type pg from 'pg';

export type HealthReport = {
  status: 'ok' | 'starting' | 'error';
  database: { reachable: boolean; where: string; latencyMs?: number; error?: string };
};

const HEALTH_QUERY_TIMEOUT_MS = 2_000;

/** Whether the database answers a trivial query, and how fast. */
export async function checkHealth(pool: pg.Pool | undefined, where: string): Promise<HealthReport> {
  if (!pool) return { status: 'starting', database: { reachable: false, where } };
  const started = performance.now();
  try {
    await Promise.race([
      pool.query('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), HEALTH_QUERY_TIMEOUT_MS).unref()),
    ]);
    return { status: 'ok', database: { reachable: true, where, latencyMs: Math.round(performance.now() - started) } };
  } catch (error) {
    return { status: 'error', database: { reachable: false, where, error: (error as Error).message } };
  }
}
