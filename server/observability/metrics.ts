import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type pg from 'pg';

/**
 * Clearline's Prometheus metrics (served at /metrics, see metrics.route.ts).
 * One registry per process; gauges read their sources when scraped.
 */
export const metricsRegistry = new Registry();

export const graphqlRequests = new Counter({
  name: 'clearline_graphql_requests_total',
  help: 'GraphQL requests by operation name',
  labelNames: ['operation'] as const,
  registers: [metricsRegistry],
});

export const graphqlDuration = new Histogram({
  name: 'clearline_graphql_request_duration_seconds',
  help: 'GraphQL request latency by operation name',
  labelNames: ['operation'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

export const graphqlErrors = new Counter({
  name: 'clearline_graphql_errors_total',
  help: 'GraphQL errors by extensions.code',
  labelNames: ['code'] as const,
  registers: [metricsRegistry],
});

export const kpiResponseCacheLookups = new Counter({
  name: 'clearline_kpi_response_cache_lookups_total',
  help: 'Whole-response cache lookups of KPI-only queries, by result (hit or miss)',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

export const kpiCacheLookups = new Counter({
  name: 'clearline_kpi_cache_lookups_total',
  help: 'KPI response cache lookups, by result (hit, shared: waited for an identical query in flight, or miss)',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

export const importRuns = new Counter({
  name: 'clearline_import_runs_total',
  help: 'CSV import runs by kind and outcome',
  labelNames: ['kind', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const importDuration = new Histogram({
  name: 'clearline_import_duration_seconds',
  help: 'CSV import run duration by kind',
  labelNames: ['kind'] as const,
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800],
  registers: [metricsRegistry],
});

export const exportJobs = new Counter({
  name: 'clearline_export_jobs_total',
  help: 'Export jobs by report and outcome (DONE or FAILED)',
  labelNames: ['report', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const exportDuration = new Histogram({
  name: 'clearline_export_job_duration_seconds',
  help: 'Export job duration by report',
  labelNames: ['report'] as const,
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800],
  registers: [metricsRegistry],
});

const pools = new Map<string, pg.Pool>();
let rollupPool: pg.Pool | undefined;

/** Reports this pool's connections (total, idle, waiting clients) under the name given. */
export function watchPool(name: string, pool: pg.Pool): void {
  pools.set(name, pool);
}

/** Where the rollup age is read from (rollup_state). */
export function watchRollups(pool: pg.Pool): void {
  rollupPool = pool;
}

new Gauge({
  name: 'clearline_db_pool_connections',
  help: 'Database pool connections by pool and state (total, idle, waiting clients)',
  labelNames: ['pool', 'state'] as const,
  registers: [metricsRegistry],
  collect() {
    for (const [name, pool] of pools) {
      this.set({ pool: name, state: 'total' }, pool.totalCount);
      this.set({ pool: name, state: 'idle' }, pool.idleCount);
      this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
    }
  },
});

new Gauge({
  name: 'clearline_rollup_age_seconds',
  help: 'Seconds since the KPI rollups were last refreshed (the oldest of rollup_state); absent when never refreshed',
  registers: [metricsRegistry],
  async collect() {
    if (!rollupPool) return;
    const age = await rollupAgeSeconds(rollupPool);
    if (age === null) this.reset();
    else this.set(age);
  },
});

/** Seconds since the least recently refreshed rollup was refreshed; null when none has been. */
export async function rollupAgeSeconds(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ age: string | null }>('SELECT extract(epoch FROM now() - min(refreshed_at)) AS age FROM rollup_state');
  return rows[0]?.age == null ? null : Math.round(Number(rows[0].age));
}

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATIONS = 200;
const seenOperations = new Set<string>();

/**
 * Operation names come from clients: a label per name must stay bounded, so
 * odd names and any past the first MAX_OPERATIONS become "other".
 */
export function operationLabel(name: string | undefined): string {
  if (!name) return 'anonymous';
  if (!OPERATION_NAME.test(name)) return 'other';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATIONS) return 'other';
  seenOperations.add(name);
  return name;
}
